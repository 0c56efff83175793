"""Choosing a model on Prognose (#24 point 4): one entry per method in Dutch, a slow family backtested in the
background while the screen keeps the current model, and one sentence for a band the backtest widened."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from forecasting.model.families import FAMILIES
from tests.factories import REPO, work_of
from ui import model_choice

VOORZIENING = "Hulp bij het huishouden"
EXPECTED = [  # written out by hand: what the list must say, one entry per method, `auto` first
    "Automatisch (aanbevolen): gemiddelde van gelijk gebruik, Theta en gedempte trend",
    "Gelijk aan laatste jaar: het laatste jaar loopt door",
    "Lineaire trend: elk jaar hetzelfde bedrag erbij of eraf",
    "Vaste groei per jaar: elk jaar hetzelfde percentage erbij of eraf",
    "Gedempte trend (ETS): de trend loopt door en vlakt af (rekent even)",
    "ARIMA met drift: statistisch tijdreeksmodel (rekent even)",
    "Trend met omslagpunten (Prophet): de trend mag van richting veranderen (rekent even)",
]


def open_model_picker() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("screens/prognose.py").run()
    at.selectbox(key="prognose_keuze").select_index(3).run()  # Hulp bij het huishouden
    assert not at.exception, at.exception
    return at


def until_applied(at: AppTest) -> AppTest:
    """Rerun every 2 s (what the progress fragment's timer does in the browser) until the choice is applied."""
    deadline = time.monotonic() + 240
    while "model_pending" in at.session_state and time.monotonic() < deadline:
        time.sleep(2)
        at.run()
    assert not at.exception, at.exception
    return at


def test_the_list_has_one_entry_per_method_and_no_second_combination():
    labels = [model_choice.label(name) for name in model_choice.OPTIONS]
    assert labels == EXPECTED
    assert not any(label.startswith("Combinatie") for label in labels)
    assert set(model_choice.OPTIONS) == {"auto"} | (set(FAMILIES) - {"combinatie"})


def test_the_widened_band_sentence_says_what_it_means_and_what_to_do_in_one_sentence():
    sentence = model_choice.widened_sentence("gebruik per inwoner", 8.4)
    assert sentence.startswith("De band van gebruik per inwoner is 8,4 keer zo breed gemaakt")
    assert "sluit een uitzonderlijk jaar uit" in sentence and "kies 'Automatisch'" in sentence
    assert sentence.count(".") == 1 and sentence.endswith(".")  # one sentence (8,4 has a comma, not a point)


def test_the_screen_lists_every_method_once_and_explains_a_widened_band():
    at = open_model_picker()
    picker = at.selectbox(key=f"model_{VOORZIENING}")
    assert picker.options == EXPECTED  # AppTest gives the entries as shown
    picker.set_value("damped").run()  # ETS: the backtest widens the use rate's band 8,4 times for this one
    until_applied(at)
    infos = [i.value for i in at.info]
    assert "De band van gebruik per inwoner is 8,4 keer zo breed gemaakt, omdat dit model in de backtest de " \
           "werkelijke cijfers van eerdere jaren te vaak miste; sluit een uitzonderlijk jaar uit (onder " \
           "'Instellingen en aannames') of kies 'Automatisch'." in infos


def test_a_slow_model_runs_in_the_background_and_is_applied_when_its_backtest_is_done():
    at = open_model_picker()
    before = [m.value for m in at.metric]
    started = time.monotonic()
    at.selectbox(key=f"model_{VOORZIENING}").set_value("prophet").run()
    assert time.monotonic() - started < 8  # the screen is not held up by the backtest (about 9 s and more)
    assert not at.exception, at.exception
    assert at.session_state["model_pending"] == (VOORZIENING, "prophet")
    assert "models" not in at.session_state or VOORZIENING not in work_of(at).models
    assert any("wordt getoetst" in i.value and "verder werken" in i.value for i in at.info)
    assert [m.value for m in at.metric] == before  # meanwhile the current model's figures stay on screen
    until_applied(at)
    assert work_of(at).models == {VOORZIENING: "prophet"}
    assert not any("wordt getoetst" in i.value for i in at.info)
