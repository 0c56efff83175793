"""The year-end projection (forecasting/monitor/yearend.py) on series built from a known pattern, computed by hand;
the validation of 'tussentijds'; the command line `python -m forecasting jaareinde`."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from forecasting.input.validation import load_dataset
from forecasting.monitor.yearend import MIN_SD, PATTERN, PRO_RATA, PRO_RATA_SD, PROGNOSIS_ONLY, year_end
from tests.factories import REPO, SAMPLE, dataset_with, projection

TOTAL = 1200.0


def months(year: int, share_by_june: float, total: float = TOTAL, through: int = 12) -> list[tuple]:
    """A year whose costs reach `share_by_june` of `total` by June, evenly within each half year."""
    first, second = share_by_june * total / 6, (1 - share_by_june) * total / 6
    return [(year, str(m), "v0", 10.0, first if m <= 6 else second) for m in range(1, through + 1)]


def in_year(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["jaar", "periode", "voorziening", "clienten", "kosten"])


def prognosis(point: float, sd: float, draws: int = 4000):
    """One voorziening in 2025 whose draws are exactly lognormal quantiles around `point` with ln-spread `sd`."""
    z = norm.ppf((np.arange(draws) + 0.5) / draws)
    return projection([[point]], domains=("Wmo",), draws=(point * np.exp(sd * z))[:, None, None])


def test_the_year_end_combines_the_usual_pattern_and_the_prognosis_by_their_precision():
    shares = [0.40, 0.45, 0.50]  # 2022-2024: share of the year realised by June
    rows = sum((months(2022 + i, s) for i, s in enumerate(shares)), [])
    rows += [(2025, str(m), "v0", 10.0, 100.0) for m in range(1, 7)]  # 600 realised up to June
    result = year_end(in_year(rows), prognosis(1400.0, 0.10))

    # by hand: the pattern estimate A = 600 / mean share, its spread from the shares' dispersion and the backtest
    estimate = 600 / 0.45
    own = np.std(np.log(shares), ddof=1) * np.sqrt(1 + 1 / 3)
    loo = [np.log(0.40 / 0.475), np.log(0.45 / 0.45), np.log(0.50 / 0.425)]  # leave one year out
    pooled = np.sqrt(np.mean(np.square(loo)))
    sd_a = max(own, pooled, MIN_SD)
    sd_p = 0.10
    w = (1 / sd_a**2) / (1 / sd_a**2 + 1 / sd_p**2)
    expected = np.exp(w * np.log(estimate) + (1 - w) * np.log(1400.0))

    assert result.methods == (PATTERN,)
    assert result.sd_realised[0] == pytest.approx(sd_a)
    assert result.sd_prognosis[0] == pytest.approx(sd_p, rel=2e-3)
    assert result.weight[0] == pytest.approx(w, rel=5e-3)
    assert result.projection.cost[0, 0] == pytest.approx(expected, rel=1e-3)
    assert result.realised.cost[0, 0] == 600.0 and result.through_month[0] == 6
    low, high = result.projection.band()
    combined = np.sqrt(1 / (1 / sd_a**2 + 1 / sd_p**2))  # the draws' ln-spread is the combined one
    assert np.log(high[0] / low[0]) / (2 * 1.2816) == pytest.approx(combined, rel=0.05)
    # the backtest reports the leave-one-year-out errors by month
    june = result.backtest.loc[result.backtest["maand"] == 6].sort_values("jaar")
    assert june["fout_patroon"].to_numpy() == pytest.approx(np.exp(loo) - 1)


def test_december_is_the_realisation_and_early_months_lean_on_the_prognosis():
    history = months(2023, 0.45) + months(2024, 0.50)
    december = year_end(in_year(history + months(2025, 0.45)), prognosis(2000.0, 0.10))
    assert december.projection.cost[0, 0] == pytest.approx(TOTAL)
    assert december.weight[0] == 1.0
    january = year_end(in_year(history + months(2025, 0.45, through=1)), prognosis(2000.0, 0.10))
    june = year_end(in_year(history + months(2025, 0.45, through=6)), prognosis(2000.0, 0.10))
    assert january.weight[0] < june.weight[0] < 1.0


def test_without_earlier_years_it_is_pro_rata_with_a_wider_band_and_without_figures_the_prognosis():
    rows = [(2025, str(m), "v0", 10.0, 100.0) for m in range(1, 4)]  # 300 up to March
    result = year_end(in_year(rows), prognosis(1400.0, 0.10))
    assert result.methods == (PRO_RATA,)
    assert result.sd_realised[0] == pytest.approx(PRO_RATA_SD * 0.75)
    w = (1 / result.sd_realised[0] ** 2) / (1 / result.sd_realised[0] ** 2 + 1 / 0.10**2)
    assert result.projection.cost[0, 0] == pytest.approx(np.exp(w * np.log(1200) + (1 - w) * np.log(1400)), rel=1e-3)
    nothing = year_end(in_year([]), prognosis(1400.0, 0.10))
    assert nothing.methods == (PROGNOSIS_ONLY,) and nothing.projection.cost[0, 0] == 1400.0


def test_quarters_count_as_their_last_month():
    rows = [(y, f"K{q}", "v0", 10.0, c) for y in (2023, 2024) for q, c in zip(range(1, 5), (200, 300, 300, 400))]
    rows += [(2025, "K1", "v0", 10.0, 220.0), (2025, "K2", "v0", 10.0, 330.0)]
    result = year_end(in_year(rows), prognosis(1300.0, 0.10))
    assert result.through_month[0] == 6 and result.label() == "t/m K2"
    # both years had 500 of 1200 by June, so A = 550 / (5/12) = 1320 with the minimal spread
    assert result.projection.cost[0, 0] == pytest.approx(1320, rel=0.01)


def tussentijds(*rows: str, header: str = "jaar;periode;voorziening;clienten;kosten") -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.mark.parametrize("rows, header, fragment", [
    (("2025;13;Jeugdhulp;5;100",), None, "Deze periode bestaat niet"),
    (("2025;K5;Jeugdhulp;5;100",), None, "Deze periode bestaat niet"),
    (("2025;3;Jeugdhulp;5;100", "2025;03;Jeugdhulp;5;100"), None, "Dubbele regel"),
    (("2025;1;Jeugdhulp;5;100", "2025;2;Jeugdhulp;5;90"), "jaar;periode;voorziening;clienten;kosten;cumulatief",
     "Cumulatieve cijfers kunnen niet dalen"),
    (("2026;1;Jeugdhulp;5;100",), None, "ligt na 2025"),
    (("2025;1;Onbekend;5;100",), None, "staat niet in de tabel 'voorzieningen'"),
    (("2025;1;Jeugdhulp;5;100", "2025;K2;Jeugdhulp;5;100"), None, "maanden en kwartalen door elkaar"),
])
def test_bad_in_year_figures_get_a_dutch_error_naming_the_row(tmp_path, rows, header, fragment):
    if header and "cumulatief" in header:
        rows = tuple(f"{r};ja" for r in rows)
    folder = dataset_with(tmp_path, tussentijds=tussentijds(*rows, header=header or
                                                            "jaar;periode;voorziening;clienten;kosten"))
    dataset, problems = load_dataset(folder)
    assert dataset is None
    assert any(fragment in p.melding and p.bestand == "tussentijds.csv" for p in problems.errors), problems.report()


def test_cumulative_figures_become_figures_per_period(tmp_path):
    text = tussentijds("2025;1;Jeugdhulp;5;100;ja", "2025;2;Jeugdhulp;6;250;ja", "2025;3;Jeugdhulp;6;250;ja",
                       header="jaar;periode;voorziening;clienten;kosten;cumulatief")
    dataset, problems = load_dataset(dataset_with(tmp_path, tussentijds=text))
    assert dataset is not None, problems.report()
    assert list(dataset.tussentijds["kosten"]) == [100.0, 150.0, 0.0]
    assert list(dataset.tussentijds.columns) == ["jaar", "periode", "voorziening", "clienten", "kosten"]


def test_the_sample_checks_clean_and_the_command_line_writes_the_year_end_with_totals(tmp_path):
    check = subprocess.run([sys.executable, "-m", "forecasting", "check", "--data", str(SAMPLE)], capture_output=True,
                           text=True, cwd=REPO, timeout=300)
    assert check.returncode == 0 and "geen fouten of waarschuwingen" in check.stdout
    out = tmp_path / "jaareinde.csv"
    result = subprocess.run([sys.executable, "-m", "forecasting", "jaareinde", "--data", str(SAMPLE), "--out",
                             str(out)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out)
    assert {"jaar", "domein", "voorziening", "gerealiseerd_tm", "gerealiseerd", "verwacht", "ondergrens",
            "bovengrens", "prognose", "begroting", "verschil"} <= set(frame.columns)
    total = frame.loc[(frame["domein"] == "Totaal") & (frame["voorziening"] == "Totaal")].iloc[0]
    domains = frame.loc[(frame["domein"] != "Totaal") & (frame["voorziening"] == "Totaal")]
    assert total["jaar"] == 2025 and total["gerealiseerd_tm"] == 9
    assert total["verwacht"] == pytest.approx(domains["verwacht"].sum())
    assert total["ondergrens"] < total["verwacht"] < total["bovengrens"]
    assert total["verschil"] == pytest.approx(total["verwacht"] - total["begroting"])
    assert (frame["verwacht"] >= frame["gerealiseerd"]).all()
    assert (tmp_path / "jaareinde.backtest.csv").exists()


def test_backtest_coverage_uses_the_band_as_drawn_widened_by_the_other_years_errors():
    """Three years of one voorziening at one month, pattern sd 1%: each point's band is widened to the root mean
    square ln error of the other two years, as year_end widens the live band (computed by hand here)."""
    import math

    from forecasting.monitor.yearend import Z80, _inside_used_band

    errors = [0.10, -0.02, 0.01]  # fout_patroon: A / truth - 1
    table = pd.DataFrame({"voorziening": "HbH", "domein": "Wmo", "jaar": [2021, 2022, 2023], "maand": 3,
                          "fout_patroon": errors, "fout_pro_rata": 0.0, "sd": [0.01, 0.01, np.nan]})
    logs = [math.log1p(e) for e in errors]
    expected = []
    for k in range(3):
        others = [logs[j] ** 2 for j in range(3) if j != k]
        band = Z80 * max(0.01, math.sqrt(sum(others) / 2))
        expected.append(abs(logs[k]) <= band)
    inside = _inside_used_band(table)
    assert expected[:2] == [False, True]  # the 10% miss lies outside the others' spread, -2% inside
    assert list(inside[:2]) == expected[:2] and pd.isna(inside[2])  # no band (fewer than two other years): NaN
