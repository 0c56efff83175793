"""The combination method (`auto`) and its pieces on series with a known answer, and the backtest contract."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.model import backtest
from forecasting.model.combination import Combination, damped, error_weights, held, random_walk_sd, theta
from forecasting.model.families import FAMILIES, Z80, t90

YEARS = np.arange(2015, 2025)
STEPS = np.arange(1, 5)


def test_on_a_pure_trend_theta_continues_half_the_slope_and_damped_stays_between_held_and_the_line():
    line = 50.0 + 2.0 * np.arange(10)
    # SES follows a line best with alpha = 1, so the level is the last value; drift = slope / 2
    assert theta(line, STEPS) == pytest.approx(line[-1] + 1.0 * STEPS)
    trend = damped(line, STEPS)
    assert np.all(np.diff(trend) > 0)
    assert np.all(trend > line[-1]) and np.all(trend <= line[-1] + 2.0 * STEPS + 1e-9)


def test_a_constant_series_is_forecast_as_that_constant_with_a_band_of_zero_width():
    result = Combination().forecast(YEARS, np.full(10, 0.04), np.arange(2025, 2029))
    assert result.mean == pytest.approx(np.full(4, 0.04))
    assert result.lower == pytest.approx(result.mean) and result.upper == pytest.approx(result.mean)


def test_after_a_level_shift_the_forecast_starts_from_the_new_level_not_the_average():
    shifted = np.r_[np.full(5, 100.0), np.full(5, 120.0)]
    result = Combination().forecast(YEARS, shifted, np.arange(2025, 2029))
    assert held(shifted, STEPS) == pytest.approx(np.full(4, 120.0))
    assert np.all(np.abs(result.mean - 120.0) < np.abs(result.mean - 110.0))
    assert result.lower[0] < 120.0 < result.upper[0]


def test_the_combination_is_the_equal_weight_mean_of_its_three_members():
    values = 10.0 + np.array([0.0, 0.8, 1.1, 2.4, 2.2, 3.5, 3.9, 4.1, 5.2, 5.0])
    by_hand = (held(values, STEPS) + theta(values, STEPS) + damped(values, STEPS)) / 3
    assert Combination().forecast(YEARS, values, np.arange(2025, 2029)).mean == pytest.approx(by_hand)


def test_inverse_error_weights_computed_by_hand():
    assert error_weights(np.array([1.0, 2.0, 4.0])) == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert error_weights(np.array([0.0, 2.0])) == pytest.approx([1.0, 0.0])


def test_gaps_are_interpolated_and_the_horizon_counts_from_the_last_year():
    years = np.array([2015, 2016, 2018, 2019, 2020, 2021])  # 2017 left out
    values = np.array([10.0, 11.0, 13.0, 14.0, 15.0, 16.0])
    result = Combination().forecast(years, values, np.array([2022, 2024]))
    assert len(result.mean) == 2 and result.mean[1] > result.mean[0] > 16.0


def test_the_80_percent_band_covers_about_80_percent_of_random_walk_outcomes():
    """Known distribution: Gaussian random walks (sd 1 per year) started at 100."""
    rng = np.random.default_rng(7)
    paths = 100 + np.cumsum(rng.normal(0, 1, (600, 14)), axis=1)
    inside = []
    for path in paths:
        result = Combination().forecast(YEARS, path[:10], np.arange(2025, 2029))
        inside.append((result.lower <= path[10:]) & (path[10:] <= result.upper))
    coverage = np.mean(inside, axis=0)
    assert np.all((coverage >= 0.70) & (coverage <= 0.90)), coverage


def test_random_walk_sd_grows_with_the_square_root_of_the_horizon_plus_drift_uncertainty():
    y = np.array([0.0, 1.0, 0.0, 1.0, 0.0])
    s = np.std(np.diff(y), ddof=1)
    assert random_walk_sd(y, STEPS) == pytest.approx(s * np.sqrt(STEPS * (1 + STEPS / 5)))


def test_auto_backtests_its_method_and_flat_only_and_says_why_in_dutch():
    assert backtest.AUTO_METHOD in FAMILIES
    assert backtest.AUTO_BACKTEST_FAMILIES[0] == backtest.AUTO_METHOD
    assert not {"arima", "prophet"} & set(backtest.AUTO_BACKTEST_FAMILIES)
    values = 0.05 * 1.03 ** np.arange(10) * (1 + 0.02 * np.sin(np.arange(10)))
    evaluation = backtest.evaluate_auto(YEARS, values)
    assert evaluation.chosen == backtest.AUTO_METHOD
    assert "backtest" in evaluation.reason and "gelijk gebruik" in evaluation.reason
    scores = evaluation.scores.set_index("model")
    assert set(scores.index) == set(backtest.AUTO_BACKTEST_FAMILIES)
    assert scores.loc[backtest.AUTO_METHOD, "bandfactor"] >= 1.0


def test_the_pooled_band_factor_uses_the_points_of_all_series_in_the_group():
    rng = np.random.default_rng(3)
    evaluations = [backtest.evaluate_auto(YEARS, 100 + np.cumsum(rng.normal(0, 3, 10))) for _ in range(5)]
    pooled = backtest.pooled_band_factor(evaluations)
    points = np.concatenate([e.points[backtest.AUTO_METHOD]["actual"].to_numpy() for e in evaluations])
    assert len(points) == sum(len(e.points[backtest.AUTO_METHOD]) for e in evaluations) > 0
    assert pooled >= 1.0
    assert backtest.pooled_band_factor([None]) == 1.0


def test_t_quantiles_without_scipy():
    assert Z80 == pytest.approx(1.2815515655446004)
    assert t90(1) == pytest.approx(3.0776835372)
    assert t90(30) > t90(31) > t90(100) > Z80
    assert t90(10_000) == pytest.approx(Z80, abs=1e-4)


def test_correlated_normals_have_the_asked_correlation_within_a_domein_and_none_across():
    from benchmarks.correlation import correlated_normals, error_correlation

    groups = ["Wmo", "Wmo", "Jeugd", "Jeugd"]
    z = correlated_normals(np.random.default_rng(1), 20_000, groups, {"Wmo": 0.5, "Jeugd": 0.0})
    corr = np.corrcoef(z.T)
    assert corr[0, 1] == pytest.approx(0.5, abs=0.03)
    assert abs(corr[2, 3]) < 0.03 and abs(corr[0, 2]) < 0.03
    assert z.std(axis=0) == pytest.approx(np.ones(4), abs=0.03)
    import pandas as pd

    common = np.random.default_rng(2).normal(size=8)
    points = pd.DataFrame([{"series": s, "origin": o, "horizon": 1, "z": common[o]} for s in "ab" for o in range(8)])
    assert error_correlation(points) == pytest.approx(0.999)


def test_the_benchmark_target_ratio_is_the_ratio_of_summed_errors_with_a_bootstrap_interval():
    from benchmarks.accuracy import SIMPLE_METHODS, TARGET_METHOD, target_ratio

    def result(errors: list[float], mape: float) -> dict:  # actual 100, so each error is its APE in %
        frame = pd.DataFrame({"series": ["a", "a", "b", "b"] + [f"s{k}" for k in range(3)], "actual": 100.0,
                              "forecast": [100.0 + e for e in errors + [1, 1, 1]]})
        return {"MAPE": mape, "_frame": frame}

    results = {(TARGET_METHOD, "x"): result([1, 3, 2, 2], 2.0), (SIMPLE_METHODS[0], "x"): result([2, 2, 4, 2], 2.5),
               (SIMPLE_METHODS[1], "x"): result([9, 9, 9, 9], 9.0)}
    line = target_ratio(results, "x")
    # (8 + 3) / (10 + 3) against held (the better simple method): series a 4/4, b 4/6, three more 1/1 each; a
    # resample's ratio lies between 4/6 (only b drawn) and 1 (no b), and so does the interval
    assert f"auto / {SIMPLE_METHODS[0]} = {11 / 13:.3f}" in line and "over its 5 series" in line
    low, high = (float(x) for x in line.split("90% interval ")[1].split(",")[0].split("-"))
    assert 4 / 6 - 0.005 <= low < 11 / 13 < high <= 1.0
    assert target_ratio(results, "other") == ""


def test_a_backtest_without_any_scores_falls_back_to_the_combination_not_a_straight_line():
    years, values = np.arange(2018, 2021), np.array([10.0, 11.0, 12.0])  # too short for a single rolling origin
    evaluation = backtest.evaluate(years, values, ["flat", "combinatie"])
    assert evaluation.chosen == backtest.AUTO_METHOD == "combinatie"
    assert evaluation.reason == "te weinig jaren voor een backtest"
