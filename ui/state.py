"""Which dataset and horizon this browser session uses; kept in st.session_state only.

Every session has its own state, so one user's upload is never visible to another.
Validation results are cached on the files' content.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from forecasting.dataset import DEFAULT_HORIZON, Dataset
from forecasting.problems import Problems
from forecasting.validation import load_dataset, load_uploaded

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
        dataset, _ = validate_upload(upload["files"], upload["naam"], horizon())
        if dataset is not None:
            return dataset
    dataset, problems = _load_sample(horizon())
    if dataset is None:  # only when the horizon runs past the sample's population forecast
        dataset, problems = _load_sample(DEFAULT_HORIZON)
    return dataset


def accept_upload(files: dict[str, bytes], naam: str) -> tuple[bool, Problems]:
    """Validate files; replace the session's dataset only when they are usable."""
    dataset, problems = validate_upload(files, naam, horizon())
    if dataset is not None:
        st.session_state["upload"] = {"files": files, "naam": naam}
    return dataset is not None, problems


def use_sample() -> None:
    st.session_state.pop("upload", None)


def sidebar() -> Dataset:
    """The choices shared by every screen: data set and horizon."""
    with st.sidebar:
        st.selectbox(
            "Horizon (jaren na laatste realisatie)", HORIZONS, key="horizon",
            index=HORIZONS.index(horizon()) if horizon() in HORIZONS else 2,
            help="Hoeveel jaren de prognose vooruit kijkt. De bevolkingsprognose moet die jaren dekken.",
        )
        dataset = current_dataset()
        st.caption(f"Gegevens: **{dataset.naam}**  \nRealisatie {dataset.first_year}–{dataset.last_year}")
    return dataset
