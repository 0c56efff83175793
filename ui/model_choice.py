"""Choosing a model on Prognose: one entry per method with a short Dutch description, slow families backtested in
the background (ui/jobs.py via runs.shared_jobs) while the screen keeps the current model, and one sentence when
the backtest widened a band.

A choice applies once its backtest exists: key = (data content, Settings.backtest_key) as in runs.evaluations, so
the finished job is the one the next run of the screen finds. The widening is
    band used = band of the model x bandfactor   (bandfactor from the backtest, forecasting/model/backtest.py)
"""

from __future__ import annotations

import time
from dataclasses import replace

import streamlit as st

from forecasting.model.families import FAMILIES, MODEL_CHOICES
from grip import service
from presentation.formatting import number
from ui import choices, runs

SLOW = frozenset({"damped", "arima", "prophet"})  # their backtest takes 7 to 30 s on a gemeente's series
FAST_WAIT = 5.0  # seconds a quick family's backtest is waited for before it goes to the background too
PENDING = "model_pending"  # session state: (voorziening, family) waiting for its backtest
DESCRIPTIONS = {
    "auto": "Automatisch (aanbevolen): gemiddelde van gelijk gebruik, Theta en gedempte trend",
    "flat": "Gelijk aan laatste jaar: het laatste jaar loopt door",
    "linear": "Lineaire trend: elk jaar hetzelfde bedrag erbij of eraf",
    "loglinear": "Vaste groei per jaar: elk jaar hetzelfde percentage erbij of eraf",
    "damped": "Gedempte trend (ETS): de trend loopt door en vlakt af (rekent even)",
    "arima": "ARIMA met drift: statistisch tijdreeksmodel (rekent even)",
    "prophet": "Trend met omslagpunten (Prophet): de trend mag van richting veranderen (rekent even)",
}
OPTIONS = list(MODEL_CHOICES)


def label(name: str) -> str:
    """The entry in the list: every choice once, in words (the combination is `auto`, not a second entry)."""
    return DESCRIPTIONS.get(name) or FAMILIES[name].label


def widened_sentence(series: str, factor: float) -> str:
    """One sentence for a band that the backtest widened: what it means and what the user can do."""
    return (f"De band van {series} is {number(factor, 1)} keer zo breed gemaakt, omdat dit model in de backtest de "
            "werkelijke cijfers van eerdere jaren te vaak miste; sluit een uitzonderlijk jaar uit (onder "
            "'Instellingen en aannames') of kies 'Automatisch'.")


def settings_with(voorziening: str, picked: str) -> service.Settings:
    """This session's settings with `picked` for `voorziening` (auto = no choice of its own)."""
    chosen = choices.settings()
    models = dict(chosen.models)
    models.pop(voorziening, None)
    if picked != "auto":
        models[voorziening] = picked
    return replace(chosen, models=tuple(sorted(models.items())))


def apply(voorziening: str, picked: str) -> None:
    choices.set_model(voorziening, picked)
    st.session_state.pop(PENDING, None)


def choose(dataset, voorziening: str, picked: str) -> bool:
    """Start the backtest that `picked` needs in the background; True when it is there already (apply now)."""
    wanted = settings_with(voorziening, picked)
    key = (dataset.content_key(), wanted.backtest_key)
    job = runs.shared_jobs().submit(key, lambda progress: service.backtests(dataset, wanted, progress=progress))
    if picked not in SLOW:
        job.wait(FAST_WAIT)  # a quick family's backtest takes about a second: applied at once, no progress bar
    if job.finished.is_set() and job.error is None:
        return True
    st.session_state[PENDING] = (voorziening, picked)
    return False


def pending() -> tuple[str, str] | None:
    return st.session_state.get(PENDING)


def cancel() -> None:
    st.session_state.pop(PENDING, None)


@st.fragment(run_every=1.0)
def progress(dataset) -> None:
    """While a chosen model's backtest runs: a progress bar that updates every second; the rest of the screen stays
    usable with the current model. When it is done the choice is applied and the whole screen shown again."""
    waiting = pending()
    if waiting is None:
        return
    voorziening, picked = waiting
    wanted = settings_with(voorziening, picked)
    job = runs.shared_jobs().get((dataset.content_key(), wanted.backtest_key))
    if job is None:  # dropped (or the data changed): start it again
        choose(dataset, voorziening, picked)
        return
    if job.finished.is_set():
        if job.error is None:
            apply(voorziening, picked)
        else:
            cancel()
            st.session_state["model_failed"] = f"{label(picked)}: {job.error}"
        st.rerun(scope="app")
    elapsed = int(time.monotonic() - job.started)
    step = f"reeks {job.done + 1} van {job.total}" if job.total else "voorbereiden"
    st.info(f"**{label(picked)}** wordt getoetst op de historie van {voorziening} (backtest). U kunt intussen "
            "verder werken: de prognose blijft op het huidige model tot de berekening klaar is.")
    st.progress(job.fraction, text=f"Bezig met {step} · {elapsed} s")
