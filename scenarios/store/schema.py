"""The store's tables (schema version 2: a scenario belongs to a gemeente), the limits on what it holds, and
`Saved`, one saved version as the list shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    func,
)

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
