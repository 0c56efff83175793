"""Session state <-> Settings, and caching: which dataset, settings and scenario this browser session uses.

Every session has its own state, so one user's upload is never visible to another. The numbers come from
grip/service.py; this module only remembers choices and caches results on the data's content.
"""

from __future__ import annotations

import json
import re
import time

import pandas as pd
import streamlit as st

from forecasting.baseline import Baseline
from forecasting.dataset import DEFAULT_HORIZON, Dataset
from forecasting.families import MODEL_CHOICES
from forecasting.problems import Problems
from forecasting.region_total import combine, selection_name
from forecasting.regional import Region, load_region, region_expected_vs_actual, uploaded_region
from forecasting.validation import load_dataset, load_uploaded
from grip import service
from grip.service import Run, Settings
from presentation import regional
from scenarios.measures import Scenario, ScenarioError, loads, parse_scenario
from scenarios.store import ScenarioStore, StoreDamagedError, StoreError, check_name
from ui import display, navigation, sessions
from ui.jobs import SharedJobs

SAMPLE_PATH, SAMPLE_NAME = service.SAMPLE_PATH, service.SAMPLE_NAME
SAMPLE_REGION_PATH, SAMPLE_REGION_NAME = service.SAMPLE_REGION_PATH, service.SAMPLE_REGION_NAME
HORIZONS = list(range(service.MIN_HORIZON, service.MAX_HORIZON + 1))  # the command line's range too
MODEL_OPTIONS = list(MODEL_CHOICES)  # the command line's --model choices


@st.cache_data(show_spinner=False)
def _load_sample(horizon: int) -> tuple[Dataset | None, Problems]:
    dataset, problems = load_dataset(SAMPLE_PATH, horizon=horizon, naam=SAMPLE_NAME)
    return dataset, problems


@st.cache_data(show_spinner=False, max_entries=20)
def validate_upload(key: str, naam: str, horizon: int, _files: dict[str, bytes]) -> tuple[Dataset | None, Problems]:
    """Cached on `key` (upload_key): hashing the uploaded bytes on every call would cost more than the lookup."""
    return load_uploaded(_files, naam, horizon)


def upload_key(upload: dict) -> str:
    """The content hash of an upload, computed once and kept with it."""
    if "sleutel" not in upload:
        upload["sleutel"] = sessions.content_id(upload["files"])
    return upload["sleutel"]


def horizon() -> int:
    return int(st.session_state.get("horizon", DEFAULT_HORIZON))


# --- a region: several gemeenten in one input, of which the sidebar chooses one, several or all --------------


@st.cache_data(show_spinner=False, max_entries=20)
def _upload_region(key: str, horizon: int, _files: dict[str, bytes]) -> Region | None:
    return uploaded_region(_files, horizon)


@st.cache_data(show_spinner=False)
def _sample_region(horizon: int) -> Region:
    return load_region(SAMPLE_REGION_PATH, horizon)


def current_region() -> Region | None:
    """The region of this session (the sample region, or an upload naming several gemeenten), else None."""
    if st.session_state.get("voorbeeldregio"):
        return _sample_region(horizon())
    upload = st.session_state.get("upload")
    return None if upload is None else _upload_region(upload_key(upload), horizon(), upload["files"])


def region_name() -> str:
    return SAMPLE_REGION_NAME if st.session_state.get("voorbeeldregio") else st.session_state["upload"]["naam"]


def chosen_gemeenten(region: Region) -> list[str]:
    """The gemeenten chosen in the sidebar (in the region's order); all of them when none is chosen."""
    chosen = set(st.session_state.get("gemeenten") or [])
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
    upload = st.session_state.get("upload")
    return "voorbeeldregio" if upload is None else upload_key(upload)


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
                   on_change=lambda: st.session_state.update(gemeenten=st.session_state["gemeenten_widget"]),
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
    upload = st.session_state.get("upload")
    if upload is not None:
        dataset, problems = validate_upload(upload_key(upload), upload["naam"], horizon(), upload["files"])
        if dataset is not None:
            return dataset
        # the upload was valid when accepted, so only the horizon can be the cause: say so, never swap data
        st.error(f"Uw gegevens '{upload['naam']}' dekken een horizon van {horizon()} jaar niet:\n\n"
                 + "\n".join(f"- {p.melding}" for p in problems.errors[:5])
                 + "\n\nKies een kortere horizon in de zijbalk.")
        navigation.end_screen()
    dataset, problems = _load_sample(horizon())
    if dataset is None:  # only when the horizon runs past the sample's population forecast
        dataset, problems = _load_sample(DEFAULT_HORIZON)
    return dataset


# what belongs to one dataset: choices and measure packages are never carried over to other data
DATASET_STATE = ("scenarios", "scenario_name", "models", "excluded_years", "continuation_pct", "editor_base",
                 "sessie_waarden", "sessie_stap", "saved_versions", "_restored_scenarios", "gemeenten",
                 "voorbeeldregio")


def _forget_dataset_state() -> None:
    for key in DATASET_STATE:
        st.session_state.pop(key, None)


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
    upload = {"files": files, "naam": naam}
    region = _upload_region(upload_key(upload), horizon(), files)
    if region is not None:
        dataset, problems = (next(iter(region.datasets.values()), None), region.all_problems())
    else:
        dataset, problems = validate_upload(upload_key(upload), naam, horizon(), files)
    if dataset is not None:
        if not keep_work:
            _forget_dataset_state()
            st.session_state["scenario_name"] = EMPTY_SCENARIO
        st.session_state["upload"] = upload
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
    _forget_dataset_state()
    st.session_state.pop("upload", None)
    if region:
        st.session_state["voorbeeldregio"] = True
    _write(sessions.forget_upload)
    persist()


def is_sample() -> bool:
    """The sample gemeente (whose example package of measures is offered), not the sample region or own data."""
    return st.session_state.get("upload") is None and not st.session_state.get("voorbeeldregio")


def export_name(kind: str, scenario_name: str, extension: str, dataset: Dataset | None = None) -> str:
    """'grip_rapport_Gemeente_Proef_Pakket_2026.html': every download names the gemeente and the scenario."""
    gemeente = (dataset or current_dataset()).naam
    text = re.sub(r"[^\w-]+", "_", f"{kind}_{gemeente}_{scenario_name}").strip("_")[:150]
    return f"grip_{text}.{extension}"


# --- work that survives a reload: choices kept server-side under the session id in the link ---------------
# Who may open a session, and why a link alone opens nobody else's work: see ui/sessions.py.

COOKIE_SCRIPT = ("<script>document.cookie = '{name}={value}; path=/; max-age={age}; SameSite=Lax'"
                 " + (location.protocol === 'https:' ? '; Secure' : '');</script>")


def browser_token() -> str:
    """This browser's secret (the `grip_browser` cookie); a new one on the first visit, written by `keep_token`."""
    token = st.session_state.get("_browser_token")
    if token is None:
        sent = st.context.cookies.get(sessions.COOKIE)
        token = sent if sessions.valid_token(sent) else sessions.new_token()
        st.session_state["_browser_token"] = token
    return token


def keep_token() -> None:
    """Have the browser keep its token in a cookie (read back on the next visit through st.context.cookies).

    Drawn on every run of a browser session that did not send the cookie (the same element each run, so the
    sidebar does not shift); a browser that refuses cookies gets a fresh session after F5, and is told so."""
    token = browser_token()
    if st.context.cookies.get(sessions.COOKIE) != token:
        st.html(COOKIE_SCRIPT.format(name=sessions.COOKIE, value=token, age=400 * 24 * 3600),
                unsafe_allow_javascript=True)  # the token is ours (URL-safe characters only), never user input


def session_id() -> str:
    """This session's id: issued by the server for this browser (never taken from the link as such)."""
    current = st.session_state.get("sessie_id")
    if current is None:
        current = sessions.new_id(browser_token())
        st.session_state["sessie_id"] = current
    return current


def session_version() -> int:
    return int(st.session_state.get("sessie_versie", 0))


def restore_session() -> None:
    """Once per browser session: open the link's session if it is this browser's (or a copy of a shared one)."""
    if st.session_state.get("_session_restored"):
        return
    st.session_state["_session_restored"] = True
    opening = sessions.open_link(st.query_params.get("sessie"), browser_token(), HORIZONS, MODEL_OPTIONS)
    st.session_state["sessie_id"] = opening.session_id
    st.session_state["sessie_versie"] = opening.kept.version
    st.session_state["sessie_gedeeld"] = opening.kept.shared
    st.session_state["sessie_soort"] = opening.kind
    if opening.message:
        st.session_state["sessie_melding"] = opening.message
    if opening.kept.upload is not None:
        st.session_state["upload"] = opening.kept.upload
        if opening.kind == "kopie":
            st.session_state["_upload_onbewaard"] = True  # kept with the copy's first write
    choices = opening.kept.choices
    if choices:
        for key in ("horizon", "continuation_pct", "scenario_name", "voorbeeldregio"):
            if choices.get(key) is not None:
                st.session_state[key] = choices[key]
        st.session_state["gemeenten"] = list(choices.get("gemeenten") or [])
        st.session_state["excluded_years"] = list(choices.get("excluded_years") or [])
        st.session_state["models"] = dict(choices.get("models") or {})
        st.session_state["saved_versions"] = dict(choices.get("saved_versions") or {})
        if choices.get("scenarios"):
            st.session_state["_restored_scenarios"] = choices["scenarios"]
        st.session_state["scenario_linked"] = True  # the kept choice wins over ?scenario=


def _choices_json() -> str:
    kept = st.session_state.get("scenarios")
    scenario_json = ({name: s.to_json() for name, s in kept.items() if name != EMPTY_SCENARIO or s.maatregelen
                      or s.taakstelling} if kept is not None
                     else st.session_state.get("_restored_scenarios") or {})
    return json.dumps({
        "versie": 1, "horizon": horizon(), "excluded_years": list(excluded_years()), "models": model_choices(),
        "continuation_pct": continuation_pct(), "scenario_name": st.session_state.get("scenario_name"),
        "scenarios": scenario_json, "saved_versions": st.session_state.get("saved_versions", {}),
        "gegevens": (st.session_state.get("upload") or {}).get("naam"),
        "voorbeeldregio": bool(st.session_state.get("voorbeeldregio")) or None,
        "gemeenten": list(st.session_state.get("gemeenten") or []),
    }, ensure_ascii=False, sort_keys=True)


def _write(write) -> bool:
    """Run a session write; a refused one is remembered for the screen (Dutch) and the work in memory stays."""
    try:
        upload = st.session_state.get("upload")
        if st.session_state.get("_upload_onbewaard") and upload is not None:  # a copy's upload, before all else
            st.session_state["sessie_versie"] = sessions.save_upload(session_id(), browser_token(), upload["files"],
                                                                     upload["naam"], session_version())
        st.session_state.pop("_upload_onbewaard", None)
        st.session_state["sessie_versie"] = write(session_id(), browser_token(), session_version())
    except sessions.SessionConflict as error:
        st.session_state["sessie_conflict"] = str(error)
        return False
    except sessions.SessionError as error:
        st.session_state["sessie_schrijffout"] = str(error)
        return False
    st.session_state.pop("sessie_schrijffout", None)
    return True


def persist(force: bool = False) -> bool:
    """Write this session's choices when they changed since the last write (cheap to call often); True when
    this call's write was refused (the screen must then say so).

    The first call of a browser session only remembers what it would write: a visit that changes nothing
    writes nothing. While another window's save is unresolved (`sessie_conflict`) nothing is written."""
    text = _choices_json()
    if "_persisted" not in st.session_state:
        st.session_state["_persisted"] = text
        return False
    if not force and (text in (st.session_state.get("_persisted"), st.session_state.get("_persist_failed"))
                      or st.session_state.get("sessie_conflict")):
        return False  # unchanged, or this very state was refused already (tried again after the next change)
    if _write(lambda sid, token, base: sessions.save_choices(sid, token, json.loads(text), base)):
        st.session_state["_persisted"] = text
        st.session_state.pop("_persist_failed", None)
        return False
    st.session_state["_persist_failed"] = text
    return True


def keep_mine() -> None:
    """After a conflict: save this window's work over the other window's (a deliberate choice)."""
    st.session_state.pop("sessie_conflict", None)
    st.session_state["sessie_versie"] = sessions.version(session_id())
    upload = st.session_state.get("upload")
    if upload is not None:
        _write(lambda sid, token, base: sessions.save_upload(sid, token, upload["files"], upload["naam"], base))
    else:
        _write(sessions.forget_upload)
    persist(force=True)


def load_newest() -> None:
    """After a conflict: drop this window's unsaved work and open the session as it is kept now."""
    for key in (*DATASET_STATE, "upload", "horizon", "horizon_widget", "continuation_pct", "_persisted",
                "_persist_failed", "sessie_conflict", "_session_restored", "sessie_melding", "scenario_linked"):
        st.session_state.pop(key, None)
    st.query_params["sessie"] = session_id()


def _share_changed() -> None:
    wanted = bool(st.session_state["sessie_delen_widget"])
    if _write(lambda sid, token, base: sessions.set_shared(sid, token, wanted, base)):
        st.session_state["sessie_gedeeld"] = wanted


def session_notices() -> None:
    """What the screen must say about this session: how the link was opened, a refused or failed save."""
    if st.session_state.get("sessie_melding"):
        (st.info if st.session_state.get("sessie_soort") == "kopie" else st.warning)(
            st.session_state["sessie_melding"], icon=":material/link:")
    if st.session_state.get("sessie_schrijffout"):
        st.warning(st.session_state["sessie_schrijffout"], icon=":material/save:")
    if st.session_state.get("sessie_conflict"):
        st.warning(st.session_state["sessie_conflict"], icon=":material/sync_problem:")
        newest, mine = st.columns(2)
        newest.button("Nieuwste versie laden", key="sessie_nieuwste", on_click=load_newest,
                      help="Het werk in dit venster vervalt; u ziet wat het andere venster bewaarde.")
        mine.button("Mijn versie bewaren", key="sessie_mijne", on_click=keep_mine,
                    help="Wat het andere venster bewaarde, wordt overschreven door wat u hier ziet.")


def share_toggle() -> None:
    """Sidebar: the owner may share the session (others then get a copy); the caption says which holds."""
    st.session_state["sessie_delen_widget"] = bool(st.session_state.get("sessie_gedeeld"))
    st.toggle("Deel deze sessie", key="sessie_delen_widget", on_change=_share_changed,
              help="Aan: wie deze link opent, krijgt een eigen kopie van uw gegevens en keuzes (uw sessie "
                   "verandert daar niet door). Uit: de link werkt alleen in deze browser.")
    if st.session_state.get("sessie_gedeeld"):
        st.caption("Gedeeld: wie de link opent, krijgt een kopie van uw werk.")
    else:
        st.caption("Uw keuzes en gegevens blijven bewaard onder de link in de adresbalk (ook na vernieuwen), "
                   "alleen in deze browser.")


def sidebar() -> Dataset:
    """The choices shared by every screen: data set and horizon."""
    restore_session()
    navigation.keep_in_link("sessie", session_id())
    style()
    store_notice()
    notices = st.container()  # filled after this run's save below, so a refused save is said in the same run
    with st.sidebar:
        upload = st.session_state.get("upload")
        region = current_region()
        if region is not None:
            own = "" if upload is None else " (eigen upload)"
            st.markdown(f"**Gegevens in gebruik:**  \n{display.plain(region_name())}{own}, "
                        f"{len(region.datasets)} gemeenten")
            gemeente_picker(region)
        elif upload is None:
            st.markdown(f"**Gegevens in gebruik:**  \n{SAMPLE_NAME}")
        else:
            st.markdown(f"**Gegevens in gebruik:**  \n{display.plain(upload['naam'])} (eigen upload)")
        st.selectbox(
            "Horizon (jaren na laatste realisatie)", HORIZONS, key="horizon_widget",
            index=HORIZONS.index(horizon()) if horizon() in HORIZONS else HORIZONS.index(DEFAULT_HORIZON),
            on_change=lambda: st.session_state.update(horizon=st.session_state["horizon_widget"]),
            help="Hoeveel jaren de prognose vooruit kijkt. De bevolkingsprognose moet die jaren dekken.",
        )
        dataset = current_dataset()
        scenario_picker(dataset)
        st.caption(f"Realisatie {dataset.first_year}–{dataset.last_year}.")
        share_toggle()
        keep_token()
    if region is not None:  # every screen says which gemeenten its numbers are about
        st.caption(f":material/location_city: {display.plain(dataset.naam)}")
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


# --- the baseline prognosis, cached on the data's content -------------------------------------------------

EVALUATION_CACHE_SIZE = 16


@st.cache_resource(show_spinner=False)
def shared_jobs() -> SharedJobs:
    """Backtests keyed by (data content, what the backtest depends on), shared by all sessions; a running one
    is waited for, never started twice, and keeps running when its screen is left."""
    return SharedJobs(EVALUATION_CACHE_SIZE)


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


def settings() -> Settings:
    """This session's choices as the service's Settings."""
    return Settings(horizon=horizon(), models=tuple(sorted(model_choices().items())),
                    excluded_years=excluded_years(), continuation_pct=continuation_pct())


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


# --- scenarios of this session -----------------------------------------------------------------------------

EMPTY_SCENARIO = service.NO_MEASURES
SAMPLE_SCENARIO_PATH = SAMPLE_PATH.parent / "voorbeeldscenario.json"


def _initial_scenarios(dataset: Dataset) -> dict[str, Scenario]:
    """No measures; with the example gemeente also the example's package (never with own data)."""
    scenarios = {EMPTY_SCENARIO: Scenario(EMPTY_SCENARIO)}
    names = dataset.voorziening_names
    restored = st.session_state.pop("_restored_scenarios", None)
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
                 format_func=lambda name: SHORT_SCENARIO_NAMES.get(name, name),  # whole, never cut off
                 help="Het pakket beheersmaatregelen dat alle schermen gebruiken. 'Zonder maatregelen' is de "
                      f"{EMPTY_SCENARIO.lower()}.")
    navigation.keep_in_link("scenario", current.naam)
    return current


def _picked() -> None:
    name = st.session_state["scenario_picker"]
    if name not in scenarios():
        open_saved(name)  # a saved scenario not yet opened in this session
    st.session_state["scenario_name"] = name


def current_run(dataset: Dataset | None = None, scenario: Scenario | None = None) -> Run:
    dataset = dataset or current_dataset()
    try:
        return service.run(dataset, settings(), scenario or current_scenario(dataset),
                           fitted=current_baseline(dataset))
    except service.UnusableResult as error:  # a negative or non-finite cost is never shown
        st.error("Deze berekening geeft een onbruikbare uitkomst en wordt niet getoond:\n\n"
                 + "\n".join(f"- {display.plain(p.melding)}" for p in error.problems.errors))
        navigation.end_screen()


# --- the scenario store ------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _shared_store() -> tuple[ScenarioStore | None, str]:
    """The store shared by all sessions and, when it could not be opened, why (in Dutch)."""
    try:
        return ScenarioStore(), ""
    except Exception as error:  # noqa: BLE001 - any database failure must leave the app usable
        return None, str(error)


def scenario_store() -> ScenarioStore | None:
    """The shared store (SQLite in ./grip-data, or GRIP_DATABASE_URL); None when it cannot be reached."""
    return _shared_store()[0]


def store_problem() -> str:
    return _shared_store()[1]


def store_notice() -> None:
    """On every screen: say so when the store found its file damaged and moved it aside (nothing overwritten)."""
    store = scenario_store()
    if store is not None and getattr(store, "notice", None):
        st.warning(store.notice)


def store_failed(error: StoreError) -> None:
    """A store failure in Dutch; a damaged database is reopened (and moved aside) on the next run."""
    st.error(display.plain(error))
    if isinstance(error, StoreDamagedError):
        _shared_store.clear()


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
    return st.session_state.setdefault("saved_versions", {})


def open_saved(naam: str) -> Scenario | None:
    """Open the newest saved version into this session; later saves build on that version."""
    store = scenario_store()
    try:
        scenario, _ = store.open(naam)
        saved_versions()[naam] = store.current_version(naam)
    except StoreError as error:
        store_failed(error)
        return None
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
