"""Session state <-> Settings, and caching: which dataset, settings and scenario this browser session uses.

Every session has its own state, so one user's upload is never visible to another. The numbers come from
grip/service.py; this module only remembers choices and caches results on the data's content.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import streamlit as st

from forecasting.baseline import Baseline
from forecasting.dataset import DEFAULT_HORIZON, Dataset
from forecasting.problems import Problems
from forecasting.validation import load_dataset, load_uploaded
from grip import service
from grip.service import Run, Settings
from scenarios.measures import Scenario, ScenarioError, loads
from scenarios.store import ScenarioStore, StoreError

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "voorbeeldgemeente"
SAMPLE_NAME = "Voorbeeldgemeente (fictief)"
HORIZONS = list(range(3, 11))


@st.cache_data(show_spinner=False)
def _load_sample(horizon: int) -> tuple[Dataset | None, Problems]:
    dataset, problems = load_dataset(SAMPLE_PATH, horizon=horizon, naam=SAMPLE_NAME)
    return dataset, problems


@st.cache_data(show_spinner=False, max_entries=20)
def validate_upload(files: dict[str, bytes], naam: str, horizon: int) -> tuple[Dataset | None, Problems]:
    return load_uploaded(files, naam, horizon)


def horizon() -> int:
    return int(st.session_state.get("horizon", DEFAULT_HORIZON))


def current_dataset() -> Dataset:
    """The dataset of this session: an accepted upload, else the sample gemeente."""
    upload = st.session_state.get("upload")
    if upload is not None:
        dataset, problems = validate_upload(upload["files"], upload["naam"], horizon())
        if dataset is not None:
            return dataset
        # the upload was valid when accepted, so only the horizon can be the cause: say so, never swap data
        st.error(f"Uw gegevens '{upload['naam']}' dekken een horizon van {horizon()} jaar niet:\n\n"
                 + "\n".join(f"- {p.melding}" for p in problems.errors[:5])
                 + "\n\nKies een kortere horizon in de zijbalk.")
        st.stop()
    dataset, problems = _load_sample(horizon())
    if dataset is None:  # only when the horizon runs past the sample's population forecast
        dataset, problems = _load_sample(DEFAULT_HORIZON)
    return dataset


def accept_upload(files: dict[str, bytes], naam: str) -> tuple[bool, Problems]:
    """Validate files; replace the session's dataset only when they are usable."""
    dataset, problems = validate_upload(files, naam, horizon())
    if dataset is not None:
        st.session_state["upload"] = {"files": files, "naam": naam}
        st.session_state.pop("scenarios", None)  # measures name the old data's voorzieningen
        st.session_state.pop("models", None)
    return dataset is not None, problems


def use_sample() -> None:
    st.session_state.pop("upload", None)
    st.session_state.pop("scenarios", None)


def leave_legacy_page_mode() -> None:
    """Make sure app.py's st.navigation is in charge, also when a screen's link is the first page opened.

    Streamlit treats an app with a `pages/` folder as a legacy multipage app until some run has called
    st.navigation; a first visit straight to /gegevens would show the old page list. One rerun through
    app.py fixes that for the whole server.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if not st.session_state.get("_navigation_checked"):
            st.session_state["_navigation_checked"] = True
            st.rerun()


def sidebar() -> Dataset:
    """The choices shared by every screen: data set and horizon."""
    leave_legacy_page_mode()
    with st.sidebar:
        st.selectbox(
            "Horizon (jaren na laatste realisatie)", HORIZONS, key="horizon_widget",
            index=HORIZONS.index(horizon()) if horizon() in HORIZONS else HORIZONS.index(DEFAULT_HORIZON),
            on_change=lambda: st.session_state.update(horizon=st.session_state["horizon_widget"]),
            help="Hoeveel jaren de prognose vooruit kijkt. De bevolkingsprognose moet die jaren dekken.",
        )
        dataset = current_dataset()
        scenario_picker(dataset)
        st.caption(f"Gegevens: **{dataset.naam}**  \nRealisatie {dataset.first_year}–{dataset.last_year}")
    return dataset


# --- the baseline prognosis, cached on the data's content -------------------------------------------------

EVALUATION_CACHE_SIZE = 16


@st.cache_resource(show_spinner=False)
def _evaluation_store() -> OrderedDict:
    """Backtests keyed by (data content, excluded years); content-addressed, so safe to share."""
    return OrderedDict()


def _excluded_changed() -> None:
    st.session_state["excluded_years"] = st.session_state["excluded_years_widget"]


def excluded_years_picker(years: list[int]) -> None:
    """A multiselect whose value survives switching screens (widget state alone does not)."""
    st.session_state["excluded_years_widget"] = list(excluded_years())
    st.multiselect("Jaren niet meenemen bij het schatten", years, key="excluded_years_widget",
                   on_change=_excluded_changed,
                   help="Bijvoorbeeld 2020 (corona). Deze jaren blijven zichtbaar als realisatie.")


def excluded_years() -> tuple[int, ...]:
    return tuple(sorted(st.session_state.get("excluded_years", [])))


def model_choices() -> dict[str, str]:
    return dict(st.session_state.get("models", {}))


def continuation_pct() -> float | None:
    return st.session_state.get("continuation_pct")


def settings() -> Settings:
    """This session's choices as the service's Settings."""
    return Settings(horizon=horizon(), models=tuple(sorted(model_choices().items())),
                    excluded_years=excluded_years(), continuation_pct=continuation_pct())


def evaluations(dataset: Dataset, chosen: Settings):
    """Backtest all families once per data content; shows progress the first time."""
    key = (dataset.content_key(), chosen.backtest_key)
    store = _evaluation_store()
    if key not in store:
        with st.status("Modellen worden getoetst op de historie (backtest)…", expanded=False) as status:
            bar = st.progress(0.0)
            store[key] = service.backtests(
                dataset, chosen, progress=lambda done, total, label: bar.progress(done / total, text=label)
            )
            bar.empty()
            status.update(label="Modellen getoetst", state="complete")
        while len(store) > EVALUATION_CACHE_SIZE:
            store.popitem(last=False)
    return store[key]


@st.cache_data(show_spinner=False, max_entries=32)
def _baseline(content: str, _dataset: Dataset, _evaluations, chosen: Settings) -> Baseline:
    return service.baseline(_dataset, chosen, _evaluations)


def current_baseline(dataset: Dataset | None = None) -> Baseline:
    """The baseline for this session's data and settings."""
    dataset = dataset or current_dataset()
    chosen = settings()
    return _baseline(dataset.content_key(), dataset, evaluations(dataset, chosen), chosen)


# --- scenarios of this session -----------------------------------------------------------------------------

EMPTY_SCENARIO = service.NO_MEASURES
SAMPLE_SCENARIO_PATH = SAMPLE_PATH.parent / "voorbeeldscenario.json"


def _initial_scenarios(dataset: Dataset) -> dict[str, Scenario]:
    scenarios = {EMPTY_SCENARIO: Scenario(EMPTY_SCENARIO)}
    try:
        sample = loads(SAMPLE_SCENARIO_PATH.read_text(encoding="utf-8"), list(dataset.voorzieningen["voorziening"]))
        scenarios[sample.naam] = sample
    except ScenarioError:
        pass  # the sample package names voorzieningen an uploaded dataset may not have
    return scenarios


def scenarios(dataset: Dataset | None = None) -> dict[str, Scenario]:
    if "scenarios" not in st.session_state:
        st.session_state["scenarios"] = _initial_scenarios(dataset or current_dataset())
    return st.session_state["scenarios"]


def current_scenario(dataset: Dataset | None = None) -> Scenario:
    available = scenarios(dataset)
    name = st.session_state.get("scenario_name")
    if name not in available:
        name = next((n for n in available if n != EMPTY_SCENARIO), EMPTY_SCENARIO)
        st.session_state["scenario_name"] = name
    return available[name]


def store_scenario(scenario: Scenario, select: bool = True) -> None:
    scenarios()[scenario.naam] = scenario
    if select:
        st.session_state["scenario_name"] = scenario.naam
        st.session_state.pop("editor_base", None)


def scenario_picker(dataset: Dataset) -> Scenario:
    """Sidebar choice of scenario; `?scenario=` in the link reopens the same one."""
    available = scenarios(dataset)
    wanted = st.query_params.get("scenario")
    if wanted in available and "scenario_linked" not in st.session_state:
        st.session_state["scenario_name"] = wanted
        st.session_state["scenario_linked"] = True
    current = current_scenario(dataset)
    store = scenario_store()
    names = list(available)
    if store is not None:
        try:
            names += [s.naam for s in store.list() if s.naam not in available]
        except StoreError:
            pass
    st.session_state["scenario_picker"] = current.naam
    st.selectbox("Scenario", names, key="scenario_picker", on_change=_picked,
                 help="Het pakket beheersmaatregelen dat alle schermen gebruiken.")
    st.query_params["scenario"] = current.naam
    return current


def _picked() -> None:
    name = st.session_state["scenario_picker"]
    if name not in scenarios():
        open_saved(name)  # a saved scenario not yet opened in this session
    st.session_state["scenario_name"] = name


def current_run(dataset: Dataset | None = None, scenario: Scenario | None = None) -> Run:
    dataset = dataset or current_dataset()
    return service.run(dataset, settings(), scenario or current_scenario(dataset), fitted=current_baseline(dataset))


# --- the scenario store ------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def scenario_store() -> ScenarioStore | None:
    """The shared store (SQLite in ./grip-data, or GRIP_DATABASE_URL); None when it cannot be reached."""
    try:
        return ScenarioStore()
    except Exception as error:  # noqa: BLE001 - any database failure must leave the app usable
        st.session_state["store_error"] = str(error)
        return None


def saved_versions() -> dict[str, int]:
    """Per scenario name, the stored version this session's copy started from."""
    return st.session_state.setdefault("saved_versions", {})


def open_saved(naam: str) -> Scenario:
    """Open the newest saved version into this session; later saves build on that version."""
    store = scenario_store()
    scenario, _ = store.open(naam)
    saved_versions()[naam] = store.current_version(naam)
    store_scenario(scenario)
    return scenario


def is_frozen(naam: str) -> bool:
    store = scenario_store()
    if store is None:
        return False
    try:
        return store.is_frozen(naam)
    except StoreError:
        return False  # not saved yet
