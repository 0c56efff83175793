"""The controller's workbook for a run (a baseline alone, or a scenario).

Sheets: Samenvatting, Prognose, Groei, Maatregelen, Aannames, Gegevens, Jaareinde, Indicatoren, and Terugblik when
the begroting holds past years (presentation/hindsight.py). Values, not formulas.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from forecasting import __version__
from forecasting.input.dataset import Dataset
from forecasting.model.baseline import Baseline
from forecasting.model.families import FAMILIES
from forecasting.model.projection import TOTAL
from presentation import tables
from presentation.formatting import clock_text, date_text
from presentation.story import FACTOR_LABELS, model_summary
from presentation.workbook import Block, write_workbook
from scenarios.measures import EDITOR_COLUMNS, LEVER_LABELS, measures_frame

EURO_COLUMNS = ("realisatie", "basisprognose", "scenario", "begroting", "verschil", "bedrag", "ondergrens",
                "bovengrens", "effect", "uitvoeringskosten", "kosten_per_jaar")


def _formats(frame: pd.DataFrame, **extra: str) -> dict[str, str]:
    formats = {c: "euro_cent" for c in frame.columns if c in EURO_COLUMNS}
    formats.update({c: "year" for c in frame.columns if c in ("jaar", "startjaar", "eindjaar")})
    formats.update(extra)
    return {c: f for c, f in formats.items() if c in frame.columns}


def title_of(dataset: Dataset, scenario_name: str | None, when: datetime | None = None) -> str:
    """'Meerjarenprognose sociaal domein — Gemeente X — scenario 'Pakket 2026' — 24-11-2026': on every export."""
    scenario = f"scenario '{scenario_name}'" if scenario_name else "basisprognose zonder maatregelen"
    return (f"Meerjarenprognose sociaal domein — {dataset.naam} — {scenario} — "
            f"{date_text(when)}")


def summary_frame(out: pd.DataFrame, gap: pd.DataFrame) -> pd.DataFrame:
    """Per year and domein (and in total): realisatie, basisprognose, scenario, begroting, verschil, N/V, kans."""
    realised = out.loc[(out["reeks"] == "realisatie") & (out["voorziening"] == TOTAL), ["jaar", "domein", "bedrag"]]
    realised = realised.rename(columns={"bedrag": "realisatie"})
    ahead = gap.loc[gap["voorziening"] == TOTAL].drop(columns="voorziening")
    frame = pd.concat([realised, ahead], ignore_index=True)
    order = {"Wmo": 0, "Jeugd": 1, TOTAL: 2}
    frame = frame.sort_values(["jaar", "domein"], key=lambda s: s.map(order) if s.name == "domein" else s)
    frame = frame.rename(columns={"nv": "N/V", "kans_overschrijding": "kans op overschrijding"})
    frame["N/V"] = frame["verschil"].map(lambda v: "" if pd.isna(v) else ("N" if v > 0 else "V"))
    columns = ["jaar", "domein", "realisatie", "basisprognose", "scenario", "begroting", "verschil", "N/V",
               "kans op overschrijding"]
    return frame[columns].reset_index(drop=True)


def prognosis_frame(output: pd.DataFrame, baseline: Baseline, voorzieningen: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """Per voorziening and year: taakveld (where given), clients, amount, band, and the models of both series."""
    rows = output.loc[output["voorziening"] != TOTAL].copy()
    if voorzieningen is not None and "taakveld" in voorzieningen and voorzieningen["taakveld"].notna().any():
        taakveld = voorzieningen.set_index("voorziening")["taakveld"]
        rows.insert(3, "taakveld", rows["voorziening"].map(taakveld))
    choices = baseline.choices.pivot(index="voorziening", columns="reeks", values="model_label")
    rows["model gebruik"] = rows["voorziening"].map(choices["gebruik"])
    rows["model kosten per cliënt"] = rows["voorziening"].map(choices["kosten_per_client"])
    return rows.reset_index(drop=True)


def assumption_blocks(dataset: Dataset, baseline: Baseline, scenario_name: str | None) -> list[Block]:
    facts = pd.DataFrame([
        ("Gegevens", dataset.naam),
        ("Realisatie", f"{dataset.first_year}-{dataset.last_year}"),
        ("Prognosejaren", f"{baseline.years[0]}-{baseline.years[-1]} (horizon {len(baseline.years)} jaar)"),
        ("Scenario", scenario_name or "geen (basisprognose)"),
        ("Niet meegenomen bij het schatten", ", ".join(map(str, baseline.excluded_years)) or "geen"),
        ("Model", f"{model_summary(baseline.choices)}; per reeks de reden en de backtestfout hieronder"),
        ("Onzekerheid", "80%-band (P10-P90) uit 2.000 gesimuleerde paden; totalen uit opgetelde paden"),
        ("Bevolkingsprognose", "middenvariant" + (f"; de varianten {' en '.join(baseline.variants)} staan als "
                                                   "aparte band hieronder" if baseline.variants else "")),
        ("Gemaakt op", clock_text()),
        ("Grip-versie", __version__),
    ], columns=["onderwerp", "waarde"])
    index = baseline.indexation.rename(columns={"percentage": "indexatie %"})
    models = baseline.choices[["voorziening", "reeks", "model", "reden", "bandfactor"]].copy()
    models["model"] = models["model"].map(lambda n: FAMILIES[n].label)
    models["reeks"] = models["reeks"].map(SERIES_WORDS).fillna(models["reeks"])
    models = models.rename(columns={"bandfactor": "verbreding van de band (×)"})
    blocks = [Block(facts, title="Aannames"),
              Block(index, {"jaar": "year", "indexatie %": "pct_points"},
                    title="Indexatie per jaar (bron: opgegeven, voortgezet = aanname, ontbreekt = 0%)"),
              Block(models, {"verbreding van de band (×)": "decimal"},
                    title="Gekozen modellen (verbreding: hoeveel breder de band is gemaakt zodat hij in de "
                          "backtest 8 van de 10 uitkomsten omvatte)")]
    if not baseline.evaluations.empty:
        errors = baseline.evaluations[["voorziening", "reeks", "model", "mape", "mase", "bias", "dekking",
                                       "auto"]].copy()
        errors["auto"] = errors["auto"].map({True: "gekozen", False: ""})
        errors["model"] = errors["model"].map(lambda n: FAMILIES[n].label if n in FAMILIES else n)
        errors["reeks"] = errors["reeks"].map(SERIES_WORDS).fillna(errors["reeks"])
        errors = errors.rename(columns=ERROR_WORDS)
        blocks.append(Block(errors, {ERROR_WORDS["mape"]: "pct", ERROR_WORDS["bias"]: "pct",
                                     ERROR_WORDS["dekking"]: "pct", ERROR_WORDS["mase"]: "decimal"},
                            title="Backtestfouten per model: gemiddelde afwijking in %, afwijking tegenover "
                                  "'gelijk aan vorig jaar' (1 = even goed), scheefheid, deel binnen de 80%-band"))
    if baseline.variants:
        variants = tables.variant_frame(baseline)
        variants = variants.loc[variants["voorziening"] == TOTAL].drop(columns="voorziening")
        blocks.append(Block(variants, {"jaar": "year", **{c: "euro" for c in ("midden", "laag", "hoog")}},
                            title="Basisprognose bij elke variant van de bevolkingsprognose (zelfde gebruik, kosten "
                                  "per cliënt en indexatie)"))
    return blocks


SERIES_WORDS = {series: FACTOR_LABELS[series] for series in ("gebruik", "kosten_per_client")}
ERROR_WORDS = {"mape": "gemiddelde afwijking", "mase": "afwijking t.o.v. vorig jaar", "bias": "scheefheid",
               "dekking": "binnen de 80%-band", "auto": "keuze"}


def input_blocks(dataset: Dataset) -> list[Block]:
    return [
        Block(dataset.voorzieningen, title="voorzieningen"),
        Block(dataset.realisatie, {"jaar": "year", "kosten": "euro_cent", "clienten": "decimal"}, title="realisatie"),
        Block(dataset.bevolking, {"jaar": "year", "aantal": "count"}, title="bevolking"),
        Block(dataset.indexatie, {"jaar": "year", "percentage": "pct_points"}, title="indexatie"),
        Block(dataset.begroting, {"jaar": "year", "bedrag": "euro_cent"}, title="begroting"),
    ]


GROWTH_WORDS = {factor: words.lower() for factor, words in FACTOR_LABELS.items()}  # cell values, not headings
MEASURE_WORDS = {"naam": "maatregel", "effect_pct": "effect %", "effect_min_pct": "effect min %",
                 "effect_max_pct": "effect max %", "bedrag": "vast bedrag €/jaar", "ingroei_jaren": "ingroei (jaren)",
                 "kosten_per_jaar": "uitvoeringskosten €/jaar"}


def measure_blocks(run) -> list[Block]:
    """The measures' settings, their effect per year and per voorziening (a run of grip/service.py)."""
    scenario = run.scenario
    settings = measures_frame(scenario)[EDITOR_COLUMNS]
    settings["actief"] = settings["actief"].map({True: "ja", False: "nee"})
    settings["hefboom"] = settings["hefboom"].map(lambda lever: LEVER_LABELS.get(lever, lever))
    settings = settings.rename(columns=MEASURE_WORDS)
    effects = run.effects
    per_year = effects.groupby(["maatregel", "jaar"], as_index=False, sort=False)[
        ["effect", "uitvoeringskosten"]].sum()
    wide = per_year.pivot(index="maatregel", columns="jaar", values="effect").reset_index() if len(per_year) else (
        pd.DataFrame({"maatregel": []}))
    wide.columns = [str(c) for c in wide.columns]
    years = [c for c in wide.columns if c != "maatregel"]
    return [
        Block(settings, _formats(settings, **{MEASURE_WORDS["effect_pct"]: "decimal",
                                              MEASURE_WORDS["effect_min_pct"]: "decimal",
                                              MEASURE_WORDS["effect_max_pct"]: "decimal",
                                              MEASURE_WORDS["bedrag"]: "euro", MEASURE_WORDS["kosten_per_jaar"]: "euro",
                                              MEASURE_WORDS["ingroei_jaren"]: "count"}),
              title=f"Maatregelen in scenario '{scenario.naam}' (instellingen)"),
        Block(wide, {y: "euro_cent" for y in years}, title="Effect op de kosten per jaar (negatief = besparing, "
              "zonder uitvoeringskosten)", total_of=years),
        Block(effects, _formats(effects), title="Effect per maatregel, voorziening en jaar", total_of=[
            "effect", "uitvoeringskosten"]),
    ]


def monitor_sheets(run) -> dict[str, list[Block]]:
    """The sheets Jaareinde (expected year-end against budget and prognosis, backtest by month) and Indicatoren
    (status, values per year, what a measure does to its indicator)."""
    from presentation import monitor

    yearend = monitor.yearend_of(run)
    frame = monitor.yearend_frame(yearend, run.budget)
    frame = frame.drop(columns=["nv"]).rename(columns={"gewicht_realisatie": "gewicht realisatie"})
    tested = monitor.backtest_frame(yearend)
    items = monitor.indicators_of(run)
    status = monitor.indicator_frame(items, monitor.Thresholds(), run.final_year,
                                     measures=monitor.with_measures(run)).drop(columns=["kleur"])
    effects = monitor.measure_indicator_frame(run, items)
    values = monitor.values_frame(items)
    euros = {c: "euro" for c in ("gerealiseerd", "verwacht", "ondergrens", "bovengrens", "prognose", "begroting",
                                 "verschil", "verschil_prognose", "eenmalig")}
    return {
        "Jaareinde": [
            Block(frame, {"jaar": "year", "gerealiseerd_tm": "count", "kans_overschrijding": "chance",
                          "kans_boven_prognose": "chance", "gewicht realisatie": "decimal", **euros},
                  title=f"Verwachte jaarrekening {yearend.year} (80%-band; verschil = verwacht - begroting, "
                        "positief = nadelig)"),
            Block(tested, {"mape_patroon": "pct", "mape_pro_rata": "pct", "dekking": "pct", "punten": "count"},
                  title="Backtest op eerdere jaren: gemiddelde absolute fout per maand (patroon en pro rata)"),
        ],
        "Indicatoren": [
            Block(status, monitor.INDICATOR_FORMATS, title=monitor.status_rule(monitor.Thresholds())),
            Block(effects, {"jaar": "year", "zonder_maatregel": "decimal", "met_maatregel": "decimal",
                            "effect": "decimal"}, title="Effect van maatregelen op hun indicator"),
            Block(values, {"jaar": "year", "waarde": "decimal"}, title="Waarden per jaar"),
        ],
    }


HINDSIGHT_SHEET = "Terugblik"


def hindsight_blocks(run) -> list[Block]:
    """The sheet Terugblik: the sentence, per past year and domein the budget, the realisation and Grip's forecast
    made with what was known then (with their errors), and the mean errors; [] without past budgets."""
    from presentation import hindsight

    result = hindsight.hindsight_of(run)
    if result.empty:
        return []
    rows, summary = hindsight.workbook_frames(result)
    sentence = hindsight.hindsight_sentence(result, run.dataset.last_year)
    notes = [text for text in (sentence, hindsight.HOW_IT_WORKS) if text]
    pct = {c: "pct" for c in (*summary.columns, *rows.columns) if "fout" in c}
    return [Block(pd.DataFrame({"toelichting": notes}), title="Terugblik: de begroting van eerdere jaren"),
            Block(rows, {"jaar": "year", **{c: "euro" for c in ("begroting", "realisatie", "Grip toen")}, **pct},
                  title="Per jaar: begroting, realisatie en de prognose van Grip met wat toen bekend was"),
            Block(summary, pct, title="Gemiddelde fout over de laatste (hoogstens vijf) jaren")]


EXPECTED_SHEET = "Verwacht en werkelijk"


def expected_blocks(table: pd.DataFrame) -> list[Block]:
    """The ranked table of forecasting.region.regional.expected_vs_actual, under the note that a high
    ratio is a question
    to ask, not a verdict."""
    from forecasting.region.regional import EXPECTED_NOTE

    formats = _formats(table, clienten="decimal", verwacht_clienten="decimal", inwoners_doelgroep="count",
                       verhouding_gebruik="decimal", verhouding_kosten_per_client="decimal",
                       kosten_per_client="euro_cent", verwacht_kosten_per_client="euro_cent", kosten="euro",
                       verwachte_kosten="euro")
    return [Block(pd.DataFrame({"toelichting": [EXPECTED_NOTE]}), title="Verwacht tegenover werkelijk gebruik"),
            Block(table, formats, title="Per voorziening gerangschikt: hoogste verhouding gebruik bovenaan")]


def expected_workbook_bytes(table: pd.DataFrame) -> bytes:
    """A workbook with only the expected-versus-actual sheet (the batch's verwacht_werkelijk.xlsx)."""
    return write_workbook({EXPECTED_SHEET: expected_blocks(table)})


def workbook_bytes(run, with_scenario: bool = True, expected: pd.DataFrame | None = None) -> bytes:
    """The workbook of a run; `with_scenario` False gives the baseline's workbook (no measures sheet content).
    `expected` (forecasting.region.regional.expected_vs_actual) adds the sheet 'Verwacht en werkelijk' at the end."""
    baseline = run.baseline
    output = tables.baseline_output(baseline)  # realisation and baseline, built once for both sheets
    summary = summary_frame(output, run.comparison_frame)
    ahead = summary.loc[summary["jaar"].isin(baseline.years)].drop(columns="realisatie")
    for column in ("basisprognose", "scenario", "begroting", "verschil"):
        ahead[column] = ahead[column].round(0)
    history = summary.loc[~summary["jaar"].isin(baseline.years), ["jaar", "domein", "realisatie"]]
    prognosis = prognosis_frame(output, baseline, run.dataset.voorzieningen)
    title = title_of(run.dataset, run.scenario.naam if with_scenario else None)
    growth = tables.growth_frame(baseline)
    measures = measure_blocks(run) if with_scenario else [
        Block(pd.DataFrame({"maatregel": []}), title="Geen maatregelen: dit is de basisprognose")]
    sheets = {
        "Samenvatting": [
            Block(ahead, {**_formats(ahead, **{"kans op overschrijding": "chance"}),
                          **{c: "euro" for c in ("basisprognose", "scenario", "begroting", "verschil")}},
                  title=title),
            Block(history, {"jaar": "year", "realisatie": "euro"}, title="Realisatie (historie)"),
        ],
        "Prognose": [Block(prognosis, {**_formats(prognosis, clienten="decimal"),
                                       **{c: "euro" for c in ("bedrag", "ondergrens", "bovengrens")}})],
        "Groei": [Block(growth.assign(factor=growth["factor"].map(GROWTH_WORDS)), _formats(growth),
                        title="Verandering sinds het laatste realisatiejaar, per oorzaak (LMDI: de delen tellen op "
                              "tot de hele verandering)")],
        "Maatregelen": measures,
        "Aannames": assumption_blocks(run.dataset, baseline, run.scenario.naam if with_scenario else None),
        "Gegevens": input_blocks(run.dataset),
        **monitor_sheets(run),
    }
    terugblik = hindsight_blocks(run)
    if terugblik:
        sheets[HINDSIGHT_SHEET] = terugblik
    if expected is not None:
        sheets[EXPECTED_SHEET] = expected_blocks(expected)
    return write_workbook(sheets)
