"""Monitor: the expected year-end from the in-year figures (verwachte jaarrekening) against budget and prognosis,
the backtest of that projection by month, indicators with their status, and the cockpit's signals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from forecasting.model.projection import TOTAL
from forecasting.monitor.indicators import OFF_TRACK, ON_TRACK, WATCH, status_rule
from presentation import monitor, quarterly
from presentation.formatting import chance_pct, euro, euro_range, number, nv, pct
from presentation.story import unbroken
from ui import data_source, runs, sidebar
from ui.cockpit import DEFAULTS, render_cockpit, signal_thresholds
from ui.quarterly import render_quarterly

STATUS_MARKS = {ON_TRACK: "🟢", WATCH: "🟠", OFF_TRACK: "🔴"}

def _upload_in_year(dataset) -> None:
    """Replace the in-year figures of the current data; the loaded data stays when the new figures are unusable."""
    if data_source.current_region() is not None:  # the region's tables are per gemeente: one file cannot replace them
        st.info("Bij gegevens met meer gemeenten leest u tussentijdse cijfers in via Gegevens: voeg de tabel "
                "'tussentijds' met een kolom 'gemeente' toe aan uw bestanden en lees ze opnieuw in.")
        return
    upload = st.file_uploader("Tussentijdse cijfers (CSV, of een werkmap met een blad 'tussentijds')",
                              type=["csv", "xlsx"], key="tussentijds_uploader")
    if st.button("Tussentijdse cijfers inlezen", disabled=upload is None, key="tussentijds_button"):
        from presentation.workbook import tables_of

        files = {f"{name}.csv": frame.to_csv(index=False).encode("utf-8")
                 for name, frame in tables_of(dataset).items() if name != "tussentijds" and not frame.empty}
        name = upload.name if upload.name.lower().endswith(".xlsx") else "tussentijds.csv"
        files[name] = upload.getvalue()
        accepted, problems = data_source.add_in_year(files, dataset.naam)
        st.session_state["tussentijds_report"] = ("ok" if accepted else "fout", problems.to_frame())
        st.rerun()
    report = st.session_state.get("tussentijds_report")
    if report is not None:
        verdict, frame = report
        if verdict == "ok":
            st.success("De tussentijdse cijfers zijn ingelezen.")
        else:
            st.error("De tussentijdse cijfers zijn niet ingelezen: herstel de fouten hieronder. De gegevens die al "
                     "geladen waren, blijven in gebruik.")
            st.dataframe(frame, hide_index=True, width="stretch")


dataset = sidebar.sidebar()
st.title("Monitor")
st.write("De verwachte jaarrekening uit de tussentijdse cijfers, tegenover de begroting en de basisprognose, en de "
         "indicatoren met hun streefwaarden. Voor de voorjaarsnota, bestuursrapportage en najaarsnota.")
run = runs.current_run(dataset)
thresholds = signal_thresholds()
with st.expander("Drempels voor de signalen"):
    left, right = st.columns(2)
    left.number_input("Indicator 'let op' vanaf (% van de beoogde verandering achter)", 0, 100, step=5,
                      key="monitor_let_op", value=DEFAULTS["monitor_let_op"])
    left.number_input("Indicator 'uit koers' vanaf (%)", 0, 200, step=5, key="monitor_uit_koers",
                      value=DEFAULTS["monitor_uit_koers"])
    right.number_input("Begroting 'let op' boven (% van de begroting)", 0.0, 50.0, step=0.5,
                       key="monitor_budget_let_op", value=DEFAULTS["monitor_budget_let_op"])
    right.number_input("Begroting 'tekort' boven (% van de begroting)", 0.0, 50.0, step=0.5, key="monitor_tekort",
                       value=DEFAULTS["monitor_tekort"])
    thresholds = signal_thresholds()

yearend = monitor.yearend_of(run)
items = monitor.indicators_of(run)
frame = monitor.yearend_frame(yearend, run.budget)

st.subheader("Signalen")
render_cockpit(monitor.cockpit_rows(run, yearend, items, thresholds, expected=data_source.expected_signal()))

st.subheader(f"Verwachte jaarrekening {yearend.year}")
frame = quarterly.in_whole_euros(frame)  # as the report: the amounts add up as shown
st.write(unbroken(monitor.yearend_sentence(frame)))
for note in yearend.notes:  # one-off bookings, figures that start after January
    st.warning(unbroken(note))
totals = frame.loc[frame["voorziening"] == TOTAL]
for column, (_, row) in zip(st.columns(len(totals)), totals.iterrows()):
    column.metric(f"Verwacht {row['domein']} {yearend.year}", euro(row["verwacht"]),
                  delta=nv(row["verschil"]) or None, delta_color="inverse",
                  help=f"80%-band {euro_range(row['ondergrens'], row['bovengrens'])}; kans op overschrijding "
                       f"{chance_pct(row['kans_overschrijding'])}")
only_totals = st.toggle("Alleen totalen", value=False, key="monitor_totals")
shown = totals if only_totals else frame
st.dataframe(pd.DataFrame({  # what a reader compares first (expected, budget, N/V) first: in view at 1024 px
    "Voorziening": shown["voorziening"], "Domein": shown["domein"], "Verwacht": shown["verwacht"].map(euro),
    "Begroting": shown["begroting"].map(euro), "Verschil (N/V)": shown["verschil"].map(nv),
    "Kans op overschrijding": shown["kans_overschrijding"].map(chance_pct),
    "80%-band": [euro_range(lo, hi) for lo, hi in zip(shown["ondergrens"], shown["bovengrens"])],
    "Gerealiseerd": shown["gerealiseerd"].map(euro), "Periode": shown["periode"],
    "Prognose": shown["prognose"].map(euro), "T.o.v. prognose": shown["verschil_prognose"].map(nv),
    "Methode": shown["methode"],
}), hide_index=True, width="stretch", height="content", key="monitor_yearend_table",  # every row in view
    column_config={"Voorziening": st.column_config.TextColumn(pinned=True, width=250),  # stays when scrolling
                   **{c: st.column_config.TextColumn(width=120) for c in ("Verwacht", "Begroting", "Gerealiseerd",
                                                                           "Prognose")}})  # never cut off
st.caption("Verwacht = de gerealiseerde kosten gedeeld door het deel van het jaar dat eerdere jaren op dezelfde "
           "maand hadden gerealiseerd (hun patroon, met de late facturen), gewogen met de basisprognose naar hoe "
           "precies elk is: vroeg in het jaar telt de prognose zwaarder, laat in het jaar de realisatie. Zonder "
           "eerdere jaren: pro rata met een bredere band. Een maand ver boven haar gebruikelijke deel telt als "
           "eenmalige boeking: één keer mee, niet doorgerekend. De onzekerheid van de prognose is nooit kleiner dan "
           "haar eigen backtestfout één jaar vooruit (en minstens 3%).")

with st.expander("Hoe goed klopte dit op eerdere jaren? (backtest per maand)"):
    tested = monitor.backtest_frame(yearend)
    if tested.empty:
        st.write("Voor een backtest zijn tussentijdse cijfers van minstens twee volledige eerdere jaren nodig.")
    else:
        st.dataframe(pd.DataFrame({
            "Cijfers t/m maand": tested["maand"].astype(int).astype(str),
            "Fout patroon (gem. absoluut)": tested["mape_patroon"].map(lambda v: pct(v, 1)),
            "Fout pro rata": tested["mape_pro_rata"].map(lambda v: pct(v, 1)),
            "Binnen de 80%-band": tested["dekking"].map(lambda v: pct(v, 0) if pd.notna(v) else ""),
            "Punten": tested["punten"].astype(int),
        }), hide_index=True, width="stretch", key="monitor_backtest_table")

render_quarterly(run, yearend)  # keep the stand, download the tussentijdse rapportage

with st.expander("Nieuwe tussentijdse cijfers", expanded=True):
    _upload_in_year(dataset)

st.subheader("Indicatoren")
st.caption(status_rule(thresholds.indicatoren))
table = monitor.indicator_frame(items, thresholds.indicatoren, run.final_year, measures=monitor.with_measures(run))
with_target = table.loc[table["streefjaar"].notna()]


def _status(word: str) -> str:
    return f"{STATUS_MARKS.get(word, '⚪')} {word}"


if with_target.empty:
    st.write("Er zijn geen indicatoren met een streefwaarde. Lever 'indicatoren' aan (zie data/README.md).")
else:
    st.dataframe(pd.DataFrame({
        "Indicator": with_target["indicator"], "Eenheid": with_target["eenheid"],
        "Laatste waarde": [f"{number(v, 1)} ({int(j)})" if pd.notna(j) else "" for v, j in
                           zip(with_target["laatste_waarde"], with_target["laatste_jaar"])],
        "Streefpad dat jaar": with_target["streefpad"].map(lambda v: number(v, 1)),
        "Streefwaarde": [f"{number(v, 1)} in {int(j)}" for v, j in zip(with_target["streefwaarde"],
                                                                       with_target["streefjaar"])],
        "Status": with_target["status"].map(_status),
        "Prognose streefjaar": with_target["status_prognose"].map(_status),
        "Vooruitblik (scenario)" if monitor.with_measures(run) else "Vooruitblik (zonder maatregelen)":
            with_target["toelichting"],
    }), hide_index=True, width="stretch", key="monitor_indicator_table",
        column_config={"Indicator": st.column_config.TextColumn(pinned=True)})  # in view when scrolling sideways
effects = monitor.measure_indicator_frame(run, items)
for line in monitor.unknown_measure_indicators(run, items):
    st.warning(line)
if not effects.empty:
    st.markdown("**Wat de maatregelen met hun indicator doen**")
    st.dataframe(pd.DataFrame({
        "Maatregel": effects["maatregel"], "Indicator": effects["indicator"], "Jaar": effects["jaar"].astype(str),
        "Zonder maatregel": effects["zonder_maatregel"].map(lambda v: number(v, 1)),
        "Met maatregel": effects["met_maatregel"].map(lambda v: number(v, 1)),
        "Effect": effects["effect"].map(lambda v: number(v, 1)),
    }), hide_index=True, width="stretch", key="monitor_effect_table",
        column_config={"Maatregel": st.column_config.TextColumn(pinned=True)})
with st.expander("Alle indicatoren die Grip berekent"):
    computed = table.loc[table["streefjaar"].isna()]
    last_year = run.final_year
    st.dataframe(pd.DataFrame({
        "Indicator": computed["indicator"], "Eenheid": computed["eenheid"],
        "Laatste waarde": computed["laatste_waarde"].map(lambda v: number(v, 1)),
        f"Scenario {last_year}": [number(item.scenario.get(last_year), 1) for item in items if item.target is None],
        f"Basisprognose {last_year}": [number(item.baseline.get(last_year), 1) for item in items
                                       if item.target is None],
    }), hide_index=True, width="stretch", key="monitor_computed_table")
