"""The scenario store: saved, versioned scenarios in SQLite (default) or PostgreSQL (GRIP_DATABASE_URL).

Every save is a new version (who, when, note). A save states the version it started from; when
someone saved in between, it is refused with a ConflictError and nothing is written (optimistic
concurrency, enforced by one conditional UPDATE inside the same transaction as the insert, so it
holds across threads, processes and machines). Deleting moves a scenario to the bin until it is
purged on purpose. A frozen (vastgezet) scenario cannot be changed. Each save is one transaction:
an interrupted save leaves the old version or the new one, never half.

Every failure reaches the caller as a StoreError (or subclass, see store_errors) with a Dutch
message. Names, authors, notes and scenarios are checked before the database is touched, and a
scenario is only stored when it reads back as the same scenario. A new SQLite file is built under
a temporary name and linked into place whole, so an existing file of 0 bytes, or one that is not
a sound SQLite database, is damage: it is moved aside (never overwritten), a new empty store is
started and `notice` says so in Dutch. An import checks the whole bundle before storing anything.

A scenario belongs to a gemeente (`gemeente`, the name of the data it was made on, or for a region its sorted
gemeente names joined by ' + '; `dataset` is that data's Dataset.content_key()). `store.scoped(gemeente,
dataset)` is the view the app uses: it lists, opens and changes only the scenarios of that gemeente plus those
without a gemeente (stored before schema 2, shown as "zonder gemeente"), and a name is unique per gemeente (one
index on (naam, coalesce(gemeente, ''))). The unscoped store sees only the scenarios without a gemeente.
Schema 1 stores are migrated in place (SQLite: the table is rebuilt; PostgreSQL: columns added, the old
unique constraint on naam dropped); their scenarios keep gemeente NULL.

The package: schema.py (tables, limits), checks.py (names, authors, notes, scenario JSON), files.py (where the
store lives, SQLite file safety, engines), bundle.py (export/import, diff),
migrations.py (schema 1 -> 2 on SQLite and PostgreSQL) and repository.py (`ScenarioStore`).
"""

from scenarios.store.bundle import diff
from scenarios.store.checks import check_name
from scenarios.store.files import database_url
from scenarios.store.repository import ScenarioStore
from scenarios.store.schema import Saved
from scenarios.store_errors import (
    ConflictError,
    ImportRefusedError,
    InvalidInputError,
    ScenarioNotFoundError,
    SchemaTooNewError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreUnavailableError,
    UnreadableScenarioError,
)

__all__ = [
    "ConflictError", "ImportRefusedError", "InvalidInputError", "ScenarioNotFoundError", "SchemaTooNewError",
    "StoreBusyError",
    "StoreDamagedError", "StoreError", "StoreUnavailableError", "UnreadableScenarioError", "Saved", "ScenarioStore",
    "check_name", "database_url", "diff",
]
