"""Overzicht: the cockpit. The chosen scenario against the budget, the signals, the biggest growers, the assumptions."""

import pandas as pd
import streamlit as st

from forecasting.model.projection import TOTAL
from presentation import charts, monitor, regional, rounding
from presentation.formatting import chance_pct, euro, pct
from presentation.story import unbroken
from ui import data_source, display, runs, sidebar
from ui.cockpit import render_cockpit, signal_thresholds

dataset = sidebar.sidebar()
st.title("Overzicht")
st.write("De meerjarenprognose van Wmo en jeugd voor het gekozen scenario, afgezet tegen de begroting.")

run = runs.current_run(dataset)
lines = charts.series_frame(run.output, TOTAL, TOTAL)
title = f"Sociaal domein totaal — scenario '{run.scenario.naam}'"
display.chart(charts.dutch(charts.cost_lines(lines, title)), "overzicht")
st.caption("De lichte band om de prognose: daarbinnen valt de uitkomst in 8 van de 10 gevallen (P10–P90).")

gap = run.gap()
for year in dict.fromkeys([run.this_year(), run.final_year]):
    st.markdown(f"**{year}**")
    tiles = st.columns(4)
    row = gap.loc[year]
    # one unit for the three amounts and the difference of the rounded amounts: prognose − begroting = tekort
    unit = rounding.unit_of(row["scenario"], row["begroting"])
    tiles[0].metric("Prognose (scenario)", rounding.amount(row["scenario"], unit))
    if pd.isna(row["begroting"]):
        tiles[1].metric("Begroting", "–")
        tiles[2].metric("Tekort/overschot", "–")
    else:
        tiles[1].metric("Begroting", rounding.amount(row["begroting"], unit))
        _, _, difference = rounding.change(row["begroting"], row["scenario"], unit)
        tiles[2].metric("Tekort/overschot", rounding.nv_amount(difference, unit))
    chance = row["kans_overschrijding"]
    tiles[3].metric("Kans op overschrijding", chance_pct(chance) or "–")

st.subheader("Signalen")
st.caption("Per domein en de grootste voorzieningen: de verwachte jaarrekening en het laatste planjaar tegenover de "
           "begroting, indicatoren en de actualiteit van de gegevens. De drempels zijn aan te passen op Monitor.")
yearend = monitor.yearend_of(run)
render_cockpit(monitor.cockpit_rows(run, yearend, monitor.indicators_of(run), signal_thresholds(),
                                  expected=data_source.expected_signal()))

left, right = st.columns(2)
with left:
    st.subheader("Grootste stijgers")
    if dataset.gemeenten:  # a region: its gemeenten (presentation/regional.py), not voorzieningen of the largest
        growth = regional.growth_frame(run).set_index("gemeente").drop(index=TOTAL)
        start, end = growth["realisatie"], growth["basisprognose"]
    else:
        history, ahead = run.baseline.history, run.baseline.projection
        start = pd.Series(history.cost[:, history.year_index(run.baseline.last_year)], index=history.voorzieningen)
        end = pd.Series(ahead.cost[:, -1], index=ahead.voorzieningen)
    growers = (end - start).sort_values(ascending=False).head(3)
    for name, change in growers.items():
        unit = rounding.unit_of(start[name], end[name])
        first, last, shown = rounding.change(start[name], end[name], unit)  # start + change = end as written
        st.write(unbroken(f"- **{name}**: {rounding.amount(first, unit)} → {rounding.amount(last, unit)} "
                          f"({rounding.signed_amount(shown, unit)}, +{pct(change / start[name])})"))
with right:
    st.subheader(f"Wat de maatregelen opleveren in {run.final_year}")
    if run.effects.empty:
        st.write("Dit scenario bevat geen actieve maatregelen.")
    else:
        final = run.effects.loc[run.effects["jaar"] == run.final_year].groupby("maatregel", sort=False)[
            ["effect", "uitvoeringskosten"]].sum()
        together = gap.loc[run.final_year, "basisprognose"] - gap.loc[run.final_year, "scenario"]
        # whole euros split from the rounded total: the measures minus their costs add up to 'Samen' as written
        shown = rounding.split(together, {**{("effect", n): -r["effect"] for n, r in final.iterrows()},
                                          **{("kosten", n): -r["uitvoeringskosten"] for n, r in final.iterrows()}},
                               "eur")
        for name in final.index:
            costs = -shown[("kosten", name)]
            st.write(unbroken(f"- {name}: {euro(shown[('effect', name)])}"
                              + (f" (uitvoering {euro(costs)})" if costs else "")))
        st.write(unbroken(f"**Samen, na uitvoeringskosten: {euro(rounding.rounded(together, 'eur'))}**"))

st.subheader("Gegevens en aannames")
st.markdown(
    f"- Gegevens: **{dataset.naam}**, realisatie {dataset.first_year}–{dataset.last_year}, "
    f"prognose {run.baseline.years[0]}–{run.final_year}\n"
    f"- Indexatie: {run.indexation_sentence}\n"
    f"- Modellen: {run.model_summary}\n"
    f"- Niet meegenomen bij het schatten: {', '.join(map(str, run.baseline.excluded_years)) or 'geen'}"
)
