"""Plain-language Dutch sentences generated from the numbers, for the Sessie screen and the raad report."""

from __future__ import annotations

import re

import pandas as pd

from forecasting.baseline import Baseline
from forecasting.indexation import CONTINUED
from forecasting.projection import TOTAL
from presentation.formatting import chance_pct, euro, number, pct
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


def unit_of(*values: float) -> str:
    """The reading unit for a sentence, from its largest amount: 'mln' (one decimal), 'k' (thousands) or 'eur'."""
    largest = max((abs(v) for v in values if pd.notna(v)), default=0.0)
    return "mln" if largest >= 1e6 else "k" if largest >= 1e4 else "eur"


def amount(value: float, unit: str | None = None) -> str:
    """Amounts for reading: '€ 3,9 mln', '€ 854.000' (rounded to thousands), '€ 850' below ten thousand.

    One sentence uses one unit (pass `unit`), so '€ 0,2 mln' stands next to '€ 3,9 mln'."""
    unit = unit or unit_of(value)
    if unit == "mln":
        text = f"€ {number(abs(value) / 1e6, 1)} mln"
        return ("-" if round(value / 1e6, 1) < 0 else "") + text
    if unit == "k":
        return euro(round(value, -3))
    return euro(value)


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


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def indexation_assumption(indexation: pd.DataFrame) -> str:
    """'vanaf 2028 3,5% per jaar (laatst bekende percentage loopt door)', or that every year was given."""
    assumed = indexation.loc[indexation["bron"] == CONTINUED]
    if assumed.empty:
        return "voor alle jaren opgegeven"
    return (f"vanaf {int(assumed['jaar'].min())} {pct(assumed['percentage'].iloc[0] / 100)} per jaar (laatst "
            "bekende percentage loopt door)")


MODEL_WORDS = {"Prophet": "Trend met omslagpunten (Prophet)"}  # plain Dutch for a product name
FACTOR_LABELS = {  # the causes of growth (forecasting/lmdi.py) in words, for charts, tables and the workbook
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


def standing_sentence(domein: str, last_year: int, first_year: int, now: float, then: float,
                      parts: dict[str, float] | None = None) -> str:
    """'In 2024 waren de kosten van Wmo en jeugd samen € 15,7 mln (Wmo € 8,1 mln en jeugd € 7,6 mln); ...'."""
    unit = unit_of(now, *(parts or {}).values())
    text = f"In {last_year} waren {SUBJECTS[domein]} {amount(now, unit)}"
    if parts:
        text += " (" + " en ".join(f"{DOMAIN_NAMES[d]} {amount(v, unit)}" for d, v in parts.items()) + ")"
    if then > 0 and now > 0 and last_year > first_year:
        growth = (now / then) ** (1 / (last_year - first_year)) - 1
        verb = "stegen" if growth >= 0 else "daalden"
        text += f"; sinds {first_year} {verb} ze gemiddeld {pct(abs(growth))} per jaar"
    return text + "."


def where_we_stand(baseline: Baseline, domein: str = TOTAL) -> str:
    history = baseline.history
    last = baseline.last_year
    totals = history.total(domein)
    now, then = float(totals[history.year_index(last)]), float(totals[0])
    parts = None
    if domein == TOTAL:
        parts = {d: float(history.total(d)[history.year_index(last)]) for d in ("Wmo", "Jeugd")
                 if d in set(history.domains)}
        parts = parts if len(parts) > 1 else None
    return standing_sentence(domein, last, history.years[0], now, then, parts)


def growth_sentence(domein: str, final_year: int, start: float, end: float, parts: dict[str, float]) -> str:
    """Where the change from `start` to `end` comes from: every LMDI part, negative ones said as such.

    'Zonder maatregelen stijgen de Wmo-kosten van € 8,1 mln naar € 10,0 mln in 2029, € 1,9 mln meer:
    € 1,2 mln door loon- en prijsstijgingen (indexatie) en € 0,9 mln door groei van de doelgroep, terwijl
    minder gebruik per inwoner € 0,2 mln scheelt.' The amounts shown add up to the change within rounding."""
    change = end - start
    unit = unit_of(start, end, change, *parts.values())
    verb, more = ("stijgen", "meer") if change >= 0 else ("dalen", "minder")
    text = (f"Zonder maatregelen {verb} {SUBJECTS[domein]} van {amount(start, unit)} naar {amount(end, unit)} in "
            f"{final_year}, {amount(abs(change), unit)} {more}")
    shown = {f: v for f, v in parts.items() if amount(abs(v), unit) not in ("€ 0,0 mln", "€ 0")}
    if not shown:
        return text + "."
    same = sorted((f for f in shown if (shown[f] >= 0) == (change >= 0)), key=lambda f: -abs(shown[f]))
    other = sorted((f for f in shown if (shown[f] >= 0) != (change >= 0)), key=lambda f: -abs(shown[f]))
    pieces = [f"{amount(abs(shown[f]), unit)} door {FACTOR_WORDS[f][0 if shown[f] >= 0 else 1]}" for f in same]
    against = [f"{FACTOR_WORDS[f][0 if shown[f] >= 0 else 1]} {amount(abs(shown[f]), unit)} "
               f"{'kost' if shown[f] >= 0 else 'scheelt'}" for f in other]
    if pieces:
        text += ": " + _listing(pieces)
        if against:
            text += ", terwijl " + _listing(against)
    else:
        text += ", terwijl " + _listing(against)
    return text + "."


def without_measures(baseline: Baseline, domein: str = TOTAL) -> str:
    """The change without measures from the last realised year to the final year, with all four LMDI parts."""
    history = baseline.history
    start = float(history.total(domein)[history.year_index(baseline.last_year)])
    end = float(baseline.projection.total(domein)[-1])
    parts = {factor: float(part.total(domein)[-1]) for factor, part in baseline.growth.items()}
    return growth_sentence(domein, baseline.years[-1], start, end, parts)


def measures_sentence(domein: str, final: int, delivered: float, per_measure: dict[str, float],
                      costs: float, shown: int = 3) -> str:
    """What the measures deliver in `final`, per measure (savings positive) minus the implementation costs.

    The parts named, 'de andere ...' and the costs add up to `delivered`."""
    unit = unit_of(delivered, costs, *per_measure.values())
    verb = "verlagen" if delivered >= 0 else "verhogen"
    text = f"De maatregelen {verb} {SUBJECTS[domein]} in {final} met {amount(abs(delivered), unit)}"
    ordered = sorted(per_measure, key=lambda n: -abs(per_measure[n]))
    named, rest = (ordered, []) if len(ordered) <= shown + 1 else (ordered[:shown], ordered[shown:])
    pieces = [f"{amount(per_measure[n], unit)} door '{n}'" for n in named]
    if rest:
        rest_total = sum(per_measure[n] for n in rest)
        pieces.append(f"{amount(rest_total, unit)} door de andere {len(rest)} "
                      f"{'maatregel' if len(rest) == 1 else 'maatregelen'}")
    if pieces:
        text += ": " + _listing(pieces)
    if costs:
        text += f", min {amount(costs, unit)} uitvoeringskosten"
    return text + "."


def what_measures_do(comparison: BudgetComparison, effects: pd.DataFrame, final: int, domein: str = TOTAL) -> str:
    if domein != TOTAL and domein not in comparison.scenario.domains:
        return ""
    t = comparison.years.index(final)
    delivered = float(comparison.baseline.total(domein)[t] - comparison.scenario.total(domein)[t])
    if effects.empty or abs(delivered) < 1:
        return f"Dit scenario bevat geen maatregelen die in {final} iets opleveren voor {DOMAIN_NAMES[domein]}."
    at_final = effects.loc[effects["jaar"] == final]
    if domein != TOTAL:
        at_final = at_final.loc[at_final["domein"] == domein]
    grouped = at_final.groupby("maatregel", sort=False)[["effect", "uitvoeringskosten"]].sum()
    per_measure = {name: -float(row["effect"]) for name, row in grouped.iterrows() if abs(row["effect"]) >= 0.5}
    return measures_sentence(domein, final, delivered, per_measure, float(grouped["uitvoeringskosten"].sum()))


def remains_sentence(domein: str, final: int, gap: float, probability: float | None) -> str:
    """'Voor Wmo en jeugd samen blijft in 2029 een tekort van € 3,9 mln ten opzichte van de begroting; ...'."""
    if abs(gap) < 0.5:
        text = f"Voor {DOMAIN_NAMES[domein]} sluit de begroting in {final} precies"
    else:
        kind = "tekort" if gap > 0 else "overschot"
        text = (f"Voor {DOMAIN_NAMES[domein]} blijft in {final} een {kind} van {amount(abs(gap))} ten opzichte "
                "van de begroting")
    if probability is not None and pd.notna(probability):
        text += f"; dat de uitgaven de begroting overschrijden is {chance(float(probability))}"
    return text + "."


def what_remains(comparison: BudgetComparison, final: int, domein: str = TOTAL) -> str:
    t = comparison.years.index(final)
    budget = comparison.begroting(domein)[t]
    if pd.isna(budget):
        return f"Voor {DOMAIN_NAMES[domein]} is voor {final} geen begroting ingelezen om mee te vergelijken."
    return remains_sentence(domein, final, float(comparison.gap(domein)[t]),
                            comparison.probability_over(domein)[t])


def session_steps(baseline: Baseline, comparison: BudgetComparison, effects: pd.DataFrame) -> list[dict]:
    """The four steps of a council session with their sentences (per domein and in total)."""
    final = baseline.years[-1]
    domains = [d for d in ("Wmo", "Jeugd") if d in set(baseline.domains)]
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
