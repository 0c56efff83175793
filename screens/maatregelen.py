"""Maatregelen: build a scenario of beheersmaatregelen and see what it does against the budget."""

import json

import pandas as pd
import streamlit as st

from forecasting.input.dataset import DOMAINS
from forecasting.model.projection import TOTAL
from grip import service
from presentation import charts, monitor
from presentation.formatting import clock_text, euro, euro_short, nv
from presentation.report import gap_table
from presentation.story import unbroken
from scenarios.measures import (
    LEVER_LABELS,
    LEVERS,
    Scenario,
    ScenarioError,
    loads,
    measures_frame,
    parse_scenario,
    scenario_from_frame,
)
from scenarios.store import ConflictError, StoreError, diff
from ui import auth, data_source, display, runs, scenario_work, session_work, sidebar, switchboard
from ui.measure_checks import check_measures, in_words

COLUMN_ORDER = ["naam", "doel", "hefboom", "effect_pct", "bedrag", "startjaar", "ingroei_jaren", "effect_min_pct",
                "effect_max_pct", "eindjaar", "kosten_per_jaar", "toelichting", "indicator"]

ALL_GEMEENTEN = "Alle gemeenten"
SHORT_LEVERS = {"volume": "Volume", "prijs": "Prijs", "bedrag": "Bedrag"}  # whole in a narrow column at 1024 px

dataset = sidebar.sidebar()
st.title("Maatregelen")
st.write(
    "Stel een pakket beheersmaatregelen samen en zie direct wat het oplevert bovenop de autonome groei, "
    "en of het gat met de begroting sluit. Wijzigen rekent geen model opnieuw door."
)

baseline = runs.current_baseline(dataset)
voorzieningen = dataset.voorziening_names  # in a region: each voorziening once, for every gemeente
gemeenten = data_source.all_gemeenten()  # None for one gemeente: then no gemeente column
scenario = scenario_work.current_scenario(dataset)
column_order = COLUMN_ORDER if gemeenten is None else COLUMN_ORDER[:2] + ["gemeente"] + COLUMN_ORDER[2:]
LEVELS = {"Totaal sociaal domein": (TOTAL, TOTAL), "Wmo": ("Wmo", TOTAL), "Jeugd": ("Jeugd", TOTAL)}

with st.expander("Scenario's: nieuw, dupliceren, importeren en exporteren (JSON)"):
    left, right = st.columns(2)
    with left:
        new_name = st.text_input("Naam voor een nieuw scenario", key="new_scenario_name")
        make_empty, make_copy = st.columns(2)
        if make_empty.button("Nieuw, leeg", disabled=not new_name.strip()) and scenario_work.new_name_ok(new_name):
            scenario_work.store_scenario(Scenario(new_name.strip()))
            st.rerun()
        if make_copy.button("Kopie van huidig", disabled=not new_name.strip()) and scenario_work.new_name_ok(new_name):
            scenario_work.store_scenario(Scenario(new_name.strip(), list(scenario.maatregelen),
                                                  dict(scenario.taakstelling)))
            st.rerun()
    with right:
        st.download_button("Exporteer dit scenario (JSON)", scenario.dumps().encode("utf-8"),
                           file_name=data_source.export_name("scenario", scenario.naam, "json", dataset),
                           mime="application/json")
        uploaded = st.file_uploader("Importeer een scenario (JSON)", type=["json"], key="scenario_upload")
        if uploaded is not None and st.button("Importeren"):
            try:
                imported = loads(uploaded.getvalue().decode("utf-8-sig", errors="replace"), voorzieningen,
                                 gemeenten)
            except ScenarioError as error:
                st.error("Het scenario is niet geïmporteerd:\n\n" + "\n".join(f"- {p}" for p in error.problems))
            else:
                scenario_work.store_scenario(imported)
                st.rerun()


@st.fragment
def builder() -> None:
    current = scenario_work.current_scenario(dataset)
    st.subheader(f"Scenario: {current.naam}")
    switch_column, gap_column = switchboard.board()  # filled below: the switches and the gap side by side
    base_key = ("editor_base", current.naam, tuple(baseline.years), session_work.work().opened)
    if st.session_state.get("editor_base") is None or st.session_state["editor_base"][0] != base_key:
        targets = pd.DataFrame({"jaar": [str(y) for y in baseline.years],
                                "taakstelling": [float(current.taakstelling.get(y, 0.0)) for y in baseline.years]})
        st.session_state["editor_base"] = (base_key, measures_frame(current).drop(columns="actief"), targets)
    frozen = scenario_work.is_frozen(current.naam)
    elsewhere = current.outside(dataset.gemeente_names)
    if elsewhere:
        st.info("Deze maatregelen gelden voor een gemeente buiten uw keuze en tellen nu niet mee: "
                + ", ".join(f"{display.plain(m.naam)} ({display.plain(m.gemeente)})" for m in elsewhere)
                + ". Kies die gemeente (of de hele regio) in de zijbalk om ze mee te rekenen.")
    if frozen:
        st.info("Dit scenario is vastgezet voor een sessie: alleen lezen. Maak een kopie om verder te werken.")
    edited = st.data_editor(
        st.session_state["editor_base"][1], num_rows="dynamic", width="stretch", hide_index=True, disabled=frozen,
        key=f"editor_{current.naam}", placeholder="",
        column_order=column_order,
        column_config={
            "naam": st.column_config.TextColumn("Maatregel", required=True, width=250, pinned=True),
            "doel": st.column_config.SelectboxColumn("Doel", options=list(DOMAINS) + voorzieningen, required=True,
                                                     width=150,
                                                     help="Een voorziening of een heel domein"),
            "gemeente": st.column_config.SelectboxColumn(
                "Gemeente", options=gemeenten or [], help="Leeg = in alle gemeenten van de gegevens"),
            "hefboom": st.column_config.SelectboxColumn("Hefboom", options=list(LEVERS), required=True,
                                                        format_func=SHORT_LEVERS.get, width=95,
                                                        help="Volume: minder cliënten; prijs: lagere kosten per "
                                                             "cliënt; bedrag: een vast bedrag per jaar"),
            "effect_pct": st.column_config.NumberColumn("Effect %", format="localized", width=80,
                                                        help="Bij volume of prijs: −10 = 10% minder"),
            "effect_min_pct": st.column_config.NumberColumn("Min %", format="localized", width="small",
                                                            help="Onzekerheid: meest gunstige uitkomst"),
            "effect_max_pct": st.column_config.NumberColumn("Max %", format="localized", width="small",
                                                            help="Onzekerheid: minst gunstige uitkomst"),
            "bedrag": st.column_config.NumberColumn("Bedrag (€/jaar)", format="localized", step=1, width=125,
                                                    help="Alleen bij hefboom bedrag; negatief = besparing"),
            "startjaar": st.column_config.NumberColumn("Start", format="%d", help=f"{baseline.years[0]} of later",
                                                       width="small"),
            "ingroei_jaren": st.column_config.NumberColumn("Ingroei", format="%d", width=85,
                                                           help="Aantal jaren tot het volle effect"),
            "eindjaar": st.column_config.NumberColumn("Eind", format="%d", help="Leeg = loopt door", width="small"),
            "kosten_per_jaar": st.column_config.NumberColumn("Kosten (€/jaar)", format="localized", step=1,
                                                             width=125, help="Uitvoeringskosten per jaar"),
            "toelichting": st.column_config.TextColumn("Toelichting"),
            "indicator": st.column_config.TextColumn("Indicator", help="De indicator die deze maatregel moet "
                                                     "bewegen (zie Monitor); mag leeg"),
        },
    )
    if not frozen:
        added_name = st.session_state.pop("measure_added", None)
        if added_name:  # said once, and the form starts empty for the next one
            st.toast(f"Maatregel '{added_name}' toegevoegd aan '{current.naam}'.", icon=":material/check:")
            st.session_state["nm_naam"] = ""
        with st.popover("Maatregel toevoegen"), st.form("new_measure", enter_to_submit=False):
            naam = st.text_input("Naam van de maatregel", key="nm_naam")
            doel = st.selectbox("Doel", list(DOMAINS) + voorzieningen, key="nm_doel")
            where = st.selectbox("Gemeente", [ALL_GEMEENTEN] + gemeenten, key="nm_gemeente",
                                 help="Alleen in deze gemeente, of in alle gemeenten van de regio") \
                if gemeenten else ALL_GEMEENTEN
            hefboom = st.selectbox("Hefboom", list(LEVERS), format_func=LEVER_LABELS.get, key="nm_hefboom")
            effect = st.number_input("Effect in % (volume of prijs; −10 = 10% minder)", value=-5.0, step=1.0,
                                     key="nm_effect", help="Tussen −100% en +100%.", format="%.0f")
            bedrag = st.number_input("Bedrag per jaar (bij hefboom bedrag; negatief = besparing)", value=0.0,
                                     step=10000.0, key="nm_bedrag", format="%.0f")
            startjaar = st.number_input(f"Startjaar ({baseline.years[0]} of later)", value=baseline.years[0] + 1,
                                        step=1, key="nm_start")
            ingroei = st.number_input("Ingroei in jaren (1 of meer)", value=1, step=1, key="nm_ingroei")
            kosten = st.number_input("Uitvoeringskosten per jaar", value=0.0, step=5000.0, key="nm_kosten",
                                     format="%.0f")
            if st.form_submit_button("Toevoegen"):
                item = {"naam": naam.strip(), "doel": doel, "hefboom": hefboom, "startjaar": int(startjaar),
                        "ingroei_jaren": int(ingroei), "kosten_per_jaar": kosten}
                item.update({"bedrag": bedrag} if hefboom == "bedrag" else {"effect_pct": effect})
                if where != ALL_GEMEENTEN:
                    item["gemeente"] = where
                _, errors, warnings, _ = check_measures(pd.DataFrame([item]), baseline.years[0])
                if naam.strip().lower() in {m.naam.lower() for m in current.maatregelen}:
                    errors.append(f"Er is al een maatregel '{naam.strip()}'; kies een andere naam.")
                try:
                    added = parse_scenario({**current.to_json(), "naam": scenario_work.package_name(current),
                                            "maatregelen": current.to_json()["maatregelen"] + [item]}, voorzieningen,
                                           gemeenten)
                except ScenarioError as error:
                    errors += [in_words(p) for p in error.problems if not errors]
                if errors:
                    st.error("Niet toegevoegd:\n\n" + "\n".join(f"- {p}" for p in dict.fromkeys(errors)))
                else:
                    if warnings:
                        st.session_state["measure_warnings"] = warnings
                    scenario_work.store_scenario(added)
                    st.session_state["measure_added"] = naam.strip()
                    st.rerun()
    switched_on = {m.naam: m.actief for m in current.maatregelen}
    names = [n for n in edited["naam"].dropna() if str(n).strip()]
    switched_on, effect_slots = switchboard.switches(switch_column, names, switched_on, f"aan_{current.naam}",
                                                     disabled=frozen)
    edited = edited.assign(actief=[switched_on.get(n, True) for n in edited["naam"]])
    with st.expander("Taakstelling (besparingsopgave per jaar)"):
        target_edit = st.data_editor(
            st.session_state["editor_base"][2], hide_index=True, disabled=["jaar"], key=f"taakstelling_{current.naam}",
            placeholder="",
            column_config={"jaar": "Jaar", "taakstelling": st.column_config.NumberColumn(
                "Taakstelling (€)", min_value=0.0, format="euro",
                help="Het bedrag dat de maatregelen moeten opleveren")},
        )
        taakstelling = {int(y): float(v) for y, v in zip(target_edit["jaar"], target_edit["taakstelling"])
                        if pd.notna(v) and v}
    checked, errors, warnings, notes = check_measures(edited, baseline.years[0])
    for message in st.session_state.pop("measure_warnings", []) + warnings:
        st.warning(unbroken(message))
    for message in notes:
        st.info(unbroken(message))
    try:
        if errors:
            raise ScenarioError(errors)
        updated = scenario_from_frame(scenario_work.package_name(current), checked, voorzieningen, taakstelling,
                                      gemeenten)
        if updated.naam != current.naam and not updated.maatregelen and not updated.taakstelling:
            updated = current  # nothing added to the baseline: it stays as it is
    except ScenarioError as error:
        st.error("Het scenario wordt pas doorgerekend als deze punten zijn hersteld (de vorige versie blijft "
                 "staan):\n\n" + "\n".join(f"- {in_words(p)}" for p in error.problems))
        updated = current
    else:
        if updated.naam != current.naam:  # the first measure on the baseline starts a package of its own
            scenario_work.store_scenario(updated)
            st.rerun()
        if updated != current:
            scenario_work.store_scenario(updated, select=False)
    run = runs.current_run(dataset, updated)

    level_name = st.radio("Niveau", list(LEVELS), horizontal=True, key="maatregelen_niveau")
    domein, voorziening = LEVELS[level_name]
    lines = charts.series_frame(run.output, domein, voorziening)
    title = f"{level_name}: basisprognose, scenario en begroting"
    display.chart(charts.dutch(charts.cost_lines(lines, title)), "maatregelen_scenario")

    gap = run.gap(domein, voorziening)
    final = baseline.years[-1]
    switchboard.gap_view(gap_column, gap, level_name,
                         monitor.first_year_words(switchboard.year_end_frame(run), domein, voorziening))
    delivered = gap.loc[final, "basisprognose"] - gap.loc[final, "scenario"]
    st.metric(f"Opbrengst maatregelen {final}", euro_short(delivered), help="Basisprognose min scenario, na "
              "uitvoeringskosten")
    own_effects = run.effects if domein == TOTAL or run.effects.empty else run.effects.loc[
        run.effects["domein"] == domein]
    switchboard.effect_captions(effect_slots, switched_on, switchboard.net_effects(own_effects, final), final)

    st.dataframe(gap_table(gap.reset_index()), hide_index=True, width="stretch")

    effects = run.effects
    if not effects.empty:
        if domein != TOTAL:
            effects = effects.loc[effects["domein"] == domein]
        at_final = effects.loc[effects["jaar"] == final].groupby("maatregel", sort=False)[
            ["effect", "uitvoeringskosten"]].sum()
        parts = {name: row["effect"] for name, row in at_final.iterrows()}
        if at_final["uitvoeringskosten"].sum():
            parts["Uitvoeringskosten"] = at_final["uitvoeringskosten"].sum()
        st.subheader(f"Van basisprognose naar scenario in {final}")
        display.chart(charts.dutch(charts.waterfall(f"Basisprognose {final}", gap.loc[final, "basisprognose"],
                                                      parts, f"Scenario {final}"), height=340), "maatregelen_waterval")
        per_year = effects.pivot_table(index="maatregel", columns="jaar", values="effect", aggfunc="sum", sort=False)
        per_year.columns = [str(c) for c in per_year.columns]
        st.caption("Effect per maatregel per jaar (negatief = besparing); zonder uitvoeringskosten.")
        per_year.index = per_year.index.rename("Maatregel")
        st.table(per_year.map(euro))  # an HTML table: names wrap, every year (also the last) in view at 1024 px


builder()

store = scenario_work.scenario_store()
with st.expander("Opslaan, openen, versies en prullenbak"):
    if store is None:
        st.error("De scenario-opslag is niet bereikbaar; uw scenario's blijven in dit scherm staan. "
                 f"({scenario_work.store_problem()})")
    else:
        try:
            current = scenario_work.current_scenario(dataset)
            saved = {s.naam: s for s in store.list()}
            who, note = st.columns(2)
            auteur = auth.author() or who.text_input("Uw naam", key="auteur")  # signed in: her e-mail address
            notitie = note.text_input("Notitie bij deze versie", key="notitie")
            if st.button(f"Opslaan: '{current.naam}'", type="primary", disabled=scenario_work.is_frozen(current.naam)
                         or not auteur.strip(), help="Vul eerst uw naam in."):
                try:
                    version = store.save(current, auteur, notitie,
                                         based_on=scenario_work.saved_versions().get(current.naam))
                except ConflictError as error:
                    st.error(str(error))
                    newest, _ = store.open(current.naam)
                    st.write("Verschil tussen de opgeslagen versie en uw scherm:")
                    for line in diff(newest, current) or ["geen verschil in de maatregelen"]:
                        st.write(f"- {line}")
                except StoreError as error:
                    st.error(str(error))
                else:
                    scenario_work.record_saved_version(current.naam, version)
                    st.success(f"Opgeslagen als versie {version}.")
                    saved = {s.naam: s for s in store.list()}
            if saved:
                st.dataframe(pd.DataFrame([{
                    "Scenario": s.naam, "Versie": s.versie, "Door": s.auteur,
                    "Opgeslagen": clock_text(s.opgeslagen_op), "Notitie": s.notitie,
                    "Vastgezet": "ja" if s.vastgezet else "", "Gemeente": s.gemeente or "zonder gemeente",
                    "Gegevens": "deze" if s.dataset == store.dataset else "andere" if s.dataset else "onbekend"}
                    for s in saved.values()]), hide_index=True,
                    width="stretch")
                chosen = st.selectbox("Opgeslagen scenario", list(saved), key="saved_choice")
                buttons = st.columns(4)
                if buttons[0].button("Openen"):
                    scenario_work.open_saved(chosen)
                    st.rerun()
                if buttons[1].button("Losmaken" if saved[chosen].vastgezet else "Vastzetten"):
                    store.freeze(chosen, not saved[chosen].vastgezet)
                    st.rerun()
                if buttons[2].button("Naar prullenbak"):
                    store.delete(chosen)
                    st.rerun()
                versions = store.versions(chosen)
                picked = buttons[3].selectbox("Versie", [v.versie for v in versions][::-1], key="version_choice",
                                              label_visibility="collapsed")
                old, _ = store.open(chosen, picked)
                newest, _ = store.open(chosen)
                st.caption(f"Versie {picked} tegenover de nieuwste: " + ("; ".join(diff(old, newest)) or "gelijk"))
                if st.button(f"Versie {picked} terugzetten als nieuwe versie", disabled=not auteur.strip()):
                    try:
                        scenario_work.record_saved_version(chosen, store.restore(chosen, picked, auteur))
                    except StoreError as error:
                        st.error(str(error))
                    else:
                        scenario_work.open_saved(chosen)
                        st.rerun()
            exchange_out, exchange_in = st.columns(2)
            exchange_out.download_button(
                "Alle opgeslagen scenario's exporteren (met versies)",
                json.dumps(store.export_all(), ensure_ascii=False, indent=1).encode("utf-8"),
                file_name="grip_scenarios.json", mime="application/json")
            bundle = exchange_in.file_uploader("Export van scenario's importeren", type=["json"], key="bundle_upload")
            if bundle is not None and exchange_in.button("Alle importeren"):
                try:
                    names = store.import_json(bundle.getvalue())
                except StoreError as error:
                    st.error(f"Niet geïmporteerd: {error}")
                else:
                    st.success(f"Geïmporteerd: {', '.join(names)}.")
            trash = store.bin()
            if trash:
                restored = st.selectbox("In de prullenbak", [s.naam for s in trash], key="bin_choice")
                if st.button("Terugzetten uit prullenbak"):
                    store.undelete(restored)
                    st.rerun()
        except StoreError as error:  # every store failure reaches the user in Dutch; the edits stay
            scenario_work.store_failed(error)


others = [name for name in scenario_work.scenarios(dataset) if name != scenario.naam]
if others:
    st.subheader("Twee scenario's naast elkaar")
    other_name = st.selectbox("Vergelijk met", others, key="compare_with")
    pair = []
    for item in (scenario_work.current_scenario(dataset), scenario_work.scenarios(dataset)[other_name]):
        versus = service.compare_scenario(baseline, item, dataset)
        pair.append(pd.DataFrame({f"{item.naam}: scenario": map(euro, versus.scenario.total()),
                                  f"{item.naam}: verschil": map(nv, versus.gap())}, index=versus.years))
    side_by_side = pd.concat(pair, axis=1)
    side_by_side.index = side_by_side.index.astype(str)
    st.dataframe(side_by_side, width="stretch")
