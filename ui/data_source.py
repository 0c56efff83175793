"""Which data this session uses: the sample gemeente, the sample region or an upload (validated and cached on its
content), and for a region the chosen gemeenten and expected-versus-actual.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from forecasting.input.dataset import DEFAULT_HORIZON, Dataset
from forecasting.input.problems import Problems
from forecasting.input.validation import load_dataset, load_uploaded
from forecasting.region.region_total import combine, selection_name
from forecasting.region.regional import Region, load_region, region_expected_vs_actual, uploaded_region
from grip import service
from presentation import regional
from ui import auth, display, navigation, sessions, workspace
from ui.choices import horizon
from ui.session_keeping import browser_token, persist, session_id, session_version, write_session
from ui.session_work import change, make_upload, work

SAMPLE_PATH, SAMPLE_NAME = service.SAMPLE_PATH, service.SAMPLE_NAME

SAMPLE_REGION_PATH, SAMPLE_REGION_NAME = service.SAMPLE_REGION_PATH, service.SAMPLE_REGION_NAME


@st.cache_data(show_spinner=False)
def _load_sample(horizon: int) -> tuple[Dataset | None, Problems]:
    dataset, problems = load_dataset(SAMPLE_PATH, horizon=horizon, naam=SAMPLE_NAME)
    return dataset, problems


@st.cache_data(show_spinner=False, max_entries=20)
def validate_upload(key: str, naam: str, horizon: int, _files: dict[str, bytes]) -> tuple[Dataset | None, Problems]:
    """Cached on `key` (the upload's content key, ui/session_work.make_upload): hashing the uploaded bytes on
    every call would cost more than the lookup."""
    return load_uploaded(_files, naam, horizon)


@st.cache_data(show_spinner=False, max_entries=20)
def _upload_region(key: str, horizon: int, _files: dict[str, bytes]) -> Region | None:
    return uploaded_region(_files, horizon)


@st.cache_data(show_spinner=False)
def _sample_region(horizon: int) -> Region:
    return load_region(SAMPLE_REGION_PATH, horizon)


def current_region() -> Region | None:
    """The region of this session (the sample region, or an upload naming several gemeenten), else None."""
    if work().source == workspace.SAMPLE_REGION:
        return _sample_region(horizon())
    upload = work().upload
    return None if upload is None else _upload_region(upload.key, horizon(), dict(upload.files))


def region_name() -> str:
    return SAMPLE_REGION_NAME if work().upload is None else work().upload.naam


def chosen_gemeenten(region: Region) -> list[str]:
    """The gemeenten chosen in the sidebar (in the region's order); all of them when none is chosen."""
    chosen = set(work().gemeenten)
    return [g for g in region.datasets if g in chosen] or list(region.datasets)


def all_gemeenten() -> list[str] | None:
    """Every gemeente a measure may name: the region's, or None for one gemeente (any name is kept)."""
    region = current_region()
    return None if region is None else list(region.datasets)


@st.cache_data(show_spinner=False, max_entries=16)
def _combined(source: str, horizon: int, chosen: tuple[str, ...], naam: str, _region: Region
              ) -> tuple[Dataset | None, Problems]:
    return combine({g: _region.datasets[g] for g in chosen}, naam)


def _region_dataset(region: Region) -> Dataset:
    if not region.datasets:
        st.error(f"Geen van de gemeenten in '{region_name()}' is bruikbaar met een horizon van {horizon()} jaar:"
                 f"\n\n{display.plain(region.report())}\n\nKies een kortere horizon in de zijbalk.")
        navigation.end_screen()
    chosen = chosen_gemeenten(region)
    dataset, problems = _combined(_region_source(), horizon(), tuple(chosen),
                                  selection_name(region_name(), chosen, len(region.datasets)), region)
    if dataset is None:
        st.error("Deze keuze van gemeenten kan niet samen worden doorgerekend:\n\n"
                 + "\n".join(f"- {display.plain(p.melding)}" for p in problems.errors)
                 + "\n\nKies andere gemeenten in de zijbalk.")
        navigation.end_screen()
    return dataset


def _region_source() -> str:
    """A cache key for the region's input: the sample region, or the uploaded files' content."""
    upload = work().upload
    return "voorbeeldregio" if upload is None else upload.key


@st.cache_data(show_spinner=False, max_entries=8)
def _expected(source: str, horizon: int, _region: Region) -> pd.DataFrame:
    return region_expected_vs_actual(_region)


def expected_table(region: Region) -> pd.DataFrame:
    """Expected versus actual use for every gemeente of the region, the region itself as reference."""
    return _expected(_region_source(), horizon(), region)


def region_expected() -> pd.DataFrame | None:
    """Expected versus actual for a region's workbook; None for one gemeente."""
    region = current_region()
    return None if region is None else expected_table(region)


def expected_signal() -> tuple[str, str, str] | None:
    """The cockpit's expected-versus-actual signal for the chosen gemeenten; None without a region."""
    region = current_region()
    return None if region is None else regional.expected_signal(expected_table(region), chosen_gemeenten(region))


def gemeente_picker(region: Region) -> None:
    """Sidebar: one, several or all gemeenten of the region (kept when switching screens and after a reload)."""
    names, chosen = list(region.datasets), chosen_gemeenten(region)
    st.session_state["gemeenten_widget"] = chosen if len(chosen) < len(names) else []
    st.multiselect("Gemeenten", names, key="gemeenten_widget", placeholder="Hele regio (alle gemeenten)",
                   select_all=False,  # empty already means all; Streamlit's own option would say "Select all"
                   on_change=lambda: change(workspace.choose_gemeenten, st.session_state["gemeenten_widget"]),
                   help="Leeg = de hele regio. Kies één gemeente of enkele: elk scherm, elke download en het "
                        "raadsrapport gaan dan over die keuze.")
    failed = [g for g in region.failed if g not in region.datasets]
    if failed:
        st.caption(f"Niet ingelezen door fouten: {', '.join(failed)} (zie Gegevens).")


def current_dataset() -> Dataset:
    """The dataset of this session: the chosen gemeenten of a region, an accepted upload, else the sample."""
    region = current_region()
    if region is not None:
        return _region_dataset(region)
    upload = work().upload
    if upload is not None:
        dataset, problems = validate_upload(upload.key, upload.naam, horizon(), dict(upload.files))
        if dataset is not None:
            return dataset
        # the upload was valid when accepted, so only the horizon can be the cause: say so, never swap data
        st.error(f"Uw gegevens '{upload.naam}' dekken een horizon van {horizon()} jaar niet:\n\n"
                 + "\n".join(f"- {p.melding}" for p in problems.errors[:5])
                 + "\n\nKies een kortere horizon in de zijbalk.")
        navigation.end_screen()
    dataset, problems = _load_sample(horizon())
    if dataset is None:  # only when the horizon runs past the sample's population forecast
        dataset, problems = _load_sample(DEFAULT_HORIZON)
    return dataset


def accept_upload(files: dict[str, bytes], naam: str) -> tuple[bool, Problems]:
    """Validate files; replace the session's dataset only when they are usable.

    A new dataset starts with no measures (the example's package is not offered) and default choices. Files that
    name several gemeenten are a region: accepted when at least one gemeente is usable (the others are reported)."""
    return _accept(files, naam, keep_work=False)


def add_in_year(files: dict[str, bytes], naam: str) -> tuple[bool, Problems]:
    """The current data with new in-year figures (Monitor): everything else of the session's work stays as it is,
    the measure packages, the scenario, the excluded years and the model choices included. In-year figures do not
    change the baseline (Dataset.content_key leaves them out), so nothing is refitted either. A refused file
    changes nothing."""
    return _accept(files, naam, keep_work=True)


def _accept(files: dict[str, bytes], naam: str, keep_work: bool) -> tuple[bool, Problems]:
    upload = make_upload(files, naam)
    region = _upload_region(upload.key, horizon(), files)
    if region is not None:
        dataset, problems = (next(iter(region.datasets.values()), None), region.all_problems())
    else:
        dataset, problems = validate_upload(upload.key, naam, horizon(), files)
    names = list(region.datasets) if region is not None else [naam]
    if dataset is not None and all(auth.refusal([name]) for name in names):  # not one gemeente of hers
        problems = Problems()
        problems.error("", "", "", "", auth.refusal(names))
        return False, problems
    if dataset is not None:
        change(workspace.add_in_year if keep_work else workspace.load_upload, upload)
        st.session_state.pop("_upload_onbewaard", None)  # replaced by this upload
        try:
            st.session_state["sessie_versie"] = sessions.save_upload(session_id(), browser_token(), files, naam,
                                                                     session_version())
            st.session_state.pop("sessie_schrijffout", None)
        except sessions.SessionTooLarge:
            st.session_state["upload_not_kept"] = True
        except sessions.SessionConflict as error:
            st.session_state["sessie_conflict"] = str(error)
        except sessions.SessionError as error:
            st.session_state["sessie_schrijffout"] = str(error)
        persist()
    return dataset is not None, problems


def use_sample(region: bool = False) -> None:
    """Back to the sample gemeente, or to the sample region of three fictional gemeenten."""
    change(workspace.use_sample, region)
    write_session(sessions.forget_upload)
    persist()


def is_sample_data() -> bool:
    """The sample gemeente (with or without the user's in-year figures) or the sample region: open to everyone."""
    return work().source != workspace.UPLOAD


def is_sample_region() -> bool:
    return work().source == workspace.SAMPLE_REGION


def is_sample() -> bool:
    """The sample gemeente (whose example package of measures is offered), not the sample region or own data."""
    return work().source == workspace.SAMPLE


def export_name(kind: str, scenario_name: str, extension: str, dataset: Dataset | None = None) -> str:
    """'grip_rapport_Gemeente_Proef_Pakket_2026.html': every download names the gemeente and the scenario."""
    gemeente = (dataset or current_dataset()).naam
    text = re.sub(r"[^\w-]+", "_", f"{kind}_{gemeente}_{scenario_name}").strip("_")[:150]
    return f"grip_{text}.{extension}"
