"""Gegevens, "Begin met de openbare cijfers van uw gemeente": the button with recorded CBS responses (AppTest).

The client's fetch is replaced by tests/fixtures/cbs (no network); AppTest runs the page in this process, so the
monkeypatched function is the one the page calls."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from forecasting.cbs import client
from tests.cbs_support import fake_fetch, refuse_download
from tests.factories import REPO, work_of

TIMEOUT = 120


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test here: the client's fetch fails unless a test puts the recorded responses in its place."""
    monkeypatch.setattr(client, "fetch_rows", refuse_download)


@pytest.fixture
def gegevens() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("screens/gegevens.py").run()
    assert not at.exception, at.exception
    return at


def test_nothing_is_fetched_until_the_button_is_pressed(gegevens, monkeypatch):
    assert any(s.value == "Begin met de openbare cijfers van uw gemeente" for s in gegevens.subheader)
    assert gegevens.button(key="cbs_ophalen").disabled  # no gemeente chosen yet
    assert "cbs_report" not in gegevens.session_state


def test_choosing_a_gemeente_loads_its_public_figures_into_every_screen(gegevens, monkeypatch):
    calls = []

    def recorded(table, codes):
        calls.append(table)
        return fake_fetch(table, codes)

    monkeypatch.setattr(client, "fetch_rows", recorded)
    at = gegevens
    at.selectbox(key="cbs_gemeente").select("Haarlemmermeer").run()
    assert not calls  # choosing is not fetching
    at.button(key="cbs_ophalen").click().run()
    assert not at.exception, at.exception
    assert len(calls) == len(client.TABLE_IDS)
    assert work_of(at).upload.naam == "Haarlemmermeer (CBS)"
    assert any(s.value == "In gebruik: Haarlemmermeer (CBS)" for s in at.subheader)
    assert any("Haarlemmermeer zijn ingelezen" in s.value for s in at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Realisatiejaren"] == "2018–2023" and metrics["Voorzieningen"] == "1"  # Wmo has no costs
    assert any(b.label == "Gegevensset als zip (met bronnen)" for b in at.get("download_button"))
    report = at.session_state["cbs_report"]
    assert any(w.startswith("Herindeling") for w in report["waarschuwingen"])
    at.switch_page("screens/prognose.py").run()
    assert not at.exception, at.exception


def test_no_connection_is_a_dutch_error_and_the_data_in_use_stays(gegevens, monkeypatch):
    def offline(table, codes):
        raise client.dutch_error(table, OSError("Network is unreachable"))

    monkeypatch.setattr(client, "fetch_rows", offline)
    at = gegevens
    at.selectbox(key="cbs_gemeente").select("Zwolle").run()
    at.button(key="cbs_ophalen").click().run()
    assert not at.exception, at.exception
    assert any("Geen verbinding met CBS" in e.value and "StatLine" in e.value for e in at.error)
    assert work_of(at).upload is None
