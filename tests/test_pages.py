"""Every screen renders with the sample gemeente and reacts to its main inputs (streamlit AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import REPO

TIMEOUT = 120


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_overzicht_opens_on_the_sample_gemeente(app):
    assert app.title[0].value == "Overzicht"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Wmo 2024"] == "€ 8,4 mln"
    assert metrics["Jeugd 2024"] == "€ 7,3 mln"


def test_gegevens_shows_period_tables_and_no_warnings_for_the_sample(app):
    at = open_page(app, "gegevens")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Realisatiejaren"] == "2015–2024"
    assert metrics["Voorzieningen"] == "9"
    assert metrics["Bevolking"] == "2015–2035"
    assert metrics["Waarschuwingen"] == "0"
    assert "Voorbeeldgemeente (fictief)" in at.markdown[-1].value or any(
        "Voorbeeldgemeente" in s.value for s in at.subheader
    )
