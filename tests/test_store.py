"""The scenario store against SQLite and a real PostgreSQL server started by the tests themselves."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from scenarios.measures import Measure, Scenario
from scenarios.store import ConflictError, ScenarioStore, StoreError, diff
from tests.factories import REPO


def package(effect: float = -10.0, naam: str = "Pakket 2026") -> Scenario:
    return Scenario(naam, [
        Measure(naam="Poortwachter begeleiding", doel="Begeleiding", hefboom="volume", startjaar=2026,
                effect_pct=effect, effect_min_pct=-15.0, effect_max_pct=-4.0, ingroei_jaren=2, kosten_per_jaar=40000.0),
        Measure(naam="Besparing vervoer", doel="Wmo", hefboom="bedrag", startjaar=2026, bedrag=-120000.0),
    ], {2027: 750000.0})


# --- PostgreSQL, started on a free local port ---------------------------------------------------------------


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_server():
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.fail("PostgreSQL ontbreekt: `make test` installeert Debian's postgresql.")
    folder = tempfile.mkdtemp(prefix="grip-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = os.path.join(folder, "data")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run(_as_postgres_user([initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres_user([pg_ctl, "-D", data, "-w", "-l", os.path.join(folder, "log"), "-o",
                                      f"-p {port} -k {folder} -h 127.0.0.1", "start"]), check=True,
                   capture_output=True)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    yield url
    subprocess.run(_as_postgres_user([pg_ctl, "-D", data, "-m", "fast", "stop"]), capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scenarios.db'}"
    server = request.getfixturevalue("postgres_server")
    name = f"grip_test_{os.getpid()}_{next(_databases)}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{server}/{name}"


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
