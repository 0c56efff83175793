"""The wethouder's switchboard (ui/switchboard.py): its pure parts by hand, and on Begroting (AppTest) a switch
that moves the gap of 2029 by exactly the measure's net effect shown under it."""

from __future__ import annotations

import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from scenarios.measures import Measure, Scenario
from tests.factories import REPO, work_of
from ui import switchboard


def test_a_long_label_is_shortened_with_an_ellipsis_and_a_short_one_kept():
    assert switchboard.short_label("Besparing vervoer") == "Besparing vervoer"
    shortened = switchboard.short_label("a" * 80, limit=10)
    assert shortened == "a" * 9 + "…" and len(shortened) == 10


def test_net_effects_add_the_implementation_costs_of_the_year_asked():
    effects = pd.DataFrame({"maatregel": ["A", "A", "B", "A"], "jaar": [2029, 2029, 2029, 2028],
                            "domein": ["Wmo", "Wmo", "Jeugd", "Wmo"],
                            "effect": [-100.0, -50.0, -30.0, -999.0], "uitvoeringskosten": [20.0, 0.0, 0.0, 0.0]})
    assert switchboard.net_effects(effects, 2029) == {"A": -130.0, "B": -30.0}  # -100 - 50 + 20; -30
    assert switchboard.net_effects(effects.iloc[0:0], 2029) == {}


def test_switching_sets_actief_of_the_named_measures_only():
    scenario = Scenario("P", [Measure("A", "Wmo", "volume", 2026, effect_pct=-5),
                              Measure("B", "Jeugd", "prijs", 2026, effect_pct=-3, actief=False)])
    switched = switchboard.with_switches(scenario, {"A": False})
    assert [m.actief for m in switched.maatregelen] == [False, False]
    assert [m.actief for m in scenario.maatregelen] == [True, False]  # the original is left as it was


def euros(text: str) -> int:
    """'€ 2.742.589 N' -> 2742589, '… V' negative, '-€ 261.445 in 2029' -> -261445."""
    value = int(re.sub(r"[^0-9]", "", text.split(" in ")[0]))
    return -value if text.strip().endswith("V") or text.startswith("-") else value


def test_on_begroting_a_switch_moves_the_gap_by_the_effect_under_it():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("screens/begroting.py").run()
    assert not at.exception, at.exception
    gap = next(m for m in at.metric if m.label == "Tekort/overschot 2029")
    before = euros(gap.value)
    switch = next(t for t in at.toggle if t.label == "Tariefafspraken jeugdhulp")
    captions = [c.value for c in at.caption if c.value.endswith(" in 2029")]
    assert len(captions) == 4  # one per measure of the sample package
    effect = euros(captions[2])  # the third measure's, under its switch
    switch.set_value(False).run()
    assert not at.exception, at.exception
    after = euros(next(m for m in at.metric if m.label == "Tekort/overschot 2029").value)
    assert abs((after - before) - (-effect)) <= 1  # the saving no longer lowers the gap (whole euros shown)
    assert "uit: telt niet mee" in [c.value for c in at.caption]
    assert not next(m for m in work_of(at).scenarios["Pakket 2026"].maatregelen
                    if m.naam == "Tariefafspraken jeugdhulp").actief  # every screen now uses it switched off


def test_beside_the_gap_table_the_first_year_is_said_as_the_monitor_sees_it():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("screens/monitor.py").run()
    sentence = next(m.value for m in at.markdown if m.value.startswith("Met de cijfers t/m september 2025"))
    gap = sentence.split("is dat ")[1].split(";")[0]  # the Monitor's N/V for 2025, '€ 983.020 N'
    at.switch_page("screens/maatregelen.py").run()
    assert not at.exception, at.exception
    caption = next(c.value for c in at.caption if c.value.startswith("Totaal sociaal domein, 2025–2029."))
    assert caption.endswith(f" 2025 met de tussentijdse cijfers t/m september: {gap} (Monitor).")
    table = next(d.value for d in at.dataframe if "Tekort (N) / overschot (V)" in d.value.columns)
    assert table["Tekort (N) / overschot (V)"].iloc[0] != gap  # the table's 2025 is the prognosis: not the same
