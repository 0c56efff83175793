"""Kept year-ends (standen voor rapportage): a gemeente's expected year-end as it was reported at a P&C moment.

One row per kept stand in the table `rapportage_standen`, in the same database as the scenario store
(scenarios/store.py: GRIP_DATABASE_URL, or SQLite in GRIP_DATA_DIR) but with its own table and its own schema
creation, so the scenario store's schema is untouched. Columns: gemeente, moment (MOMENTS), created (UTC),
author, year, the last month with in-year figures, and the per-voorziening figures as JSON (Figure: realised to
date, expected year-end, its 80% band, budget, one-off bookings counted once, clients and cost per client where
known). A stand is never changed after it is kept; the quarterly report compares the current year-end with the
latest earlier stand of the same gemeente and year (scenarios/snapshot_change.py). Every failure reaches the
caller as a StoreError with a Dutch message.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from scenarios.store.files import database_url, open_engine
from scenarios.store_errors import InvalidInputError, StoreError, translate

MOMENTS = ("voorjaarsnota", "najaarsnota", "kwartaalrapportage K1", "kwartaalrapportage K2",
           "kwartaalrapportage K3", "kwartaalrapportage K4", "jaarrekening")
MAX_GEMEENTE = 200
MAX_AUTHOR = 120

metadata = MetaData()
standen = Table(
    "rapportage_standen", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gemeente", String(MAX_GEMEENTE), nullable=False, index=True),
    Column("moment", String(40), nullable=False),
    Column("gemaakt_op", DateTime(timezone=True), nullable=False),
    Column("auteur", String(MAX_AUTHOR), nullable=False, default=""),
    Column("jaar", Integer, nullable=False),
    Column("tm_maand", Integer, nullable=False, default=0),
    Column("cijfers", Text, nullable=False),
)


@dataclass(frozen=True)
class Figure:
    """One voorziening's year-end as kept; NaN where not known (no clients, no budget)."""

    domein: str
    voorziening: str
    gerealiseerd: float
    verwacht: float
    ondergrens: float
    bovengrens: float
    begroting: float
    eenmalig: float = 0.0
    clienten: float = math.nan

    @property
    def kosten_per_client(self) -> float:
        """(verwacht - eenmalig) / clienten; NaN without a positive number of clients."""
        if not (self.clienten > 0):
            return math.nan
        return (self.verwacht - self.eenmalig) / self.clienten


@dataclass(frozen=True)
class Snapshot:
    gemeente: str
    moment: str
    jaar: int
    figures: tuple[Figure, ...]
    tm_maand: int = 0
    auteur: str = ""
    gemaakt_op: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: int | None = None

    def figure(self, voorziening: str) -> Figure | None:
        return next((f for f in self.figures if f.voorziening == voorziening), None)

    def same_figures(self, other: Snapshot) -> bool:
        """The same year and per voorziening the same expected year-end (to the euro)."""
        mine = {f.voorziening: round(f.verwacht) for f in self.figures}
        return self.jaar == other.jaar and mine == {f.voorziening: round(f.verwacht) for f in other.figures}


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)


def figures_json(figures) -> str:
    rows = []
    for f in figures:
        row = {**asdict(f), "kosten_per_client": f.kosten_per_client}  # for readers of the table; derived
        rows.append({k: (_number(v) if k not in ("domein", "voorziening") else v) for k, v in row.items()})
    return json.dumps(rows, ensure_ascii=False)


def figures_of(text: str) -> tuple[Figure, ...]:
    rows = json.loads(text)
    names = set(Figure.__dataclass_fields__)
    return tuple(Figure(**{k: (math.nan if v is None else v) for k, v in row.items() if k in names}) for row in rows)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def check(snapshot: Snapshot) -> None:
    """InvalidInputError (Dutch) for a stand that cannot be kept."""
    problems = []
    if not snapshot.gemeente.strip() or len(snapshot.gemeente) > MAX_GEMEENTE:
        problems.append(f"De naam van de gemeente moet 1 tot {MAX_GEMEENTE} tekens zijn.")
    if snapshot.moment not in MOMENTS:
        problems.append(f"Onbekend P&C-moment '{snapshot.moment}'. Kies uit: {', '.join(MOMENTS)}.")
    if len(snapshot.auteur) > MAX_AUTHOR:
        problems.append(f"De naam van de auteur is langer dan {MAX_AUTHOR} tekens.")
    if not snapshot.figures:
        problems.append("Er zijn geen cijfers om te bewaren.")
    if problems:
        raise InvalidInputError(" ".join(problems))


class SnapshotStore:
    """Keep and read stands; `engine` of an open ScenarioStore shares its database (and its checks of the file)."""

    def __init__(self, url: str | None = None, engine: Engine | None = None, where: str = "(GRIP_DATABASE_URL)"):
        self.where = where
        try:
            if engine is None:
                url = url or database_url()
                engine = open_engine(url)
                self.where = url.split("@")[-1] if url.startswith("postgresql") else url.removeprefix("sqlite:///")
            self.engine = engine
            self._create_table()
        except StoreError:
            raise
        except Exception as error:  # noqa: BLE001 - translated to Dutch, the original attached
            raise translate(error, self.where) from error

    def _create_table(self) -> None:
        """The table when it is missing; two processes creating it at once: the second finds it there."""
        try:
            metadata.create_all(self.engine, checkfirst=True)
        except SQLAlchemyError:
            metadata.create_all(self.engine, checkfirst=True)

    def save(self, snapshot: Snapshot) -> Snapshot:
        """Keep the stand; returns it with its id and created time (UTC)."""
        check(snapshot)
        created = _utc(snapshot.gemaakt_op)
        try:
            with self.engine.begin() as connection:
                result = connection.execute(insert(standen).values(
                    gemeente=snapshot.gemeente, moment=snapshot.moment, gemaakt_op=created,
                    auteur=snapshot.auteur, jaar=int(snapshot.jaar), tm_maand=int(snapshot.tm_maand),
                    cijfers=figures_json(snapshot.figures)))
                new_id = int(result.inserted_primary_key[0])
        except Exception as error:  # noqa: BLE001
            raise translate(error, self.where) from error
        return Snapshot(snapshot.gemeente, snapshot.moment, int(snapshot.jaar), snapshot.figures,
                        int(snapshot.tm_maand), snapshot.auteur, created, new_id)

    def list(self, gemeente: str, jaar: int | None = None) -> list[Snapshot]:
        """The gemeente's stands (of one year), newest first."""
        query = select(standen).where(standen.c.gemeente == gemeente)
        if jaar is not None:
            query = query.where(standen.c.jaar == int(jaar))
        query = query.order_by(standen.c.gemaakt_op.desc(), standen.c.id.desc())
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(query).mappings().all()
        except Exception as error:  # noqa: BLE001
            raise translate(error, self.where) from error
        return [Snapshot(r["gemeente"], r["moment"], int(r["jaar"]), figures_of(r["cijfers"]), int(r["tm_maand"]),
                         r["auteur"], _utc(r["gemaakt_op"]), int(r["id"])) for r in rows]

    def previous(self, current: Snapshot) -> Snapshot | None:
        """The latest stand of the same gemeente and year before `current` that holds other figures (a stand kept
        twice, or the current one just kept, is not 'the previous report') and no later months (figures through
        September kept earlier are not the previous report of figures through May); None when there is none."""
        for kept in self.list(current.gemeente, current.jaar):
            if current.id is not None and kept.id == current.id:
                continue
            if _utc(kept.gemaakt_op) > _utc(current.gemaakt_op) or kept.same_figures(current):
                continue
            if (kept.tm_maand or 0) > (current.tm_maand or 0):
                continue
            return kept
        return None
