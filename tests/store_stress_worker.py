"""One worker of the store stress test (tests/test_store_stress.py).

It saves new scenarios and updates shared and its own scenarios as fast as it can until it is killed. Every
save carries a unique token (in the note and in the first measure's explanation) and the version it was based
on. A save counts as acknowledged only when its line is in the log and fsync'ed, which happens after `save`
returned, so the test may demand that every acknowledged save is in the store.
"""

from __future__ import annotations

import json
import os
import random
import traceback

from scenarios.measures import Measure, Scenario
from scenarios.store import ConflictError, ScenarioStore

SHARED = ("Gedeeld 1", "Gedeeld 2", "Gedeeld 3")


def scenario(naam: str, token: str, rng: random.Random) -> Scenario:
    padding = "x" * rng.choice([0, 0, 200, 5_000, 60_000])  # some saves are large, so kills land inside them
    return Scenario(naam, [
        Measure(naam="Poortwachter begeleiding", doel="Begeleiding", hefboom="volume", startjaar=2026,
                effect_pct=round(rng.uniform(-14.0, -5.0), 2), effect_min_pct=-15.0, effect_max_pct=-4.0,
                ingroei_jaren=2, toelichting=f"{token} {padding}".strip()),
        Measure(naam="Besparing vervoer", doel="Wmo", hefboom="bedrag", startjaar=2026,
                bedrag=-round(rng.uniform(1e4, 2e5), 2)),
    ], {2027: 750000.0})


def note(token: str, based_on: int | None) -> str:
    return json.dumps({"token": token, "based_on": based_on})


def run(url: str, folder: str, worker: int, generation: int, seed: int) -> None:
    log = open(os.path.join(folder, f"w{worker}-g{generation}.log"), "a", encoding="utf-8")  # noqa: SIM115

    def write(entry: dict, sync: bool = False) -> None:
        log.write(json.dumps(entry) + "\n")
        log.flush()
        if sync:
            os.fsync(log.fileno())

    try:
        rng = random.Random(seed)
        store = ScenarioStore(url)
        write({"gestart": worker, "generatie": generation})
        own: dict[str, int] = {}
        count = 0
        while True:
            count += 1
            token = f"w{worker}g{generation}n{count}"
            roll, stale = rng.random(), False
            if roll < 0.2 or (not own and roll > 0.85):
                naam, based_on = f"Nieuw {token}", None
            elif roll < 0.85:
                naam = rng.choice(SHARED)
                based_on = store.current_version(naam)
                if based_on > 1 and rng.random() < 0.1:
                    based_on, stale = based_on - 1, True  # deliberately out of date: must be refused
            else:
                naam = rng.choice(sorted(own))
                based_on = own[naam]
            write({"poging": token, "naam": naam, "based_on": based_on, "verouderd": stale})
            try:
                version = store.save(scenario(naam, token, rng), f"werker {worker}", note(token, based_on),
                                     based_on=based_on)
            except ConflictError as error:
                write({"conflict": token, "naam": naam, "based_on": based_on, "actueel": error.current,
                       "verouderd": stale})
                continue
            write({"ack": token, "naam": naam, "versie": version, "based_on": based_on, "verouderd": stale},
                  sync=True)
            if naam not in SHARED:
                own[naam] = version
    except BaseException:  # noqa: BLE001 - any failure of a worker fails the test, with its traceback
        write({"fout": traceback.format_exc()}, sync=True)
        raise
