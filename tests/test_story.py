"""The sentences for the raad: every amount in a sentence is parsed back and the parts must add up to the whole.

Built on hand-made numbers (tests/factories.py) so a reader can check them; no model is fitted.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from forecasting.model.projection import TOTAL
from presentation.story import (
    FACTOR_WORDS,
    amount,
    chance,
    growth_sentence,
    measures_sentence,
    remains_sentence,
    standing_sentence,
    what_measures_do,
    what_remains,
)
from presentation.tables import effects_frame
from scenarios.apply import apply_scenario
from scenarios.budget import BudgetComparison
from scenarios.measures import Measure, Scenario
from tests.factories import budget, projection

AMOUNT = re.compile(r"(-?)€ ([0-9.]+(?:,[0-9]+)?)( mln)?")


def amounts(sentence: str) -> list[tuple[float, float]]:
    """Every amount in a sentence as (value, rounding step of how it is shown): '€ 3,9 mln' -> (3.9e6, 1e5)."""
    found = []
    for sign, digits, mln in AMOUNT.findall(sentence):
        value = float(digits.replace(".", "").replace(",", "."))
        if mln:
            found.append(((-1 if sign else 1) * value * 1e6, 1e5))
        else:
            step = 1000.0 if value >= 10_000 else 1.0
            found.append(((-1 if sign else 1) * value, step))
    return found


def adds_up(whole: tuple[float, float], parts: list[tuple[float, float]]) -> bool:
    """The parts add up to the whole within the rounding of every amount shown."""
    slack = (whole[1] + sum(step for _, step in parts)) / 2 + 1e-6
    return abs(sum(value for value, _ in parts) - whole[0]) <= slack


def test_amounts_are_rounded_for_reading_in_one_unit_per_sentence():
    assert amount(3_891_193) == "€ 3,9 mln"
    assert amount(-212_000, "mln") == "-€ 0,2 mln"
    assert amount(653_412) == "€ 653.000"
    assert amount(850) == "€ 850"
    assert "N" not in amount(3_891_193)


@pytest.mark.parametrize(("probability", "words"), [
    (1.0, "vrijwel zeker (kans > 99%)"), (0.995, "vrijwel zeker (kans > 99%)"),
    (0.93, "zeer waarschijnlijk (kans 93%)"),
    (0.7, "waarschijnlijk (kans 70%)"), (0.5, "ongeveer even waarschijnlijk als niet (kans 50%)"),
    (0.2, "onwaarschijnlijk (kans 20%)"), (0.05, "zeer onwaarschijnlijk (kans 5%)"),
    (0.0, "vrijwel uitgesloten (kans < 1%)"),
])
def test_probabilities_are_phrased_honestly(probability, words):
    assert chance(probability) == words
    assert "100%" not in chance(probability) and "kans 0%" not in chance(probability)


@pytest.mark.parametrize("domein, subject", [(TOTAL, "de kosten van Wmo en jeugd samen"), ("Wmo", "de Wmo-kosten"),
                                             ("Jeugd", "de jeugdkosten")])
def test_every_sentence_names_its_subject(domein, subject):
    parts = {"demografie": 100_000.0, "gebruik": 200_000.0, "kosten_per_client": 0.0, "indexatie": 300_000.0}
    assert subject in growth_sentence(domein, 2029, 1_000_000.0, 1_600_000.0, parts)
    assert subject in standing_sentence(domein, 2024, 2015, 1_000_000.0, 800_000.0)
    assert subject in measures_sentence(domein, 2029, 50_000.0, {"a": 50_000.0}, 0.0)
    name = {TOTAL: "Wmo en jeugd samen", "Wmo": "Wmo", "Jeugd": "jeugd"}[domein]
    assert remains_sentence(domein, 2029, 10_000.0, 0.6).startswith(f"Voor {name} ")


GROWTH_CASES = [
    # the issue's case: a negative demography part must be said, not left out
    (15_700_000.0, {"demografie": -212_000.0, "gebruik": 653_000.0, "kosten_per_client": 420_000.0,
                    "indexatie": 1_437_000.0}),
    # every part positive, the sample's size
    (15_700_000.0, {"demografie": 410_000.0, "gebruik": 1_030_000.0, "kosten_per_client": 760_000.0,
                    "indexatie": 3_140_000.0}),
    # a falling total: use and real cost down, indexation up
    (2_000_000.0, {"demografie": -30_000.0, "gebruik": -260_000.0, "kosten_per_client": -90_000.0,
                   "indexatie": 120_000.0}),
    # small amounts (below a million): thousands
    (400_000.0, {"demografie": -4_400.0, "gebruik": 61_000.0, "kosten_per_client": 12_300.0, "indexatie": 25_100.0}),
    # a part that is exactly zero
    (1_000_000.0, {"demografie": 0.0, "gebruik": 100_000.0, "kosten_per_client": 0.0, "indexatie": 50_000.0}),
]


@pytest.mark.parametrize(("start", "parts"), GROWTH_CASES)
def test_growth_parts_add_up_to_the_change_and_negative_parts_are_said(start, parts):
    end = start + sum(parts.values())
    sentence = growth_sentence("Jeugd", 2029, start, end, parts)
    found = amounts(sentence)
    (shown_start, _), (shown_end, _), change = found[:3]
    assert shown_start == pytest.approx(start, abs=found[0][1] / 2 + 1)
    assert shown_end == pytest.approx(end, abs=found[1][1] / 2 + 1)
    falling = end < start
    assert ("dalen" if falling else "stijgen") in sentence
    # parts against the direction of the change are said after 'terwijl' and count with the other sign
    lead, _, against = sentence.partition(", terwijl ")
    signed = [(v if not falling else -v, s) for v, s in amounts(lead)[3:]]
    signed += [(-v if not falling else v, s) for v, s in amounts(against)]
    signed_change = (-change[0] if falling else change[0], change[1])
    omitted = [v for v in parts.values() if abs(v) < change[1] / 2]  # rounds to nothing in the shown unit
    assert adds_up(signed_change, signed + [(sum(omitted), change[1] / 2 * len(omitted))]), sentence
    for factor, value in parts.items():
        if abs(value) >= change[1] / 2:  # every part that shows is named with the word for its direction
            assert FACTOR_WORDS[factor][0 if value >= 0 else 1] in sentence, sentence
    assert " N" not in sentence and " V" not in sentence


def test_the_issues_sentence_now_names_the_shrinking_target_group():
    parts = GROWTH_CASES[0][1]
    start = GROWTH_CASES[0][0]
    sentence = growth_sentence(TOTAL, 2029, start, start + sum(parts.values()), parts)
    assert sentence == ("Zonder maatregelen stijgen de kosten van Wmo en jeugd samen van € 15,7 mln naar € 18,0 mln "
                        "in 2029, € 2,3 mln meer: € 1,4 mln door loon- en prijsstijgingen (indexatie), € 0,7 mln door "
                        "meer gebruik per inwoner en € 0,4 mln door duurdere zorg per cliënt, terwijl krimp van de "
                        "doelgroep € 0,2 mln scheelt.")


def test_the_total_standing_names_wmo_and_jeugd_and_they_add_up():
    sentence = standing_sentence(TOTAL, 2024, 2015, 15_700_000.0, 9_000_000.0,
                                 {"Wmo": 8_420_000.0, "Jeugd": 7_280_000.0})
    whole, *parts = amounts(sentence)
    assert adds_up(whole, parts)
    assert "(Wmo € 8,4 mln en jeugd € 7,3 mln)" in sentence


COST = [[100_000.0, 110_000.0], [200_000.0, 220_000.0], [400_000.0, 380_000.0]]  # v0, v1 Wmo; v2 Jeugd


class FakeBaseline:
    projection = projection(COST)
    voorzieningen, domains = ["v0", "v1", "v2"], ["Wmo", "Wmo", "Jeugd"]


@pytest.mark.parametrize("domein", [TOTAL, "Wmo", "Jeugd"])
def test_what_measures_do_adds_up_per_measure_minus_costs(domein):
    measures = [Measure("Poortwachter", "v0", "volume", 2025, effect_pct=-10.0, kosten_per_jaar=2_000.0),
                Measure("Algemene voorziening", "v1", "volume", 2025, effect_pct=-5.0, kosten_per_jaar=1_000.0),
                Measure("Tarieven", "Jeugd", "prijs", 2025, effect_pct=-3.0),
                Measure("Vervoer", "Wmo", "bedrag", 2025, bedrag=-4_000.0),
                Measure("Preventie", "v2", "volume", 2025, effect_pct=-1.0, kosten_per_jaar=500.0)]
    result = apply_scenario(FakeBaseline, Scenario("s", measures), simulate=False)
    comparison = BudgetComparison(FakeBaseline.projection, result.projection, budget([]))
    sentence = what_measures_do(comparison, effects_frame(result), 2026, domein)
    found = amounts(sentence)
    whole, parts = found[0], found[1:]
    costs = parts.pop() if "uitvoeringskosten" in sentence else (0.0, 0.0)
    assert adds_up(whole, parts + [(-costs[0], costs[1])]), sentence
    delivered = FakeBaseline.projection.total(domein)[1] - result.projection.total(domein)[1]
    assert whole[0] == pytest.approx(delivered, abs=whole[1] / 2 + 1)


def test_many_measures_name_the_rest_together():
    per_measure = {f"m{i}": 100_000.0 * (6 - i) for i in range(6)}
    sentence = measures_sentence(TOTAL, 2029, 2_000_000.0, per_measure, 100_000.0)
    assert "door de andere 3 maatregelen" in sentence
    whole, *parts = amounts(sentence)
    costs = parts.pop()
    assert adds_up(whole, parts + [(-costs[0], costs[1])])


def test_what_remains_says_shortfall_once_and_the_chance_in_words():
    base = projection(COST, draws=np.stack([np.array(COST) * f for f in np.linspace(0.9, 1.1, 5)]))
    c = BudgetComparison(base, base, budget([(2026, "Wmo", None, 300_000.0), (2026, "Jeugd", None, 400_000.0)]))
    wmo = what_remains(c, 2026, "Wmo")
    assert wmo == ("Voor Wmo blijft in 2026 een tekort van € 30.000 ten opzichte van de begroting; dat de uitgaven "
                   "de begroting overschrijden is waarschijnlijk (kans 80%).")
    jeugd = what_remains(c, 2026, "Jeugd")
    assert jeugd.startswith("Voor jeugd blijft in 2026 een overschot van € 20.000")
    assert what_remains(c, 2026, TOTAL).startswith("Voor Wmo en jeugd samen blijft in 2026 een tekort van € 10.000")
    for sentence in (wmo, jeugd):
        assert sentence.count("tekort") + sentence.count("overschot") == 1
        assert not re.search(r"€ [0-9.,]+ [NV]\b", sentence)


def test_amounts_never_break_across_lines_in_a_sentence():
    from presentation.story import unbroken

    text = unbroken("tekort van € 3,9 mln, waarvan -€ 120.000 door 'Vervoer' en € 850")
    assert text == "tekort van €\u00a03,9\u00a0mln, waarvan -€\u00a0120.000 door 'Vervoer' en €\u00a0850"
