"""The projection type and the budget comparison on numbers a reader can check by hand (no fitting)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from forecasting.model.projection import TOTAL
from presentation.story import what_measures_do, what_remains
from presentation.tables import comparison_frame, effects_frame
from scenarios.apply import apply_scenario, simulate_draws
from scenarios.budget import BudgetComparison
from scenarios.measures import Measure, Scenario
from tests.factories import budget, projection

COST = [[100.0, 110.0], [200.0, 220.0], [400.0, 380.0]]  # v0, v1 in Wmo; v2 in Jeugd; years 2025, 2026


def test_totals_per_domein_and_overall_are_sums_of_the_voorzieningen():
    p = projection(COST)
    assert p.total("Wmo").tolist() == [300.0, 330.0]
    assert p.total("Jeugd").tolist() == [400.0, 380.0]
    assert p.total().tolist() == [700.0, 710.0]
    assert p.total(TOTAL).tolist() == [700.0, 710.0]
    assert {d: p.total(d).tolist() for d in p.domain_names} == {"Wmo": [300.0, 330.0], "Jeugd": [400.0, 380.0]}
    assert p.point(voorziening="v1").tolist() == [200.0, 220.0]


def test_a_missing_value_is_left_out_of_its_domein_but_the_overall_total_needs_every_domein():
    p = projection([[100.0, np.nan], [200.0, 220.0], [np.nan, 380.0]])
    assert p.total("Wmo").tolist() == [300.0, 220.0]
    assert np.isnan(p.total("Jeugd")[0]) and p.total("Jeugd")[1] == 380.0
    assert np.isnan(p.total()[0]) and p.total()[1] == 600.0


def test_the_band_of_a_total_is_taken_from_summed_draws_and_lands_on_the_percentiles():
    # 11 draws; v0 runs 0, 10, ..., 100 and v1 is 5 in every draw: the total's P10 is 15 and P90 95
    draws = np.zeros((11, 2, 1))
    draws[:, 0, 0] = np.arange(0, 101, 10)
    draws[:, 1, 0] = 5.0
    p = projection([[50.0], [5.0]], domains=("Wmo", "Wmo"), draws=draws)
    low, high = p.band(0.8)
    assert (low.tolist(), high.tolist()) == ([15.0], [95.0])
    low_v, high_v = p.voorziening_bands(0.8)
    assert low_v[:, 0].tolist() == [10.0, 5.0] and high_v[:, 0].tolist() == [90.0, 5.0]


def test_the_band_of_a_total_is_narrower_than_the_sum_of_bands_when_draws_offset_each_other():
    draws = np.zeros((11, 2, 1))
    draws[:, 0, 0] = np.arange(0, 101, 10)
    draws[:, 1, 0] = 100 - np.arange(0, 101, 10)  # perfectly offsetting
    p = projection([[50.0], [50.0]], domains=("Wmo", "Wmo"), draws=draws)
    low, high = p.band(0.8)
    assert (low.tolist(), high.tolist()) == ([100.0], [100.0])


def test_the_probability_of_overspending_is_the_share_of_draws_above_the_budget():
    draws = np.arange(1, 1001, dtype=float).reshape(1000, 1, 1)  # uniform on 1..1000
    p = projection([[500.0]], domains=("Wmo",), draws=draws)
    assert p.probability_above(np.array([750.0])).tolist() == [0.25]
    assert p.probability_above(np.array([1000.0])).tolist() == [0.0]
    assert np.isnan(p.probability_above(np.array([np.nan]))[0])


def comparison(scenario_cost, rows, baseline_cost=COST, draws=None):
    return BudgetComparison(projection(baseline_cost), projection(scenario_cost, draws=draws), budget(rows))


BUDGET = [(2025, "Wmo", None, 280.0), (2026, "Wmo", None, 300.0), (2025, "Jeugd", None, 450.0),
          (2026, "Jeugd", None, 350.0)]


def test_the_gap_is_scenario_minus_budget_per_domein_and_overall():
    c = comparison(COST, BUDGET)
    assert c.gap("Wmo").tolist() == [20.0, 30.0]  # N: 300 - 280, 330 - 300
    assert c.gap("Jeugd").tolist() == [-50.0, 30.0]  # V then N
    assert c.gap().tolist() == [-30.0, 60.0]
    frame = comparison_frame(c)
    total = frame.loc[(frame["domein"] == TOTAL) & (frame["voorziening"] == TOTAL)]
    assert total["nv"].tolist() == ["€ 30 V", "€ 60 N"]
    assert np.isnan(frame.loc[frame["voorziening"] == "v0", "begroting"]).all()  # no budget per voorziening


def test_an_overall_budget_exists_only_in_years_where_every_domein_has_one():
    c = comparison(COST, BUDGET[:3])  # Jeugd has no budget for 2026
    assert c.budgeted("Wmo").tolist() == [280.0, 300.0]
    assert c.budgeted().tolist()[0] == 730.0 and np.isnan(c.budgeted()[1])
    assert np.isnan(c.gap()[1]) and np.isnan(c.probability_over()[1])


def test_a_budget_per_voorziening_adds_up_with_a_domein_line_in_its_domein():
    c = comparison(COST, [(2025, "Wmo", "v0", 90.0), (2025, "Wmo", None, 200.0), (2025, "Jeugd", None, 400.0)])
    assert c.budgeted(voorziening="v0").tolist()[0] == 90.0
    assert c.budgeted("Wmo").tolist()[0] == 290.0
    assert c.budgeted().tolist()[0] == 690.0


def test_taakstelling_counts_what_the_measures_deliver_after_their_costs():
    scenario_cost = [[90.0, 95.0], [200.0, 220.0], [400.0, 380.0]]  # saves 10 and 15
    c = comparison(scenario_cost, BUDGET)
    assert c.delivered().tolist() == [10.0, 15.0]
    assert c.remaining({2025: 10.0, 2026: 40.0}).tolist() == [0.0, 25.0]


def test_what_remains_says_shortfall_or_surplus_with_the_chance():
    draws = np.stack([np.array(COST) * f for f in np.linspace(0.9, 1.1, 5)])  # [5, V, T]
    c = comparison(COST, BUDGET, draws=draws)
    # Wmo 2026: scenario 330 against 300; draws 297, 313.5, 330, 346.5, 363 -> 4 of 5 above
    assert what_remains(c, 2026, "Wmo") == ("Voor Wmo blijft in 2026 een tekort van € 30 ten opzichte van de "
                                            "begroting; dat de uitgaven de begroting overschrijden is waarschijnlijk "
                                            "(kans 80%).")
    assert what_remains(comparison(COST, []), 2026) == ("Voor Wmo en jeugd samen is voor 2026 geen begroting "
                                                        "ingelezen om mee te vergelijken.")


def test_an_inactive_measure_leaves_every_amount_of_the_baseline_unchanged():
    from tests.factories import REPO  # noqa: F401  (keeps the factories' import path)

    base = projection(COST, draws=np.stack([np.array(COST)] * 3))

    class FakeBaseline:
        projection = base
        voorzieningen, domains = list(base.voorzieningen), list(base.domains)

    off = Measure("uit", "v0", "volume", 2025, effect_pct=-50.0, actief=False)
    result = apply_scenario(FakeBaseline, Scenario("s", [off]))
    assert result.projection.cost.tolist() == COST
    assert result.projection.draws.tolist() == base.draws.tolist()
    assert effects_frame(result).empty
    on = apply_scenario(FakeBaseline, Scenario("s", [Measure("aan", "v0", "volume", 2025, effect_pct=-50.0)]))
    assert on.projection.cost[0].tolist() == [50.0, 55.0]
    c = BudgetComparison(base, on.projection, budget([]))
    assert what_measures_do(c, effects_frame(on), 2026) == (
        "De maatregelen verlagen de kosten van Wmo en jeugd samen in 2026 met € 55: € 55 door 'aan'.")


def test_an_uncertain_effect_is_drawn_from_its_triangle_with_the_right_mean_and_range():
    draws = np.full((2000, 1, 1), 1000.0)
    base = projection([[1000.0]], domains=("Wmo",), years=(2026,), draws=draws)
    uncertain = Measure("m", "v0", "volume", 2026, effect_pct=-10.0, effect_min_pct=-20.0, effect_max_pct=0.0)
    cost = simulate_draws(base, [uncertain], np.zeros((1, 1)))[:, 0, 0]
    # effect ~ triangular(-20, -10, 0): mean -10, sd sqrt(300 / 18) = 4.08; cost = 1000 * (1 + effect / 100)
    assert cost.min() >= 800.0 and cost.max() <= 1000.0
    assert cost.mean() == pytest.approx(900.0, abs=5 * 40.8 / np.sqrt(2000))
    assert cost.std() == pytest.approx(40.8, rel=0.1)


def test_this_year_is_the_calendar_year_when_it_is_a_forecast_year():
    from grip.service import Run

    class Fitted:
        years = [2025, 2026, 2027]

    run = Run(None, None, Fitted, None, None, None)
    assert run.this_year(date(2026, 11, 24)) == 2026
    assert run.this_year(date(2031, 1, 1)) == 2025
