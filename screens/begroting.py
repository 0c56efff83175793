"""Begroting: realisatie, basisprognose, scenario and budget per year, domein and voorziening, with downloads."""

import pandas as pd
import streamlit as st

from forecasting.input.dataset import DOMAINS
from forecasting.model.projection import TOTAL
from presentation import charts, monitor
from presentation import hindsight as terugblik
from presentation.export import workbook_bytes
from presentation.formatting import chance_pct, euro, nv
from presentation.output import csv_bytes
from presentation.report import render
from presentation.story import unbroken
from presentation.tables import taakstelling_frame
from ui import data_source, display, runs, scenario_work, sidebar, switchboard
from ui.downloads import report_pdf_button

dataset = sidebar.sidebar()
st.title("Begroting")
st.write("Per jaar, domein en voorziening: basisprognose, scenario en begroting, het verschil (N = nadelig, "
         "V = voordelig) en de kans dat de uitgaven de begroting overschrijden.")

scenario = scenario_work.current_scenario(dataset)
switch_column, gap_column = switchboard.board()  # the wethouder's switches and the gap they move, side by side
switched_on, effect_slots = switchboard.switches(
    switch_column, [m.naam for m in scenario.maatregelen], {m.naam: m.actief for m in scenario.maatregelen},
    f"begroting_aan_{scenario.naam}", disabled=scenario_work.is_frozen(scenario.naam))
switched = switchboard.with_switches(scenario, switched_on)
if switched != scenario:
    scenario_work.store_scenario(switched, select=False)
run = runs.current_run(dataset, switched)
year_end = switchboard.year_end_frame(run)  # what the in-year figures make of the first year, said beside it
switchboard.gap_view(gap_column, switchboard.total_gap(run), "Totaal sociaal domein",
                     monitor.first_year_words(year_end))
switchboard.effect_captions(effect_slots, switched_on, switchboard.net_effects(run.effects, run.years[-1]),
                            run.years[-1])
rows = run.comparison_frame.copy()
levels = [TOTAL, *DOMAINS]
level = st.radio("Domein", levels, horizontal=True, key="begroting_domein")
if level != "Totaal":
    rows = rows.loc[rows["domein"] == level]
history = run.baseline.history
last_index = history.year_index(run.baseline.last_year)
last = {(d, v): history.point(d, v)[last_index] for d, v in history.selections()}
realised_column = f"Realisatie {run.baseline.last_year}"
shown = pd.DataFrame({
    "Jaar": rows["jaar"].astype(str),
    "Domein": rows["domein"],
    "Voorziening": rows["voorziening"],
    realised_column: [euro(last.get((d, v))) for d, v in zip(rows["domein"],
                                                                                 rows["voorziening"])],
    "Basisprognose": rows["basisprognose"].map(euro),
    "Scenario": rows["scenario"].map(euro),
    "Begroting": rows["begroting"].map(euro),
    "Verschil (N/V)": rows["verschil"].map(nv),
    "Kans op overschrijding": rows["kans_overschrijding"].map(chance_pct),
})
if not run.scenario.active:  # no measures: the scenario is the baseline, one column says it (and N/V stays in view)
    shown = shown.drop(columns="Scenario")
only_totals = st.toggle("Alleen totalen", value=True)
if only_totals:  # 'Totaal' on every row says nothing, nor does one domein's realisation repeated every year
    shown = shown.loc[rows["voorziening"] == TOTAL].drop(columns=["Voorziening", realised_column])
    domains = list(dict.fromkeys(shown["Domein"]))
    st.caption(f"Realisatie {run.baseline.last_year}: " + "; ".join(
        f"{'totaal' if d == TOTAL else d} {euro(last.get((d, TOTAL)))}" for d in domains) + ".")
elif dataset.gemeenten:  # a region: one gemeente's voorzieningen at a time, the totals of the region always
    gemeente = st.selectbox("Voorzieningen van", dataset.gemeenten, key="begroting_gemeente")
    keys = run.baseline.projection  # each row's gemeente and own name; totals are the region's (no gemeente)
    gemeente_of = dict(zip(keys.voorzieningen, keys.row_gemeenten))
    own_name = dict(zip(keys.voorzieningen, keys.base_names))
    own = rows["voorziening"].map(lambda v: gemeente_of.get(v, "") in ("", gemeente))
    shown = shown.loc[own.to_numpy()].assign(Voorziening=lambda f: f["Voorziening"].map(lambda v: own_name.get(v, v)))
st.dataframe(shown, hide_index=True, width="stretch", height="content",  # every row, the totals too, in view
             column_config={"Voorziening": st.column_config.TextColumn(pinned=True)})  # kept when scrolling sideways

note = monitor.budget_note(year_end, level)
if note:  # the first year's gap as the Monitor sees it with the in-year figures, so the two screens meet
    st.info(unbroken(note))

st.subheader("Taakstelling tegenover de maatregelen")
target = taakstelling_frame(run.scenario, run.comparison)
st.dataframe(pd.DataFrame({
    "Jaar": target["jaar"].astype(str), "Taakstelling": target["taakstelling"].map(euro),
    "Opbrengst maatregelen": target["opbrengst_maatregelen"].map(euro),
    "Nog te vinden": target["resterend"].map(lambda v: euro(max(v, 0))),
}), hide_index=True, width="stretch")

st.subheader("Terugblik")
with st.spinner("Terugblik berekenen ..."):
    past = terugblik.hindsight_of(run)
selection = terugblik.chart_selection(past, TOTAL if level == "Totaal" else level)
if selection is None:
    st.caption(terugblik.HOW_TO_ADD.format(last=dataset.last_year))
else:
    sentence = terugblik.hindsight_sentence(past, dataset.last_year, selection)
    if sentence:
        st.markdown(f"**{unbroken(sentence)}**")
    title = f"{'Sociaal domein' if selection == TOTAL else selection}: begroting, Grip toen en realisatie"
    display.chart(charts.dutch(charts.hindsight_lines(terugblik.chart_frame(past, selection), title)),
                  "terugblik")
    st.dataframe(terugblik.display_table(past, selection), hide_index=True, width="stretch")
    st.caption(terugblik.HOW_IT_WORKS)

st.subheader("Downloaden")
left, middle, right, report = st.columns(4)
expected = data_source.region_expected()  # read here: the download's callable runs without this session's state
# on_click="ignore": a download is made when clicked and never reruns the screen (a rerun would redo the terugblik
# and could replace the button while the browser is still fetching its file)
left.download_button("Excel-werkmap (alle tabellen)",
                     lambda: workbook_bytes(run, expected=expected),
                     file_name=data_source.export_name("werkmap", run.scenario.naam, "xlsx", dataset),
                     key="download_xlsx", on_click="ignore",
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
middle.download_button("CSV voor Nederlandse Excel", lambda: csv_bytes(run.output, dutch_csv=True),
                       file_name=data_source.export_name("prognose", run.scenario.naam, "csv", dataset),
                       mime="text/csv", key="download_csv_nl", on_click="ignore")
right.download_button("CSV (standaard)", lambda: csv_bytes(run.output),
                      file_name=data_source.export_name("prognose_standaard", run.scenario.naam, "csv", dataset),
                      mime="text/csv", key="download_csv", on_click="ignore")
report.download_button("Rapport voor de raad (HTML)",
                       lambda: render(run),
                       file_name=data_source.export_name("rapport", run.scenario.naam, "html", dataset),
                       mime="text/html", key="download_report", on_click="ignore",
                       help="Het rapport als webpagina: opent in elke browser, met de grafieken erin.")
report_pdf_button(report, run, data_source.export_name("rapport", run.scenario.naam, "pdf", dataset),
                  "download_report_pdf")
