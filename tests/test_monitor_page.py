"""The Monitor screen renders the sample's expected year-end, backtest and indicators, and its thresholds work."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import REPO

TIMEOUT = 180


@pytest.fixture(scope="module")
def monitor() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("screens/monitor.py").run()
    assert not at.exception, at.exception
    return at


def test_the_monitor_shows_the_expected_year_end_per_domein(monitor):
    assert monitor.title[0].value == "Monitor"
    labels = [m.label for m in monitor.metric]
    assert labels == ["Verwacht Wmo 2025", "Verwacht Jeugd 2025", "Verwacht Totaal 2025"]
    assert all(m.value.startswith("€ ") for m in monitor.metric)
    assert any("t/m september 2025" in m.value for m in monitor.markdown)
    table = next(d.value for d in monitor.dataframe if "Verwacht" in d.value.columns)
    assert {"Verwacht", "80%-band", "Verschil (N/V)", "Kans op overschrijding"} <= set(table.columns)
    assert table["Verschil (N/V)"].str.endswith(("N", "V")).any()


def test_signals_and_indicator_statuses_carry_a_word_not_only_a_colour(monitor):
    text = " ".join(m.value for m in monitor.markdown)
    assert "tekort" in text or "binnen begroting" in text or "let op" in text
    indicators = next(d.value for d in monitor.dataframe if "Status" in d.value.columns)
    assert indicators["Status"].str.contains("op koers|let op|uit koers").all()
    assert indicators["Vooruitblik (scenario)"].str.contains("bereikt").any()


def test_a_stricter_threshold_changes_an_indicator_status(monitor):
    def statuses(at):
        table = next(d.value for d in at.dataframe if "Status" in d.value.columns)
        return dict(zip(table["Indicator"], table["Status"]))

    before = statuses(monitor)
    assert before["Cliënten tevreden over de ondersteuning"].endswith("let op")  # 80 against a path of 80.8
    monitor.number_input(key="monitor_let_op").set_value(5).run()
    monitor.number_input(key="monitor_uit_koers").set_value(10).run()
    assert not monitor.exception
    assert statuses(monitor)["Cliënten tevreden over de ondersteuning"].endswith("uit koers")


def test_the_overzicht_cockpit_shows_the_same_signals_with_words_and_links():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert any(s.value == "Signalen" for s in at.subheader)
    text = " ".join(m.value for m in at.markdown)
    assert "Verwachte jaarrekening" in text or "Jaareinde" in text or "jaarrekening" in text.lower()
    assert any(word in text for word in ("tekort", "binnen begroting", "let op", "op koers", "uit koers"))


def test_the_year_end_table_adds_up_as_shown_and_says_what_the_report_says(monitor):
    table = next(d.value for d in monitor.dataframe if "Verwacht" in d.value.columns)

    def amount(text: str) -> int:
        return int(text.replace("€", "").replace(".", "").strip())

    for domein in ("Wmo", "Jeugd"):
        rows = table.loc[table["Domein"] == domein]
        parts = rows.loc[rows["Voorziening"] != "Totaal"]
        total = rows.loc[rows["Voorziening"] == "Totaal"].iloc[0]
        for column in ("Verwacht", "Gerealiseerd"):
            assert sum(amount(v) for v in parts[column]) == amount(total[column]), (domein, column)
        assert amount(total["Verwacht"]) - amount(total["Begroting"]) == amount(total["Verschil (N/V)"][:-2])
    overall = table.loc[table["Domein"] == "Totaal"].iloc[0]
    domains = table.loc[(table["Voorziening"] == "Totaal") & (table["Domein"] != "Totaal")]
    assert sum(amount(v) for v in domains["Verwacht"]) == amount(overall["Verwacht"])
