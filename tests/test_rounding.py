"""The rounding rule (presentation/rounding.py) on the issue's own examples, worked out by hand, and as a property:
the parts shown add up exactly to the whole shown, and start + change = end as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presentation.charts import waterfall_labels
from presentation.rounding import STEPS, amount, change, nv_amount, rounded, signed_amount, split, unit_of
from presentation.story import growth_sentence, measures_sentence

# the sample gemeente 2024-2029 (data/voorbeeldgemeente, auto): total costs and the four LMDI parts
START, END = 15_704_181.0, 19_855_361.0
PARTS = {"indexatie": 3_032_472.0, "demografie": 447_488.0, "gebruik": 422_629.0, "kosten_per_client": 248_591.0}


def test_wholes_round_half_away_from_zero_to_the_step_of_their_unit():
    assert unit_of(15_704_181.0, 447_488.0) == "mln" and unit_of(937_772.0) == "k" and unit_of(850.0) == "eur"
    assert rounded(2_450_000.0, "mln") == 2_500_000.0 and rounded(-2_450_000.0, "mln") == -2_500_000.0
    assert rounded(447_488.0, "k") == 447_000.0 and rounded(937_500.0, "k") == 938_000.0
    assert amount(937_771.5) == "€ 938.000"  # the tile that said € 937.772 next to a sentence with € 938.000
    assert amount(-212_000.0, "mln") == "-€ 0,2 mln" and amount(849.6) == "€ 850"
    assert signed_amount(447_488.0, "mln") == "+€ 0,4 mln" and signed_amount(-200_027.0, "k") == "−€ 200.000"


def test_the_issues_growth_sentence_adds_up_now():
    # before: '€ 4,2 mln meer: € 3,0 + 0,4 + 0,4 + 0,2' (each part rounded on its own adds to 4,0).
    # By hand: ends 15,7 and 19,9, change 4,2 = 42 steps; the parts round down to 30 + 4 + 4 + 2 = 40 steps;
    # the remainders are ,32 ,47 ,23 ,49 so the two missing steps go to kosten per cliënt (,49) and demografie (,47).
    assert change(START, END, "mln") == (15_700_000.0, 19_900_000.0, 4_200_000.0)
    assert split(4_200_000.0, PARTS, "mln") == {"indexatie": 3_000_000.0, "demografie": 500_000.0,
                                                "gebruik": 400_000.0, "kosten_per_client": 300_000.0}
    sentence = growth_sentence("Totaal", 2029, START, END, PARTS)
    assert sentence == ("Zonder maatregelen stijgen de kosten van Wmo en jeugd samen van € 15,7 mln naar € 19,9 mln in "
                        "2029, € 4,2 mln meer: € 3,0 mln door loon- en prijsstijgingen (indexatie), € 0,5 mln door "
                        "groei van de doelgroep, € 0,4 mln door meer gebruik per inwoner en € 0,3 mln door duurdere "
                        "zorg per cliënt.")


def test_the_change_comes_from_the_rounded_ends():
    # 'van € 8,4 mln naar € 11,6 mln, € 3,3 mln meer': 11,64 - 8,36 = 3,28 rounds to 3,3, but 11,6 - 8,4 = 3,2
    assert change(8_360_000.0, 11_640_000.0, "mln") == (8_400_000.0, 11_600_000.0, 3_200_000.0)
    assert "van € 8,4 mln naar € 11,6 mln in 2029, € 3,2 mln meer" in growth_sentence(
        "Wmo", 2029, 8_360_000.0, 11_640_000.0, {"indexatie": 3_280_000.0})


def test_the_domeinen_are_split_from_the_total():
    # 'Wmo € 11,1 + jeugd € 8,7 against a total of € 19,9': 111,405 + 87,148 steps round down to 198 of 199;
    # the missing step goes to Wmo (remainder ,405 against ,148)
    assert split(END, {"Wmo": 11_140_518.0, "Jeugd": 8_714_843.0}, "mln") == {"Wmo": 11_200_000.0,
                                                                               "Jeugd": 8_700_000.0}


def test_the_slider_example_with_costs_adds_up():
    # 'after a slider € 1,1 mln: 0,6 + 0,3 + 0,3 + 0,1 − 0,1' (adds to 1,2). By hand: 1,05 mln rounds to 1,1 = 11
    # steps; the parts 5,6 2,7 2,7 0,9 and the costs -1,4 round down to 5 + 2 + 2 + 0 - 2 = 7; four steps go to the
    # remainders ,9 ,7 ,7 and then ,6 of the largest (5,6): 0,6 + 0,3 + 0,3 + 0,1 - 0,2 = 1,1
    per_measure = {"a": 560_000.0, "b": 270_000.0, "c": 270_000.0, "d": 90_000.0}
    sentence = measures_sentence("Totaal", 2029, 1_050_000.0, per_measure, 140_000.0, shown=4)
    assert sentence == ("De maatregelen verlagen de kosten van Wmo en jeugd samen in 2029 met € 1,1 mln: "
                        "€ 0,6 mln door 'a', € 0,3 mln door 'b', € 0,3 mln door 'c' en € 0,1 mln door 'd', "
                        "min € 0,2 mln uitvoeringskosten.")


def test_the_chart_labels_are_the_sentences_amounts():
    # the Sessie chart said '+€ 447.000' where the sentence said '€ 0,4 mln': one unit, the same split
    first, parts, last = waterfall_labels(START, PARTS, END)
    assert (first, last) == ("€ 15,7 mln", "€ 19,9 mln")
    assert parts == {"indexatie": "+€ 3,0 mln", "demografie": "+€ 0,5 mln", "gebruik": "+€ 0,4 mln",
                     "kosten_per_client": "+€ 0,3 mln"}


def test_zero_parts_stay_zero_and_a_list_keeps_its_order():
    assert split(100_000.0, [0.0, 60_000.0, 40_000.0], "k") == [0.0, 60_000.0, 40_000.0]
    assert split(1_000.0, [333.4, 333.3, 333.3], "eur") == [334.0, 333.0, 333.0]
    assert nv_amount(2_742_589.0, "mln") == "€ 2,7 mln N" and nv_amount(-120_000.0, "k") == "€ 120.000 V"
    assert nv_amount(40.0, "k") == "€ 0" and nv_amount(float("nan")) == "–"


AMOUNTS = st.floats(min_value=-5e6, max_value=5e6, allow_nan=False)


@given(parts=st.lists(AMOUNTS, min_size=1, max_size=8), unit=st.sampled_from(sorted(STEPS)))
def test_parts_add_up_to_the_rounded_whole_and_none_is_off_by_a_step(parts, unit):
    whole = sum(parts)
    shown = split(whole, parts, unit)
    assert sum(shown) == rounded(whole, unit)
    assert all(abs(s - p) < STEPS[unit] + 1e-6 for s, p in zip(shown, parts))
    assert all(s == pytest.approx(round(s / STEPS[unit]) * STEPS[unit]) for s in shown)


@given(start=AMOUNTS, parts=st.lists(AMOUNTS, min_size=1, max_size=5), unit=st.sampled_from(sorted(STEPS)))
def test_start_plus_the_parts_is_the_end_as_written(start, parts, unit):
    end = start + sum(parts)
    first, last, difference = change(start, end, unit)
    shown = split(difference, parts, unit)
    assert first + sum(shown) == last
    assert all(abs(s - p) < STEPS[unit] + 1e-6 for s, p in zip(shown, parts))
