"""The measure packages of this session and the shared scenario store: which package is edited, opening and saving.
"""

from __future__ import annotations

import os

import streamlit as st

from forecasting.input.dataset import Dataset
from grip import service
from scenarios.coverage import gemeente_key, missing_message
from scenarios.measures import Scenario, ScenarioError, loads, parse_scenario
from scenarios.store import ScenarioNotFoundError, ScenarioStore, StoreDamagedError, StoreError, check_name
from ui import auth, display, navigation, workspace
from ui.data_source import SAMPLE_PATH, all_gemeenten, current_dataset, is_sample, is_sample_data
from ui.session_keeping import persist
from ui.session_work import change, work

EMPTY_SCENARIO = service.NO_MEASURES

SAMPLE_SCENARIO_PATH = SAMPLE_PATH.parent / "voorbeeldscenario.json"


def _initial_scenarios(dataset: Dataset) -> dict[str, Scenario]:
    """No measures; with the example gemeente also the example's package (never with own data)."""
    scenarios = {EMPTY_SCENARIO: Scenario(EMPTY_SCENARIO)}
    names = dataset.voorziening_names
    restored = work().waiting_scenarios
    if restored:
        for data in restored.values():
            try:
                scenario = parse_scenario(data, names, all_gemeenten())
            except ScenarioError:
                continue  # kept for other data: never half applied
            scenarios[scenario.naam] = scenario
        return scenarios
    if is_sample():
        try:
            sample = loads(SAMPLE_SCENARIO_PATH.read_text(encoding="utf-8"), names)
            scenarios[sample.naam] = sample
        except ScenarioError:
            pass
    return scenarios


def scenarios(dataset: Dataset | None = None) -> dict[str, Scenario]:
    """The session's measure packages by name (set up for the data on first use: kept ones checked against it)."""
    if work().scenarios is None:
        change(workspace.start_packages, _initial_scenarios(dataset or current_dataset()))
    return dict(work().scenarios)


def current_scenario(dataset: Dataset | None = None) -> Scenario:
    available = scenarios(dataset)
    name = work().scenario_name
    if name not in available:
        name = next((n for n in available if n != EMPTY_SCENARIO), EMPTY_SCENARIO)
        change(workspace.choose_scenario, name)
    return available[name]


def store_scenario(scenario: Scenario, select: bool = True) -> None:
    """Keep a package in the session (and edit it, when `select`); the session's document is saved."""
    scenarios()  # the packages set up for the data first, so keeping this one never replaces them
    change(workspace.keep_scenario, scenario, select)
    persist()


OWN_PACKAGE = "Eigen maatregelen"
SHORT_SCENARIO_NAMES = {EMPTY_SCENARIO: "Zonder maatregelen"}  # the sidebar's width shows about 28 characters


def package_name(current: Scenario) -> str:
    """Where new measures go: the current package, or a new one when the current is the baseline without measures
    (that one stays empty, so its name never lies)."""
    if current.naam != EMPTY_SCENARIO:
        return current.naam
    name, number = OWN_PACKAGE, 1
    while name in scenarios():
        number += 1
        name = f"{OWN_PACKAGE} {number}"
    return name


def scenario_picker(dataset: Dataset) -> Scenario:
    """Sidebar choice of scenario; `?scenario=` in the link reopens the same one."""
    available = scenarios(dataset)
    wanted = st.query_params.get("scenario")
    if wanted in available and "scenario_linked" not in st.session_state:
        change(workspace.choose_scenario, wanted)
        st.session_state["scenario_linked"] = True
    current = current_scenario(dataset)
    store = scenario_store()
    names, shared = list(available), set()
    if store is not None:
        try:
            listed = store.list()
            names += [s.naam for s in listed if s.naam not in available]
            shared = {s.naam for s in listed if s.gemeente is None}
        except StoreError:
            pass
    st.session_state["scenario_picker"] = current.naam
    st.selectbox("Scenario", names, key="scenario_picker", on_change=_picked,
                 format_func=lambda n: SHORT_SCENARIO_NAMES.get(n, n) + (" (zonder gemeente)" if n in shared else ""),
                 help="Het pakket beheersmaatregelen dat alle schermen gebruiken. 'Zonder maatregelen' is de "
                      f"{EMPTY_SCENARIO.lower()}. Opgeslagen scenario's van deze gemeente staan erbij; 'zonder "
                      "gemeente' zijn scenario's van vóór de indeling per gemeente.")
    navigation.keep_in_link("scenario", current.naam)
    return current


def _picked() -> None:
    name = st.session_state["scenario_picker"]
    if name not in scenarios() and open_saved(name) is None:  # a saved scenario not yet opened in this session
        return  # refused (said on screen): the scenario in use stays
    change(workspace.choose_scenario, name)


@st.cache_resource(show_spinner=False)
def _opened_store(database: str, folder: str) -> tuple[ScenarioStore | None, str]:
    """The store for this configuration (GRIP_DATABASE_URL, GRIP_DATA_DIR), shared by all sessions, and, when it
    could not be opened, why (in Dutch)."""
    try:
        return ScenarioStore(), ""
    except Exception as error:  # noqa: BLE001 - any database failure must leave the app usable
        return None, str(error)


def _shared_store() -> tuple[ScenarioStore | None, str]:
    """The store as configured now (a changed configuration opens its own store; reading it costs no I/O)."""
    return _opened_store(os.environ.get("GRIP_DATABASE_URL", ""), os.environ.get("GRIP_DATA_DIR", ""))


def scenario_store() -> ScenarioStore | None:
    """The shared store (SQLite in ./grip-data, or GRIP_DATABASE_URL) as this gemeente sees it (its scenarios and
    those without a gemeente, scenarios/store.py); None when it cannot be reached or the user may not open them."""
    store = _shared_store()[0]
    if store is None:
        return None
    dataset = current_dataset()
    if auth.refusal(dataset.gemeente_names, sample=is_sample_data()):
        return None
    try:
        return store.scoped(gemeente_key(dataset), dataset.content_key())
    except StoreError:
        return None


def store_problem() -> str:
    return _shared_store()[1]


def store_notice() -> None:
    """On every screen: say so when the store found its file damaged and moved it aside (nothing overwritten)."""
    store = _shared_store()[0]
    if store is not None and getattr(store, "notice", None):
        st.warning(store.notice)


def store_failed(error: StoreError) -> None:
    """A store failure in Dutch; a damaged database is reopened (and moved aside) on the next run."""
    st.error(display.plain(error))
    if isinstance(error, StoreDamagedError):
        _opened_store.clear()


def new_name_ok(name: str) -> bool:
    """A new scenario name must be usable in the store and not replace a scenario of this session."""
    name = name.strip()
    try:
        check_name(name)
    except StoreError as error:
        st.error(str(error))
        return False
    if name in scenarios():
        st.error(f"Er is al een scenario '{name}' in deze sessie. Kies een andere naam; het bestaande scenario "
                 "blijft zoals het is.")
        return False
    return True


def saved_versions() -> dict[str, int]:
    """Per scenario name, the stored version this session's copy started from."""
    return dict(work().saved_versions)


def record_saved_version(naam: str, version: int | None) -> None:
    """The stored version this session's copy of `naam` now builds on (None: not saved)."""
    change(workspace.record_saved_version, naam, version)


def open_saved(naam: str) -> Scenario | None:
    """Open the newest saved version into this session; later saves build on that version."""
    store = scenario_store()
    if store is None:
        st.error(f"Scenario '{naam}' kan nu niet worden geopend: de scenario-opslag is niet bereikbaar.")
        return None
    try:
        scenario, _ = store.open(naam)
        record_saved_version(naam, store.current_version(naam))
    except StoreError as error:
        store_failed(error)
        return None
    unfit = missing_message(scenario, current_dataset())  # never computed in part on data lacking its doelen
    if unfit:
        st.error(unfit)
        record_saved_version(naam, None)
        return None
    store_scenario(scenario)
    return scenario


def is_frozen(naam: str) -> bool:
    """Whether the saved scenario is vastgezet. Not saved yet (or no store at all, so nothing can be saved over
    it): no. When the store fails to answer, yes, with the store's Dutch message: a vastgezet scenario is never
    offered for editing because the store was briefly unreachable."""
    store = scenario_store()
    if store is None:
        return False
    try:
        return store.is_frozen(naam)
    except ScenarioNotFoundError:
        return False
    except StoreError as error:
        store_failed(error)
        return True
