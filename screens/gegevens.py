"""Gegevens: choose the sample gemeente or upload CSV/Excel, see the tables and the validation report."""

import pandas as pd
import streamlit as st

from forecasting.region.region_total import base_name
from presentation import data_tables
from presentation.formatting import euro, number
from presentation.template import template_xlsx
from presentation.workbook import tables_of, to_xlsx
from ui import data_source, public_data, session_work, sidebar
from ui.display import plain


def screen_words(message: str) -> str:
    """Point to the template download on this screen, not to a folder of the program."""
    for path in ("het sjabloon in data/templates", "data/templates", "data/README.md"):
        message = message.replace(path, "het sjabloon (knop 'Sjabloon met voorbeeldrij (Excel)' rechts)")
    return message

dataset = sidebar.sidebar()
st.title("Gegevens")
st.write(
    "Kies de voorbeeldgemeente of lees uw eigen gegevens in (CSV-bestanden of één Excel-werkmap); "
    "Grip controleert ze eerst en laat precies zien wat er moet worden hersteld. Voor een regio: geef de tabellen "
    "een kolom 'gemeente', of lees één werkmap per gemeente in (de bestandsnaam is de gemeente)."
)

left, right = st.columns([2, 1])
with left:
    st.subheader("Gegevens inlezen")
    uploads = st.file_uploader(
        "Excel-werkmap (.xlsx) of CSV-bestanden (voorzieningen, realisatie, bevolking, indexatie, begroting)",
        type=["xlsx", "csv"], accept_multiple_files=True, key="uploader",
    )
    naam = st.text_input("Naam van de gemeente (of gegevensset)", value="Eigen gegevens", key="upload_naam",
                         help="Deze naam staat in de zijbalk, op elk scherm en in elke download.")
    if st.button("Controleren en inlezen", type="primary", disabled=not uploads):
        files = {upload.name: upload.getvalue() for upload in uploads}
        accepted, problems = data_source.accept_upload(files, naam.strip() or "Eigen gegevens")
        if accepted:
            st.session_state["upload_report"] = ("ok", problems.to_frame())
            st.rerun()  # every part of the screen, the sidebar too, now names the new data
        else:
            st.session_state["upload_report"] = ("fout", problems.to_frame())
    report = st.session_state.get("upload_report")
    if report is not None:
        verdict, frame = report
        if verdict == "ok":
            region = data_source.current_region()
            if region is not None and session_work.work().upload is not None:
                st.success(f"De gegevens van {len(region.datasets)} gemeenten zijn ingelezen. Kies in de zijbalk "
                           "één gemeente, enkele of de hele regio; u begint zonder maatregelen.")
                if region.failed:
                    st.warning("Niet ingelezen door fouten (de andere gemeenten zijn wel bruikbaar): "
                               + ", ".join(plain(g) for g in region.failed) + ". Zie de meldingen hieronder.")
            else:
                st.success("De gegevens zijn ingelezen en worden nu in alle schermen gebruikt. U begint zonder "
                           "maatregelen; de voorbeeldmaatregelen horen bij de voorbeeldgemeente.")
            if st.session_state.pop("upload_not_kept", False):
                st.warning("Deze bestanden zijn te groot om te bewaren: na vernieuwen van de pagina moet u ze "
                           "opnieuw inlezen.")
        else:
            st.error(
                "De gegevens zijn niet ingelezen: herstel de fouten hieronder. "
                "De gegevens die al geladen waren, blijven in gebruik."
            )
        if not frame.empty:
            frame = frame.assign(melding=frame["melding"].map(screen_words))
            shown = 15  # whole sentences, never cut off by a table column
            st.markdown("\n".join(f"- **{plain(row.bestand or 'algemeen')}{', rij ' + row.rij if row.rij else ''}"
                                   f"{', kolom ' + plain(row.kolom) if row.kolom else ''}:** {plain(row.melding)}"
                                   for row in frame.head(shown).itertuples()))
            with st.expander(f"Alle {len(frame)} meldingen als tabel" if len(frame) > shown else "Als tabel"):
                st.dataframe(
                    frame[["melding", "bestand", "rij", "kolom", "waarde", "ernst"]], hide_index=True,
                    width="stretch",
                    column_config={"melding": st.column_config.TextColumn("Wat er mis is", width="large"),
                                   "bestand": "Bestand", "rij": "Rij", "kolom": "Kolom", "waarde": "Waarde",
                                   "ernst": "Soort"})
    back, region_button = st.columns(2)
    if not data_source.is_sample() and back.button("Terug naar de voorbeeldgemeente"):
        data_source.use_sample()
        st.session_state.pop("upload_report", None)
        st.rerun()
    if not data_source.is_sample_region() and region_button.button(
            "Voorbeeldregio proberen (fictief, 3 gemeenten)",
            help="Drie verzonnen gemeenten in één gegevensset: kies in de zijbalk één gemeente of de hele regio."):
        data_source.use_sample(region=True)
        st.session_state.pop("upload_report", None)
        st.rerun()
    public_data.render()
with right:
    st.subheader("Sjablonen")
    st.download_button(
        "Sjabloon met voorbeeldrij (Excel)", template_xlsx, file_name="grip_sjabloon.xlsx",
        help="Eén werkblad per tabel met de juiste kolomnamen en één voorbeeldrij (overschrijf die), en een blad "
             "'Toelichting' dat elke kolom uitlegt.",
    )
    st.download_button(
        "Huidige gegevens (Excel)", lambda: to_xlsx(tables_of(dataset)), file_name="grip_gegevens.xlsx",
        help="De gegevens die nu in gebruik zijn, in het invoerformaat: handig als voorbeeld.",
    )

st.subheader(f"In gebruik: {dataset.naam}")
region = data_source.current_region()
if region is not None:
    chosen = data_source.chosen_gemeenten(region)
    st.dataframe(pd.DataFrame([{
        "Gemeente": gemeente,
        "Status": ("in uw keuze" if gemeente in chosen else "ingelezen") if gemeente in region.datasets
        else "niet ingelezen (fouten)",
        "Voorzieningen": len(region.datasets[gemeente].voorzieningen) if gemeente in region.datasets else None,
        "Realisatie": (f"{region.datasets[gemeente].first_year}–{region.datasets[gemeente].last_year}"
                       if gemeente in region.datasets else ""),
        "Fouten": len(problems.errors), "Waarschuwingen": len(problems.warnings)}
        for gemeente, problems in region.problems.items()]), hide_index=True, width="stretch")
    if not region.all_problems().ok or region.all_problems().warnings:
        with st.expander("Meldingen per gemeente"):
            st.markdown("\n".join(f"- {plain(p.describe())}" for p in region.all_problems().items[:200]))
realisatie = dataset.realisatie.merge(dataset.voorzieningen[["voorziening", "domein"]], on="voorziening")
bevolking_years = dataset.bevolking["jaar"]
cols = st.columns(4)
cols[0].metric("Realisatiejaren", f"{dataset.first_year}–{dataset.last_year}")
if dataset.gemeenten:
    cols[1].metric(f"Voorzieningen ({len(dataset.gemeenten)} gemeenten)", len(dataset.voorzieningen),
                   help=f"{len(dataset.voorziening_names)} soorten voorzieningen, per gemeente geteld")
else:
    cols[1].metric("Voorzieningen", len(dataset.voorzieningen))
cols[2].metric("Bevolking", f"{int(bevolking_years.min())}–{int(bevolking_years.max())}")
cols[3].metric("Waarschuwingen", len(dataset.warnings))
if dataset.warnings:
    with st.expander("Waarschuwingen bij deze gegevens"):
        for warning in dataset.warnings:
            st.markdown("- " + plain(warning.describe()))

coverage = realisatie.pivot_table(index="voorziening", columns="jaar", values="clienten", aggfunc="count")
coverage = coverage.notna().replace({True: "✓", False: "–"})
coverage.columns = [str(c) for c in coverage.columns]
st.caption("Dekking van de realisatie (✓ = jaar aanwezig)")
st.dataframe(coverage, width="stretch")

tabs = st.tabs(["Voorzieningen", "Realisatie", "Bevolking", "Indexatie", "Begroting", "Tussentijds", "Indicatoren"])
year = st.column_config.NumberColumn(format="%d")
with tabs[0]:
    shown = dataset.voorzieningen
    if dataset.gemeenten:  # each gemeente's own rows, named as in its input
        shown = shown.assign(voorziening=shown["basis"], doelgroep=shown["doelgroep"].map(base_name))[
            ["gemeente", "voorziening", "domein", "doelgroep", "taakveld"]]
    st.dataframe(shown, hide_index=True, width="stretch")
WHOLE_DOMEIN = "(hele domein)"  # a row without voorziening counts for the whole domein


def shown_percentage(value) -> str:
    """1.6 → '1,6%', 3.944 → '3,944%': as given, with a decimal comma."""
    return "" if pd.isna(value) else number(value, 3).rstrip("0").rstrip(",") + "%"


with tabs[1]:
    st.dataframe(dataset.realisatie.assign(clienten=dataset.realisatie["clienten"].map(number),
                                           kosten=dataset.realisatie["kosten"].map(euro)),
                 hide_index=True, width="stretch", column_config={"jaar": year})
with tabs[2]:
    wide = dataset.bevolking.pivot_table(index="jaar", columns="leeftijd", values="aantal")
    wide.index = wide.index.astype(str)
    localized = {c: st.column_config.NumberColumn(format="localized") for c in wide.columns}
    st.dataframe(wide, width="stretch", column_config=localized)
with tabs[3]:
    st.dataframe(dataset.indexatie.assign(voorziening=dataset.indexatie["voorziening"].fillna(WHOLE_DOMEIN),
                                          percentage=dataset.indexatie["percentage"].map(shown_percentage)),
                 hide_index=True, width="stretch", column_config={"jaar": year})
with tabs[4]:
    st.dataframe(dataset.begroting.assign(voorziening=dataset.begroting["voorziening"].fillna(WHOLE_DOMEIN),
                                          bedrag=dataset.begroting["bedrag"].map(euro)),
                 hide_index=True, width="stretch", column_config={"jaar": year})
with tabs[5]:
    if dataset.tussentijds.empty:
        st.info("Er zijn geen tussentijdse cijfers. Lees ze in op Monitor (onder 'Nieuwe tussentijdse cijfers') of "
                "lever een tabel 'tussentijds' mee met de gegevens; dan rekent Grip de verwachte jaarrekening.")
    else:
        st.caption("Kosten per maand of kwartaal, het nieuwste jaar bovenaan. 'Realisatie' is de jaarrekening van "
                   "dat jaar uit de tabel realisatie: bij een volledig jaar hoort die gelijk te zijn aan 'Totaal'.")
        st.dataframe(data_tables.in_year_frame(dataset.tussentijds, dataset.realisatie), hide_index=True,
                     width="stretch", column_config={"Voorziening": st.column_config.TextColumn(pinned=True)})
with tabs[6]:
    if dataset.indicatoren.empty:
        st.info("Er zijn geen indicatoren. Lever een tabel 'indicatoren' mee (met streefwaarde en streefjaar) om "
                "op Monitor te zien of de doelen gehaald worden.")
    else:
        st.dataframe(data_tables.indicator_frame(dataset.indicatoren), hide_index=True, width="stretch")
        if not dataset.indicatorwaarden.empty:
            st.caption("Gemeten waarden (tabel indicatorwaarden)")
            st.dataframe(data_tables.indicator_values_frame(dataset.indicatorwaarden), hide_index=True,
                         width="stretch")
