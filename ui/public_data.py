"""Gegevens: "Begin met de openbare cijfers van uw gemeente" (forecasting/cbs).

Choose a gemeente (or upload StatLine CSV exports, for networks without outbound traffic), optionally an Iv3 file;
the button fetches the CBS tables with progress, loads the dataset into the session exactly as an upload is loaded
(data_source.accept_upload) and offers the whole dataset, with `_toelichting/bronnen.csv`, as a zip. Nothing is fetched
until the button is pressed. Every failure is shown in Dutch; the data already in use stays in use.
"""

from __future__ import annotations

import streamlit as st

from forecasting import cbs
from forecasting.cbs import gemeenten
from forecasting.cbs.iv3 import Iv3Error
from ui import data_source
from ui.display import plain

REPORT = "cbs_report"


def gemeente_names() -> list[str]:
    """Every gemeente CBS lists, those of today first (alphabetical), then those that no longer exist."""
    codes = gemeenten.codes()
    current = codes.loc[codes["laatste_jaar"] == gemeenten.LAST_LISTED_YEAR, "gemeente"]
    former = codes.loc[codes["laatste_jaar"] < gemeenten.LAST_LISTED_YEAR, "gemeente"]
    return sorted(current, key=str.lower) + sorted(set(former) - set(current), key=str.lower)


def _get(naam: str, optellen: bool, exports: list, iv3_uploads: list) -> cbs.CbsDataset:
    iv3_files = {(u.name if u.name.lower().startswith("iv3") else f"iv3_{u.name}"): u.getvalue() for u in iv3_uploads}
    if exports:
        files = {u.name: u.getvalue() for u in exports}
        return cbs.from_exports({**files, **iv3_files}, naam, optellen=optellen)
    bar = st.progress(0.0, text="Verbinden met CBS...")

    def progress(number: int, total: int, table: str) -> None:
        bar.progress(number / total, text=f"CBS-tabel {table} ophalen ({number} van {total})")

    result = cbs.from_cbs(naam, optellen=optellen, iv3_files=iv3_files, progress=progress)
    bar.empty()
    return result


def render() -> None:
    st.subheader("Begin met de openbare cijfers van uw gemeente")
    st.write("Grip haalt bij CBS de Wmo- en jeugdzorgcliënten, de kosten en begroting van jeugdzorg, het "
             "inwonertal en de bevolkingsprognose van uw gemeente op en zet ze in het invoerformaat. Daarna vult u "
             "aan wat u zelf heeft (kosten per voorziening, uw begroting, uw indexatie). Bron: CBS (CC BY 4.0).")
    naam = st.selectbox("Gemeente", gemeente_names(), index=None, placeholder="Kies of typ een gemeente",
                        key="cbs_gemeente")
    optellen = st.checkbox("Bij een herindeling de voorgangers optellen in de jaren ervoor", key="cbs_optellen",
                           help="Bijvoorbeeld Haarlemmermeer vóór 2019 plus Haarlemmerliede en Spaarnwoude. "
                                "Zonder vinkje ziet u een sprong in het jaar van de herindeling (met een melding).")
    with st.expander("Geen internet vanaf deze server? Lees StatLine-bestanden of een Iv3-bestand in"):
        exports = st.file_uploader(
            "StatLine-exports (CSV, 'onbewerkte dataset'; de bestandsnaam begint met het tabelnummer, zoals "
            "83262NED.csv)", type=["csv"], accept_multiple_files=True, key="cbs_exports")
        iv3_uploads = st.file_uploader(
            "Iv3-bestand (CSV met jaar, taakveld, lasten x 1.000 euro en eventueel soort): kosten per voorziening",
            type=["csv"], accept_multiple_files=True, key="cbs_iv3")
    label = "Cijfers uit de bestanden gebruiken" if exports else "Openbare cijfers ophalen"
    if st.button(label, key="cbs_ophalen", disabled=naam is None):
        try:
            result = _get(naam, optellen, exports or [], iv3_uploads or [])
        except (cbs.CbsError, cbs.UnknownGemeente, Iv3Error) as error:
            st.session_state[REPORT] = {"fout": str(error)}
        else:
            title = f"{result.gemeente.naam} (CBS)"
            accepted, problems = data_source.accept_upload(result.files(), title)
            st.session_state[REPORT] = {"naam": result.gemeente.naam, "zip": result.zip_bytes(),
                                        "waarschuwingen": result.warnings, "ingelezen": accepted,
                                        "meldingen": [p.describe() for p in problems.items]}
            if accepted:
                st.rerun()  # the sidebar and every screen now use the gemeente's figures
    show_report(st.session_state.get(REPORT))


def show_report(report: dict | None) -> None:
    if report is None:
        return
    if "fout" in report:
        st.error(report["fout"])
        return
    if report["ingelezen"]:
        st.success(f"De openbare cijfers van {report['naam']} zijn ingelezen en worden nu in alle schermen gebruikt. "
                   "Controleer de meldingen en vul aan wat ontbreekt.")
    else:
        st.error(f"De cijfers van {report['naam']} zijn opgehaald maar niet bruikbaar; de gegevens die al geladen "
                 "waren, blijven in gebruik. U kunt ze wel downloaden en aanvullen.")
    st.download_button("Gegevensset als zip (met bronnen)", report["zip"], key="cbs_zip",
                       file_name=f"grip_{report['naam'].lower().replace(' ', '_')}_cbs.zip", mime="application/zip")
    lines = report["waarschuwingen"] + report["meldingen"]
    if lines:
        with st.expander(f"Meldingen bij deze cijfers ({len(lines)})", expanded=not report["ingelezen"]):
            st.markdown("\n".join(f"- {plain(line)}" for line in lines))
