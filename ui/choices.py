"""The session's settings: horizon, excluded years, model per voorziening, continuation -> the service's Settings.

The allowed values come from grip/service.py (the command line's ranges too). The choices live in the session's
Workspace (ui/session_work.py); screens change them with `set_horizon`, `set_model`, `set_continuation` and the
excluded-years picker, which apply the Workspace's operations.
"""

from __future__ import annotations

import streamlit as st

from forecasting.model.families import MODEL_CHOICES
from grip import service
from grip.service import Settings
from ui import workspace
from ui.session_work import change, work

HORIZONS = list(range(service.MIN_HORIZON, service.MAX_HORIZON + 1))  # the command line's range too


MODEL_OPTIONS = list(MODEL_CHOICES)  # the command line's --model choices


def horizon() -> int:
    return work().horizon


def _excluded_changed() -> None:
    change(workspace.exclude_years, st.session_state["excluded_years_widget"])


def excluded_years_picker(years: list[int]) -> None:
    """A multiselect whose value survives switching screens (widget state alone does not)."""
    st.session_state["excluded_years_widget"] = list(excluded_years())
    st.multiselect("Jaren niet meenemen bij het schatten", years, key="excluded_years_widget",
                   on_change=_excluded_changed, placeholder="Geen: alle jaren tellen mee", select_all=False,
                   help="Bijvoorbeeld 2020 (corona). Deze jaren blijven zichtbaar als realisatie.")


def excluded_years() -> tuple[int, ...]:
    return work().excluded_years


def model_choices() -> dict[str, str]:
    return dict(work().models)


def continuation_pct() -> float | None:
    return work().continuation_pct


def set_model(voorziening: str, model: str) -> None:
    """Only voorziening's model changes ('auto' removes the explicit choice)."""
    change(workspace.set_model, voorziening, model)


def set_horizon(horizon_years: int) -> None:
    """Only the horizon changes."""
    change(workspace.set_horizon, horizon_years)


def set_continuation(pct: float | None) -> None:
    """Only the continuation percentage changes (None: the last given percentage continues)."""
    change(workspace.set_continuation, pct)


def settings() -> Settings:
    """This session's choices as the service's Settings."""
    return Settings(horizon=horizon(), models=tuple(sorted(model_choices().items())),
                    excluded_years=excluded_years(), continuation_pct=continuation_pct())
