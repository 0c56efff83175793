"""Prognose: the baseline per voorziening and in total, its bands, the model behind it and where growth comes from."""

import pandas as pd
import streamlit as st

from forecasting.input.dataset import DOMAINS
from forecasting.model.backtest import MAX_HORIZON
from forecasting.model.families import FAMILIES
from forecasting.model.indexation import CONTINUED
from forecasting.model.projection import TOTAL, Projection
from grip import service
from presentation import charts
from presentation.formatting import euro, euro_range, euro_short, number, pct
from presentation.story import FACTOR_LABELS, MODEL_WORDS, unbroken
from presentation.tables import budget_output, lines_output
from ui import choices, display, model_choice, runs, sidebar

dataset = sidebar.sidebar()
st.title("Prognose")
st.write(
    "Wat kosten Wmo en jeugd de komende jaren als er niets verandert? Gebruik per inwoner × bevolkingsprognose × "
    "kosten per cliënt × indexatie, met een band waarin de uitkomst in 8 van de 10 gevallen valt."
)

realised_years = sorted(int(y) for y in dataset.realisatie["jaar"].unique())
with st.expander("Instellingen en aannames", expanded=False):
    choices.excluded_years_picker(realised_years)
    last_given = dataset.indexatie.sort_values("jaar")["percentage"].iloc[-1] if len(dataset.indexatie) else 0.0
    own = st.toggle("Eigen indexatie na het laatst bekende jaar", value=choices.continuation_pct() is not None,
                    help="Standaard loopt het laatst opgegeven percentage door.")
    if own:
        choices.set_continuation(st.number_input(
            "Indexatie per jaar daarna (%)", value=float(choices.continuation_pct() or last_given), step=0.1,
            format="%.1f",
        ))
    else:
        choices.set_continuation(None)

baseline = runs.current_baseline(dataset)

gemeente = None  # a region: the chosen gemeenten together, or one of them (its rows and its totals)
pickers = st.columns([1, 2]) if dataset.gemeenten else [st.container()]
if dataset.gemeenten:
    gemeente = pickers[0].selectbox("Gemeente", [None, *dataset.gemeenten], key="prognose_gemeente",
                                    format_func=lambda g: "Alle gekozen gemeenten samen" if g is None else g)


def view(projection: Projection) -> Projection:
    return projection if gemeente is None else projection.of_gemeente(gemeente)


projection, variants = view(baseline.projection), {name: view(p) for name, p in baseline.variants.items()}
options = ([(TOTAL, TOTAL)] + [(d, TOTAL) for d in DOMAINS if d in projection.domain_names]
           + list(zip(projection.domains, projection.voorzieningen)))
own_name = dict(zip(projection.voorzieningen, projection.base_names))  # a region's rows without their gemeente


def option_label(option: tuple[str, str]) -> str:
    domein, voorziening = option
    if voorziening == TOTAL:
        total = "Totaal sociaal domein" if domein == TOTAL else f"{domein} totaal"
        return total if gemeente is None else f"{gemeente}: {total}"
    return f"{voorziening if gemeente is None else own_name[voorziening]} ({domein})"


choice = pickers[-1].selectbox("Voorziening", options, format_func=option_label,
                      key="prognose_keuze" if gemeente is None else f"prognose_keuze_{gemeente}")
domein, voorziening = choice

frame = charts.series_frame(lines_output(view(baseline.history), projection), domein, voorziening)
budget = budget_output(service.budget(dataset))
budget = budget.loc[(budget["domein"] == domein) & (budget["voorziening"] == voorziening)]
if gemeente is not None and voorziening == TOTAL:
    budget = budget.iloc[0:0]  # the region's budget lines are per domein, not per gemeente
if not budget.empty:
    frame = pd.concat([frame, budget.assign(reeks="Begroting")], ignore_index=True)
joint = frame.loc[frame["reeks"] == "Realisatie"].sort_values("jaar").tail(1)
spread = charts.variant_frame(variants, projection.point(domein, voorziening), domein, voorziening,
                              baseline.years, start=(int(joint["jaar"].iloc[0]), float(joint["bedrag"].iloc[0]))
                              if not joint.empty else None)
display.chart(charts.dutch(charts.cost_lines(frame, option_label(choice), variants=spread)), "prognose")

last_year, final_year = baseline.last_year, baseline.years[-1]
forecast = frame.loc[frame["reeks"] == "Basisprognose"].set_index("jaar")
realised = frame.loc[frame["reeks"] == "Realisatie"].set_index("jaar")
cols = st.columns(3)
cols[0].metric(f"Realisatie {last_year}", euro_short(realised.loc[last_year, "bedrag"]))
cols[1].metric(f"Basisprognose {final_year}", euro_short(forecast.loc[final_year, "bedrag"]),
               delta=euro_short(forecast.loc[final_year, "bedrag"] - realised.loc[last_year, "bedrag"]),
               delta_color="inverse")
low, high = forecast.loc[final_year, "ondergrens"], forecast.loc[final_year, "bovengrens"]
cols[2].metric(f"Band {final_year} (P10–P90)", euro_range(low, high))
if baseline.variants:  # the population forecast's own spread, apart from the model's band
    spread = {name: part.point(domein, voorziening)[-1] for name, part in variants.items()}
    st.caption(unbroken(f"Bevolkingsvarianten {final_year} (zelfde gebruik en kosten per cliënt): "
                        + "; ".join(f"{name} {euro_short(value)}" for name, value in spread.items())
                        + f"; midden {euro_short(forecast.loc[final_year, 'bedrag'])}."))

table = forecast.loc[baseline.years, ["bedrag", "ondergrens", "bovengrens"]].copy()
if voorziening != TOTAL:
    table.insert(0, "cliënten", forecast.loc[baseline.years, "clienten"].map(number))
for column in ("bedrag", "ondergrens", "bovengrens"):
    table[column] = table[column].map(euro)
table.index = table.index.astype(str).rename("Jaar")
st.dataframe(table.rename(columns={"bedrag": "Basisprognose", "ondergrens": "Ondergrens (P10)",
                                   "bovengrens": "Bovengrens (P90)"}), width="stretch")

st.subheader(f"Waar komt de groei {last_year}–{final_year} vandaan?")
parts = {factor: view(part).point(domein, voorziening)[-1] for factor, part in baseline.growth.items()}
display.chart(charts.dutch(charts.waterfall(f"Realisatie {last_year}", realised.loc[last_year, "bedrag"],
                                  {FACTOR_LABELS[f]: parts[f] for f in FACTOR_LABELS},
                                  f"Prognose {final_year}"), height=340),
    "prognose_groei",
)
st.caption(
    "Demografie: groei of krimp van de doelgroep. Gebruik: meer of minder cliënten per inwoner. Kosten per cliënt: "
    "reële verandering (zwaardere of lichtere zorg). Indexatie: loon- en prijsstijging van de contracten. "
    "De delen tellen precies op tot de verandering (LMDI-methode)."
)

if voorziening != TOTAL:
    st.subheader("Model")
    chosen = baseline.choices.loc[baseline.choices["voorziening"] == voorziening]
    for _, row in chosen.iterrows():
        label = "Gebruik per inwoner" if row["reeks"] == "gebruik" else "Kosten per cliënt (reëel)"
        st.write(f"**{label}:** {MODEL_WORDS.get(row['model_label'], row['model_label'])} — {row['reden']}.")
        factor = float(row.get("bandfactor", 1.0) or 1.0)
        if factor >= 3:
            st.info(model_choice.widened_sentence(label.lower(), factor))
    current = choices.model_choices().get(voorziening, "auto")
    names = model_choice.OPTIONS
    picked = st.selectbox(
        "Model voor deze voorziening", names, index=names.index(current), format_func=model_choice.label,
        key=f"model_{voorziening}",
        help="ARIMA en Prophet worden eerst op de historie getoetst; dat loopt op de achtergrond.",
    )
    waiting = model_choice.pending()
    if picked == current and waiting and waiting[0] == voorziening:
        model_choice.cancel()  # chosen back before the backtest was done
    elif picked != current and waiting != (voorziening, picked) and model_choice.choose(dataset, voorziening, picked):
        model_choice.apply(voorziening, picked)
        st.rerun()
    if "model_failed" in st.session_state:
        st.error(f"Dit model kon niet worden doorgerekend: {st.session_state.pop('model_failed')}")
    if model_choice.pending():  # a chosen slow model's backtest, running in the background (a 1 s timer)
        model_choice.progress(dataset)
    scores = baseline.evaluations
    if not scores.empty:
        scores = scores.loc[scores["voorziening"] == voorziening]
        shown = pd.DataFrame({
            "Reeks": scores["reeks"].map({"gebruik": "Gebruik", "kosten_per_client": "Kosten per cliënt"}),
            "Model": scores["model"].map(lambda n: FAMILIES[n].label) + scores["auto"].map({True: " ✓", False: ""}),
            **{f"Fout {h} jaar vooruit": scores[f"mape_h{h}"].map(pct) for h in range(1, MAX_HORIZON + 1)},
            "Gemiddelde fout": scores["mape"].map(pct),
            "Binnen band": scores["dekking_na_verbreding"].map(lambda v: pct(v, 0)),
        })
        st.caption("Backtest: elk model voorspelt vanaf eerdere jaren de jaren erna; ✓ = automatische keuze.")
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"Model": st.column_config.TextColumn(pinned=True)})  # kept when scrolling
elif model_choice.pending():
    model_choice.progress(dataset)  # also while a total is shown: the chosen model is applied when ready

assumed = baseline.indexation.loc[baseline.indexation["bron"] == CONTINUED]
if not assumed.empty:
    first = int(assumed["jaar"].min())
    st.info(
        f"Aanname: vanaf {first} is de indexatie niet opgegeven; Grip rekent met "
        f"{pct(assumed['percentage'].iloc[0] / 100)} per jaar. Aan te passen onder 'Instellingen en aannames'."
    )
if baseline.excluded_years:
    st.caption(f"Niet meegenomen bij het schatten: {', '.join(map(str, baseline.excluded_years))}.")
for warning in baseline.warnings:
    st.warning(warning.melding)
