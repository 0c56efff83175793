"""Kept year-ends (scenarios/snapshots.py) on SQLite and PostgreSQL, and the comparison of two stands with its
main cause (scenarios/snapshot_change.py), computed by hand."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from scenarios.snapshot_change import by_domain, change_between, change_parts, expected_clients, main_cause
from scenarios.snapshots import Figure, Snapshot, SnapshotStore, standen
from scenarios.store import ScenarioStore
from scenarios.store_errors import InvalidInputError

T0 = datetime(2025, 4, 15, 9, 0, tzinfo=UTC)


def figure(voorziening, verwacht, clienten, eenmalig=0.0, domein="Wmo", begroting=1_000_000.0):
    return Figure(domein, voorziening, verwacht / 2, verwacht, verwacht * 0.9, verwacht * 1.1, begroting, eenmalig,
                  clienten)


PREVIOUS = Snapshot("Voorbeeld", "voorjaarsnota", 2025, (
    figure("Begeleiding", 1_000_000, 100), figure("Vervoer", 500_000, 50),
    figure("Jeugdhulp", 2_000_000, math.nan, domein="Jeugd")), tm_maand=3, auteur="Anna", gemaakt_op=T0)
CURRENT = Snapshot("Voorbeeld", "najaarsnota", 2025, (
    figure("Begeleiding", 1_210_000, 120), figure("Vervoer", 650_000, 50, eenmalig=120_000),
    figure("Jeugdhulp", 1_950_000, math.nan, domein="Jeugd")), tm_maand=9, auteur="Bert",
    gemaakt_op=T0 + timedelta(days=180))


def test_the_change_per_voorziening_splits_into_clients_cost_per_client_and_a_one_off_by_hand():
    # Begeleiding: 100 clients at 10.000 -> 120 clients at 10.083,33; R from 1.000.000 to 1.210.000
    # L = 210.000 / ln 1,21; clients = L ln 1,2 = 200.857; cost per client = L ln(10.083,33 / 10.000) = 9.143
    parts = change_parts(PREVIOUS.figures[0], CURRENT.figures[0])
    clients = 210_000 * math.log(1.2) / math.log(1.21)
    assert parts["clienten"] == pytest.approx(clients, abs=0.01) and round(clients) == 200_857
    assert parts["kosten_per_client"] == pytest.approx(210_000 - clients, abs=0.01)
    assert parts["eenmalig"] == 0 and parts["overig"] == 0
    assert main_cause(parts)[1] == "meer cliënten"
    # Vervoer: same 50 clients, 120.000 one-off; the rest 530.000 - 500.000 = 30.000 is cost per client
    parts = change_parts(PREVIOUS.figures[1], CURRENT.figures[1])
    assert parts == pytest.approx({"clienten": 0.0, "kosten_per_client": 30_000.0, "eenmalig": 120_000.0,
                                   "overig": 0.0}, abs=0.01)
    assert main_cause(parts)[1] == "een eenmalige boeking"
    # Jeugdhulp without clients: the whole change is 'overig', 50.000 lower
    parts = change_parts(PREVIOUS.figures[2], CURRENT.figures[2])
    assert parts["overig"] == pytest.approx(-50_000) and main_cause(parts)[1].startswith("lagere kosten")


def test_per_domein_the_parts_add_up_to_the_change_and_name_the_largest():
    table = change_between(PREVIOUS, CURRENT)
    parts = table[["clienten", "kosten_per_client", "eenmalig", "overig"]].sum(axis=1)
    assert (parts - table["verschil"]).abs().max() < 1e-6
    domains = by_domain(table).set_index("domein")
    wmo = domains.loc["Wmo"]
    assert wmo["vorige"] == 1_500_000 and wmo["nu"] == 1_860_000 and wmo["verschil"] == 360_000
    assert wmo["clienten"] == pytest.approx(200_857.5, abs=1) and wmo["eenmalig"] == 120_000
    assert wmo["kosten_per_client"] == pytest.approx(39_142.5, abs=1)
    assert wmo["oorzaak"] == "meer cliënten"
    assert domains.loc["Jeugd", "verschil"] == -50_000


def test_a_voorziening_in_one_stand_only_counts_from_zero():
    previous = Snapshot("Voorbeeld", "voorjaarsnota", 2025, PREVIOUS.figures[:1], gemaakt_op=T0)
    table = change_between(previous, CURRENT).set_index("voorziening")
    assert table.loc["Vervoer", "overig"] == 650_000 and table.loc["Vervoer", "verschil"] == 650_000


def test_expected_clients_grow_with_the_in_year_clients_against_the_same_months_last_year():
    tussentijds = pd.DataFrame({"jaar": [2024, 2024, 2024, 2025, 2025], "periode": ["1", "2", "3", "1", "2"],
                                "voorziening": ["B"] * 5, "clienten": [100, 110, 120, 126, 136],
                                "kosten": [1.0] * 5})
    realisatie = pd.DataFrame({"jaar": [2024], "voorziening": ["B"], "clienten": [200.0], "kosten": [1.0]})
    # months 1-2: mean 131 now against 105 a year ago: 200 * 131 / 105 = 249,52
    assert expected_clients(tussentijds, realisatie, "B", 2025, 180.0) == pytest.approx(200 * 131 / 105)
    assert expected_clients(tussentijds.assign(clienten=math.nan), realisatie, "B", 2025, 180.0) == 180.0
    # a region: two gemeenten with half the clients each count together, the same answer
    halves = pd.concat([tussentijds.assign(clienten=tussentijds["clienten"] / 2, gemeente=g) for g in "XY"])
    region = pd.concat([realisatie.assign(clienten=100.0, gemeente=g) for g in "XY"])
    assert expected_clients(halves, region, "B", 2025, 180.0) == pytest.approx(200 * 131 / 105)


# --- the store, on SQLite and PostgreSQL -------------------------------------------------------------------




def test_stands_are_kept_per_gemeente_and_year_and_read_back_whole(store_url):
    store = SnapshotStore(store_url)
    first = store.save(PREVIOUS)
    second = store.save(CURRENT)
    store.save(Snapshot("Andere gemeente", "najaarsnota", 2025, CURRENT.figures, gemaakt_op=T0))
    kept = store.list("Voorbeeld", 2025)
    assert [s.id for s in kept] == [second.id, first.id]  # newest first
    assert kept[0].moment == "najaarsnota" and kept[0].auteur == "Bert" and kept[0].tm_maand == 9
    assert kept[0].gemaakt_op == CURRENT.gemaakt_op and kept[0].gemaakt_op.tzinfo is not None
    back = kept[1].figure("Begeleiding")
    assert back.verwacht == 1_000_000 and back.clienten == 100 and back.kosten_per_client == 10_000
    assert math.isnan(kept[1].figure("Jeugdhulp").clienten)
    with store.engine.connect() as connection:  # the JSON names every figure, cost per client included
        raw = connection.execute(select(standen.c.cijfers).where(standen.c.id == first.id)).scalar_one()
    assert json.loads(raw)[0] == {"domein": "Wmo", "voorziening": "Begeleiding", "gerealiseerd": 500_000,
                                  "verwacht": 1_000_000, "ondergrens": 900_000, "bovengrens": 1_100_000,
                                  "begroting": 1_000_000, "eenmalig": 0, "clienten": 100,
                                  "kosten_per_client": 10_000}
    assert json.loads(raw)[2]["clienten"] is None and json.loads(raw)[2]["kosten_per_client"] is None
    assert store.list("Voorbeeld", 2024) == []
    # the previous report for the current stand (kept or not) is the voorjaarsnota, never itself
    assert store.previous(second).id == first.id
    assert store.previous(CURRENT).id == first.id
    assert store.previous(first) is None
    # figures through May, made after both: the September stand holds later months, so it is not the previous report
    may = replace(CURRENT, moment="kwartaalrapportage K1", tm_maand=5,
                  gemaakt_op=CURRENT.gemaakt_op + timedelta(days=1))
    assert store.previous(may).id == first.id
    # a second SnapshotStore on the same database finds the table and the stands
    assert len(SnapshotStore(store_url).list("Voorbeeld")) == 2


def test_the_snapshot_table_lives_beside_the_scenarios_in_the_same_database(store_url):
    scenarios = ScenarioStore(store_url)
    store = SnapshotStore(engine=scenarios.engine, where=scenarios.where)
    store.save(PREVIOUS)
    assert scenarios.list() == [] and len(store.list("Voorbeeld")) == 1


def test_a_stand_with_an_unknown_moment_is_refused_in_dutch(tmp_path):
    store = SnapshotStore(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(InvalidInputError, match="Onbekend P&C-moment 'begroting'"):
        store.save(Snapshot("Voorbeeld", "begroting", 2025, CURRENT.figures))
    assert store.list("Voorbeeld") == []
