"""`ScenarioStore`, the repository interface over SQLAlchemy: save, list, open, versions, restore, delete, bin,
freeze, import and export, scoped to a gemeente.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from scenarios.measures import DocumentError, Scenario, json_document
from scenarios.store.bundle import _checked_bundle
from scenarios.store.checks import (
    _author,
    _content,
    _lookup,
    _note,
    _now,
    _reread,
    _shown,
    _text_problem,
    _utc,
    check_name,
)
from scenarios.store.files import (
    _COMPANIONS,
    NOTICE_DAMAGED,
    NOTICE_LEFTOVER,
    _aside_name,
    _create_sqlite_file,
    _describe,
    _folder_lock,
    _move_aside,
    _sqlite_damage,
    _sqlite_file,
    database_url,
    open_engine,
)
from scenarios.store.migrations import migrate
from scenarios.store.schema import (
    MAX_GEMEENTE,
    MAX_IMPORT_BYTES,
    SCHEMA_VERSION,
    Saved,
    scenarios_table,
    versions_table,
)
from scenarios.store_errors import (
    ConflictError,
    ImportRefusedError,
    InvalidInputError,
    ScenarioNotFoundError,
    StoreError,
    StoreUnavailableError,
    UnreadableScenarioError,
    translate,
)


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
                engine = created = open_engine(self.url)
            self.engine = engine
            migrate(self.engine, self.where)
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
            raise ScenarioNotFoundError(f"Scenario '{naam}' is niet gevonden.")
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
