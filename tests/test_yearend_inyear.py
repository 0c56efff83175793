"""Issue 23: a year-end that uses the in-year figures (the prognosis spread floored by the baseline's own backtest
error one year ahead, never below what is realised) and the plausibility of in-year figures (one-off months,
figures that start late, strict periods, a limit per year). Every expected number is computed here by hand from
the formulas in forecasting/monitor/yearend.py's docstring."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from forecasting.input.validation import load_dataset
from forecasting.model.baseline import build_baseline
from forecasting.monitor.yearend import (
    MIN_PROGNOSIS_SD,
    MIN_SD,
    PRO_RATA,
    PRO_RATA_SD,
    Z80,
    parse_period,
    pro_rata_note,
    prognosis_floor,
    year_end,
)
from tests.factories import dataset_with, load_tables, projection, synthetic_tables

USUAL = [1.0] * 11 + [2.0]  # every year: December twice an ordinary month
Q = np.array(USUAL) / sum(USUAL)  # q_k: 1/13, December 2/13


def in_year(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["jaar", "periode", "voorziening", "clienten", "kosten"])


def usual_years(total: float, years=(2022, 2023, 2024), name: str = "v0") -> list[tuple]:
    return [(y, str(m), name, 10.0, total * Q[m - 1]) for y in years for m in range(1, 13)]


def prognosis(point: float, sd: float, draws: int = 4000):
    z = norm.ppf((np.arange(draws) + 0.5) / draws)
    return projection([[point]], domains=("Wmo",), draws=(point * np.exp(sd * z))[:, None, None])


def ln_spread(result) -> float:
    low, high = result.projection.band()
    return float(np.log(high[0] / low[0]) / (2 * Z80))


def weight(sd_a: float, sd_p: float) -> float:
    return (1 / sd_a**2) / (1 / sd_a**2 + 1 / sd_p**2)


# --- 1. the floor keeps the in-year figures in play ----------------------------------------------------------

def test_on_a_smooth_history_in_year_figures_six_percent_above_move_the_year_end_and_the_band_is_real(tmp_path):
    dataset = load_tables(tmp_path, synthetic_tables())  # a perfectly smooth history 2015-2024
    baseline = build_baseline(dataset)
    p = float(baseline.projection.cost[0, 0])  # the prognosis of 2025
    draws = baseline.projection.draws[:, 0, 0]
    own = math.log(np.percentile(draws, 90) / np.percentile(draws, 10)) / (2 * Z80)

    # the floor by hand: MAPE one year ahead of the family used for each series, times sqrt(pi/2), added in squares
    used = baseline.choices.merge(baseline.evaluations, on=["voorziening", "reeks", "model"])
    floor = math.sqrt(sum((m * math.sqrt(math.pi / 2)) ** 2 for m in used["mape_h1"]))
    assert prognosis_floor(baseline.evaluations, baseline.choices, ["Begeleiding"], ["Wmo"])[0] == \
        pytest.approx(floor)
    sd_p = max(own, floor, MIN_PROGNOSIS_SD)

    # three earlier years with exactly the usual pattern, 2025 through September 6% above the prognosis
    history = [(y, str(m), "Begeleiding", 10.0, 1000.0 * Q[m - 1]) for y in (2022, 2023, 2024) for m in range(1, 13)]
    now = [(2025, str(m), "Begeleiding", 10.0, 1.06 * p * Q[m - 1]) for m in range(1, 10)]
    result = year_end(in_year(history + now), baseline.projection, floor=[floor])

    s9 = 9 / 13
    sd_a = MIN_SD  # identical shares: no spread, and the leave-one-year-out backtest errs by 0
    w = weight(sd_a, sd_p)
    expected = math.exp(w * math.log(1.06 * p) + (1 - w) * math.log(p))  # A = R / s(9) = 1.06 p
    combined = math.sqrt(1 / (1 / sd_a**2 + 1 / sd_p**2))
    band = max(combined, (1 - s9) * MIN_PROGNOSIS_SD)

    assert result.sd_prognosis[0] == pytest.approx(sd_p)
    assert result.weight[0] == pytest.approx(w)
    assert result.projection.cost[0, 0] == pytest.approx(expected, rel=1e-9)
    assert expected / p - 1 > 0.05  # clearly toward the in-year figures, not the prognosis
    assert ln_spread(result) == pytest.approx(band, rel=0.05)
    low, high = result.projection.band()
    assert high[0] - low[0] > 0.015 * p  # a band of percents, not of cents
    assert band == (1 - s9) * MIN_PROGNOSIS_SD  # here the rest of the year sets the band


def test_the_year_end_is_never_below_what_is_realised():
    # 300 realised by March (pro rata) against a prognosis of 100: exp(0.1 ln 1200 + 0.9 ln 100) = 128 < 300
    rows = [(2025, str(m), "v0", 10.0, 100.0) for m in range(1, 4)]
    result = year_end(in_year(rows), prognosis(100.0, 0.10))
    sd_a = PRO_RATA_SD * 0.75
    w = weight(sd_a, 0.10)
    assert math.exp(w * math.log(1200) + (1 - w) * math.log(100)) < 300
    assert result.projection.cost[0, 0] == 300.0
    assert (result.projection.draws >= 300.0).all()


# --- 2. plausibility: one-off months, late starts ---------------------------------------------------------------

def test_a_january_annual_invoice_of_29_times_is_counted_once_with_a_dutch_warning():
    # usual year 1300: 100 a month, December 200. 2025: January 2900 (29x), February and March 100 each.
    rows = usual_years(1300.0) + [(2025, "1", "v0", 10.0, 2900.0), (2025, "2", "v0", 10.0, 100.0),
                                  (2025, "3", "v0", 10.0, 100.0)]
    result = year_end(in_year(rows), prognosis(1300.0, 0.10))
    # L = median(2900 * 13, 100 * 13, 100 * 13, 1300) = 1300; January's usual part 100, so E = 2800
    # the regular year A = (3100 - 2800) / (3/13) = 1300, combined with the prognosis 1300: 1300; plus E once:
    # 4100 (without the rule: 3100 / (3/13) = 13433; adding E before the combination would weigh it by w < 1)
    assert result.sd_prognosis[0] == pytest.approx(0.10, rel=2e-3)  # the draws' spread (a discrete sample)
    assert result.one_off[0] == pytest.approx(2800)
    assert result.projection.cost[0, 0] == pytest.approx(4100, rel=1e-9)
    low, high = result.projection.band()
    assert low[0] > 2800 + 1000 and high[0] < 2800 + 1700  # the band is around the regular year, E on top
    note = " ".join(result.notes)
    assert "v0: januari 2025 is € 2.900, 29 keer het gebruikelijke deel" in note and "eenmalige boeking" in note
    assert "(€ 100, gemeten aan de andere maanden en de prognose)" in note and "meerdere (€ 2.800)" in note


def test_a_march_catch_up_booking_without_earlier_years_is_not_multiplied():
    # no earlier years: pro rata. January and February 100, March 600; prognosis 1200
    rows = [(2025, "1", "v0", 10.0, 100.0), (2025, "2", "v0", 10.0, 100.0), (2025, "3", "v0", 10.0, 600.0)]
    result = year_end(in_year(rows), prognosis(1200.0, 0.10))
    # L = median(1200, 1200, 7200, 1200) = 1200; March's usual part 100 < 600 / 3, E = 500
    # the regular year A = (800 - 500) / (3/12) = 1200; sd_A = 0.4 * 0.75 = 0.3, w = 0.1; combined with the
    # prognosis 1200: 1200; plus E once: 1700 (multiplied it would be 800 / (3/12) = 3200)
    w = weight(0.30, 0.10)
    assert w == pytest.approx(0.1) and result.weight[0] == pytest.approx(w, rel=5e-3)
    assert result.projection.cost[0, 0] == pytest.approx(1700, rel=1e-9)
    assert "maart 2025 is € 600, 6 keer" in " ".join(result.notes)


def test_only_december_is_a_wide_band_around_an_estimate_not_the_december_amount():
    rows = usual_years(1300.0) + [(2025, "12", "v0", 10.0, 200.0)]
    result = year_end(in_year(rows), prognosis(1300.0, 0.10))
    # December covers 2/13 of the usual year: A = 200 / (2/13) = 1300, sd_A = 0.4 * (11/13)
    sd_a = PRO_RATA_SD * 11 / 13
    combined = math.sqrt(1 / (1 / sd_a**2 + 1 / 0.10**2))
    assert result.sd_realised[0] == pytest.approx(sd_a)
    assert result.projection.cost[0, 0] == pytest.approx(1300.0)
    assert ln_spread(result) == pytest.approx(max(combined, 11 / 13 * MIN_PROGNOSIS_SD), rel=0.05)
    assert ln_spread(result) > 0.09
    assert any("alleen cijfers van december" in n for n in result.notes)


def test_a_year_end_without_an_earlier_in_year_year_says_it_is_pro_rata_and_may_be_too_low():
    rows = [(2025, str(m), "v0", 10.0, 100.0) for m in range(1, 10)]
    result = year_end(in_year(rows), prognosis(1200.0, 0.10))
    assert result.methods == (PRO_RATA,)
    assert any(n.startswith("v0: er zijn geen tussentijdse cijfers van een eerder volledig jaar") and
               "pro rata" in n and "te laag" in n and "maandcijfers van 2024" in n for n in result.notes)
    december = year_end(in_year(rows + [(2025, str(m), "v0", 10.0, 100.0) for m in (10, 11, 12)]),
                        prognosis(1200.0, 0.10))
    assert december.notes == ()  # the whole year is known: nothing to warn about
    names = ["a", "b", "c", "d"]
    assert pro_rata_note(names, 2025, of=4).startswith("Alle 4 voorzieningen: er zijn geen")
    assert pro_rata_note(names[:3], 2025, of=4).startswith("a, b en c: er zijn geen")


def test_ordinary_months_get_no_warning():
    rows = usual_years(1300.0) + [(2025, str(m), "v0", 10.0, 1.1 * 1300 * Q[m - 1]) for m in range(1, 10)]
    result = year_end(in_year(rows), prognosis(1300.0, 0.10))
    assert result.notes == () and result.one_off[0] == 0.0


# --- periods and limits in the input --------------------------------------------------------------------------

@pytest.mark.parametrize("text, parsed", [("10", ("maand", 10)), ("03", ("maand", 3)), ("K2", ("kwartaal", 2)),
                                          ("1e1", None), ("10.0", None), ("13", None), ("0", None), ("K5", None),
                                          ("10,0", None), ("-1", None)])
def test_periods_are_whole_months_or_quarters_only(text, parsed):
    assert parse_period(text) == parsed


def tussentijds(*rows: str) -> str:
    return "\n".join(["jaar;periode;voorziening;clienten;kosten", *rows]) + "\n"


@pytest.mark.parametrize("period", ["1e1", "10.0", "13"])
def test_a_period_that_is_no_whole_month_is_refused_naming_file_row_and_column(tmp_path, period):
    folder = dataset_with(tmp_path, tussentijds=tussentijds("2025;1;Jeugdhulp;5;100", f"2025;{period};Jeugdhulp;5;100"))
    dataset, problems = load_dataset(folder)
    assert dataset is None
    error = next(p for p in problems.errors if "Deze periode bestaat niet" in p.melding)
    assert (error.bestand, error.rij, error.kolom, str(error.waarde)) == ("tussentijds.csv", 3, "periode", period)


def test_amounts_are_limited_per_year_as_well_as_per_cell(tmp_path):
    rows = [f"2025;{m};Jeugdhulp;5;99000000000" for m in range(1, 10)]  # each cell below the € 100 bn limit
    dataset, problems = load_dataset(dataset_with(tmp_path, tussentijds=tussentijds(*rows)))
    assert dataset is None
    error = next(p for p in problems.errors if "tellen tot en met deze rij op" in p.melding)
    assert (error.bestand, error.rij, error.kolom) == ("tussentijds.csv", 3, "kosten")  # 99 + 99 bn > 100 bn
    assert "€ 198.000.000.000" in error.melding


def test_a_period_above_ten_years_of_the_whole_realisation_is_a_unit_error_naming_the_row(tmp_path):
    # both voorzieningen together cost 850.000 in 2024, their most expensive year; a month of 8.600.000 is more
    # than ten such years
    text = tussentijds("2025;1;Jeugdhulp;50;37500", "2025;2;Jeugdhulp;50;8600000")
    dataset, problems = load_dataset(dataset_with(tmp_path, tussentijds=text))
    assert dataset is None
    error = next(p for p in problems.errors if "meer dan 10 keer" in p.melding)
    assert (error.bestand, error.rij, error.kolom, error.waarde) == ("tussentijds.csv", 3, "kosten", "8600000")
    assert "Jeugdhulp kost € 8.600.000" in error.melding and "in 2024 kostten (€ 850.000)" in error.melding
    assert "centen" in error.melding
    # below that it is a (very large) booking: warned about as a one-off, not refused
    text = tussentijds("2025;1;Jeugdhulp;50;37500", "2025;2;Jeugdhulp;50;8000000")
    dataset, problems = load_dataset(dataset_with(tmp_path, tussentijds=text))
    assert dataset is not None, problems.report()
    assert any("eenmalige boeking" in p.melding for p in problems.warnings)


def test_check_warns_about_a_one_off_month_naming_row_voorziening_month_and_amount(tmp_path):
    # Jeugdhulp's last realised year (2024) cost 450.000: with only January, that is the yardstick for the year
    text = tussentijds("2025;1;Jeugdhulp;50;1087500")  # 29 x 450.000 / 12
    dataset, problems = load_dataset(dataset_with(tmp_path, tussentijds=text))
    assert dataset is not None, problems.report()
    warning = next(p for p in problems.warnings if "eenmalige boeking" in p.melding)
    assert (warning.bestand, warning.rij, warning.kolom) == ("tussentijds.csv", 2, "kosten")
    assert ("Jeugdhulp: januari 2025 is € 1.087.500, 29 keer het gebruikelijke deel van het jaar (€ 37.500, "
            "gemeten aan de realisatie van 2024)") in warning.melding
    # the check does not know the prognosis the year-end weighs in, so the amount counted once is left to it
    assert "het bedrag staat bij de verwachte jaarrekening" in warning.melding
    assert "meerdere (€" not in warning.melding


def test_check_warns_when_only_the_last_months_are_given(tmp_path):
    dataset, problems = load_dataset(dataset_with(tmp_path, tussentijds=tussentijds("2025;11;Jeugdhulp;50;40000",
                                                                                    "2025;12;Jeugdhulp;50;40000")))
    assert dataset is not None, problems.report()
    messages = [p.melding for p in problems.warnings]
    assert any("alleen cijfers van november t/m december, niets daarvoor" in m for m in messages), messages
    assert not any("Grip telt ze als 0" in m for m in messages)


def test_the_command_line_warns_about_a_29_times_january_on_the_sample_and_adds_its_excess_once(tmp_path, capsys):
    import shutil

    from grip.cli import forecasting_main
    from tests.factories import SAMPLE

    def year_end_of(folder):
        out = tmp_path / f"{folder.name}.csv"
        assert forecasting_main(["jaareinde", "--data", str(folder), "--out", str(out)]) == 0
        frame = pd.read_csv(out)
        return frame.set_index("voorziening").loc["Begeleiding"], capsys.readouterr().err

    original, quiet = year_end_of(SAMPLE)
    changed = tmp_path / "jaarfactuur"
    shutil.copytree(SAMPLE, changed)
    table = pd.read_csv(changed / "tussentijds.csv", sep=";")
    january = (table["jaar"] == 2025) & (table["periode"] == 1) & (table["voorziening"] == "Begeleiding")
    amount = float(table.loc[january, "kosten"].iloc[0])
    table.loc[january, "kosten"] = 29 * amount
    table.to_csv(changed / "tussentijds.csv", sep=";", index=False)
    result, warned = year_end_of(changed)

    assert "eenmalige boeking" not in quiet
    assert f"Begeleiding: januari 2025 is € {29 * amount:,.0f}".replace(",", ".") in warned
    excess = result["eenmalig"]
    assert 27 * amount < excess < 29 * amount  # the excess over January's usual part
    # the year-end grows by about the excess once (w ~ 1), not by 28 x January / (share of the year by September)
    assert 0.85 * excess < result["verwacht"] - original["verwacht"] < 1.1 * excess
    assert result["gerealiseerd"] == pytest.approx(original["gerealiseerd"] + 28 * amount)
