"""The scenario store under pressure: 8 processes saving and updating the same and new scenarios while
workers are killed with SIGKILL at random moments, on SQLite and on PostgreSQL.

Afterwards every acknowledged save must be in the store with its own content, every stored version must be
built on the version just before it (so no save silently overwrote another), deliberately stale saves must all
have been refused, the database's own integrity checks must pass and every version must open.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from scenarios.store import ScenarioStore
from tests import store_stress_worker as worker_module
from tests.store_support import new_database, postgres_server_url

WORKERS = 8
SECONDS = 22


def _start(context, url: str, folder: Path, worker: int, generation: int, seed: int):
    process = context.Process(target=worker_module.run, args=(url, str(folder), worker, generation, seed),
                              daemon=True)
    process.start()
    return process


def _entries(folder: Path) -> list[dict]:
    """Every complete log line; only a file's last line may be torn by a kill (it was not acknowledged)."""
    entries = []
    for log in sorted(folder.glob("w*-g*.log")):
        lines = log.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines):
            if not line:
                continue
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                assert number == len(lines) - 1, f"{log.name}: onleesbare regel {number + 1} midden in het log"
    return entries


def _consistency(store: ScenarioStore) -> dict:
    """Version numbers and references, checked in SQL (both backends), plus each backend's own checks."""
    found = {}
    with store.engine.connect() as connection:
        found["versies_niet_1_tot_n"] = connection.execute(text(
            "SELECT count(*) FROM scenarios s WHERE s.huidige_versie <> (SELECT count(*) FROM scenario_versies v "
            "WHERE v.scenario_id = s.id) OR s.huidige_versie <> (SELECT max(versie) FROM scenario_versies v "
            "WHERE v.scenario_id = s.id)")).scalar()
        found["losse_versies"] = connection.execute(text(
            "SELECT count(*) FROM scenario_versies v LEFT JOIN scenarios s ON s.id = v.scenario_id "
            "WHERE s.id IS NULL")).scalar()
        found["dubbele_versies"] = connection.execute(text(
            "SELECT count(*) FROM (SELECT scenario_id, versie FROM scenario_versies GROUP BY scenario_id, versie "
            "HAVING count(*) > 1) d")).scalar()
        if connection.dialect.name == "sqlite":
            found["integrity_check"] = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            found["foreign_key_check"] = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        else:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = connection.execute(text(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid IN ('scenarios'::regclass, 'scenario_versies'::regclass)")).scalars().all()
            for index in indexes:  # raises on a damaged B-tree or a row missing from its index
                connection.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
            found["amcheck_indexen"] = len(indexes)
            found["constraints"] = sorted(connection.execute(text(
                "SELECT contype FROM pg_constraint WHERE conrelid IN ('scenarios'::regclass, "
                "'scenario_versies'::regclass)")).scalars().all())
            connection.commit()
    return found


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_no_acknowledged_save_is_lost_or_overwritten_under_kills(backend, tmp_path):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'scenarios.db'}"
    else:
        server = postgres_server_url()
        if server is None:
            pytest.fail("PostgreSQL ontbreekt: `make test` installeert Debian's postgresql.")
        url = new_database(server)
    rng = random.Random(13 if backend == "sqlite" else 31)
    setup = ScenarioStore(url)
    for number, naam in enumerate(worker_module.SHARED):
        token = f"start{number}"
        setup.save(worker_module.scenario(naam, token, rng), "start", worker_module.note(token, None))
    setup.engine.dispose()
    logs = tmp_path / "logs"
    logs.mkdir()

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["scenarios.store", "tests.store_stress_worker", "sqlite3", "psycopg",
                                    "sqlalchemy.dialects.postgresql.psycopg"])
    generations = [0] * WORKERS
    workers = [_start(context, url, logs, i, 0, rng.randrange(2**32)) for i in range(WORKERS)]
    kills = 0
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(0.05, 0.5))  # when to kill; nothing depends on where in a save it lands
        victim = rng.randrange(WORKERS)
        process = workers[victim]
        assert process.exitcode is None, f"werker {victim} stopte zelf (exitcode {process.exitcode}); zie het log"
        process.kill()
        process.join(30)
        kills += 1
        generations[victim] += 1
        workers[victim] = _start(context, url, logs, victim, generations[victim], rng.randrange(2**32))
    for process in workers:
        assert process.exitcode is None, f"een werker stopte zelf (exitcode {process.exitcode})"
        process.kill()
        process.join(30)
    kills += WORKERS

    checking = time.monotonic()
    entries = _entries(logs)
    failures = [e["fout"] for e in entries if "fout" in e]
    assert not failures, failures[0]
    acks = [e for e in entries if "ack" in e]
    conflicts = [e for e in entries if "conflict" in e]
    stale = [e for e in entries if "poging" in e and e["verouderd"]]

    store = ScenarioStore(url)
    assert store.notice is None and store.moved_aside is None
    exported = {item["naam"]: item for item in store.export_all()["scenarios"]}
    stored_tokens = {}
    for naam, item in exported.items():
        numbers = [v["versie"] for v in item["versies"]]
        assert numbers == list(range(1, len(numbers) + 1)), naam
        for version in item["versies"]:
            meta = json.loads(version["notitie"])
            # built on the version just before it: nobody's save replaced or skipped another's
            assert meta["based_on"] == (None if version["versie"] == 1 else version["versie"] - 1), (naam, version)
            assert meta["token"] not in stored_tokens, f"token {meta['token']} twee keer opgeslagen"
            stored_tokens[meta["token"]] = (naam, version["versie"])
    lost = [a for a in acks if stored_tokens.get(a["ack"]) != (a["naam"], a["versie"])]
    assert not lost, f"{len(lost)} bevestigde opslagen ontbreken of staan op een andere plek: {lost[:3]}"
    assert len({(a["naam"], a["versie"]) for a in acks}) == len(acks), "twee bevestigingen voor dezelfde versie"
    assert not [a for a in acks if a["verouderd"]], "een opslag op een verouderde versie werd niet geweigerd"
    opened, in_bin = 0, {s.naam for s in store.bin()}
    for naam, item in exported.items():
        if naam in in_bin:
            continue
        for version in item["versies"]:
            scenario, _ = store.open(naam, version["versie"])
            token = json.loads(version["notitie"])["token"]
            assert scenario.maatregelen[0].toelichting.split(" ")[0] == token
            opened += 1
    consistency = _consistency(store)
    assert consistency["versies_niet_1_tot_n"] == 0 and consistency["losse_versies"] == 0
    assert consistency["dubbele_versies"] == 0
    if backend == "sqlite":
        assert consistency["integrity_check"] == "ok" and consistency["foreign_key_check"] == []
        assert not list(tmp_path.glob("scenarios.db.beschadigd-*"))
    else:
        assert consistency["amcheck_indexen"] >= 3 and "u" in consistency["constraints"]
        assert "f" in consistency["constraints"]
    summary = {
        "backend": backend, "processen": WORKERS, "seconden": SECONDS, "kills": kills,
        "bevestigde_opslagen": len(acks), "conflicten_gemeld": len(conflicts),
        "verouderde_pogingen_geweigerd": len([c for c in conflicts if c["verouderd"]]),
        "verouderde_pogingen": len(stale), "opgeslagen_versies": len(stored_tokens),
        "pogingen_midden_in_opslaan_gedood": len({e["poging"] for e in entries if "poging" in e}
                                                 - {e.get("ack") or e.get("conflict") for e in acks + conflicts}),
        "opgeslagen_zonder_bevestiging": len(stored_tokens) - len(acks) - len(worker_module.SHARED),
        "verloren": len(lost), "geopend": opened, "scenarios": len(exported), "controle": consistency,
        "seconden_controle": round(time.monotonic() - checking, 1),
    }
    print(json.dumps(summary, ensure_ascii=False))
    assert len(acks) > 100 and kills > 30 and len(conflicts) > 10, summary
