"""Measures on a known baseline: exact values per lever, ramp-up, end year, domain targets, attribution."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.apply import apply_point, ramp_share
from scenarios.measures import Measure, Scenario, ScenarioError, loads, parse_scenario
from tests.factories import REPO, SAMPLE

YEARS = [2025, 2026, 2027, 2028]
NAMES = ["Begeleiding", "Hulp bij het huishouden", "Jeugdhulp"]
DOMAINS = ["Wmo", "Wmo", "Jeugd"]
COST = np.array([[1000.0] * 4, [3000.0] * 4, [2000.0] * 4])
CLIENTS = np.array([[10.0] * 4, [30.0] * 4, [20.0] * 4])


def measure(**changes) -> Measure:
    values = {"naam": "m", "doel": "Begeleiding", "hefboom": "volume", "effect_pct": -10.0, "startjaar": 2025}
    values.update(changes)
    return Measure(**values)


def run(*measures):
    return apply_point(COST, CLIENTS, YEARS, NAMES, DOMAINS, list(measures))


def test_a_volume_measure_scales_clients_and_cost():
    cost, clients, effects, _ = run(measure())
    assert cost[0].tolist() == pytest.approx([900.0] * 4)
    assert clients[0].tolist() == pytest.approx([9.0] * 4)
    assert cost[1:].tolist() == COST[1:].tolist()


def test_a_price_measure_scales_cost_but_not_clients():
    cost, clients, _, _ = run(measure(hefboom="prijs", effect_pct=-5.0))
    assert cost[0].tolist() == pytest.approx([950.0] * 4)
    assert clients[0].tolist() == [10.0] * 4


def test_a_volume_measure_with_two_year_ramp_halves_its_effect_in_the_first_year():
    cost, _, _, _ = run(measure(startjaar=2026, ingroei_jaren=2))
    assert cost[0].tolist() == pytest.approx([1000.0, 950.0, 900.0, 900.0])


def test_a_measure_stops_after_its_end_year():
    cost, _, _, impl = run(measure(eindjaar=2026, kosten_per_jaar=30.0))
    # -10% of 1000 plus 30 implementation cost in 2025 and 2026; nothing after the end year
    assert cost[0].tolist() == pytest.approx([930.0, 930.0, 1000.0, 1000.0])
    assert impl[0, 0].tolist() == [30.0, 30.0, 0.0, 0.0]


def test_ramp_share_follows_the_formula():
    share = ramp_share(measure(startjaar=2026, ingroei_jaren=3, eindjaar=2030), np.arange(2025, 2032))
    assert share.tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1, 1, 1, 0])


def test_two_volume_measures_on_one_voorziening_multiply():
    cost, _, effects, _ = run(measure(naam="a"), measure(naam="b"))
    assert cost[0].tolist() == pytest.approx([810.0] * 4)
    assert effects[0, 0, 0] == pytest.approx(effects[1, 0, 0])
    assert effects[:, 0, 0].sum() == pytest.approx(-190.0)


def test_a_domain_target_applies_to_each_of_its_voorzieningen():
    cost, _, _, _ = run(measure(doel="Wmo"))
    assert cost[:, 0].tolist() == pytest.approx([900.0, 2700.0, 2000.0])


def test_a_fixed_amount_on_a_domain_is_spread_by_baseline_cost():
    cost, _, effects, _ = run(measure(doel="Wmo", hefboom="bedrag", effect_pct=None, bedrag=-400.0,
                                      startjaar=2026, ingroei_jaren=2))
    assert cost[:, 0].tolist() == pytest.approx([1000.0, 3000.0, 2000.0])
    assert cost[:, 1].tolist() == pytest.approx([950.0, 2850.0, 2000.0])  # -200 spread 1:3
    assert cost[:, 2].tolist() == pytest.approx([900.0, 2700.0, 2000.0])
    assert effects[0, :, 2].sum() == pytest.approx(-400.0)


def test_implementation_cost_counts_in_every_active_year_and_is_spread_over_a_domain():
    cost, _, effects, impl = run(measure(doel="Wmo", effect_pct=0.0, kosten_per_jaar=40000.0, startjaar=2026,
                                         ingroei_jaren=3))
    assert impl[0].sum(axis=0).tolist() == pytest.approx([0.0, 40000.0, 40000.0, 40000.0])
    assert impl[0, 0, 1] == pytest.approx(10000.0) and impl[0, 1, 1] == pytest.approx(30000.0)
    assert (cost - COST).sum(axis=0).tolist() == pytest.approx([0.0, 40000.0, 40000.0, 40000.0])


measures_strategy = st.lists(
    st.builds(
        lambda lever, effect, doel, start, ramp, cost: measure(
            naam=f"m{effect}", hefboom=lever, doel=doel, startjaar=start, ingroei_jaren=ramp,
            effect_pct=None if lever == "bedrag" else effect, bedrag=effect * 10 if lever == "bedrag" else None,
            kosten_per_jaar=cost),
        st.sampled_from(["volume", "prijs", "bedrag"]), st.floats(-60, 60), st.sampled_from(NAMES + ["Wmo", "Jeugd"]),
        st.integers(2024, 2028), st.integers(1, 4), st.sampled_from([0.0, 50.0]),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(measures_strategy, st.randoms())
def test_effects_add_up_to_scenario_minus_baseline_in_any_order(measures, random):
    cost, _, effects, impl = run(*measures)
    np.testing.assert_allclose(effects.sum(axis=0) + impl.sum(axis=0), cost - COST, atol=1e-6)
    shuffled = list(measures)
    random.shuffle(shuffled)
    cost2, _, effects2, _ = run(*shuffled)
    np.testing.assert_allclose(cost2, cost, rtol=1e-12)
    by_name = {m.naam + str(i): effects[i].sum() for i, m in enumerate(measures)}
    assert sorted(np.round(list(by_name.values()), 6)) == sorted(np.round(effects2.sum(axis=(1, 2)), 6))


@settings(max_examples=100, deadline=None)
@given(st.floats(-90, 90), st.floats(0, 9), st.sampled_from(["volume", "prijs"]), measures_strategy)
def test_a_stronger_saving_never_raises_cost(effect, extra, lever, others):
    weak, _, _, _ = run(measure(hefboom=lever, effect_pct=effect), *others)
    strong, _, _, _ = run(measure(hefboom=lever, effect_pct=effect - extra), *others)
    assert (strong <= weak + 1e-9).all()


# --- validation ---------------------------------------------------------------------------------


def scenario_with(**changes):
    item = {"naam": "Poortwachter", "doel": "Begeleiding", "hefboom": "volume", "effect_pct": -10,
            "startjaar": 2026}
    item.update(changes)
    return {"naam": "Pakket", "maatregelen": [item]}


@pytest.mark.parametrize("changes, message", [
    ({"doel": "Bibliotheek"}, "onbekend doel 'Bibliotheek'"),
    ({"hefboom": "magie"}, "onbekende hefboom 'magie'"),
    ({"effect_pct": -100}, "ligt buiten (-100, 100]"),
    ({"effect_pct": 150}, "ligt buiten (-100, 100]"),
    ({"startjaar": "volgend jaar"}, "'startjaar' moet een getal zijn"),
    ({"eindjaar": 2025}, "eindjaar 2025 ligt vóór startjaar 2026"),
    ({"effect_min_pct": -4, "effect_max_pct": -15}, "is groter dan 'effect_max_pct'"),
])
def test_a_bad_measure_is_reported_in_dutch_naming_the_measure(changes, message):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(scenario_with(**changes), NAMES)
    assert any(message in p and "Maatregel 'Poortwachter'" in p for p in error.value.problems), error.value.problems


def test_a_scenario_with_one_bad_measure_is_not_applied_half():
    data = scenario_with()
    data["maatregelen"].append({"naam": "Fout", "doel": "Wmo", "hefboom": "bedrag", "bedrag": "veel",
                                "startjaar": 2026})
    with pytest.raises(ScenarioError) as error:
        parse_scenario(data, NAMES)
    assert error.value.problems == ["Maatregel 'Fout': 'bedrag' moet een getal zijn, niet 'veel'."]


def test_the_json_form_round_trips():
    text = (REPO / "data" / "voorbeeldscenario.json").read_text(encoding="utf-8")
    scenario = loads(text, NAMES + ["Vervoer"])
    assert len(scenario.maatregelen) == 4 and scenario.taakstelling[2027] == 750000
    again = loads(scenario.dumps(), NAMES + ["Vervoer"])
    assert again == scenario


def test_a_domain_name_and_voorziening_match_without_case():
    scenario = parse_scenario(scenario_with(doel="wmo"), NAMES)
    assert scenario.maatregelen[0].doel == "Wmo"


def test_broken_json_names_line_and_column():
    with pytest.raises(ScenarioError) as error:
        loads('{"naam": "x",\n "maatregelen": [}', NAMES)
    assert "regel 2" in error.value.problems[0]


# --- on the sample gemeente and through the command line -------------------------------------------


@pytest.fixture(scope="module")
def sample_baseline():
    from forecasting.input.validation import load_dataset
    from forecasting.model.baseline import build_baseline

    dataset, _ = load_dataset(SAMPLE)
    return dataset, build_baseline(dataset, model="linear")


def test_the_scenario_band_and_overspending_probability_come_from_a_seeded_simulation(sample_baseline):
    from presentation.tables import comparison_frame
    from scenarios.apply import apply_scenario
    from scenarios.budget import compare

    def comparison(dataset, baseline, result):
        return comparison_frame(compare(baseline.projection, result.projection, dataset))

    dataset, baseline = sample_baseline
    scenario = loads((REPO / "data" / "voorbeeldscenario.json").read_text(encoding="utf-8"), baseline.voorzieningen)
    first = comparison(dataset, baseline, apply_scenario(baseline, scenario))
    second = comparison(dataset, baseline, apply_scenario(baseline, scenario))
    pd.testing.assert_frame_equal(first, second)
    totals = first.loc[(first["domein"] == "Wmo") & (first["voorziening"] == "Totaal")].set_index("jaar")
    assert (totals["scenario"] < totals["basisprognose"]).loc[2027:].all()
    assert totals["kans_overschrijding"].between(0, 1).all()
    assert totals.loc[2029, "nv"].endswith("N")


def test_the_command_line_writes_scenario_budget_and_measure_rows(tmp_path):
    out = tmp_path / "s.csv"
    result = subprocess.run(
        [sys.executable, "-m", "scenarios", "--data", str(SAMPLE), "--scenario", str(REPO / "data" /
         "voorbeeldscenario.json"), "--model", "linear", "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out)
    assert set(frame["reeks"]) == {"realisatie", "basisprognose", "scenario", "begroting"}
    budget = frame.loc[frame["reeks"] == "begroting"]
    assert set(budget["domein"]) == {"Wmo", "Jeugd", "Totaal"}
    effects = pd.read_csv(tmp_path / "s.maatregelen.csv")
    assert list(effects.columns) == ["jaar", "maatregel", "domein", "voorziening", "effect", "uitvoeringskosten"]
    parts = frame.loc[frame["voorziening"] != "Totaal"]
    scen = parts.loc[parts["reeks"] == "scenario"].groupby("jaar")["bedrag"].sum()
    base = parts.loc[parts["reeks"] == "basisprognose"].groupby("jaar")["bedrag"].sum()
    delivered = effects.groupby("jaar")[["effect", "uitvoeringskosten"]].sum().sum(axis=1)
    assert (scen - base).to_numpy() == pytest.approx(delivered.to_numpy(), abs=0.1)


def test_a_bad_scenario_exits_2_naming_the_measure(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario_with(doel="Bibliotheek")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scenarios", "--data", str(SAMPLE), "--scenario", str(path), "--model", "flat",
         "--out", str(tmp_path / "x.csv")], capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert result.returncode == 2
    assert "Maatregel 'Poortwachter': onbekend doel 'Bibliotheek'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_an_inactive_measure_has_no_effect():
    scenario = Scenario("s", [measure(actief=False), measure(naam="aan", effect_pct=-20.0)])
    assert [m.naam for m in scenario.active] == ["aan"]
    cost, _, effects, _ = run(*scenario.active)
    assert cost[0].tolist() == pytest.approx([800.0] * 4)  # only the active -20% counts
    assert effects.shape[0] == 1


def test_the_editor_table_keeps_the_indicator_a_measure_should_move():
    from scenarios.measures import measures_frame, scenario_from_frame

    scenario = Scenario("s", [measure(indicator="Cliënten per 1.000 inwoners 18-64: Begeleiding")])
    back = scenario_from_frame("s", measures_frame(scenario), NAMES)
    assert back.maatregelen[0].indicator == "Cliënten per 1.000 inwoners 18-64: Begeleiding"
