"""Plain-language Dutch sentences generated from the numbers, for the Sessie screen and the raad report."""

from __future__ import annotations

import re

import pandas as pd

from forecasting.input.dataset import DOMAINS
from forecasting.model.baseline import Baseline
from forecasting.model.indexation import CONTINUED
from forecasting.model.projection import TOTAL
from presentation.formatting import chance_pct, listing, pct
from presentation.rounding import STEPS, amount, change, rounded, split, unit_of
from scenarios.budget import BudgetComparison

SUBJECTS = {"Wmo": "de Wmo-kosten", "Jeugd": "de jeugdkosten", TOTAL: "de kosten van Wmo en jeugd samen"}
DOMAIN_NAMES = {"Wmo": "Wmo", "Jeugd": "jeugd", TOTAL: "Wmo en jeugd samen"}
DOMAIN_WORDS = SUBJECTS  # kept for callers of the old name

# what each LMDI part means when it adds to the cost, and when it lowers it
FACTOR_WORDS = {
    "demografie": ("groei van de doelgroep", "krimp van de doelgroep"),
    "gebruik": ("meer gebruik per inwoner", "minder gebruik per inwoner"),
    "kosten_per_client": ("duurdere zorg per cliënt", "goedkopere zorg per cliënt"),
    "indexatie": ("loon- en prijsstijgingen (indexatie)", "lagere tarieven (negatieve indexatie)"),
}


AMOUNT_IN_TEXT = re.compile(r"[-−+]?€ [0-9.]+(?:,[0-9]+)?(?: mln| mld)?(?: [NV]\b)?")  # with its N/V letter


def unbroken(text: str) -> str:
    """The sentence with non-breaking spaces inside every amount, so '€ 15,7 mln' never breaks across lines."""
    return AMOUNT_IN_TEXT.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def chance(probability: float) -> str:
    """A probability in honest words: 'vrijwel zeker (kans > 99%)', 'waarschijnlijk (kans 72%)', '(kans < 1%)'."""
    words = ("vrijwel zeker" if probability > 0.99 else "vrijwel uitgesloten" if probability < 0.01 else
             "zeer waarschijnlijk" if probability >= 0.9 else "waarschijnlijk" if probability >= 0.66 else
             "ongeveer even waarschijnlijk als niet" if probability > 0.33 else "onwaarschijnlijk"
             if probability > 0.1 else "zeer onwaarschijnlijk")
    return f"{words} (kans {chance_pct(probability)})"


def indexation_assumption(indexation: pd.DataFrame) -> str:
    """'vanaf 2028 3,5% per jaar (laatst bekende percentage loopt door)', or that every year was given."""
    assumed = indexation.loc[indexation["bron"] == CONTINUED]
    if assumed.empty:
        return "voor alle jaren opgegeven"
    return (f"vanaf {int(assumed['jaar'].min())} {pct(assumed['percentage'].iloc[0] / 100)} per jaar (laatst "
            "bekende percentage loopt door)")


MODEL_WORDS = {"Prophet": "Trend met omslagpunten (Prophet)"}  # plain Dutch for a product name
FACTOR_LABELS = {  # the causes of growth (forecasting/model/lmdi.py) in words, for charts, tables and the workbook
    "demografie": "Demografie",
    "gebruik": "Gebruik per inwoner",
    "kosten_per_client": "Kosten per cliënt (reëel)",
    "indexatie": "Indexatie",
}


def model_summary(choices: pd.DataFrame) -> str:
    """'Combinatie (18 van de 18 reeksen)': how many series (use rate and cost per client of every voorziening)
    each model forecasts."""
    models = choices["model_label"].map(lambda label: MODEL_WORDS.get(label, label)).value_counts()
    total = int(models.sum())
    return ", ".join(f"{name} ({count} van de {total} reeksen)" for name, count in models.items())


def _top_down(whole: float, parts: dict[str, float], unit: str) -> dict[str, float]:
    """The whole (key TOTAL) rounded, and its parts (the domeinen) split from it by the largest remainder when they
    add up to it (to the euro); otherwise every amount rounded on its own. Missing amounts stay missing."""
    if pd.isna(whole) or any(pd.isna(v) for v in parts.values()) or abs(sum(parts.values()) - whole) > 1.0:
        return {d: (rounded(v, unit) if pd.notna(v) else v) for d, v in {TOTAL: whole, **parts}.items()}
    return {TOTAL: rounded(whole, unit), **split(whole, parts, unit)}


def _adds_up(shown: dict[str, float], domains: list[str]) -> bool:
    return len(domains) > 1 and abs(sum(shown[d] for d in domains) - shown[TOTAL]) < 0.5


def _domains(names) -> list[str]:
    present = set(names)
    return [d for d in DOMAINS if d in present]


def standing_sentence(domein: str, last_year: int, first_year: int, now: float, then: float,
                      parts: dict[str, float] | None = None, unit: str | None = None,
                      shown_now: float | None = None) -> str:
    """'In 2024 waren de kosten van Wmo en jeugd samen € 15,7 mln (Wmo € 8,4 mln en jeugd € 7,3 mln); ...'.

    The parts are split from the amount shown (presentation/rounding.py); `shown_now` is the amount as shown
    elsewhere on the screen (a domein's share of the rounded total), the yearly growth comes from `now` itself."""
    unit = unit or unit_of(now, *(parts or {}).values())
    shown = rounded(now if shown_now is None else shown_now, unit)
    text = f"In {last_year} waren {SUBJECTS[domein]} {amount(shown, unit)}"
    if parts:
        text += " (" + " en ".join(f"{DOMAIN_NAMES[d]} {amount(v, unit)}"
                                   for d, v in split(shown, parts, unit).items()) + ")"
    if then > 0 and now > 0 and last_year > first_year:
        growth = (now / then) ** (1 / (last_year - first_year)) - 1
        verb = "stegen" if growth >= 0 else "daalden"
        text += f"; sinds {first_year} {verb} ze gemiddeld {pct(abs(growth))} per jaar"
    return text + "."


def standing_figures(baseline: Baseline) -> tuple[str, dict[str, dict]]:
    """The unit and, per domein (TOTAL first), the arguments of `standing_sentence` as shown together: the
    domeinen are split from the rounded total, so Wmo + jeugd = the total on the screen."""
    history, last = baseline.history, baseline.last_year
    t = history.year_index(last)
    domains = _domains(history.domains)
    now = {d: float(history.total(d)[t]) for d in [TOTAL, *domains]}
    unit = unit_of(*now.values())
    shown = _top_down(now[TOTAL], {d: now[d] for d in domains}, unit)
    total_parts = {d: shown[d] for d in domains} if len(domains) > 1 else None
    return unit, {d: {"domein": d, "last_year": last, "first_year": history.years[0], "now": now[d],
                      "then": float(history.total(d)[0]), "parts": total_parts if d == TOTAL else None,
                      "unit": unit, "shown_now": shown[d]} for d in [TOTAL, *domains]}


def where_we_stand(baseline: Baseline, domein: str = TOTAL) -> str:
    return standing_sentence(**standing_figures(baseline)[1][domein])


def growth_sentence(domein: str, final_year: int, start: float, end: float, parts: dict[str, float],
                    unit: str | None = None) -> str:
    """Where the change from `start` to `end` comes from: every LMDI part, negative ones said as such.

    'Zonder maatregelen stijgen de Wmo-kosten van € 8,1 mln naar € 10,0 mln in 2029, € 1,9 mln meer:
    € 1,2 mln door loon- en prijsstijgingen (indexatie) en € 0,9 mln door groei van de doelgroep, terwijl
    minder gebruik per inwoner € 0,2 mln scheelt.' The change is the difference of the rounded ends and the
    parts are split from it by the largest remainder (presentation/rounding.py): they add up exactly."""
    unit = unit or unit_of(start, end, end - start, *parts.values())
    start, end, change_shown = change(start, end, unit)
    verb, more = ("stijgen", "meer") if change_shown >= 0 else ("dalen", "minder")
    text = (f"Zonder maatregelen {verb} {SUBJECTS[domein]} van {amount(start, unit)} naar {amount(end, unit)} in "
            f"{final_year}, {amount(abs(change_shown), unit)} {more}")
    shown = {f: v for f, v in split(change_shown, parts, unit).items() if v != 0}
    if not shown:
        return text + "."
    rising = change_shown >= 0
    same = sorted((f for f in shown if (shown[f] >= 0) == rising), key=lambda f: -abs(parts[f]))
    other = sorted((f for f in shown if (shown[f] >= 0) != rising), key=lambda f: -abs(parts[f]))
    pieces = [f"{amount(abs(shown[f]), unit)} door {FACTOR_WORDS[f][0 if shown[f] >= 0 else 1]}" for f in same]
    against = [f"{FACTOR_WORDS[f][0 if shown[f] >= 0 else 1]} {amount(abs(shown[f]), unit)} "
               f"{'kost' if shown[f] >= 0 else 'scheelt'}" for f in other]
    if pieces:
        text += ": " + listing(pieces)
        if against:
            text += ", terwijl " + listing(against)
    else:
        text += ", terwijl " + listing(against)
    return text + "."


def growth_figures(baseline: Baseline) -> tuple[str, dict[str, dict]]:
    """The unit and, per domein (TOTAL first), the arguments of `growth_sentence` as shown together.

    Start and end of the domeinen are split from the rounded totals, each domein's LMDI parts from its own
    change, and the total's parts are the sums of the domeinen's: every sentence, and the waterfall of the total,
    adds up, and Wmo + jeugd = the total for every amount."""
    history = baseline.history
    t = history.year_index(baseline.last_year)
    domains = _domains(baseline.domains)
    raw = {d: (float(history.total(d)[t]), float(baseline.projection.total(d)[-1]),
               {f: float(p.total(d)[-1]) for f, p in baseline.growth.items()}) for d in [TOTAL, *domains]}
    unit = unit_of(*(v for s, e, parts in raw.values() for v in (s, e, e - s, *parts.values())))
    starts = _top_down(raw[TOTAL][0], {d: raw[d][0] for d in domains}, unit)
    ends = _top_down(raw[TOTAL][1], {d: raw[d][1] for d in domains}, unit)
    parts = {d: split(ends[d] - starts[d], raw[d][2], unit) for d in domains}
    if _adds_up(starts, domains) and _adds_up(ends, domains):
        parts[TOTAL] = {f: sum(parts[d][f] for d in domains) for f in raw[TOTAL][2]}
    else:
        parts[TOTAL] = split(ends[TOTAL] - starts[TOTAL], raw[TOTAL][2], unit)
    return unit, {d: {"domein": d, "final_year": baseline.years[-1], "start": starts[d], "end": ends[d],
                      "parts": parts[d], "unit": unit} for d in [TOTAL, *domains]}


def without_measures(baseline: Baseline, domein: str = TOTAL) -> str:
    """The change without measures from the last realised year to the final year, with all four LMDI parts."""
    return growth_sentence(**growth_figures(baseline)[1][domein])


COSTS = ("uitvoeringskosten",)  # the key of the implementation costs among the measures (names are strings)


def measures_sentence(domein: str, final: int, delivered: float, per_measure: dict[str, float],
                      costs: float, shown: int = 3, unit: str | None = None) -> str:
    """What the measures deliver in `final`, per measure (savings positive) minus the implementation costs.

    The measures and the costs are split from the rounded `delivered` by the largest remainder, so the parts
    named, 'de andere ...' and the costs add up exactly to the amount shown."""
    unit = unit or unit_of(delivered, costs, *per_measure.values())
    whole = rounded(delivered, unit)
    parts = split(whole, {**per_measure, COSTS: -costs}, unit)
    cost = -parts.pop(COSTS)
    verb = "verlagen" if whole >= 0 else "verhogen"
    text = f"De maatregelen {verb} {SUBJECTS[domein]} in {final} met {amount(abs(whole), unit)}"
    ordered = sorted(parts, key=lambda n: -abs(per_measure[n]))
    named, rest = (ordered, []) if len(ordered) <= shown + 1 else (ordered[:shown], ordered[shown:])
    pieces = [f"{amount(parts[n], unit)} door '{n}'" for n in named]
    if rest:
        pieces.append(f"{amount(sum(parts[n] for n in rest), unit)} door de andere {len(rest)} "
                      f"{'maatregel' if len(rest) == 1 else 'maatregelen'}")
    if pieces:
        text += ": " + listing(pieces)
    if cost:
        text += f", min {amount(cost, unit)} uitvoeringskosten"
    return text + "."


def _measures_at(effects: pd.DataFrame, final: int, domein: str) -> tuple[dict[str, float], float]:
    """Per measure what it saves in `final` (positive) and the implementation costs, for a domein or in total."""
    if effects.empty:
        return {}, 0.0
    at_final = effects.loc[effects["jaar"] == final]
    if domein != TOTAL:
        at_final = at_final.loc[at_final["domein"] == domein]
    grouped = at_final.groupby("maatregel", sort=False)[["effect", "uitvoeringskosten"]].sum()
    per_measure = {name: -float(row["effect"]) for name, row in grouped.iterrows() if abs(row["effect"]) >= 0.5}
    return per_measure, float(grouped["uitvoeringskosten"].sum())


def measure_figures(comparison: BudgetComparison, effects: pd.DataFrame, final: int) -> tuple[str, dict[str, dict]]:
    """The unit and, per domein (TOTAL first), the arguments of `measures_sentence` as shown together (and what
    was delivered before rounding, under 'raw'): the domeinen's amounts are split from the rounded total, each
    domein's measures and costs from its own amount, and the total's measures and costs are their sums."""
    t = comparison.years.index(final)
    domains = _domains(comparison.scenario.domains)
    delivered = {d: float(comparison.baseline.total(d)[t] - comparison.scenario.total(d)[t])
                 for d in [TOTAL, *domains]}
    raw = {d: _measures_at(effects, final, d) for d in [TOTAL, *domains]}
    unit = unit_of(*delivered.values(), *(v for per, cost in raw.values() for v in (cost, *per.values())))
    whole = _top_down(delivered[TOTAL], {d: delivered[d] for d in domains}, unit)
    parts = {d: split(whole[d], {**raw[d][0], COSTS: -raw[d][1]}, unit) for d in domains}
    if _adds_up(whole, domains):
        names = list(raw[TOTAL][0])
        parts[TOTAL] = {n: sum(parts[d].get(n, 0.0) for d in domains) for n in [*names, COSTS]}
    else:
        parts[TOTAL] = split(whole[TOTAL], {**raw[TOTAL][0], COSTS: -raw[TOTAL][1]}, unit)
    figures = {}
    for d in [TOTAL, *domains]:
        per_measure = {n: v for n, v in parts[d].items() if n != COSTS}
        figures[d] = {"domein": d, "final": final, "delivered": whole[d], "per_measure": per_measure,
                      "costs": -parts[d][COSTS], "unit": unit, "raw": delivered[d]}
    return unit, figures


def what_measures_do(comparison: BudgetComparison, effects: pd.DataFrame, final: int, domein: str = TOTAL) -> str:
    if domein != TOTAL and domein not in comparison.scenario.domains:
        return ""
    figures = dict(measure_figures(comparison, effects, final)[1][domein])
    if effects.empty or abs(figures.pop("raw")) < 1:
        return f"Dit scenario bevat geen maatregelen die in {final} iets opleveren voor {DOMAIN_NAMES[domein]}."
    return measures_sentence(**figures)


def remains_sentence(domein: str, final: int, gap: float, probability: float | None, unit: str | None = None) -> str:
    """'Voor Wmo en jeugd samen blijft in 2029 een tekort van € 3,9 mln ten opzichte van de begroting; ...'."""
    unit = unit or unit_of(gap)
    shown = rounded(gap, unit)
    if abs(gap) < 0.5:
        text = f"Voor {DOMAIN_NAMES[domein]} sluit de begroting in {final} precies"
    else:
        kind = "tekort" if gap > 0 else "overschot"
        size = amount(abs(shown), unit) if shown else f"minder dan {amount(STEPS[unit], unit)}"
        text = f"Voor {DOMAIN_NAMES[domein]} blijft in {final} een {kind} van {size} ten opzichte van de begroting"
    if probability is not None and pd.notna(probability):
        text += f"; dat de uitgaven de begroting overschrijden is {chance(float(probability))}"
    return text + "."


def remains_figures(comparison: BudgetComparison, final: int) -> tuple[str, dict[str, dict]]:
    """The unit and, per domein (TOTAL first), the gap to the budget as shown (NaN without a budget) and the
    chance of overspending: the domeinen's gaps are split from the rounded total's."""
    t = comparison.years.index(final)
    domains = _domains(comparison.scenario.domains)
    gaps = {d: (float(comparison.gap(d)[t]) if pd.notna(comparison.budgeted(d)[t]) else float("nan"))
            for d in [TOTAL, *domains]}
    unit = unit_of(*gaps.values())
    shown = _top_down(gaps[TOTAL], {d: gaps[d] for d in domains}, unit)
    return unit, {d: {"domein": d, "final": final, "gap": shown[d], "unit": unit,
                      "probability": comparison.probability_over(d)[t]} for d in [TOTAL, *domains]}


def what_remains(comparison: BudgetComparison, final: int, domein: str = TOTAL) -> str:
    figures = remains_figures(comparison, final)[1][domein]
    if pd.isna(figures["gap"]):
        return f"Voor {DOMAIN_NAMES[domein]} is voor {final} geen begroting ingelezen om mee te vergelijken."
    return remains_sentence(**figures)


def session_steps(baseline: Baseline, comparison: BudgetComparison, effects: pd.DataFrame) -> list[dict]:
    """The four steps of a council session with their sentences (per domein and in total); within a step all
    amounts have one unit and add up (the *_figures functions)."""
    final = baseline.years[-1]
    domains = _domains(baseline.domains)
    return [
        {"titel": "Waar we staan", "zinnen": [where_we_stand(baseline, d) for d in [TOTAL, *domains]]},
        {"titel": "Waar het heen gaat zonder maatregelen, en waarom",
         "zinnen": [without_measures(baseline, d) for d in [TOTAL, *domains]]},
        {"titel": "Wat de maatregelen doen",
         "zinnen": [what_measures_do(comparison, effects, final, d) for d in [TOTAL, *domains]]},
        {"titel": "Wat er overblijft", "zinnen": [what_remains(comparison, final, d) for d in [TOTAL, *domains]]},
    ]


def snapshot(scenario_json: dict, settings: dict, steps: list[dict], comparison: pd.DataFrame) -> dict:
    """A frozen record of a session: the scenario, the settings and every number shown, to replay later.

    `comparison` is the long comparison frame (presentation/tables.comparison_frame)."""
    totals = comparison.loc[comparison["voorziening"] == TOTAL,
                            ["jaar", "domein", "basisprognose", "scenario", "begroting", "verschil",
                             "kans_overschrijding"]]
    return {
        "soort": "grip-sessie", "versie": 1, "scenario": scenario_json, "instellingen": settings, "stappen": steps,
        "cijfers": json_records(totals),
    }


def json_records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in frame.to_dict("records")]
