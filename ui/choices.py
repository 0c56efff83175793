"""The session's settings: horizon, excluded years, model per voorziening, continuation -> the service's Settings.

The allowed values come from grip/service.py (the command line's ranges too). This module is the only writer of
these choices in the session: screens call `set_model` and `set_continuation` (the Workspace's operations,
ui/workspace.py), never the session keys themselves.
"""

from __future__ import annotations

from types import MappingProxyType

import streamlit as st

from forecasting.input.dataset import DEFAULT_HORIZON
from forecasting.model.families import MODEL_CHOICES
from grip import service
from grip.service import Settings
from ui import workspace

HORIZONS = list(range(service.MIN_HORIZON, service.MAX_HORIZON + 1))  # the command line's range too


MODEL_OPTIONS = list(MODEL_CHOICES)  # the command line's --model choices


def horizon() -> int:
    return int(st.session_state.get("horizon", DEFAULT_HORIZON))


def _excluded_changed() -> None:
    st.session_state["excluded_years"] = st.session_state["excluded_years_widget"]


def excluded_years_picker(years: list[int]) -> None:
    """A multiselect whose value survives switching screens (widget state alone does not)."""
    st.session_state["excluded_years_widget"] = list(excluded_years())
    st.multiselect("Jaren niet meenemen bij het schatten", years, key="excluded_years_widget",
                   on_change=_excluded_changed, placeholder="Geen: alle jaren tellen mee", select_all=False,
                   help="Bijvoorbeeld 2020 (corona). Deze jaren blijven zichtbaar als realisatie.")


def excluded_years() -> tuple[int, ...]:
    return tuple(sorted(st.session_state.get("excluded_years", [])))


def model_choices() -> dict[str, str]:
    return dict(st.session_state.get("models", {}))


def continuation_pct() -> float | None:
    return st.session_state.get("continuation_pct")


def set_model(voorziening: str, model: str) -> None:
    """Only voorziening's model changes ('auto' removes the explicit choice)."""
    work = workspace.set_model(workspace.Workspace(models=MappingProxyType(model_choices())), voorziening, model)
    st.session_state["models"] = dict(work.models)


def set_horizon(horizon_years: int) -> None:
    """Only the horizon changes."""
    st.session_state["horizon"] = workspace.set_horizon(workspace.Workspace(), horizon_years).horizon


def set_continuation(pct: float | None) -> None:
    """Only the continuation percentage changes (None: the last given percentage continues)."""
    st.session_state["continuation_pct"] = workspace.set_continuation(workspace.Workspace(), pct).continuation_pct


def settings() -> Settings:
    """This session's choices as the service's Settings."""
    return Settings(horizon=horizon(), models=tuple(sorted(model_choices().items())),
                    excluded_years=excluded_years(), continuation_pct=continuation_pct())
