"""The baseline and the run for this session's data, settings and scenario, cached on the data's content; the
backtest runs once per data content for all sessions, with visible progress.
"""

from __future__ import annotations

import time

import streamlit as st

from forecasting.input.dataset import Dataset
from forecasting.model.baseline import Baseline
from grip import service
from grip.service import Run, Settings
from scenarios.measures import Scenario
from ui import display, navigation
from ui.choices import settings
from ui.data_source import current_dataset
from ui.jobs import SharedJobs
from ui.scenario_work import current_scenario

EVALUATION_CACHE_SIZE = 16


@st.cache_resource(show_spinner=False)
def shared_jobs() -> SharedJobs:
    """Backtests keyed by (data content, what the backtest depends on), shared by all sessions; a running one
    is waited for, never started twice, and keeps running when its screen is left."""
    return SharedJobs(EVALUATION_CACHE_SIZE)


def evaluations(dataset: Dataset, chosen: Settings):
    """Backtest all families once per data content, for all sessions; shows the progress openly meanwhile."""
    key = (dataset.content_key(), chosen.backtest_key)
    job = shared_jobs().submit(key, lambda progress: service.backtests(dataset, chosen, progress=progress))
    if not job.finished.is_set():
        _wait_visibly(job)
    return job.value()


def _wait_visibly(job) -> None:
    box = st.empty()
    with box.container():
        st.info("**Grip toetst de rekenmodellen op de historie van deze gegevens (backtest).** Dat gebeurt één "
                "keer per gegevensset, voor alle gebruikers samen. U kunt intussen een ander scherm openen: de "
                "berekening loopt door en de schermen tonen daarna direct de uitkomst.")
        bar = st.progress(job.fraction, text="Bezig met starten…")
    while not job.wait(0.5):
        elapsed = int(time.monotonic() - job.started)
        step = f"reeks {job.done + 1} van {job.total}: {job.label}" if job.total else "voorbereiden"
        bar.progress(job.fraction, text=f"Bezig met {step} · {elapsed} s")
    box.empty()


@st.cache_data(show_spinner=False, max_entries=32)
def _baseline(content: str, _dataset: Dataset, _evaluations, chosen: Settings) -> Baseline:
    return service.baseline(_dataset, chosen, _evaluations)


def current_baseline(dataset: Dataset | None = None) -> Baseline:
    """The baseline for this session's data and settings."""
    dataset = dataset or current_dataset()
    chosen = settings()
    try:
        return _baseline(dataset.content_key(), dataset, evaluations(dataset, chosen), chosen)
    except service.UnusableSettings as error:  # the one check of the settings (grip/service.settings_problems)
        st.error("Met deze instellingen kan Grip geen prognose maken:\n\n"
                 + "\n".join(f"- {display.plain(p.melding)}" for p in error.problems.errors)
                 + "\n\nPas de keuze aan (bijvoorbeeld minder jaren uitsluiten op Prognose).")
        navigation.end_screen()


def current_run(dataset: Dataset | None = None, scenario: Scenario | None = None) -> Run:
    dataset = dataset or current_dataset()
    try:
        return service.run(dataset, settings(), scenario or current_scenario(dataset),
                           fitted=current_baseline(dataset))
    except service.UnusableResult as error:  # a negative or non-finite cost is never shown
        st.error("Deze berekening geeft een onbruikbare uitkomst en wordt niet getoond:\n\n"
                 + "\n".join(f"- {display.plain(p.melding)}" for p in error.problems.errors))
        navigation.end_screen()
