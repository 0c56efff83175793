"""Bringing a store up to SCHEMA_VERSION (scenarios/store/schema.py) when it is opened.

Schema 1 -> 2 (a scenario belongs to a gemeente): on SQLite the scenarios table is rebuilt, because a UNIQUE
column constraint cannot be dropped, with foreign keys off so that dropping the old table does not cascade to the
versions; on PostgreSQL the columns are added and the old unique constraint on naam dropped, under an advisory
lock so that two app processes never migrate at once. A store newer than this Grip is refused, unchanged.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import MetaData, func, inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateIndex, CreateTable

from scenarios.store.schema import (
    _POSTGRES_MIGRATION_LOCK,
    SCHEMA_VERSION,
    metadata,
    name_index,
    scenarios_table,
    schema_version,
)
from scenarios.store_errors import SchemaTooNewError, StoreDamagedError


def migrate(engine: Engine, where: str) -> None:
    """Create the tables of a new store, or upgrade an older one; `where` names the store in Dutch messages."""
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine, where)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK})
        current = None
        if inspect(connection).has_table("schema_version"):
            current = connection.execute(select(func.max(schema_version.c.version))).scalar()
        if current is not None and current > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"De scenario-opslag {where} heeft schemaversie {current}; deze versie van Grip kent tot en "
                f"met versie {SCHEMA_VERSION}. Werk Grip bij. De opslag is niet gewijzigd.")
        if current is not None and current < 2 and connection.dialect.name == "postgresql":
            _upgrade_postgresql(connection)
        metadata.create_all(connection)
        connection.execute(CreateIndex(name_index, if_not_exists=True))  # create_all: only on new tables
        if current is None:
            connection.execute(schema_version.insert().values(version=SCHEMA_VERSION))


def _upgrade_sqlite(engine: Engine, where: str) -> None:
    """Schema 1 -> 2 on SQLite: the table is rebuilt, with foreign keys off."""
    raw = engine.raw_connection()
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
            connection.execute(str(CreateTable(staging).compile(dialect=engine.dialect)))
            old = "id, naam, huidige_versie, vastgezet, verwijderd_op, aangemaakt_op"
            connection.execute(f"INSERT INTO scenarios_nieuw ({old}) SELECT {old} FROM scenarios")
            connection.execute("DROP TABLE scenarios")
            connection.execute("ALTER TABLE scenarios_nieuw RENAME TO scenarios")
            connection.execute("UPDATE schema_version SET version = 2")
            if connection.execute("PRAGMA foreign_key_check").fetchall():
                raise StoreDamagedError(f"De scenario-opslag {where} kon niet worden bijgewerkt: versies "
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


def _upgrade_postgresql(connection) -> None:
    """Schema 1 -> 2 on PostgreSQL, inside the migration's transaction."""
    connection.execute(text("ALTER TABLE scenarios ADD COLUMN IF NOT EXISTS gemeente TEXT"))
    connection.execute(text("ALTER TABLE scenarios ADD COLUMN IF NOT EXISTS dataset VARCHAR(64)"))
    for constraint in inspect(connection).get_unique_constraints("scenarios"):
        if constraint["column_names"] == ["naam"]:
            connection.execute(text(f'ALTER TABLE scenarios DROP CONSTRAINT "{constraint["name"]}"'))
    connection.execute(update(schema_version).values(version=2))
