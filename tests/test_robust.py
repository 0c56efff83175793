"""The suspect-year rules of forecasting/model/robust.py on series with a known answer."""

from __future__ import annotations

import numpy as np

from forecasting.model import robust

YEARS = np.arange(2015, 2022)


def kinds(values):
    return [(s.year, s.kind) for s in robust.suspects(YEARS[: len(values)], np.array(values, dtype=float))]


def test_a_year_below_half_the_median_of_the_others_is_a_partial_delivery():
    # median of the others = 100; 45 < 50
    assert kinds([100, 102, 45, 98, 101, 99, 100]) == [(2017, "gedeeltelijk")]
    assert kinds([100, 102, 55, 98, 101, 99, 100]) == []


def test_a_low_last_year_is_a_partial_delivery_too():
    assert kinds([65, 65, 55, 22]) == [(2018, "gedeeltelijk")]
    kept = robust.fitting_series(YEARS[:4], np.array([65, 65, 55, 22.0]))[0]
    assert kept.tolist() == [2015, 2016, 2017]


def test_an_interior_spike_above_twice_the_median_and_both_neighbours_is_a_spike():
    assert kinds([100, 101, 250, 99, 100]) == [(2017, "piek")]


def test_a_high_last_year_is_a_new_level_not_a_spike():
    values = np.array([35, 23, 28, 65, 73], dtype=float) / 1000
    found = robust.suspects(YEARS[:5], values)
    # 23 is also below half the median of the others (50): a partial delivery before the new level
    assert [(s.year, s.kind) for s in found] == [(2016, "gedeeltelijk"), (2018, "niveausprong")]
    assert robust.fitting_series(YEARS[:5], values, found)[0].tolist() == [2018, 2019]


def test_a_level_shift_keeps_the_years_from_the_shift_on():
    # 31 -> 49 is a step of ln(1.58) > ln(1.25); medians before (33.5) and after (52) differ as much
    values = [40, 34, 33, 31, 49, 52, 53]
    assert kinds(values) == [(2019, "niveausprong")]
    assert robust.fitting_series(YEARS, np.array(values, float))[0].tolist() == [2019, 2020, 2021]


def test_a_steady_trend_and_short_or_empty_series_have_no_suspects():
    assert kinds([100, 105, 110, 116, 121, 127, 134]) == []
    assert kinds([100, 40]) == []
    assert robust.suspects(np.array([], dtype=int), np.array([])) == []


def test_the_warning_names_the_year_and_says_the_realisation_stays():
    found = robust.suspects(YEARS[:4], np.array([65, 65, 55, 22.0]))
    (text,) = robust.describe(found, "Hulp bij het huishouden, gebruik per inwoner")
    assert text.startswith("Hulp bij het huishouden, gebruik per inwoner: 2018 is veel lager")
    assert "blijft in de realisatie staan" in text


def test_a_dip_of_two_years_that_comes_back_is_no_level_shift():
    # the sample's Vervoer: corona years 2020-2021, back on its trend from 2022
    values = [329, 348, 351, 370, 387, 280, 253, 390, 403, 444]
    assert robust.suspects(np.arange(2015, 2025), np.array(values, dtype=float)) == []
