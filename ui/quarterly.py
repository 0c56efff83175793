"""Monitor's quarterly report (tussentijdse rapportage): keep the year-end as a stand for a P&C moment, and download
the report (PDF, Excel, HTML) that compares it with the latest earlier stand (presentation/quarterly.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from forecasting.monitor.yearend import MONTH_NAMES
from presentation import pdf, quarterly
from presentation.formatting import clock_text, euro
from scenarios.snapshots import MOMENTS, SnapshotStore
from scenarios.store_errors import StoreError
from ui import display, scenario_work
from ui.downloads import NO_PDF


def snapshot_store() -> SnapshotStore | None:
    """The kept stands, in the scenario store's database; None (with the reason shown) when it cannot be reached."""
    scenarios = scenario_work.scenario_store()
    if scenarios is None:
        st.warning("De opslag is niet bereikbaar, dus standen kunnen niet worden bewaard: "
                   f"{scenario_work.store_problem()}")
        return None
    try:
        return SnapshotStore(engine=scenarios.engine, where=scenarios.where)
    except StoreError as error:
        st.error(display.plain(error))
        return None


def _kept_frame(kept) -> pd.DataFrame:
    return pd.DataFrame({
        "Moment": [s.moment for s in kept],
        "Bewaard op": [clock_text(s.gemaakt_op) for s in kept],
        "Door": [s.auteur for s in kept],
        "Cijfers t/m": [MONTH_NAMES[s.tm_maand - 1] if s.tm_maand else "–" for s in kept],
        "Verwacht totaal": [euro(sum(f.verwacht for f in s.figures)) for s in kept],
    })


def render_quarterly(run, yearend) -> None:
    """The section 'Tussentijdse rapportage' of Monitor."""
    st.subheader("Tussentijdse rapportage")
    st.write("Het jaareinde voor de raad: per domein en voorziening wat besteed is, de verwachting met haar band, de "
             "begroting, tekort (N) of overschot (V), de signalen, de indicatoren en wat er veranderd is sinds de "
             "vorige rapportage. Bewaar de stand bij elk P&C-moment; de volgende rapportage vergelijkt daarmee.")
    store = snapshot_store()
    left, right = st.columns(2)
    # one widget per month of the figures: new in-year figures start from their own default moment (K1 for
    # figures through May), while a choice for the same figures is kept
    moment = left.selectbox("P&C-moment", MOMENTS, key=f"rapportage_moment_{yearend.through()}",
                            index=MOMENTS.index(quarterly.default_moment(yearend.through())))
    author = right.text_input("Uw naam (bij de bewaarde stand)", key="rapportage_auteur", max_chars=120)
    current = quarterly.current_stand(run, yearend, moment, author.strip())
    if st.button("Bewaar als stand voor rapportage", key="rapportage_bewaar", disabled=store is None):
        try:
            saved = store.save(current)
            st.success(f"Stand bewaard: {saved.moment}, {saved.gemeente} {saved.jaar} "
                       f"({quarterly.day_text(saved.gemaakt_op)}).")
        except StoreError as error:
            st.error(display.plain(error))
    previous, kept = None, []
    if store is not None:
        try:
            kept = store.list(current.gemeente, current.jaar)
            previous = store.previous(current)
        except StoreError as error:
            st.error(display.plain(error))
    if previous is not None:
        st.caption(f"De rapportage vergelijkt met de {previous.moment} van {quarterly.day_text(previous.gemaakt_op)}"
                   " (de laatste eerdere stand met andere cijfers).")
    else:
        st.caption("Er is nog geen eerdere stand met andere cijfers voor deze gemeente en dit jaar: de rapportage "
                   "laat daarom nog geen verschil zien.")
    if kept:
        with st.expander(f"Bewaarde standen {current.jaar} ({len(kept)})"):
            st.dataframe(_kept_frame(kept), hide_index=True, width="stretch", key="rapportage_standen")

    def document(suffix: str):
        return lambda: quarterly.FORMATS[suffix][1](quarterly.build(run, current, previous, yearend))

    name = f"tussentijdse-rapportage-{current.jaar}"
    columns = st.columns(3)
    if pdf.available():
        columns[0].download_button("Tussentijdse rapportage (PDF)", document(".pdf"), file_name=f"{name}.pdf",
                                   mime="application/pdf", key="rapportage_pdf")
    else:
        columns[0].download_button("Tussentijdse rapportage (PDF)", b"", file_name=f"{name}.pdf",
                                   key="rapportage_pdf", disabled=True, help=NO_PDF)
    columns[1].download_button("Tussentijdse rapportage (Excel)", document(".xlsx"), file_name=f"{name}.xlsx",
                               mime=quarterly.FORMATS[".xlsx"][0], key="rapportage_xlsx")
    columns[2].download_button("Tussentijdse rapportage (HTML)", document(".html"), file_name=f"{name}.html",
                               mime="text/html", key="rapportage_html")
