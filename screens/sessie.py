"""Sessie: a guided walk for the raadswerkgroep on a big screen, with a few sliders and a frozen snapshot."""

import json

import pandas as pd
import streamlit as st

from forecasting.model.projection import TOTAL
from presentation import charts, rounding, story
from presentation.formatting import chance_pct, clock_text, euro, nv, signed_pct
from presentation.report import render
from presentation.story import FACTOR_LABELS, session_steps, snapshot, unbroken
from scenarios.coverage import missing_message
from scenarios.measures import with_values
from scenarios.store import StoreError
from ui import choices, data_source, display, navigation, runs, scenario_work, session_work, sidebar
from ui.downloads import report_pdf_button

SESSION_FONT = 22  # px: the chart labels as large as the sentences (1.45rem = 23 px) on a projector

st.set_page_config(initial_sidebar_state="collapsed")  # projector mode: the content gets the whole width
dataset = sidebar.sidebar()
st.html(
    "<style>.stMainBlockContainer [data-testid='stMarkdownContainer'] p, .stMainBlockContainer li "
    "{font-size: 1.45rem; line-height: 1.5;}"
    ".stMainBlockContainer h1 {font-size: 3rem;} .stMainBlockContainer h2 {font-size: 2.2rem;}"
    ".stMainBlockContainer [data-testid='stMetricValue'] {font-size: clamp(1.6rem, 2.8vw, 2.8rem) !important;}"
    ".stMainBlockContainer [data-testid='stMetricLabel'] p {font-size: 1.1rem;}"
    ".stMainBlockContainer button p {font-size: 1.15rem !important; white-space: nowrap;}"
    ".stMainBlockContainer [data-testid='stSliderThumbValue'], .stMainBlockContainer [data-testid='stSliderTickBar']"
    " {font-size: 1.1rem;}</style>"
)
st.title("Sessie")
st.write("Een rondgang in vier stappen voor de raadswerkgroep: waar we staan, waar het heen gaat, wat de "
         "maatregelen doen en wat er overblijft.")

replay = st.session_state.get("sessie_replay")
if replay is None:
    scenario = scenario_work.current_scenario(dataset)
    store = scenario_work.scenario_store()
    try:
        frozen = [s.naam for s in store.list() if s.vastgezet] if store is not None else []
        if frozen:
            pick = st.selectbox("Vastgezet scenario voor deze sessie", ["(het gekozen scenario)"] + frozen,
                                key="sessie_scenario",
                                help="Een vastgezet scenario verandert niet meer tijdens de sessie.")
            if pick in frozen:
                opened, _ = store.open(pick)
                unfit = missing_message(opened, dataset)  # never computed in part on data lacking its doelen
                if unfit:
                    st.error(unfit)
                else:
                    scenario = opened
    except StoreError as error:  # the session goes on with the chosen scenario
        scenario_work.store_failed(error)
    adjustable = [m for m in scenario.within(dataset.gemeente_names).maatregelen if m.actief]  # sliders that count
    with st.expander("Voorbereiding: welke maatregelen krijgen een schuif?"):
        chosen = st.multiselect("Maatregelen met een schuif", [m.naam for m in adjustable],
                                default=[m.naam for m in adjustable[:3]], key="sessie_schuiven",
                                placeholder="Kies maatregelen", select_all=False)
    run_scenario = scenario
else:
    chosen = []

STEPS = 4
if "sessie_stap" not in st.session_state:  # F5 or a shared link: the step in the link (?stap=1-4)
    linked = str(st.query_params.get("stap", ""))
    st.session_state["sessie_stap"] = int(linked) - 1 if linked in {str(n) for n in range(1, STEPS + 1)} else 0
step = st.session_state["sessie_stap"]
navigation.keep_in_link("stap", str(step + 1))
st.progress((step + 1) / STEPS, text=f"Stap {step + 1} van {STEPS}")
# at the top, in the same place at every step: the presenter never scrolls to go on, and the room sees the title
previous, _, following = st.columns([2, 3, 2])
if previous.button("◀ Vorige", disabled=step == 0, key="sessie_vorige", width="stretch"):
    st.session_state["sessie_stap"] = step - 1
    st.rerun()
if following.button("Volgende ▶", disabled=step == STEPS - 1, key="sessie_volgende", width="stretch"):
    st.session_state["sessie_stap"] = step + 1
    st.rerun()

if replay is not None:
    st.info(f"Vastgelegde sessie van {replay['instellingen']['vastgelegd']} — scenario "
            f"'{replay['scenario']['naam']}'. Alle cijfers komen uit de momentopname.")
    current = replay["stappen"][step]
    st.header(current["titel"])
    for sentence in current["zinnen"]:
        st.write(unbroken(sentence))
    if step >= 2:
        numbers = pd.DataFrame(replay["cijfers"])
        numbers = numbers.loc[numbers["domein"] == TOTAL]
        st.dataframe(pd.DataFrame({"Jaar": numbers["jaar"].astype(str), "Scenario": numbers["scenario"].map(euro),
                                   "Begroting": numbers["begroting"].map(euro),
                                   "Verschil": (numbers["scenario"].round() - numbers["begroting"].round()).map(nv)}),
                     hide_index=True, width="stretch")  # the difference of the euros shown: it adds up
    if st.button("Momentopname sluiten"):
        st.session_state.pop("sessie_replay")
        st.rerun()
else:
    opened = session_work.work().opened  # the slider values belong to the package and data they were set on
    if st.session_state.get("sessie_waarden", (None,))[0] != opened:
        st.session_state["sessie_waarden"] = (opened, {})
    values = st.session_state["sessie_waarden"][1]
    heading = st.container()  # the step's title and sentences go above its sliders (filled once they are known)
    if step == 2 and chosen:
        st.subheader("Schuiven")
        for measure in run_scenario.maatregelen:
            if measure.naam not in chosen:
                continue
            # select sliders with Dutch labels ('−10%', '€ 120.000'): a plain slider shows '-10.0' and '-120000'
            if measure.hefboom == "bedrag":
                lowest = min(-1_000_000.0, (measure.bedrag or 0.0) * 2)
                options = sorted({*(float(v) for v in range(int(lowest), 1, 10_000)), float(measure.bedrag or 0.0)})
                values[measure.naam] = st.select_slider(
                    f"{measure.naam} (bedrag per jaar; negatief = besparing)", options=options,
                    value=float(values.get(measure.naam, measure.bedrag)), format_func=euro,
                    key=f"schuif_{measure.naam}")
            else:
                lowest = min(-50.0, measure.effect_min_pct or measure.effect_pct)
                options = sorted({*(float(v) for v in range(int(lowest), 1)), float(measure.effect_pct)})
                values[measure.naam] = st.select_slider(
                    f"{measure.naam} (effect op de kosten)", options=options,
                    value=float(values.get(measure.naam, measure.effect_pct)),
                    format_func=signed_pct,
                    key=f"schuif_{measure.naam}")
    run_scenario = with_values(run_scenario, {k: v for k, v in values.items() if k in chosen})
    run = runs.current_run(dataset, run_scenario)
    steps = session_steps(run.baseline, run.comparison, run.effects)
    current = steps[step]
    heading.header(current["titel"])
    for sentence in current["zinnen"]:
        heading.write(unbroken(sentence))
    if step == 0:
        history = run.output.loc[(run.output["reeks"] == "realisatie") & (run.output["voorziening"] == TOTAL)
                                 & (run.output["domein"] != TOTAL)]
        display.chart(charts.dutch(charts.domain_lines(history), height=440, font=SESSION_FONT), "sessie_historie")
    elif step == 1:
        # the chart's labels are the total sentence's amounts: one unit, and they add up (presentation/rounding.py)
        unit, growth = story.growth_figures(run.baseline)
        total = growth[TOTAL]
        parts = {FACTOR_LABELS[f]: part.total()[-1] for f, part in run.baseline.growth.items()}
        history = run.baseline.history
        realised = history.total()[history.year_index(run.baseline.last_year)]
        display.chart(charts.dutch(charts.waterfall(
            f"Realisatie {run.baseline.last_year}", realised, {f: parts[f] for f in FACTOR_LABELS.values()},
            f"Prognose {run.final_year}",
            shown=(total["start"], {FACTOR_LABELS[f]: v for f, v in total["parts"].items()}, total["end"]),
            unit=unit), height=440, font=SESSION_FONT),
            "sessie_groei")
    else:
        lines = charts.series_frame(run.output, TOTAL, TOTAL)
        display.chart(charts.dutch(charts.cost_lines(lines), height=440, font=SESSION_FONT), "sessie_scenario")
        # the tiles write an amount as the sentences do (same unit, same rounding)
        measures_unit, delivered = story.measure_figures(run.comparison, run.effects, run.final_year)
        remains_unit, remains = story.remains_figures(run.comparison, run.final_year)
        tiles = st.columns(3)
        tiles[0].metric(f"Opbrengst maatregelen {run.final_year}",
                        rounding.amount(delivered[TOTAL]["delivered"], measures_unit))
        if step == STEPS - 1:  # the shortfall only on the step that explains it, with N and V written out
            tiles[1].metric(f"Tekort (N) of overschot (V) {run.final_year}",
                            rounding.nv_amount(remains[TOTAL]["gap"], remains_unit))
            chance = remains[TOTAL]["probability"]
            tiles[2].metric(f"Kans op overschrijding {run.final_year}", chance_pct(chance) or "–")
            st.caption("N = nadelig: de uitgaven zijn hoger dan de begroting (een tekort). V = voordelig: er blijft "
                       "geld over (een overschot).")
    settings = {
        "gegevens": dataset.naam, "gegevens_sleutel": dataset.content_key(), "horizon": choices.horizon(),
        "modellen": choices.model_choices(), "uitgesloten_jaren": list(choices.excluded_years()),
        "indexatie_na_laatste_jaar": choices.continuation_pct(),
        "vastgelegd": clock_text(),
    }
    frozen = snapshot(run_scenario.to_json(), settings, steps, run.comparison_frame)
    st.download_button("Rapport voor de raad (HTML)", lambda: render(run),
                       file_name=data_source.export_name("rapport", run_scenario.naam, "html"),
                       mime="text/html", key="report")
    report_pdf_button(st, run, data_source.export_name("rapport", run_scenario.naam, "pdf"), "report_pdf")
    st.download_button("Sessie vastleggen (momentopname)", json.dumps(frozen, ensure_ascii=False, indent=1),
                       file_name=data_source.export_name("sessie", run_scenario.naam, "json"),
                       mime="application/json", key="snapshot",
                       help="Bewaar de cijfers van deze sessie om haar later precies zo terug te spelen.")

if step == STEPS - 1:
    st.success("Einde van de rondgang.")

with st.expander("Een vastgelegde sessie terugspelen"):
    upload = st.file_uploader("Momentopname (JSON)", type=["json"], key="snapshot_upload")
    if upload is not None and st.button("Terugspelen"):
        try:
            data = json.loads(upload.getvalue().decode("utf-8"))
            if data.get("soort") != "grip-sessie" or len(data.get("stappen", [])) != STEPS:
                raise ValueError
        except (ValueError, UnicodeDecodeError, AttributeError):
            st.error("Dit bestand is geen momentopname van een Grip-sessie.")
        else:
            st.session_state["sessie_replay"] = data
            st.session_state["sessie_stap"] = 0
            st.rerun()
