"""The checks on measures as typed in the grid and the form: Dutch messages in the user's words."""

from __future__ import annotations

import pandas as pd

from ui.measure_checks import check_measures, in_words


def row(**values) -> pd.DataFrame:
    base = {"naam": "Poortwachter", "doel": "Wmo", "hefboom": "volume", "effect_pct": -10.0, "effect_min_pct": None,
            "effect_max_pct": None, "bedrag": None, "startjaar": 2026, "ingroei_jaren": 1, "eindjaar": None,
            "kosten_per_jaar": 0.0, "toelichting": ""}
    return pd.DataFrame([{**base, **values}])


def test_a_good_measure_passes():
    _, errors, warnings, notes = check_measures(row(), 2025)
    assert (errors, warnings, notes) == ([], [], [])


def test_a_start_before_the_first_forecast_year_is_refused_with_the_reason():
    _, errors, _, _ = check_measures(row(startjaar=2023), 2025)
    assert len(errors) == 1 and "vóór het eerste prognosejaar 2025" in errors[0]
    assert "gerealiseerde cijfers" in errors[0]


def test_an_empty_name_is_refused():
    _, errors, _, _ = check_measures(row(naam="  "), 2025)
    assert errors == ["Rij 1: geef de maatregel een naam."]


def test_a_saving_that_costs_money_is_warned():
    _, errors, warnings, _ = check_measures(row(naam="Besparing vervoer", hefboom="bedrag", effect_pct=None,
                                                bedrag=120000.0), 2025)
    assert errors == [] and "kost € 120.000 per jaar extra" in warnings[0] and "-€ 120.000" in warnings[0]


def test_out_of_range_values_say_the_range_in_words_never_a_field_name():
    _, errors, _, _ = check_measures(row(effect_pct=-150.0), 2025)
    assert errors == ["Maatregel 'Poortwachter': Effect moet tussen −100% en +100% liggen (nu −150%)."]
    _, errors, _, _ = check_measures(row(ingroei_jaren=0, kosten_per_jaar=-5.0), 2025)
    assert len(errors) == 2
    assert not any("_pct" in e or "_jaren" in e or "kosten_per" in e for e in errors)


def test_an_effect_outside_its_range_widens_the_range_and_says_so():
    frame, errors, _, notes = check_measures(row(effect_pct=-20.0, effect_min_pct=-15.0, effect_max_pct=-4.0), 2025)
    assert errors == []
    assert frame.loc[0, "effect_min_pct"] == -20.0 and frame.loc[0, "effect_max_pct"] == -4.0
    assert "verbreed naar −20% tot −4%" in notes[0]


def test_messages_from_the_scenario_checks_use_the_screens_column_names():
    message = "Maatregel 'x': 'effect_min_pct' = -120 ligt buiten (-100, 100]."
    assert in_words(message) == "Maatregel 'x': 'Min %' = -120 moet tussen −100% en +100% liggen."
