"""Indicators: the status rule on hand-made paths, the target year, and a measure's effect on its indicator
computed by hand."""

from __future__ import annotations

import pytest

from forecasting.input.validation import load_dataset
from forecasting.monitor.indicators import (
    HIGHER,
    LOWER,
    NO_STATUS,
    OFF_TRACK,
    ON_TRACK,
    WATCH,
    Indicator,
    Target,
    Thresholds,
)
from grip import service
from presentation import monitor
from scenarios.measures import Measure, Scenario
from tests.factories import SAMPLE, dataset_with

DOWN = Target(basisjaar=2024, startwaarde=20.0, streefwaarde=18.0, streefjaar=2028, richting=LOWER)
UP = Target(basisjaar=2022, startwaarde=78.0, streefwaarde=85.0, streefjaar=2027, richting=HIGHER)


@pytest.mark.parametrize("target, year, value, path, status", [
    (DOWN, 2026, 18.5, 19.0, ON_TRACK),    # ahead of the path
    (DOWN, 2026, 19.1, 19.0, ON_TRACK),    # 0.1 behind of a planned change of 2: 5%
    (DOWN, 2026, 19.4, 19.0, WATCH),       # 20%
    (DOWN, 2026, 19.6, 19.0, OFF_TRACK),   # 30%
    (DOWN, 2030, 18.3, 18.0, WATCH),       # after the target year the path is the target: 15%
    (DOWN, 2023, 25.0, None, NO_STATUS),   # before the base year
    (UP, 2024, 80.0, 80.8, WATCH),         # 0.8 behind of 7: 11.4%
    (UP, 2024, 80.4, 80.8, ON_TRACK),      # 5.7%
    (UP, 2024, 78.0, 80.8, OFF_TRACK),     # 40%
])
def test_the_status_rule_on_hand_made_paths(target, year, value, path, status):
    if path is not None:
        assert target.path(year) == pytest.approx(path)
    assert target.status(year, value) == status


def test_the_thresholds_can_be_changed():
    assert UP.status(2024, 80.0, Thresholds(let_op=0.05, uit_koers=0.10)) == OFF_TRACK
    assert UP.status(2024, 80.0, Thresholds(let_op=0.20, uit_koers=0.30)) == ON_TRACK


def test_the_target_is_reached_in_the_first_year_on_the_right_side():
    item = Indicator("x", "", LOWER, realised={2024: 20.0}, baseline={2025: 20.5, 2026: 21.0, 2027: 21.5},
                     scenario={2025: 19.5, 2026: 18.4, 2027: 17.9}, target=DOWN)
    assert item.reached_in("scenario") == 2027
    assert item.reached_in("baseline") is None
    assert monitor.target_sentence(item, 2027) == ("Met deze maatregelen wordt de streefwaarde (18,0 in 2028) in "
                                                   "2027 bereikt.")
    assert "niet bereikt" in monitor.target_sentence(item, 2027, series="baseline")
    # reached in 2027 and above the target again in the target year: said, never only 'bereikt'
    back = Indicator("x", "", LOWER, realised={2024: 20.0}, baseline={}, target=DOWN,
                     scenario={2025: 19.5, 2026: 18.4, 2027: 17.9, 2028: 18.3})
    assert monitor.target_sentence(back, 2028) == ("Met deze maatregelen wordt de streefwaarde (18,0 in 2028) in "
                                                   "2027 bereikt, maar in 2028 is de waarde weer 18,3.")


def test_a_volume_measure_moves_its_indicator_by_its_effect(tmp_path):
    dataset, problems = load_dataset(dataset_with(tmp_path))
    assert dataset is not None, problems.report()
    name = "Cliënten per 1.000 inwoners 75+: Hulp bij het huishouden"
    measure = Measure(naam="Algemene voorziening", doel="Hulp bij het huishouden", hefboom="volume", effect_pct=-10,
                      startjaar=2026, ingroei_jaren=2, indicator=name)
    run = service.run(dataset, service.Settings(model="flat"), Scenario("Pakket", [measure]))
    items = monitor.indicators_of(run)
    effects = monitor.measure_indicator_frame(run, items).set_index("jaar")
    # by hand: clients of the baseline per 1,000 inhabitants 75+, times 1 - 10% x the share of the ramp
    baseline = run.baseline.projection
    population = dataset.population("75+")
    v = baseline.index("Hulp bij het huishouden")
    for t, year in enumerate(baseline.years):
        without = baseline.clients[v, t] / population.loc[year] * 1000
        share = min(1.0, max(0.0, (year - 2026 + 1) / 2))
        assert effects.loc[year, "zonder_maatregel"] == pytest.approx(without)
        assert effects.loc[year, "effect"] == pytest.approx(-0.10 * share * without)
    assert effects.loc[2025, "effect"] == 0.0
    assert effects.loc[2028, "effect"] == pytest.approx(-0.10 * effects.loc[2028, "zonder_maatregel"])


def test_the_sample_indicators_have_statuses_and_a_target_sentence():
    dataset, _ = load_dataset(SAMPLE)
    from scenarios.measures import loads

    scenario = loads((SAMPLE.parent / "voorbeeldscenario.json").read_text(encoding="utf-8"),
                     list(dataset.voorzieningen["voorziening"]))
    run = service.run(dataset, service.Settings(), scenario)
    table = monitor.indicator_frame(monitor.indicators_of(run), Thresholds(), run.final_year,
                                    with_targets_only=True).set_index("indicator")
    assert table.loc["Cliënten tevreden over de ondersteuning", "status"] == WATCH
    begeleiding = table.loc["Cliënten per 1.000 inwoners 18-64: Begeleiding"]
    assert begeleiding["laatste_waarde"] == pytest.approx(290 / 14300 * 1000)
    assert begeleiding["toelichting"].startswith("Met deze maatregelen wordt de streefwaarde (19,0 in 2028) in")
    rows = monitor.cockpit_rows(run, monitor.yearend_of(run), monitor.indicators_of(run))
    assert set(rows["signaal"]) >= {"Jaareinde 2025", "Laatste planjaar 2029", "Indicatoren", "Gegevens"}
    assert rows["woord"].str.len().gt(0).all() and rows["link"].str.startswith("screens/").all()
    section = monitor.report_section(run)
    assert section.startswith("<section") and "Verwachte jaarrekening 2025" in section and "let op" in section


def test_without_an_active_measure_the_outlook_and_the_signal_say_zonder_maatregelen():
    dataset, _ = load_dataset(SAMPLE)
    run = service.run(dataset, service.Settings())  # the jaareinde command's run: no scenario
    items = monitor.indicators_of(run)
    table = monitor.indicator_frame(items, Thresholds(), run.final_year, with_targets_only=True,
                                    measures=monitor.with_measures(run)).set_index("indicator")
    sentence = table.loc["Cliënten per 1.000 inwoners 18-64: Begeleiding", "toelichting"]
    assert sentence.startswith("Zonder maatregelen wordt de streefwaarde (19,0 in 2028)")
    rows = monitor.cockpit_rows(run, monitor.yearend_of(run), items).set_index("signaal")
    assert "in het streefjaar zonder maatregelen" in rows.loc["Indicatoren", "toelichting"]
    assert "scenario" not in " ".join(rows["toelichting"])


def test_the_voorziening_signals_are_those_the_in_year_figures_moved_most(tmp_path):
    import shutil

    folder = tmp_path / "gemeente"
    shutil.copytree(SAMPLE, folder)
    path = folder / "tussentijds.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):  # a € 400.000 booking in Hulpmiddelen's September, a small voorziening
        cells = line.split(";")
        if cells[:3] == ["2025", "9", "Hulpmiddelen"]:
            cells[4] = str(float(cells[4]) + 400_000)
            lines[i] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset, problems = load_dataset(folder)
    assert dataset is not None, problems.report()
    run = service.run(dataset, service.Settings())
    rows = monitor.cockpit_rows(run, monitor.yearend_of(run), monitor.indicators_of(run))
    named = rows.loc[rows["voorziening"] != "Totaal"]
    assert "Hulpmiddelen" in set(named["voorziening"])  # not among the three largest by cost
    assert (named["signaal"] == "Jaareinde 2025").all()  # no 'geen begroting' line: budgets are per domein
