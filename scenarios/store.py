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
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import secrets
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    make_url,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from scenarios.measures import DocumentError, Scenario, ScenarioError, json_document, parse_scenario
from scenarios.store_errors import (
    ConflictError,
    ImportRefusedError,
    InvalidInputError,
    SchemaTooNewError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreUnavailableError,
    UnreadableScenarioError,
    translate,
)

__all__ = [
    "ConflictError", "ImportRefusedError", "InvalidInputError", "SchemaTooNewError", "StoreBusyError",
    "StoreDamagedError", "StoreError", "StoreUnavailableError", "UnreadableScenarioError", "Saved", "ScenarioStore",
    "check_name", "database_url", "diff",
]

SCHEMA_VERSION = 2  # 2: scenarios belong to a gemeente (gemeente, dataset)
DEFAULT_PATH = Path("grip-data") / "scenarios.db"

MAX_NAME = 120  # characters in a scenario name (the column holds 200: older names stay readable)
MAX_AUTHOR = 120
MAX_GEMEENTE = 1000  # the key of a region names all its chosen gemeenten
MAX_NOTE = 2000
MAX_SCENARIO_CHARS = 1_000_000  # one version's JSON
MAX_IMPORT_SCENARIOS = 1000
MAX_IMPORT_VERSIONS = 20_000
MAX_IMPORT_CHARS = 50_000_000
MAX_IMPORT_BYTES = 50_000_000

metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
scenarios_table = Table(
    "scenarios", metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", String(200), nullable=False),
    Column("huidige_versie", Integer, nullable=False),
    Column("vastgezet", Boolean, nullable=False, default=False),
    Column("verwijderd_op", DateTime(timezone=True), nullable=True),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("gemeente", Text, nullable=True),  # None: saved before scenarios belonged to a gemeente
    Column("dataset", String(64), nullable=True),  # Dataset.content_key() of the data of the newest save
)
name_index = Index("ux_scenarios_naam_gemeente", scenarios_table.c.naam, func.coalesce(scenarios_table.c.gemeente, ""),
      unique=True)  # a name is unique per gemeente; NULL ('zonder gemeente') counts as one gemeente
versions_table = Table(
    "scenario_versies", metadata,
    Column("id", Integer, primary_key=True),
    Column("scenario_id", Integer, ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False),
    Column("versie", Integer, nullable=False),
    Column("inhoud", Text, nullable=False),
    Column("auteur", String(200), nullable=False),
    Column("notitie", Text, nullable=False, default=""),
    Column("opgeslagen_op", DateTime(timezone=True), nullable=False),
    UniqueConstraint("scenario_id", "versie"),
)
_POSTGRES_MIGRATION_LOCK = 7_130_613  # pg_advisory_xact_lock key: one process creates the tables at a time


@dataclass(frozen=True)
class Saved:
    naam: str
    versie: int
    auteur: str
    opgeslagen_op: datetime
    notitie: str
    vastgezet: bool = False
    verwijderd: bool = False
    gemeente: str | None = None  # None: zonder gemeente (visible to every gemeente)
    dataset: str | None = None



def database_url(path: str | Path | None = None) -> str:
    """GRIP_DATABASE_URL when set, else SQLite in GRIP_DATA_DIR (default ./grip-data)."""
    if path is None and os.environ.get("GRIP_DATABASE_URL"):
        return os.environ["GRIP_DATABASE_URL"]
    if path is None:
        folder = Path(os.environ.get("GRIP_DATA_DIR", DEFAULT_PATH.parent))
        path = folder / DEFAULT_PATH.name
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- checking what comes in, before the database is touched ---------------------------------------------------

_INVISIBLE = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))  # bidi overrides and isolates


def _forbidden(character: str, newlines: bool = False) -> bool:
    if newlines and character in "\n\r\t":
        return False
    return unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp") or ord(character) in _INVISIBLE


def _shown(value, limit: int = 60) -> str:
    """A value as it can be shown in a message: forbidden characters replaced, long text cut."""
    if not isinstance(value, str):
        plain = isinstance(value, (int, float, bool, type(None))) and not (isinstance(value, int) and value > 10**60)
        value = json.dumps(value) if plain else type(value).__name__
    clean = "".join("�" if _forbidden(c) else c for c in value[:limit + 1])
    return clean if len(clean) <= limit else clean[:limit] + "…"


def _text_problem(value, label: str, limit: int, newlines: bool = False, required: bool = True) -> str | None:
    if not isinstance(value, str):
        return f"{label} moet tekst zijn, niet {_kind(value)}."
    if required and not value.strip():
        return f"{label} is leeg."
    if len(value) > limit:
        return f"{label} is {_count(len(value))} tekens lang; het maximum is {_count(limit)}."
    bad = sorted({f"U+{ord(c):04X}" for c in value if _forbidden(c, newlines)})
    if bad:
        return (f"{label} bevat onzichtbare of besturingstekens ({', '.join(bad[:3])}"
                f"{', …' if len(bad) > 3 else ''}); die zijn niet toegestaan.")
    return None


def _count(number: int) -> str:
    """A whole number the Dutch way: 10.000."""
    return f"{number:,}".replace(",", ".")


def _kind(value) -> str:
    kinds = {dict: "een object", list: "een lijst", str: "tekst", bool: "true/false", int: "een getal",
             float: "een getal", type(None): "niets (null)"}
    return kinds.get(type(value), type(value).__name__)


def _name_problem(naam) -> str | None:
    problem = _text_problem(naam, "de naam", MAX_NAME)
    if problem is None and naam != naam.strip():
        problem = "de naam begint of eindigt met een spatie."
    return problem


def check_name(naam) -> str:
    """A new scenario's name: 1 to 120 characters, no line breaks or other control characters.

    Raises InvalidInputError with a Dutch message; the screens can call it before offering to save.
    """
    problem = _name_problem(naam)
    if problem:
        raise InvalidInputError(f"Scenarionaam '{_shown(naam)}' kan niet worden gebruikt: {problem} Kies een naam "
                                f"van 1 tot {MAX_NAME} tekens, zonder regeleinden of andere besturingstekens.")
    return naam


def _lookup(naam) -> str:
    """A name to look up: one that can never have been stored is simply not found."""
    if (not isinstance(naam, str) or not naam or len(naam) > 200
            or any(c == "\x00" or unicodedata.category(c) == "Cs" for c in naam)):
        raise StoreError(f"Scenario '{_shown(naam)}' is niet gevonden.")
    return naam


def _author(auteur) -> str:
    auteur = auteur.strip() if isinstance(auteur, str) else auteur
    problem = _text_problem(auteur, "De naam van de auteur", MAX_AUTHOR, required=False)
    if problem:
        raise InvalidInputError(f"{problem} Vul een naam in van hoogstens {MAX_AUTHOR} tekens.")
    return auteur or "onbekend"


def _note(notitie) -> str:
    problem = _text_problem(notitie, "De notitie", MAX_NOTE, newlines=True, required=False)
    if problem:
        raise InvalidInputError(f"{problem} Houd de notitie op hoogstens {_count(MAX_NOTE)} tekens, zonder "
                                "besturingstekens.")
    return notitie


def _scenario(data) -> Scenario:
    """A stored scenario; names of voorzieningen were validated when it was saved."""
    items = data.get("maatregelen") if isinstance(data, dict) else None
    targets = [m["doel"].strip() for m in items if isinstance(m, dict) and isinstance(m.get("doel"), str)
               and m["doel"].strip()] if isinstance(items, list) else []
    return parse_scenario(data, targets)


def _reread(content: str) -> tuple[Scenario | None, list[str]]:
    """The scenario a stored text gives back, or the Dutch problems that stop it from opening."""
    try:
        return _scenario(json.loads(content)), []
    except ScenarioError as error:
        return None, list(error.problems)
    except RecursionError:
        return None, ["het scenario is te diep genest."]
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
        return None, [f"het scenario kan niet worden gelezen ({type(error).__name__}: {_shown(str(error), 120)})."]


def _content(scenario: Scenario) -> str:
    """The JSON text stored for a scenario, refused unless it opens again as a scenario of the same name."""
    label = f"Scenario '{_shown(scenario.naam)}'"
    try:
        content = json.dumps(scenario.to_json(), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError, AttributeError) as error:
        raise InvalidInputError(f"{label} kan niet worden opgeslagen: het bevat waarden die geen tekst of eindig "
                                f"getal zijn ({_shown(str(error), 120)}).") from None
    if len(content) > MAX_SCENARIO_CHARS:
        raise InvalidInputError(f"{label} is te groot om op te slaan ({_count(len(content))} tekens; het maximum "
                                f"is {_count(MAX_SCENARIO_CHARS)}). Maak de toelichtingen korter.")
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"{label} bevat ongeldige tekens (losse surrogaten) en kan niet worden "
                                "opgeslagen.") from None
    reread, problems = _reread(content)
    if reread is None:
        raise InvalidInputError(f"{label} kan niet worden opgeslagen, want het zou niet meer te openen zijn: "
                                + " ".join(problems[:5]))
    if reread.naam != scenario.naam:
        raise InvalidInputError(f"{label} kan niet worden opgeslagen: de naam verandert bij het teruglezen.")
    return content


# --- the SQLite file: created whole, checked when opened, moved aside when damaged ------------------------------

NOTICE_DAMAGED = (
    "De scenario-opslag {path} was beschadigd ({reason}). Grip heeft het bestand niet overschreven maar opzijgezet "
    "als {aside} en is begonnen met een nieuwe, lege scenario-opslag. De scenario's die vóór dit moment waren "
    "opgeslagen, staan nog in het opzijgezette bestand: laat uw beheerder ze herstellen, of importeer een eerdere "
    "export met 'Alle importeren'."
)
NOTICE_LEFTOVER = (
    "Het bestand van de scenario-opslag {path} ontbrak, maar het logbestand ernaast ({leftover}) bestond nog en kan "
    "opgeslagen scenario's bevatten. Grip heeft het opzijgezet als {aside} en is begonnen met een nieuwe, lege "
    "scenario-opslag. Laat uw beheerder de scenario's zo nodig herstellen."
)
_COMPANIONS = ("-wal", "-shm", "-journal")


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _describe(url: str) -> str:
    """Where the store lives, for messages (never with a password)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unreadable address is described, not raised here
        return "(GRIP_DATABASE_URL)"
    if parsed.get_backend_name() == "sqlite":
        return f"(bestand {parsed.database or 'in het geheugen'})"
    where = f"{parsed.host or 'localhost'}{f':{parsed.port}' if parsed.port else ''}"
    return f"({parsed.get_backend_name()}-database {parsed.database or ''} op {where})"


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """Only one Grip process at a time checks, moves aside or creates the database file in this folder."""
    try:
        import fcntl
    except ImportError:  # not on Linux or macOS: no lock
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sqlite_damage(path: Path) -> str | None:
    """Why an existing file is not a sound SQLite database (Dutch), or None when it is."""
    if path.stat().st_size == 0:
        return "het bestand is leeg (0 bytes); Grip maakt een nieuwe opslag nooit leeg aan, dus het is afgekapt"
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(b"SQLite format 3\x00"):
        return "het is geen SQLite-database"
    if len(header) < 100:
        return "het bestand is afgekapt"
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        found = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        if found != ["ok"]:
            return f"de controle vond fouten: {_shown(' '.join(found), 120)}"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
            return f"SQLite meldt: {error}"
        raise
    finally:
        connection.close()
    if tables and not tables & {"schema_version", "scenarios", "scenario_versies"}:
        raise StoreUnavailableError(
            f"{path} is een SQLite-database van een ander programma (tabellen: {_shown(', '.join(sorted(tables)))}). "
            "Grip laat dat bestand ongemoeid; kies met GRIP_DATA_DIR of GRIP_DATABASE_URL een andere plek.")
    return None


def _aside_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside, number = path.with_name(f"{path.name}.beschadigd-{stamp}"), 1
    while any(Path(f"{aside}{suffix}").exists() for suffix in ("", *_COMPANIONS)):
        number += 1
        aside = path.with_name(f"{path.name}.beschadigd-{stamp}-{number}")
    return aside


def _move_aside(path: Path) -> Path:
    """Rename the file and its journal files (the file first: its newest commits may live in the -wal)."""
    aside = _aside_name(path)
    os.rename(path, aside)
    for suffix in _COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            os.rename(companion, Path(f"{aside}{suffix}"))
    _fsync(path.parent)
    return aside


def _create_sqlite_file(path: Path) -> None:
    """A new store, built under a temporary name and linked into place whole: never a file of 0 bytes."""
    for stale in path.parent.glob(f".{path.name}.nieuw-*"):  # left by a process killed while creating
        stale.unlink(missing_ok=True)
    temporary = path.with_name(f".{path.name}.nieuw-{os.getpid()}-{secrets.token_hex(4)}")
    engine = create_engine(f"sqlite:///{temporary}")
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            connection.execute(schema_version.insert().values(version=SCHEMA_VERSION))
    finally:
        engine.dispose()
    try:
        _fsync(temporary)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first; use its file
        except OSError:  # a file system without hard links: we hold the folder lock
            if not path.exists():
                os.rename(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}-journal").unlink(missing_ok=True)
    _fsync(path.parent)


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _guarded(method):
    """Every failure of a public operation leaves it as a StoreError with a Dutch message."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except Exception as error:  # noqa: BLE001 - translated, with the original attached as the cause
            raise translate(error, self.where) from error

    return wrapper


class ScenarioStore:
    """The repository interface over SQLAlchemy: save, list, open, versions, restore, delete, ...

    `notice` is a Dutch sentence for the screens when opening the store had to do something the user must know
    (a damaged SQLite file moved aside to `moved_aside`); None otherwise. `transaction_hook`, for tests only, is
    called with a stage name inside transactions ("save:gelezen", "save:geschreven") and between the check and
    the transaction of an import ("import:gecontroleerd").
    """

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.notice: str | None = None
        self.moved_aside: Path | None = None
        self.transaction_hook: Callable[[str], None] | None = None
        self.gemeente: str | None = None  # the scope (see scoped); None: only scenarios without a gemeente
        self.dataset: str | None = None
        self.url = url or ""
        self.where = "(GRIP_DATABASE_URL)"
        created = None
        try:
            self.url = url or database_url()
            self.where = _describe(self.url)
            path = _sqlite_file(self.url) if engine is None else None
            if path is not None:
                self._prepare_sqlite_file(path)
            if engine is None:
                engine = created = _engine(self.url)
            self.engine = engine
            self._migrate()
        except Exception as error:
            if created is not None:
                created.dispose()
            if isinstance(error, StoreError):
                raise
            raise translate(error, self.where) from error

    def _prepare_sqlite_file(self, path: Path) -> None:
        folder = path.parent
        if not folder.is_dir():
            raise StoreUnavailableError(f"De map {folder} voor de scenario-opslag bestaat niet. Maak hem aan of "
                                        "kies met GRIP_DATA_DIR een andere map.")
        with _folder_lock(folder):
            if path.exists() and not path.is_file():
                raise StoreUnavailableError(f"{path} is geen bestand; kies een ander bestand voor de scenario-opslag.")
            if not path.exists():
                leftover = next((Path(f"{path}{s}") for s in ("-wal", "-journal")
                                 if Path(f"{path}{s}").exists() and Path(f"{path}{s}").stat().st_size > 0), None)
                Path(f"{path}-shm").unlink(missing_ok=True)
                if leftover is not None:
                    aside = _aside_name(path)
                    os.rename(leftover, Path(f"{aside}{leftover.name[len(path.name):]}"))
                    self.moved_aside = Path(f"{aside}{leftover.name[len(path.name):]}")
                    self.notice = NOTICE_LEFTOVER.format(path=path, leftover=leftover.name, aside=self.moved_aside)
                for suffix in _COMPANIONS:
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                _create_sqlite_file(path)
                return
            reason = _sqlite_damage(path)
            if reason is None:
                return
            self.moved_aside = _move_aside(path)
            _create_sqlite_file(path)
            self.notice = NOTICE_DAMAGED.format(path=path, reason=reason, aside=self.moved_aside)

    def scoped(self, gemeente: str | None, dataset: str | None = None) -> ScenarioStore:
        """The same store (same engine), seeing only the scenarios of `gemeente` and those without a gemeente;
        new scenarios are saved for `gemeente`, made on `dataset` (Dataset.content_key())."""
        if gemeente is not None:
            problem = _text_problem(gemeente, "De gemeente", MAX_GEMEENTE)
            if problem:
                raise InvalidInputError(f"{problem} Scenario's kunnen niet bij deze gemeente worden opgeslagen.")
        view = copy.copy(self)
        view.gemeente = gemeente
        view.dataset = dataset if isinstance(dataset, str) and len(dataset) <= 64 else None
        return view

    def _visible(self):
        """The rows this view sees: its gemeente's and those without a gemeente."""
        column = scenarios_table.c.gemeente
        return column.is_(None) if self.gemeente is None else or_(column == self.gemeente, column.is_(None))

    def _upgrade_sqlite(self) -> None:
        """Schema 1 -> 2 on SQLite: the table is rebuilt (a UNIQUE column constraint cannot be dropped), with
        foreign keys off so that dropping the old table does not cascade to the versions."""
        raw = self.engine.raw_connection()
        try:
            connection = raw.driver_connection
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"schema_version", "scenarios"} <= tables:
                return
            connection.execute("PRAGMA foreign_keys=OFF")
            connection.execute("BEGIN IMMEDIATE")
            try:
                current = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
                if current is None or current >= 2:
                    connection.execute("ROLLBACK")
                    return
                staging = scenarios_table.to_metadata(MetaData(), name="scenarios_nieuw")
                connection.execute(str(CreateTable(staging).compile(dialect=self.engine.dialect)))
                old = "id, naam, huidige_versie, vastgezet, verwijderd_op, aangemaakt_op"
                connection.execute(f"INSERT INTO scenarios_nieuw ({old}) SELECT {old} FROM scenarios")
                connection.execute("DROP TABLE scenarios")
                connection.execute("ALTER TABLE scenarios_nieuw RENAME TO scenarios")
                connection.execute("UPDATE schema_version SET version = 2")
                if connection.execute("PRAGMA foreign_key_check").fetchall():
                    raise StoreDamagedError(f"De scenario-opslag {self.where} kon niet worden bijgewerkt: versies "
                                            "zonder scenario. De opslag is niet gewijzigd.")
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        finally:
            with contextlib.suppress(Exception):
                raw.driver_connection.execute("PRAGMA foreign_keys=ON")
            raw.close()

    @staticmethod
    def _upgrade_postgresql(connection) -> None:
        """Schema 1 -> 2 on PostgreSQL, inside the migration's transaction."""
        connection.execute(text("ALTER TABLE scenarios ADD COLUMN IF NOT EXISTS gemeente TEXT"))
        connection.execute(text("ALTER TABLE scenarios ADD COLUMN IF NOT EXISTS dataset VARCHAR(64)"))
        for constraint in inspect(connection).get_unique_constraints("scenarios"):
            if constraint["column_names"] == ["naam"]:
                connection.execute(text(f'ALTER TABLE scenarios DROP CONSTRAINT "{constraint["name"]}"'))
        connection.execute(update(schema_version).values(version=2))

    def _migrate(self) -> None:
        if self.engine.dialect.name == "sqlite":
            self._upgrade_sqlite()
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK})
            current = None
            if inspect(connection).has_table("schema_version"):
                current = connection.execute(select(func.max(schema_version.c.version))).scalar()
            if current is not None and current > SCHEMA_VERSION:
                raise SchemaTooNewError(
                    f"De scenario-opslag {self.where} heeft schemaversie {current}; deze versie van Grip kent tot en "
                    f"met versie {SCHEMA_VERSION}. Werk Grip bij. De opslag is niet gewijzigd.")
            if current is not None and current < 2 and connection.dialect.name == "postgresql":
                self._upgrade_postgresql(connection)
            metadata.create_all(connection)
            connection.execute(CreateIndex(name_index, if_not_exists=True))  # create_all: only on new tables
            if current is None:
                connection.execute(schema_version.insert().values(version=SCHEMA_VERSION))

    def _hook(self, stage: str) -> None:
        if self.transaction_hook is not None:
            self.transaction_hook(stage)

    # --- writing -------------------------------------------------------------------------------------------

    @_guarded
    def save(self, scenario: Scenario, auteur: str, notitie: str = "", based_on: int | None = None) -> int:
        """Save as a new version; `based_on` is the version the edit started from (None for a new scenario)."""
        if not isinstance(scenario, Scenario):
            raise InvalidInputError("Alleen een scenario kan worden opgeslagen.")
        if based_on is not None and (not isinstance(based_on, int) or isinstance(based_on, bool) or based_on < 1):
            raise InvalidInputError(f"Ongeldig versienummer '{_shown(based_on)}' om op voort te bouwen.")
        if based_on is None:
            check_name(scenario.naam)
        else:
            try:
                _lookup(scenario.naam)
            except StoreError:
                raise StoreError(f"Scenario '{_shown(scenario.naam)}' bestaat niet (meer); sla het op als nieuw "
                                 "scenario.") from None
        auteur, notitie = _author(auteur), _note(notitie)
        content = _content(scenario)
        with self.engine.begin() as connection:
            row = connection.execute(
                select(scenarios_table).where(scenarios_table.c.naam == scenario.naam, self._visible())
                .order_by(scenarios_table.c.gemeente.is_(None))).mappings().first()
            self._hook("save:gelezen")
            if row is None:
                if based_on is not None:
                    raise StoreError(f"Scenario '{scenario.naam}' bestaat niet (meer); sla het op als nieuw scenario.")
                try:
                    inserted = connection.execute(scenarios_table.insert().values(
                        naam=scenario.naam, huidige_versie=1, vastgezet=False, aangemaakt_op=_now(),
                        gemeente=self.gemeente, dataset=self.dataset))
                except IntegrityError:  # created by someone else at the same moment
                    raise ConflictError(scenario.naam, None, 1) from None
                scenario_id = inserted.inserted_primary_key[0]
                version = 1
            else:
                if row["verwijderd_op"] is not None:
                    raise StoreError(f"Scenario '{scenario.naam}' staat in de prullenbak; zet het eerst terug.")
                if row["vastgezet"]:
                    raise StoreError(f"Scenario '{scenario.naam}' is vastgezet en kan niet worden gewijzigd; "
                                     "sla uw wijzigingen op als nieuw scenario.")
                if based_on is None and row["gemeente"] is None and self.gemeente is not None:
                    raise StoreError(f"Er is al een scenario '{scenario.naam}' zonder gemeente (van vóór de indeling "
                                     "per gemeente, zichtbaar voor iedereen). Kies een andere naam.")
                if based_on is None or based_on != row["huidige_versie"]:
                    raise ConflictError(scenario.naam, based_on, row["huidige_versie"])
                version = based_on + 1
                changed = connection.execute(
                    update(scenarios_table)
                    .where(scenarios_table.c.id == row["id"], scenarios_table.c.huidige_versie == based_on)
                    .values(huidige_versie=version, **({"dataset": self.dataset} if self.dataset else {}))
                ).rowcount
                if changed != 1:  # someone else saved between our read and our update
                    current = connection.execute(select(scenarios_table.c.huidige_versie).where(
                        scenarios_table.c.id == row["id"])).scalar()
                    raise ConflictError(scenario.naam, based_on, current)
                scenario_id = row["id"]
            connection.execute(versions_table.insert().values(
                scenario_id=scenario_id, versie=version, inhoud=content, auteur=auteur, notitie=notitie,
                opgeslagen_op=_now()))
            self._hook("save:geschreven")
        return version

    @_guarded
    def restore(self, naam: str, versie: int, auteur: str) -> int:
        """Save an earlier version's contents as the newest version."""
        old, _ = self.open(naam, versie)
        return self.save(old, auteur, f"teruggezet naar versie {versie}", based_on=self.current_version(naam))

    @_guarded
    def delete(self, naam: str) -> None:
        self._set(naam, verwijderd_op=_now())

    @_guarded
    def undelete(self, naam: str) -> None:
        self._set(naam, verwijderd_op=None, include_deleted=True)

    @_guarded
    def freeze(self, naam: str, vastgezet: bool = True) -> None:
        self._set(naam, vastgezet=bool(vastgezet))

    @_guarded
    def purge(self, naam: str) -> None:
        """Remove a scenario in the bin for good, with all its versions."""
        with self.engine.begin() as connection:
            row = self._row(connection, naam, include_deleted=True)
            if row["verwijderd_op"] is None:
                raise StoreError(f"Scenario '{naam}' staat niet in de prullenbak; verwijder het eerst.")
            connection.execute(versions_table.delete().where(versions_table.c.scenario_id == row["id"]))
            connection.execute(scenarios_table.delete().where(scenarios_table.c.id == row["id"]))

    def _set(self, naam: str, include_deleted: bool = False, **values) -> None:
        with self.engine.begin() as connection:
            row = self._row(connection, naam, include_deleted=include_deleted or "verwijderd_op" in values)
            connection.execute(update(scenarios_table).where(scenarios_table.c.id == row["id"]).values(**values))

    # --- reading -------------------------------------------------------------------------------------------

    def _row(self, connection, naam: str, include_deleted: bool = False):
        naam = _lookup(naam)
        row = connection.execute(select(scenarios_table).where(scenarios_table.c.naam == naam, self._visible())
                                 .order_by(scenarios_table.c.gemeente.is_(None))).mappings().first()
        if row is None or (row["verwijderd_op"] is not None and not include_deleted):
            raise StoreError(f"Scenario '{naam}' is niet gevonden.")
        return row

    @_guarded
    def list(self, include_deleted: bool = False) -> list[Saved]:
        query = (
            select(scenarios_table, versions_table.c.auteur, versions_table.c.opgeslagen_op, versions_table.c.notitie)
            .join(versions_table, (versions_table.c.scenario_id == scenarios_table.c.id)
                  & (versions_table.c.versie == scenarios_table.c.huidige_versie))
            .where(self._visible())
            .order_by(scenarios_table.c.naam)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        own = {r["naam"] for r in rows if r["gemeente"] is not None}  # they hide a namesake without a gemeente
        return [Saved(r["naam"], r["huidige_versie"], r["auteur"], _utc(r["opgeslagen_op"]), r["notitie"],
                      r["vastgezet"], r["verwijderd_op"] is not None, r["gemeente"], r["dataset"])
                for r in rows if (include_deleted or r["verwijderd_op"] is None)
                and (r["gemeente"] is not None or r["naam"] not in own)]

    @_guarded
    def bin(self) -> list[Saved]:
        return [s for s in self.list(include_deleted=True) if s.verwijderd]

    @_guarded
    def current_version(self, naam: str) -> int:
        with self.engine.connect() as connection:
            return int(self._row(connection, naam)["huidige_versie"])

    @_guarded
    def is_frozen(self, naam: str) -> bool:
        with self.engine.connect() as connection:
            return bool(self._row(connection, naam)["vastgezet"])

    @_guarded
    def open(self, naam: str, versie: int | None = None) -> tuple[Scenario, int]:
        """The scenario at a version (default the newest) and that version's number."""
        with self.engine.connect() as connection:
            row = self._row(connection, naam)
            if versie is None:
                versie = row["huidige_versie"]
            content = None
            if isinstance(versie, int) and not isinstance(versie, bool) and 1 <= versie <= 2**31 - 1:
                content = connection.execute(select(versions_table.c.inhoud).where(
                    versions_table.c.scenario_id == row["id"], versions_table.c.versie == versie)).scalar()
        if content is None:
            raise StoreError(f"Scenario '{naam}' heeft geen versie {_shown(versie)}.")
        scenario, problems = _reread(content)
        if scenario is None:
            raise UnreadableScenarioError(
                f"Versie {versie} van scenario '{naam}' kan niet worden geopend: {' '.join(problems[:5])} De andere "
                "versies zijn er nog: zet er een terug of verwijder dit scenario.")
        return scenario, versie

    @_guarded
    def versions(self, naam: str) -> list[Saved]:
        with self.engine.connect() as connection:
            row = self._row(connection, naam, include_deleted=True)
            rows = connection.execute(select(versions_table).where(versions_table.c.scenario_id == row["id"])
                                      .order_by(versions_table.c.versie)).mappings().all()
        return [Saved(naam, r["versie"], r["auteur"], _utc(r["opgeslagen_op"]), r["notitie"]) for r in rows]

    # --- exchange ------------------------------------------------------------------------------------------

    @_guarded
    def export_all(self) -> dict:
        """Every scenario (bin included) with all its versions, in the scenario JSON form."""
        out = []
        with self.engine.connect() as connection:
            scenarios = connection.execute(select(scenarios_table).where(self._visible())
                                           .order_by(scenarios_table.c.naam)).mappings().all()
            for row in scenarios:
                versions = connection.execute(select(versions_table).where(
                    versions_table.c.scenario_id == row["id"]).order_by(versions_table.c.versie)).mappings().all()
                out.append({
                    "naam": row["naam"], "vastgezet": row["vastgezet"], "verwijderd": row["verwijderd_op"] is not None,
                    "gemeente": row["gemeente"],
                    "versies": [{"versie": v["versie"], "auteur": v["auteur"], "notitie": v["notitie"],
                                 "opgeslagen_op": _utc(v["opgeslagen_op"]).isoformat(),
                                 "scenario": json.loads(v["inhoud"])} for v in versions],
                })
        return {"soort": "grip-scenario's", "versie": SCHEMA_VERSION, "scenarios": out}

    @_guarded
    def import_json(self, content: bytes | str) -> list[str]:
        """'Alle importeren' from the uploaded file itself: its text is checked here too (size, UTF-8, JSON)."""
        try:
            data = json_document(content, MAX_IMPORT_BYTES, "Het bestand", "een export van Grip-scenario's")
        except DocumentError as error:
            raise ImportRefusedError([str(error)]) from None
        return self.import_all(data)

    @_guarded
    def import_all(self, data: dict) -> list[str]:
        """Recreate exported scenarios with their versions: all or nothing.

        The whole bundle is checked first (shape, names, authors, notes, dates, version numbers 1, 2, 3, ...,
        and every version must open as a scenario); any problem raises ImportRefusedError naming the scenario
        and stores nothing. A name that already exists is refused whole.
        """
        items = _checked_bundle(data)
        elsewhere = [item for item in items if item["gemeente"] not in (None, self.gemeente)]
        here = "de gegevens in gebruik" if self.gemeente is None else f"'{_shown(self.gemeente)}'"
        if elsewhere:
            raise ImportRefusedError([f"Scenario '{_shown(item['naam'])}' hoort bij gemeente "
                                      f"'{_shown(item['gemeente'])}', niet bij {here}. Open de gegevens van die "
                                      "gemeente om het te importeren." for item in elsewhere])
        names = [item["naam"] for item in items]
        with self.engine.connect() as connection:
            existing = set(connection.execute(select(scenarios_table.c.naam).where(self._visible())).scalars())
        clash = [naam for naam in names if naam in existing]
        if clash:
            raise ImportRefusedError([f"Deze scenario's bestaan al: {', '.join(_shown(n) for n in clash[:20])}"
                                      f"{' …' if len(clash) > 20 else ''}. Hernoem of verwijder ze eerst (ook uit "
                                      "de prullenbak)."])
        self._hook("import:gecontroleerd")
        try:
            with self.engine.begin() as connection:
                for item in items:
                    scenario_id = connection.execute(scenarios_table.insert().values(
                        naam=item["naam"], huidige_versie=len(item["versies"]), vastgezet=item["vastgezet"],
                        verwijderd_op=_now() if item["verwijderd"] else None, aangemaakt_op=_now(),
                        gemeente=self.gemeente, dataset=self.dataset,
                    )).inserted_primary_key[0]
                    connection.execute(versions_table.insert(), [
                        {**version, "scenario_id": scenario_id} for version in item["versies"]])
        except IntegrityError:
            raise ImportRefusedError(["Tijdens het importeren heeft iemand anders een scenario met een van deze namen "
                                      "opgeslagen. Probeer het opnieuw."]) from None
        return names


def _checked_bundle(data) -> list[dict]:
    """The rows an import would write, or ImportRefusedError listing every problem (in Dutch)."""
    if not isinstance(data, dict) or data.get("soort") != "grip-scenario's":
        raise ImportRefusedError(["Dit bestand is geen export van Grip-scenario's."])
    bundle_version = data.get("versie", SCHEMA_VERSION)
    if not isinstance(bundle_version, int) or isinstance(bundle_version, bool) or bundle_version < 1:
        raise ImportRefusedError([f"De export heeft een ongeldig versienummer ('{_shown(bundle_version)}')."])
    if bundle_version > SCHEMA_VERSION:
        raise ImportRefusedError([f"Deze export komt uit een nieuwere Grip (versie {bundle_version}); deze Grip "
                                  f"kent tot en met versie {SCHEMA_VERSION}. Werk Grip bij."])
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        raise ImportRefusedError([f"'scenarios' moet een lijst zijn, niet {_kind(scenarios)}."])
    if len(scenarios) > MAX_IMPORT_SCENARIOS:
        raise ImportRefusedError([f"De export bevat {len(scenarios)} scenario's; het maximum is "
                                  f"{MAX_IMPORT_SCENARIOS}."])
    problems: list[str] = []
    items: list[dict] = []
    seen: set[str] = set()
    total_versions = total_chars = 0
    for position, item in enumerate(scenarios, 1):
        if len(problems) >= 200:
            problems.append("Gestopt na 200 problemen.")
            break
        label = f"Scenario {position}"
        if not isinstance(item, dict):
            problems.append(f"{label}: verwacht een object met 'naam' en 'versies', niet {_kind(item)}.")
            continue
        naam = item.get("naam")
        problem = _name_problem(naam) if "naam" in item else "'naam' ontbreekt."
        if problem:
            problems.append(f"{label}: {problem}")
            naam = None
        else:
            label = f"Scenario '{_shown(naam)}'"
            if naam in seen:
                problems.append(f"{label} komt meer dan één keer voor in de export.")
            seen.add(naam)
        flags = {"gemeente": item.get("gemeente")}
        problem = None if flags["gemeente"] is None else _text_problem(flags["gemeente"], "'gemeente'", MAX_GEMEENTE)
        if problem:
            problems.append(f"{label}: {problem}")
        for key in ("vastgezet", "verwijderd"):
            flags[key] = item.get(key, False)
            if not isinstance(flags[key], bool):
                problems.append(f"{label}: '{key}' moet true of false zijn, niet '{_shown(flags[key])}'.")
        versions = item.get("versies")
        if not isinstance(versions, list) or not versions:
            problems.append(f"{label}: 'versies' moet een lijst met minstens één versie zijn, niet {_kind(versions)}"
                            f"{' (leeg)' if versions == [] else ''}.")
            continue
        total_versions += len(versions)
        if total_versions > MAX_IMPORT_VERSIONS:
            raise ImportRefusedError([f"De export bevat meer dan {MAX_IMPORT_VERSIONS} versies; dat is te veel om "
                                      "in één keer te importeren."])
        rows = []
        for number, version in enumerate(versions, 1):
            where = f"{label}, versie {number}"
            if not isinstance(version, dict):
                problems.append(f"{where}: verwacht een object met 'versie', 'auteur', 'opgeslagen_op' en 'scenario', "
                                f"niet {_kind(version)}.")
                continue
            before = len(problems)
            stated = version.get("versie")
            if stated != number or isinstance(stated, bool):
                problems.append(f"{label}: de versies moeten op volgorde 1, 2, 3, … genummerd zijn; op plaats {number} "
                                f"staat versie '{_shown(stated)}'.")
            auteur = version.get("auteur")
            problem = _text_problem(auteur, "'auteur'", MAX_AUTHOR) if "auteur" in version else "'auteur' ontbreekt."
            if problem:
                problems.append(f"{where}: {problem}")
            notitie = version.get("notitie", "")
            problem = _text_problem(notitie, "'notitie'", MAX_NOTE, newlines=True, required=False)
            if problem:
                problems.append(f"{where}: {problem}")
            moment = _moment(version.get("opgeslagen_op"))
            if moment is None:
                problems.append(f"{where}: 'opgeslagen_op' moet een datum en tijd zijn zoals "
                                f"'2026-01-31T12:00:00+00:00', niet '{_shown(version.get('opgeslagen_op'))}'.")
            content, problem = _bundle_content(version.get("scenario"), naam)
            if problem:
                problems.append(f"{where}: {problem}")
            else:
                total_chars += len(content)
                if total_chars > MAX_IMPORT_CHARS:
                    raise ImportRefusedError([f"De export is te groot (meer dan {MAX_IMPORT_CHARS / 1e6:.0f} miljoen "
                                              "tekens aan scenario's)."])
            if len(problems) == before:
                rows.append({"versie": number, "auteur": auteur, "notitie": notitie, "opgeslagen_op": moment,
                             "inhoud": content})
        if naam is not None and len(rows) == len(versions):
            items.append({"naam": naam, "versies": rows, **flags})
    if problems:
        raise ImportRefusedError(problems)
    return items


def _moment(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = _utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        return None
    return moment if 1900 <= moment.year <= 9999 else None


def _bundle_content(data, naam: str | None) -> tuple[str, str | None]:
    """One version's scenario as it would be stored (its normal JSON form), or the Dutch problem."""
    if not isinstance(data, dict):
        return "", f"'scenario' moet een object zijn met 'naam' en 'maatregelen', niet {_kind(data)}."
    try:
        raw = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except RecursionError:
        return "", "het scenario is te diep genest."
    except (TypeError, ValueError) as error:
        return "", f"het scenario bevat waarden die geen JSON zijn ({_shown(str(error), 80)})."
    if len(raw) > MAX_SCENARIO_CHARS:
        return "", f"het scenario is te groot ({_count(len(raw))} tekens; het maximum is {_count(MAX_SCENARIO_CHARS)})."
    scenario, problems = _reread(raw)
    if scenario is None:
        return "", "het scenario is ongeldig: " + " ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
    if naam is not None and scenario.naam != naam:
        return "", f"het scenario heet '{_shown(scenario.naam)}', niet '{_shown(naam)}'."
    try:
        content = _content(scenario)
    except InvalidInputError as error:
        return "", str(error)
    return content, None


def diff(old: Scenario, new: Scenario) -> list[str]:
    """Dutch lines saying which measures were added, removed or changed between two versions."""
    before = {m.naam: m for m in old.maatregelen}
    after = {m.naam: m for m in new.maatregelen}
    lines = [f"Toegevoegd: {n}" for n in after if n not in before]
    lines += [f"Verwijderd: {n}" for n in before if n not in after]
    for name in after:
        if name in before and before[name] != after[name]:
            a, b = before[name].to_json(), after[name].to_json()
            changes = [f"{k} {a.get(k)} → {b.get(k)}" for k in b if a.get(k) != b.get(k)]
            lines.append(f"Gewijzigd: {name} ({', '.join(changes)})")
    if old.taakstelling != new.taakstelling:
        lines.append("Gewijzigd: taakstelling")
    return lines


def _sqlite_pragmas(connection, _record) -> None:
    connection.isolation_level = None  # let the "begin" hook below start transactions
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:
    """Take SQLite's write lock at the start, so two savers queue instead of failing on a stale snapshot."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
