"""The scenario store: saved, versioned scenarios in SQLite (default) or PostgreSQL (GRIP_DATABASE_URL).

Every save is a new version (who, when, note). A save states the version it started from; when
someone saved in between, it is refused with a ConflictError and nothing is written (optimistic
concurrency, enforced by one conditional UPDATE inside the same transaction as the insert, so it
holds across threads, processes and machines). Deleting moves a scenario to the bin until it is
purged on purpose. A frozen (vastgezet) scenario cannot be changed. Each save is one transaction:
an interrupted save leaves the old version or the new one, never half.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from scenarios.measures import Scenario, parse_scenario

SCHEMA_VERSION = 1
DEFAULT_PATH = Path("grip-data") / "scenarios.db"

metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
scenarios_table = Table(
    "scenarios", metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", String(200), nullable=False, unique=True),
    Column("huidige_versie", Integer, nullable=False),
    Column("vastgezet", Boolean, nullable=False, default=False),
    Column("verwijderd_op", DateTime(timezone=True), nullable=True),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
)
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


class StoreError(Exception):
    """A refused store operation, with a Dutch message for the user."""


class ConflictError(StoreError):
    def __init__(self, naam: str, based_on: int | None, current: int):
        super().__init__(
            f"Iemand anders heeft '{naam}' intussen opgeslagen (versie {current}; u begon vanaf "
            f"{'een nieuw scenario' if based_on is None else f'versie {based_on}'}). Uw wijzigingen zijn niet "
            "opgeslagen maar staan nog in uw scherm: bekijk het verschil en sla ze op als nieuw scenario of "
            "bovenop de nieuwste versie."
        )
        self.naam, self.based_on, self.current = naam, based_on, current


@dataclass(frozen=True)
class Saved:
    naam: str
    versie: int
    auteur: str
    opgeslagen_op: datetime
    notitie: str
    vastgezet: bool = False
    verwijderd: bool = False


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


class ScenarioStore:
    """The repository interface over SQLAlchemy: save, list, open, versions, restore, delete, ..."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.url = url or database_url()
        if engine is None:
            sqlite = self.url.startswith("sqlite")
            engine = create_engine(self.url, connect_args={"timeout": 30} if sqlite else {},
                                   pool_pre_ping=not sqlite)
            if sqlite:
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "begin", _sqlite_begin_immediate)
        self.engine = engine
        self._migrate()

    def _migrate(self) -> None:
        metadata.create_all(self.engine)
        with self.engine.begin() as connection:
            current = connection.execute(select(func.max(schema_version.c.version))).scalar()
            if current is None:
                connection.execute(schema_version.insert().values(version=SCHEMA_VERSION))
            elif current > SCHEMA_VERSION:
                raise StoreError(f"De database heeft schemaversie {current}; deze Grip kent tot {SCHEMA_VERSION}. "
                                 "Werk Grip bij.")

    # --- writing -------------------------------------------------------------------------------------------

    def save(self, scenario: Scenario, auteur: str, notitie: str = "", based_on: int | None = None) -> int:
        """Save as a new version; `based_on` is the version the edit started from (None for a new scenario)."""
        auteur = auteur.strip() or "onbekend"
        content = json.dumps(scenario.to_json(), ensure_ascii=False, sort_keys=True)
        with self.engine.begin() as connection:
            row = connection.execute(
                select(scenarios_table).where(scenarios_table.c.naam == scenario.naam)).mappings().first()
            if row is None:
                if based_on is not None:
                    raise StoreError(f"Scenario '{scenario.naam}' bestaat niet (meer); sla het op als nieuw scenario.")
                try:
                    inserted = connection.execute(scenarios_table.insert().values(
                        naam=scenario.naam, huidige_versie=1, vastgezet=False, aangemaakt_op=_now()))
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
                if based_on is None or based_on != row["huidige_versie"]:
                    raise ConflictError(scenario.naam, based_on, row["huidige_versie"])
                version = based_on + 1
                changed = connection.execute(
                    update(scenarios_table)
                    .where(scenarios_table.c.id == row["id"], scenarios_table.c.huidige_versie == based_on)
                    .values(huidige_versie=version)
                ).rowcount
                if changed != 1:  # someone else saved between our read and our update
                    current = connection.execute(select(scenarios_table.c.huidige_versie).where(
                        scenarios_table.c.id == row["id"])).scalar()
                    raise ConflictError(scenario.naam, based_on, current)
                scenario_id = row["id"]
            connection.execute(versions_table.insert().values(
                scenario_id=scenario_id, versie=version, inhoud=content, auteur=auteur, notitie=notitie,
                opgeslagen_op=_now()))
        return version

    def restore(self, naam: str, versie: int, auteur: str) -> int:
        """Save an earlier version's contents as the newest version."""
        old, _ = self.open(naam, versie)
        return self.save(old, auteur, f"teruggezet naar versie {versie}", based_on=self.current_version(naam))

    def delete(self, naam: str) -> None:
        self._set(naam, verwijderd_op=_now())

    def undelete(self, naam: str) -> None:
        self._set(naam, verwijderd_op=None, include_deleted=True)

    def freeze(self, naam: str, vastgezet: bool = True) -> None:
        self._set(naam, vastgezet=vastgezet)

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
        row = connection.execute(select(scenarios_table).where(scenarios_table.c.naam == naam)).mappings().first()
        if row is None or (row["verwijderd_op"] is not None and not include_deleted):
            raise StoreError(f"Scenario '{naam}' is niet gevonden.")
        return row

    def list(self, include_deleted: bool = False) -> list[Saved]:
        query = (
            select(scenarios_table, versions_table.c.auteur, versions_table.c.opgeslagen_op, versions_table.c.notitie)
            .join(versions_table, (versions_table.c.scenario_id == scenarios_table.c.id)
                  & (versions_table.c.versie == scenarios_table.c.huidige_versie))
            .order_by(scenarios_table.c.naam)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [Saved(r["naam"], r["huidige_versie"], r["auteur"], _utc(r["opgeslagen_op"]), r["notitie"],
                      r["vastgezet"], r["verwijderd_op"] is not None)
                for r in rows if include_deleted or r["verwijderd_op"] is None]

    def bin(self) -> list[Saved]:
        return [s for s in self.list(include_deleted=True) if s.verwijderd]

    def current_version(self, naam: str) -> int:
        with self.engine.connect() as connection:
            return int(self._row(connection, naam)["huidige_versie"])

    def is_frozen(self, naam: str) -> bool:
        with self.engine.connect() as connection:
            return bool(self._row(connection, naam)["vastgezet"])

    def open(self, naam: str, versie: int | None = None) -> tuple[Scenario, int]:
        """The scenario at a version (default the newest) and that version's number."""
        with self.engine.connect() as connection:
            row = self._row(connection, naam)
            versie = versie or row["huidige_versie"]
            content = connection.execute(select(versions_table.c.inhoud).where(
                versions_table.c.scenario_id == row["id"], versions_table.c.versie == versie)).scalar()
        if content is None:
            raise StoreError(f"Scenario '{naam}' heeft geen versie {versie}.")
        return _scenario(json.loads(content)), versie

    def versions(self, naam: str) -> list[Saved]:
        with self.engine.connect() as connection:
            row = self._row(connection, naam, include_deleted=True)
            rows = connection.execute(select(versions_table).where(versions_table.c.scenario_id == row["id"])
                                      .order_by(versions_table.c.versie)).mappings().all()
        return [Saved(naam, r["versie"], r["auteur"], _utc(r["opgeslagen_op"]), r["notitie"]) for r in rows]

    # --- exchange ------------------------------------------------------------------------------------------

    def export_all(self) -> dict:
        """Every scenario (bin included) with all its versions, in the scenario JSON form."""
        out = []
        with self.engine.connect() as connection:
            scenarios = connection.execute(select(scenarios_table).order_by(scenarios_table.c.naam)).mappings().all()
            for row in scenarios:
                versions = connection.execute(select(versions_table).where(
                    versions_table.c.scenario_id == row["id"]).order_by(versions_table.c.versie)).mappings().all()
                out.append({
                    "naam": row["naam"], "vastgezet": row["vastgezet"], "verwijderd": row["verwijderd_op"] is not None,
                    "versies": [{"versie": v["versie"], "auteur": v["auteur"], "notitie": v["notitie"],
                                 "opgeslagen_op": _utc(v["opgeslagen_op"]).isoformat(),
                                 "scenario": json.loads(v["inhoud"])} for v in versions],
                })
        return {"soort": "grip-scenario's", "versie": SCHEMA_VERSION, "scenarios": out}

    def import_all(self, data: dict) -> list[str]:
        """Recreate exported scenarios with their versions; a name that already exists is refused whole."""
        if not isinstance(data, dict) or data.get("soort") != "grip-scenario's":
            raise StoreError("Dit bestand is geen export van Grip-scenario's.")
        existing = {s.naam for s in self.list(include_deleted=True)}
        clash = [item["naam"] for item in data.get("scenarios", []) if item["naam"] in existing]
        if clash:
            raise StoreError(f"Deze scenario's bestaan al: {', '.join(clash)}. Hernoem of verwijder ze eerst.")
        with self.engine.begin() as connection:
            for item in data["scenarios"]:
                versions = item["versies"]
                scenario_id = connection.execute(scenarios_table.insert().values(
                    naam=item["naam"], huidige_versie=versions[-1]["versie"], vastgezet=item.get("vastgezet", False),
                    verwijderd_op=_now() if item.get("verwijderd") else None, aangemaakt_op=_now(),
                )).inserted_primary_key[0]
                for version in versions:
                    connection.execute(versions_table.insert().values(
                        scenario_id=scenario_id, versie=version["versie"], auteur=version["auteur"],
                        notitie=version["notitie"], opgeslagen_op=datetime.fromisoformat(version["opgeslagen_op"]),
                        inhoud=json.dumps(version["scenario"], ensure_ascii=False, sort_keys=True)))
        return [item["naam"] for item in data["scenarios"]]


def _scenario(data: dict) -> Scenario:
    """A stored scenario; names of voorzieningen were validated when it was saved."""
    targets = [m.get("doel", "") for m in data.get("maatregelen", [])]
    return parse_scenario(data, targets)


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
