"""The scenario store against SQLite and a real PostgreSQL server started by the tests themselves."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from scenarios.measures import Measure, Scenario
from scenarios.store import (
    ConflictError,
    ImportRefusedError,
    InvalidInputError,
    ScenarioStore,
    SchemaTooNewError,
    StoreDamagedError,
    StoreError,
    StoreUnavailableError,
    UnreadableScenarioError,
    diff,
)
from tests.factories import REPO
from tests.store_support import new_database, take_database_away


def package(effect: float = -10.0, naam: str = "Pakket 2026") -> Scenario:
    return Scenario(naam, [
        Measure(naam="Poortwachter begeleiding", doel="Begeleiding", hefboom="volume", startjaar=2026,
                effect_pct=effect, effect_min_pct=-15.0, effect_max_pct=-4.0, ingroei_jaren=2, kosten_per_jaar=40000.0),
        Measure(naam="Besparing vervoer", doel="Wmo", hefboom="bedrag", startjaar=2026, bedrag=-120000.0),
    ], {2027: 750000.0})


# --- PostgreSQL, started on a free local port ---------------------------------------------------------------




@pytest.fixture
def store(store_url):
    return ScenarioStore(store_url)


# --- behaviour ------------------------------------------------------------------------------------------------


def test_every_save_is_a_new_version_with_who_when_and_a_note(store):
    assert store.save(package(), "Adviseur", "eerste opzet") == 1
    assert store.save(package(-12.0), "Wethouder", "strenger", based_on=1) == 2
    (saved,) = store.list()
    assert (saved.naam, saved.versie, saved.auteur, saved.notitie) == ("Pakket 2026", 2, "Wethouder", "strenger")
    versions = store.versions("Pakket 2026")
    assert [(v.versie, v.auteur) for v in versions] == [(1, "Adviseur"), (2, "Wethouder")]
    assert versions[0].opgeslagen_op <= versions[1].opgeslagen_op
    old, number = store.open("Pakket 2026", 1)
    assert number == 1 and old == package()
    assert store.open("Pakket 2026")[0] == package(-12.0)


def test_comparing_versions_names_the_changed_measures(store):
    store.save(package(), "A")
    store.save(package(-12.0), "B", based_on=1)
    lines = diff(store.open("Pakket 2026", 1)[0], store.open("Pakket 2026", 2)[0])
    assert lines == ["Gewijzigd: Poortwachter begeleiding (effect_pct -10.0 → -12.0)"]


def test_a_save_on_a_stale_version_is_refused_and_writes_nothing(store):
    store.save(package(), "A")
    store.save(package(-12.0), "B", based_on=1)
    with pytest.raises(ConflictError) as error:
        store.save(package(-14.0), "C", based_on=1)
    assert "Iemand anders heeft 'Pakket 2026' intussen opgeslagen (versie 2" in str(error.value)
    assert store.current_version("Pakket 2026") == 2
    assert store.open("Pakket 2026")[0] == package(-12.0)


def test_a_new_scenario_with_an_existing_name_is_a_conflict(store):
    store.save(package(), "A")
    with pytest.raises(ConflictError):
        store.save(package(-5.0), "B")


def test_restore_saves_an_old_version_as_the_newest(store):
    store.save(package(), "A")
    store.save(package(-12.0), "B", based_on=1)
    assert store.restore("Pakket 2026", 1, "C") == 3
    assert store.open("Pakket 2026")[0] == package()
    assert store.versions("Pakket 2026")[-1].notitie == "teruggezet naar versie 1"


def test_deleting_moves_to_the_bin_until_purged_on_purpose(store):
    store.save(package(), "A")
    store.delete("Pakket 2026")
    assert store.list() == [] and [s.naam for s in store.bin()] == ["Pakket 2026"]
    with pytest.raises(StoreError, match="niet gevonden"):
        store.open("Pakket 2026")
    store.undelete("Pakket 2026")
    assert store.open("Pakket 2026")[0] == package()
    with pytest.raises(StoreError, match="niet in de prullenbak"):
        store.purge("Pakket 2026")
    store.delete("Pakket 2026")
    store.purge("Pakket 2026")
    assert store.list(include_deleted=True) == []


def test_a_frozen_scenario_is_read_only(store):
    store.save(package(), "A")
    store.freeze("Pakket 2026")
    assert store.is_frozen("Pakket 2026")
    with pytest.raises(StoreError, match="vastgezet"):
        store.save(package(-12.0), "B", based_on=1)
    store.freeze("Pakket 2026", False)
    assert store.save(package(-12.0), "B", based_on=1) == 2


def test_export_and_import_of_all_scenarios_round_trip_with_versions(store, tmp_path):
    store.save(package(), "A", "begin")
    store.save(package(-12.0), "B", "strenger", based_on=1)
    store.save(package(naam="Alternatief"), "A")
    store.freeze("Alternatief")
    exported = store.export_all()
    fresh = ScenarioStore(f"sqlite:///{tmp_path / 'other.db'}")
    assert fresh.import_all(exported) == ["Alternatief", "Pakket 2026"]
    assert fresh.export_all() == exported
    assert fresh.is_frozen("Alternatief")
    with pytest.raises(StoreError, match="bestaan al"):
        fresh.import_all(exported)


def test_two_people_saving_the_same_version_at_once_exactly_one_wins(store_url):
    ScenarioStore(store_url).save(package(), "A")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(effect, who):
        own = ScenarioStore(store_url)
        barrier.wait()
        try:
            outcomes.append(("ok", own.save(package(effect), who, based_on=1)))
        except ConflictError:
            outcomes.append(("conflict", who))

    threads = [threading.Thread(target=save, args=(e, w)) for e, w in ((-11.0, "B"), (-12.0, "C"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "ok"]
    store = ScenarioStore(store_url)
    assert store.current_version("Pakket 2026") == 2
    assert len(store.versions("Pakket 2026")) == 2


SAVER = """
import sys
sys.path.insert(0, {repo!r})
from tests.test_store import package
from scenarios.store import ScenarioStore
store = ScenarioStore({url!r})
version = store.save(package(), "A")
print("ready", flush=True)
effect = -5.0
while True:
    big = package(effect)
    big.maatregelen[0] = big.maatregelen[0].__class__(**{{**big.maatregelen[0].__dict__, "toelichting": "x" * 200000}})
    version = store.save(big, "A", based_on=version)
    effect = -4.0 - (version % 11)
"""


def test_a_save_killed_midway_leaves_the_old_or_the_new_version_never_half(store_url):
    process = subprocess.Popen([sys.executable, "-c", SAVER.format(repo=str(REPO), url=store_url)],
                               stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert process.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    store = ScenarioStore(store_url)
    current = store.current_version("Pakket 2026")
    assert current > 1
    assert len(store.versions("Pakket 2026")) == current
    for version in (current, current - 1):
        scenario, _ = store.open("Pakket 2026", version)
        assert scenario.maatregelen[0].naam == "Poortwachter begeleiding"
    if store_url.startswith("sqlite"):
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_the_default_database_is_created_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GRIP_DATABASE_URL", raising=False)
    monkeypatch.setenv("GRIP_DATA_DIR", str(tmp_path / "nieuw"))
    store = ScenarioStore()
    store.save(package(), "A")
    assert (Path(tmp_path) / "nieuw" / "scenarios.db").exists()


# --- a conflict forced inside the transaction (hooks, no sleeps) ---------------------------------------------


def test_a_save_that_read_the_old_version_while_another_save_was_open_is_refused(store_url):
    """On PostgreSQL both saves read version 1 and the later UPDATE finds it gone; SQLite queues the second save
    behind the first one's write lock, so it reads version 2. Either way: one new version, one ConflictError."""
    ScenarioStore(store_url).save(package(), "A")
    first, second = ScenarioStore(store_url), ScenarioStore(store_url)
    postgres = store_url.startswith("postgresql")
    second_read, first_done, outcome = threading.Event(), threading.Event(), {}

    def second_hook(stage):
        if stage == "save:gelezen":
            outcome["second_read"] = True
            second_read.set()
            assert first_done.wait(60)  # keep the stale read until the first save has committed

    def run_second():
        try:
            outcome["second"] = second.save(package(-11.0), "B", based_on=1)
        except ConflictError as error:
            outcome["second"] = error

    thread = threading.Thread(target=run_second)
    second.transaction_hook = second_hook

    def first_hook(stage):
        if stage == "save:gelezen" and not thread.is_alive():
            thread.start()
            if postgres:  # readers do not wait for writers there: the second save reads version 1 now
                assert second_read.wait(60)

    first.transaction_hook = first_hook
    assert first.save(package(-12.0), "A", based_on=1) == 2
    first_done.set()
    thread.join(60)
    assert isinstance(outcome["second"], ConflictError) and outcome["second"].current == 2
    store = ScenarioStore(store_url)
    assert [v.auteur for v in store.versions("Pakket 2026")] == ["A", "A"]
    assert store.open("Pakket 2026")[0] == package(-12.0)


def test_a_save_interrupted_inside_its_transaction_writes_nothing(store):
    store.save(package(), "A")

    def power_cut(stage):
        if stage == "save:geschreven":
            raise RuntimeError("stroomstoring")

    store.transaction_hook = power_cut
    with pytest.raises(StoreError, match="Onverwachte fout"):
        store.save(package(-12.0), "B", based_on=1)
    store.transaction_hook = None
    assert store.current_version("Pakket 2026") == 1 and len(store.versions("Pakket 2026")) == 1
    assert store.save(package(-12.0), "B", based_on=1) == 2


# --- names, authors, notes and contents are checked before the database is touched ----------------------------


@pytest.mark.parametrize("naam, fragment", ids=lambda value: repr(value)[:24], argvalues=[
    ("x" * 10_000, "10.000 tekens"), ("x" * 121, "121 tekens"), ("", "leeg"), ("   ", "leeg"),
    ("twee\nregels", "U+000A"), ("nul\x00teken", "U+0000"), ("omgekeerd\u202e", "U+202E"),
    ("los \ud800 surrogaat", "U+D800"), (" spatie vooraan", "spatie"), (12, "moet tekst zijn"),
])
def test_a_name_that_cannot_be_stored_is_refused_in_dutch_before_the_database(store, naam, fragment):
    with pytest.raises(InvalidInputError, match=re.escape(fragment)) as error:
        store.save(Scenario(naam, package().maatregelen), "A")
    assert "Kies een naam van 1 tot 120 tekens" in str(error.value)
    assert store.list(include_deleted=True) == []


def test_odd_but_harmless_names_and_texts_round_trip(store):
    naam = "Pakket <b>2026</b> 🎉 & 'quotes' =SUM(A1)" + "é" * 70
    assert len(naam) <= 120
    scenario = package(naam=naam)
    scenario.maatregelen[0] = Measure(**{**scenario.maatregelen[0].__dict__, "toelichting": "nul\x00 en\nregels 😀"})
    store.save(scenario, "Ünïcode 👩‍💼", "notitie\nover twee regels")
    assert store.open(naam)[0] == scenario
    assert store.versions(naam)[0].notitie == "notitie\nover twee regels"


def test_looking_up_a_name_that_cannot_exist_is_simply_not_found(store):
    calls = [lambda n: store.open(n), lambda n: store.current_version(n), lambda n: store.versions(n),
             lambda n: store.delete(n), lambda n: store.freeze(n), lambda n: store.is_frozen(n),
             lambda n: store.purge(n), lambda n: store.undelete(n), lambda n: store.restore(n, 1, "A")]
    for naam in ("x" * 10_000, "nul\x00teken", "\udcff", None):
        for call in calls:
            with pytest.raises(StoreError, match="niet gevonden"):
                call(naam)


@pytest.mark.parametrize("auteur, notitie, fragment", ids=lambda value: repr(value)[:24], argvalues=[
    ("A" * 10_000, "", "auteur is 10.000 tekens"), ("nul\x00", "", "U+0000"),
    ("A", "x" * 2001, "notitie is 2.001 tekens"), ("A", "nul\x00", "U+0000"), ("A", 5, "moet tekst zijn"),
])
def test_authors_and_notes_that_cannot_be_stored_are_refused(store, auteur, notitie, fragment):
    with pytest.raises(InvalidInputError, match=re.escape(fragment)):
        store.save(package(), auteur, notitie)
    assert store.list() == []


def test_a_scenario_that_would_not_open_again_is_not_stored(store):
    broken = package()
    broken.maatregelen[0] = Measure(**{**broken.maatregelen[0].__dict__, "effect_pct": -500.0})
    with pytest.raises(InvalidInputError, match="niet meer te openen.*buiten"):
        store.save(broken, "A")
    surrogate = package()
    surrogate.maatregelen[0] = Measure(**{**surrogate.maatregelen[0].__dict__, "toelichting": "\ud800"})
    with pytest.raises(InvalidInputError, match="ongeldige tekens"):
        store.save(surrogate, "A")
    huge = package()
    huge.maatregelen[0] = Measure(**{**huge.maatregelen[0].__dict__, "toelichting": "x" * 1_000_001})
    with pytest.raises(InvalidInputError, match="te groot"):
        store.save(huge, "A")
    with pytest.raises(InvalidInputError, match="versienummer"):
        store.save(package(), "A", based_on=True)
    assert store.list() == []


def test_a_stored_version_the_code_cannot_read_gives_a_dutch_error_not_a_traceback(store):
    store.save(package(), "A")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE scenario_versies SET inhoud = :bad"), {"bad": '{"naam": 1, "maatregelen": 7}'})
    with pytest.raises(UnreadableScenarioError, match="Versie 1 van scenario 'Pakket 2026' kan niet worden geopend"):
        store.open("Pakket 2026")
    assert [s.naam for s in store.list()] == ["Pakket 2026"]
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE scenario_versies SET inhoud = 'geen json'"))
    with pytest.raises(UnreadableScenarioError):
        store.open("Pakket 2026")
    with pytest.raises(UnreadableScenarioError):
        store.export_all()


# --- the database itself: newer schema, unreachable, wrong address ------------------------------------------


def test_a_store_with_a_newer_schema_is_refused_and_left_alone(store_url):
    ScenarioStore(store_url).save(package(), "A")
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = 99"))
    with pytest.raises(SchemaTooNewError, match="schemaversie 99; deze versie van Grip kent tot en met versie 2"):
        ScenarioStore(store_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version FROM schema_version")).scalars().all() == [99]
        assert connection.execute(text("SELECT count(*) FROM scenario_versies")).scalar() == 1
    engine.dispose()


def test_an_unreachable_postgresql_server_gives_a_dutch_error(postgres_server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(StoreUnavailableError, match="niet bereikbaar") as error:
        ScenarioStore(f"postgresql+psycopg://grip:geheim@127.0.0.1:{port}/grip")
    assert "geheim" not in str(error.value)


def test_a_postgresql_database_that_disappears_while_in_use_gives_dutch_errors(postgres_server):
    url = new_database(postgres_server)
    store = ScenarioStore(url)
    store.save(package(), "A")
    take_database_away(url)
    for call in (store.list, lambda: store.open("Pakket 2026"), lambda: store.save(package(-12.0), "A", based_on=1),
                 lambda: store.import_all({"soort": "grip-scenario's", "scenarios": []})):
        with pytest.raises(StoreUnavailableError, match="niet bereikbaar"):
            call()


@pytest.mark.parametrize("url, fragment", [
    ("onzin://nergens", "geen geldige database-URL"),
    ("sqlite:////bestaat/niet/scenarios.db", "bestaat niet"),
])
def test_a_wrong_address_gives_a_dutch_error(url, fragment):
    with pytest.raises(StoreUnavailableError, match=fragment):
        ScenarioStore(url)


def test_a_folder_in_place_of_the_database_file_gives_a_dutch_error(tmp_path):
    (tmp_path / "scenarios.db").mkdir()
    with pytest.raises(StoreUnavailableError, match="geen bestand"):
        ScenarioStore(f"sqlite:///{tmp_path / 'scenarios.db'}")


# --- a damaged SQLite file is moved aside, never silently replaced ---------------------------------------------


def populated_sqlite(path: Path) -> None:
    """A store with a dozen scenarios on several pages, everything checkpointed into the main file."""
    store = ScenarioStore(f"sqlite:///{path}")
    for number in range(12):
        scenario = package(naam=f"Pakket {number}")
        scenario.maatregelen[0] = Measure(**{**scenario.maatregelen[0].__dict__, "toelichting": "x" * 3000})
        store.save(scenario, "A")
    store.engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    assert path.stat().st_size > 40_000 and not Path(f"{path}-wal").exists()


def _damage_page(path: Path) -> None:
    connection = sqlite3.connect(path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'scenario_versies'").fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(random.Random(13).randbytes(page_size))


DAMAGE = {
    "leeg (0 bytes)": lambda p: os.truncate(p, 0),
    "afgekapt tot de helft": lambda p: os.truncate(p, p.stat().st_size // 2),
    "afgekapt in de kop": lambda p: os.truncate(p, 50),
    "beschadigde pagina": _damage_page,
    "willekeurige bytes": lambda p: p.write_bytes(random.Random(7).randbytes(65536)),
    "geen SQLite-bestand": lambda p: p.write_text("naam;bedrag\nPakket;100\n"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_sqlite_file_is_moved_aside_with_a_dutch_notice(tmp_path, damage):
    path = tmp_path / "scenarios.db"
    populated_sqlite(path)
    DAMAGE[damage](path)
    damaged = path.read_bytes()
    store = ScenarioStore(f"sqlite:///{path}")
    assert store.moved_aside is not None and store.moved_aside.read_bytes() == damaged
    assert store.moved_aside.name.startswith("scenarios.db.beschadigd-")
    assert store.notice.startswith(f"De scenario-opslag {path} was beschadigd (")
    assert f"opzijgezet als {store.moved_aside}" in store.notice and "nieuwe, lege scenario-opslag" in store.notice
    assert store.list(include_deleted=True) == []
    store.save(package(), "A")
    assert path.stat().st_size > 0 and not list(tmp_path.glob(".scenarios.db.nieuw-*"))
    again = ScenarioStore(f"sqlite:///{path}")
    assert again.notice is None and [s.naam for s in again.list()] == ["Pakket 2026"]
    assert len(list(tmp_path.glob("scenarios.db.beschadigd-*"))) == 1


def test_a_new_sqlite_store_never_exists_as_an_empty_file(tmp_path):
    path = tmp_path / "scenarios.db"
    store = ScenarioStore(f"sqlite:///{path}")
    assert store.notice is None and path.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("scenarios.db-")) == ["scenarios.db"]
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version FROM schema_version").fetchall() == [(2,)]
    connection.close()


def test_damage_found_while_the_store_is_open_gives_a_dutch_error_then_a_restart_moves_it_aside(tmp_path):
    path = tmp_path / "scenarios.db"
    populated_sqlite(path)
    store = ScenarioStore(f"sqlite:///{path}")
    assert store.notice is None and len(store.list()) == 12
    store.engine.dispose()
    _damage_page(path)
    store.engine.dispose()  # the next connection reads the damaged page from disk
    for call in (store.list, lambda: store.open("Pakket 3"), lambda: store.versions("Pakket 3"),
                 lambda: store.save(package(), "A"), store.export_all):
        with pytest.raises(StoreDamagedError, match="is beschadigd; er is niets gewijzigd. Start Grip opnieuw"):
            call()
    restarted = ScenarioStore(f"sqlite:///{path}")
    assert restarted.moved_aside is not None and restarted.list() == []


def test_a_journal_left_without_its_database_is_kept_aside(tmp_path):
    path = tmp_path / "scenarios.db"
    Path(f"{path}-wal").write_bytes(b"x" * 4096)
    store = ScenarioStore(f"sqlite:///{path}")
    assert store.moved_aside.name.endswith("-wal") and store.moved_aside.read_bytes() == b"x" * 4096
    assert "logbestand" in store.notice and store.list() == []


def test_a_sqlite_database_of_another_program_is_left_alone(tmp_path):
    path = tmp_path / "ander.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE klanten (naam TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreUnavailableError, match="database van een ander programma"):
        ScenarioStore(f"sqlite:///{path}")
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]


def test_many_processes_opening_a_damaged_file_at_once_move_it_aside_once(tmp_path):
    path = tmp_path / "scenarios.db"
    populated_sqlite(path)
    os.truncate(path, 0)
    code = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from scenarios.store import ScenarioStore; "
            f"s = ScenarioStore({f'sqlite:///{path}'!r}); print(s.moved_aside or '')")
    processes = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=REPO)
                 for _ in range(4)]
    moved = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert all(p.returncode == 0 for p in processes)
    assert len([m for m in moved if m]) == 1 and len(list(tmp_path.glob("scenarios.db.beschadigd-*"))) == 1
    assert ScenarioStore(f"sqlite:///{path}").list() == []


# --- import: the whole bundle is checked before anything is stored ----------------------------------------------


def exported_version(number: int, scenario: Scenario, auteur: str = "A") -> dict:
    return {"versie": number, "auteur": auteur, "notitie": "", "opgeslagen_op": "2026-01-05T10:00:00+00:00",
            "scenario": scenario.to_json()}


def bundle() -> dict:
    return {"soort": "grip-scenario's", "versie": 1, "scenarios": [
        {"naam": "Eerste", "vastgezet": False, "verwijderd": False,
         "versies": [exported_version(1, package(naam="Eerste"))]},
        {"naam": "Pakket 2026", "vastgezet": True, "verwijderd": False,
         "versies": [exported_version(1, package()), exported_version(2, package(-12.0), "B")]},
    ]}


def _nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def _second(change):
    """A mutation of the second scenario (the first stays valid, so all-or-nothing is tested too)."""
    def mutate(data):
        change(data["scenarios"][1])
        return data
    return mutate


def _measure(change):
    return _second(lambda item: change(item["versies"][1]["scenario"]["maatregelen"][0]))


HOSTILE_BUNDLES = {
    "geen object": (lambda b: [b], "geen export van Grip-scenario's"),
    "verkeerde soort": (lambda b: {**b, "soort": "iets anders"}, "geen export van Grip-scenario's"),
    "nieuwere export": (lambda b: {**b, "versie": 99}, "nieuwere Grip"),
    "exportversie als tekst": (lambda b: {**b, "versie": "1"}, "ongeldig versienummer"),
    "scenarios geen lijst": (lambda b: {**b, "scenarios": {"Eerste": 1}}, "'scenarios' moet een lijst zijn"),
    "scenario is een lijst": (lambda b: {**b, "scenarios": [b["scenarios"][0], [1, 2]]},
                              "Scenario 2: verwacht een object"),
    "naam ontbreekt": (_second(lambda s: s.pop("naam")), "Scenario 2: 'naam' ontbreekt"),
    "naam is een getal": (_second(lambda s: s.update(naam=5)), "Scenario 2: de naam moet tekst zijn"),
    "naam van 10.000 tekens": (_second(lambda s: s.update(naam="x" * 10_000)), "is 10.000 tekens lang"),
    "naam met regeleinde": (_second(lambda s: s.update(naam="a\nb")), "U+000A"),
    "dubbele naam": (_second(lambda s: s.update(naam="Eerste")), "komt meer dan één keer voor"),
    "versies ontbreken": (_second(lambda s: s.pop("versies")), "'versies' moet een lijst"),
    "versies leeg": (_second(lambda s: s.update(versies=[])), "(leeg)"),
    "versies is een object": (_second(lambda s: s.update(versies={"1": s["versies"][0]})), "'versies' moet"),
    "versie is een lijst": (_second(lambda s: s["versies"].__setitem__(1, [])), "versie 2: verwacht een object"),
    "versies omgekeerd": (_second(lambda s: s["versies"].reverse()), "op volgorde 1, 2, 3"),
    "versie 0": (_second(lambda s: s["versies"][0].update(versie=0)), "op volgorde"),
    "dubbele versie": (_second(lambda s: s["versies"][1].update(versie=1)), "op volgorde"),
    "versienummer als tekst": (_second(lambda s: s["versies"][1].update(versie="2")), "op volgorde"),
    "versienummer true": (_second(lambda s: s["versies"][0].update(versie=True)), "op volgorde"),
    "auteur ontbreekt": (_second(lambda s: s["versies"][0].pop("auteur")), "'auteur' ontbreekt"),
    "auteur is een lijst": (_second(lambda s: s["versies"][0].update(auteur=["A"])), "'auteur' moet tekst zijn"),
    "notitie is een getal": (_second(lambda s: s["versies"][0].update(notitie=3)), "'notitie' moet tekst zijn"),
    "datum onleesbaar": (_second(lambda s: s["versies"][0].update(opgeslagen_op="gisteren")), "datum en tijd"),
    "datum ontbreekt": (_second(lambda s: s["versies"][0].pop("opgeslagen_op")), "datum en tijd"),
    "scenario ontbreekt": (_second(lambda s: s["versies"][0].pop("scenario")), "'scenario' moet een object"),
    "scenario is tekst": (_second(lambda s: s["versies"][0].update(scenario="{}")), "'scenario' moet een object"),
    "maatregelen is een object": (_second(lambda s: s["versies"][1]["scenario"].update(maatregelen={})),
                                  "'maatregelen' moet een lijst"),
    "maatregel is tekst": (_second(lambda s: s["versies"][1]["scenario"]["maatregelen"].append("x")),
                           "verwacht een object"),
    "onbekende hefboom": (_measure(lambda m: m.update(hefboom="toveren")), "onbekende hefboom"),
    "effect buiten bereik": (_measure(lambda m: m.update(effect_pct=500)), "buiten (-100, 100]"),
    "doel is een lijst": (_measure(lambda m: m.update(doel=["Wmo"])), "onbekend doel"),
    "startjaar als tekst": (_measure(lambda m: m.update(startjaar="volgend jaar")), "moet een getal zijn"),
    "effect NaN": (_measure(lambda m: m.update(effect_pct=float("nan"))), "geen JSON"),
    "taakstelling is een lijst": (_second(lambda s: s["versies"][1]["scenario"].update(taakstelling=[1])),
                                  "'taakstelling'"),
    "scenario met een andere naam": (_second(lambda s: s["versies"][1]["scenario"].update(naam="Anders")),
                                     "heet 'Anders'"),
    "vastgezet als tekst": (_second(lambda s: s.update(vastgezet="false")), "'vastgezet' moet true of false"),
    "te diep genest": (_measure(lambda m: m.update(toelichting=_nested(100_000))), "te diep genest"),
    "te groot": (_measure(lambda m: m.update(toelichting="x" * 1_100_000)), "te groot"),
    "te veel versies": (_second(lambda s: s.update(versies=s["versies"] * 10_001)), "te veel"),
    "te veel scenario's": (lambda b: {**b, "scenarios": b["scenarios"] * 501}, "het maximum is 1000"),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def import_store(request, tmp_path_factory):
    """One store per backend for the refused imports (they store nothing, so they can share it)."""
    if request.param == "sqlite":
        return ScenarioStore(f"sqlite:///{tmp_path_factory.mktemp('import') / 'scenarios.db'}")
    return ScenarioStore(new_database(request.getfixturevalue("postgres_server")))


@pytest.mark.parametrize("hostile", list(HOSTILE_BUNDLES))
def test_a_hostile_import_is_refused_in_dutch_and_stores_nothing(import_store, hostile):
    mutate, fragment = HOSTILE_BUNDLES[hostile]
    with pytest.raises(ImportRefusedError, match=re.escape(fragment)) as error:
        import_store.import_all(mutate(bundle()))
    assert str(error.value).startswith("Er is niets geïmporteerd:")
    assert import_store.list(include_deleted=True) == []


def test_an_import_names_every_problem_with_its_scenario(import_store):
    data = bundle()
    data["scenarios"][0]["versies"][0]["auteur"] = ""
    data["scenarios"][1]["versies"][1]["scenario"]["maatregelen"][0]["hefboom"] = "toveren"
    with pytest.raises(ImportRefusedError) as error:
        import_store.import_all(data)
    assert error.value.problems[0].startswith("Scenario 'Eerste', versie 1: 'auteur' is leeg")
    assert error.value.problems[1].startswith("Scenario 'Pakket 2026', versie 2: het scenario is ongeldig: "
                                              "Maatregel 'Poortwachter begeleiding': onbekende hefboom")


def test_a_valid_import_stores_every_version_in_utc(store):
    data = bundle()
    data["scenarios"][0]["versies"][0]["opgeslagen_op"] = "2026-01-05T12:00:00+02:00"
    assert store.import_all(data) == ["Eerste", "Pakket 2026"]
    assert store.versions("Eerste")[0].opgeslagen_op == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert store.open("Pakket 2026", 2)[0] == package(-12.0) and store.is_frozen("Pakket 2026")
    assert store.save(package(naam="Eerste", effect=-12.0), "C", based_on=1) == 2


def test_a_name_created_by_someone_else_during_an_import_stores_nothing_of_it(store_url):
    store, other = ScenarioStore(store_url), ScenarioStore(store_url)

    def meanwhile(stage):
        if stage == "import:gecontroleerd":
            other.save(package(), "Iemand anders")

    store.transaction_hook = meanwhile
    with pytest.raises(ImportRefusedError, match="iemand anders"):
        store.import_all(bundle())
    assert [(s.naam, s.auteur) for s in store.list(include_deleted=True)] == [("Pakket 2026", "Iemand anders")]


@pytest.mark.parametrize("content, fragment", ids=lambda value: repr(value)[:24], argvalues=[
    (b"\xff\xfe\x00x", "geen UTF-8"), (b"{\"soort\": ", "geen geldige JSON (regel 1, kolom 11)"),
    (b"[" * 100_000, "te diep genest"), (b"1" * 5000, "onleesbare waarde"), (b"[]", "geen export"),
    ("{}", "geen export"), (b" " * 50_000_001, "te groot"),
])
def test_importing_an_uploaded_file_checks_its_text_too(import_store, content, fragment):
    with pytest.raises(ImportRefusedError, match=re.escape(fragment)):
        import_store.import_json(content)
    assert import_store.list(include_deleted=True) == []


def test_importing_an_uploaded_export_round_trips(store, tmp_path):
    store.save(package(), "A", "begin")
    store.save(package(-12.0), "B", "strenger", based_on=1)
    exported = json.dumps(store.export_all(), ensure_ascii=False, indent=1).encode("utf-8")
    fresh = ScenarioStore(f"sqlite:///{tmp_path / 'ander.db'}")
    assert fresh.import_json(exported) == ["Pakket 2026"]
    assert fresh.export_all() == store.export_all()


_junk = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


@st.composite
def _valid_measure(draw, naam: str) -> dict:
    measure = {"naam": naam, "doel": draw(st.sampled_from(["Wmo", "Jeugd", "Begeleiding"])),
               "hefboom": draw(st.sampled_from(["volume", "prijs", "bedrag"])),
               "startjaar": draw(st.integers(2020, 2035)), "actief": draw(st.booleans())}
    if measure["hefboom"] == "bedrag":
        measure["bedrag"] = draw(st.floats(-1e6, 1e6))
    else:
        measure["effect_pct"] = effect = draw(st.floats(-50, 50))
        if draw(st.booleans()):
            measure["effect_min_pct"] = effect - draw(st.floats(0, 20))
            measure["effect_max_pct"] = effect + draw(st.floats(0, 20))
    if draw(st.booleans()):
        measure["toelichting"] = draw(st.text(max_size=20))
    return measure


@st.composite
def _valid_bundle(draw) -> dict:
    scenarios = []
    for naam in draw(st.lists(st.sampled_from(["Alfa", "Beta", "Gamma 🎉", "x" * 120]), max_size=3, unique=True)):
        versions = []
        for number in range(1, draw(st.integers(1, 3)) + 1):
            measures = [draw(_valid_measure(f"Maatregel {i}")) for i in range(draw(st.integers(0, 2)))]
            scenario = {"naam": naam, "maatregelen": measures}
            if draw(st.booleans()):
                scenario["taakstelling"] = {"2027": draw(st.floats(0, 1e6))}
            versions.append({"versie": number, "auteur": draw(st.sampled_from(["A", "Wethouder"])), "notitie": "",
                             "opgeslagen_op": draw(st.sampled_from(["2026-01-05T10:00:00+00:00",
                                                                    "2026-01-05T10:00:00"])),
                             "scenario": scenario})
        scenarios.append({"naam": naam, "vastgezet": draw(st.booleans()), "verwijderd": draw(st.booleans()),
                          "versies": versions})
    return {"soort": "grip-scenario's", "versie": 1, "scenarios": scenarios}


def _places(value, found):
    """Every (container, key) in a JSON value, to mutate one of them."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, inner in items:
        found.append((value, key))
        _places(inner, found)
    return found


@st.composite
def random_bundles(draw) -> dict:
    """A valid export, or one with a few places replaced by anything at all, removed or duplicated."""
    data = draw(_valid_bundle())
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        places = _places(data, [])
        if not places:
            break
        container, key = places[draw(st.integers(0, len(places) - 1))]
        action = draw(st.sampled_from(["anything", "remove", "duplicate"]))
        if action == "anything":
            container[key] = draw(_junk)
        elif action == "remove":
            del container[key]
        elif isinstance(container, list):
            container.append(json.loads(json.dumps(container[key])))
        else:
            container[f"{key}_kopie"] = container[key]
    return data


@pytest.mark.parametrize("backend, examples", [("sqlite", 250), ("postgresql", 60)])
def test_a_random_import_stores_everything_that_opens_or_nothing(backend, examples, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'scenarios.db'}" if backend == "sqlite"
           else new_database(request.getfixturevalue("postgres_server")))
    store = ScenarioStore(url)
    outcomes = {"stored": 0, "refused": 0}

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(random_bundles())
    def check(data):
        try:
            names = store.import_all(data)
        except StoreError:
            outcomes["refused"] += 1
            assert store.list(include_deleted=True) == []
            return
        outcomes["stored"] += 1
        for naam in names:
            deleted = naam in {s.naam for s in store.bin()}
            if deleted:
                store.undelete(naam)
            for saved in store.versions(naam):
                assert store.open(naam, saved.versie)[0].naam == naam
            store.delete(naam)
            store.purge(naam)
        assert store.list(include_deleted=True) == []

    check()
    print(backend, outcomes)
    assert outcomes["stored"] > 0 and outcomes["refused"] > 0, outcomes
