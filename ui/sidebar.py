"""The sidebar every screen shares (data in use, horizon, scenario, sharing) and the app's CSS.
"""

from __future__ import annotations

import streamlit as st

from forecasting.input.dataset import DEFAULT_HORIZON, Dataset
from ui import auth, display, navigation, workspace
from ui.choices import HORIZONS, horizon, set_horizon
from ui.data_source import (
    SAMPLE_NAME,
    current_dataset,
    current_region,
    gemeente_picker,
    is_sample_data,
    region_name,
    use_sample,
)
from ui.scenario_work import scenario_picker, store_notice
from ui.session_keeping import keep_token, persist, restore_session, session_id, session_notices, share_toggle
from ui.session_work import work


def sidebar() -> Dataset:
    """The choices shared by every screen: data set and horizon."""
    restore_session()
    navigation.keep_in_link("sessie", session_id())
    style()
    store_notice()
    notices = st.container()  # filled after this run's save below, so a refused save is said in the same run
    with st.sidebar:
        upload = work().upload
        region = current_region()
        if region is not None:
            own = "" if work().source == workspace.SAMPLE_REGION else " (eigen upload)"
            st.markdown(f"**Gegevens in gebruik:**  \n{display.plain(region_name())}{own}, "
                        f"{len(region.datasets)} gemeenten")
            gemeente_picker(region)
        elif work().source == workspace.SAMPLE:
            own = "" if upload is None else ", met uw tussentijdse cijfers"
            st.markdown(f"**Gegevens in gebruik:**  \n{SAMPLE_NAME}{own}")
        else:
            st.markdown(f"**Gegevens in gebruik:**  \n{display.plain(upload.naam)} (eigen upload)")
        st.selectbox(
            "Horizon (jaren na laatste realisatie)", HORIZONS, key="horizon_widget",
            index=HORIZONS.index(horizon()) if horizon() in HORIZONS else HORIZONS.index(DEFAULT_HORIZON),
            on_change=lambda: set_horizon(st.session_state["horizon_widget"]),
            help="Hoeveel jaren de prognose vooruit kijkt. De bevolkingsprognose moet die jaren dekken.",
        )
        dataset = current_dataset()
        refused = auth.refusal(dataset.gemeente_names, sample=is_sample_data())  # ui/auth.py: who may open what
        if refused is None:
            scenario_picker(dataset)
        st.caption(f"Realisatie {dataset.first_year}–{dataset.last_year}.")
        share_toggle()
        keep_token()
    if region is not None:  # every screen says which gemeenten its numbers are about
        st.caption(f":material/location_city: {display.plain(dataset.naam)}")
    if refused is not None:
        st.error(refused)
        st.button("Terug naar de voorbeeldgemeente", key="auth_voorbeeld", on_click=use_sample)
        navigation.end_screen()
    persist()
    with notices:
        session_notices()
    return dataset


# Metric tiles wrap their value instead of cutting it off ('€ 1,3 …'): a sign or N/V may never disappear.
# The file uploader's English texts become Dutch (or go: the size of an uploaded file, '55.0B'); see README.
STYLE = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word; line-height: 1.2;}
[data-testid="stMetricValue"] {font-size: clamp(1.25rem, 2.1vw, 2.1rem) !important;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stBaseButton-secondary"] p, [data-testid="stBaseButton-primary"] p,
[data-testid="stDownloadButton"] p {white-space: normal; overflow-wrap: anywhere;}
[data-testid="InputInstructions"] {display: none !important;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {font-size: 0 !important;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "Bestanden kiezen"; font-size: 1rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0 !important;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "of sleep ze hierheen"; font-size: .875rem;}
[data-testid="stFileChip"] [data-testid="stFileChipName"] ~ div {display: none !important;}
[data-testid="stMainBlockContainer"] {padding-top: 3rem; padding-left: 2rem; padding-right: 2rem;}
</style>"""


def style() -> None:
    st.html(STYLE)
