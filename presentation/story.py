"""Plain-language Dutch sentences generated from the numbers, for the Sessie screen and the raad report."""

from __future__ import annotations

import pandas as pd

from forecasting.baseline import Baseline
from forecasting.indexation import CONTINUED
from forecasting.projection import TOTAL
from presentation.formatting import euro, euro_short, nv, pct
from scenarios.budget import BudgetComparison

DOMAIN_WORDS = {"Wmo": "Wmo-kosten", "Jeugd": "jeugdkosten", TOTAL: "kosten van Wmo en jeugd samen"}


def amount(value: float) -> str:
    """Amounts for sentences: '€ 3,1 mln', or rounded to thousands below a million ('€ 854.000')."""
    return euro_short(value) if abs(value) >= 1e6 else euro(round(value, -3))


def indexation_assumption(indexation: pd.DataFrame) -> str:
    """'vanaf 2028 3,5% per jaar (laatst bekende percentage loopt door)', or that every year was given."""
    assumed = indexation.loc[indexation["bron"] == CONTINUED]
    if assumed.empty:
        return "voor alle jaren opgegeven"
    return (f"vanaf {int(assumed['jaar'].min())} {pct(assumed['percentage'].iloc[0] / 100)} per jaar (laatst "
            "bekende percentage loopt door)")


def model_summary(choices: pd.DataFrame) -> str:
    """'Gelijk aan laatste jaar (10×), Lineaire trend (8×)': how often each model is used."""
    models = choices["model_label"].value_counts()
    return ", ".join(f"{name} ({count}×)" for name, count in models.items())


def where_we_stand(baseline: Baseline, domein: str = TOTAL) -> str:
    history = baseline.history
    totals = history.total(domein)
    first_year, last = history.years[0], baseline.last_year
    now, then = float(totals[history.year_index(last)]), float(totals[0])
    growth = (now / then) ** (1 / max(last - first_year, 1)) - 1
    return (f"In {last} waren de {DOMAIN_WORDS[domein]} {amount(now)}; sinds {first_year} stegen ze gemiddeld "
            f"{pct(growth)} per jaar.")


def without_measures(baseline: Baseline, domein: str = TOTAL) -> str:
    """'Zonder maatregelen stijgen de Wmo-kosten tot 2029 met € 2,1 mln, waarvan € 1,2 mln door vergrijzing.'"""
    final = baseline.years[-1]
    history = baseline.history
    change = (float(baseline.projection.total(domein)[-1])
              - float(history.total(domein)[history.year_index(baseline.last_year)]))
    parts = {factor: float(part.total(domein)[-1]) for factor, part in baseline.growth.items()}
    verb = "stijgen" if change >= 0 else "dalen"
    words = {"demografie": "bevolkingsontwikkeling (vooral vergrijzing)" if domein != "Jeugd" else
             "bevolkingsontwikkeling", "gebruik": "meer gebruik per inwoner", "kosten_per_client":
             "duurdere zorg per cliënt", "indexatie": "loon- en prijsstijgingen (indexatie)"}
    biggest = sorted(parts, key=lambda f: abs(parts[f]), reverse=True)[:2]
    detail = " en ".join(f"{amount(parts[f])} door {words[f]}" for f in biggest)
    return (f"Zonder maatregelen {verb} de {DOMAIN_WORDS[domein]} tot {final} met {amount(abs(change))}"
            + (f", waarvan {detail}." if detail else "."))


def what_measures_do(comparison: BudgetComparison, effects: pd.DataFrame, final: int, domein: str = TOTAL) -> str:
    if domein != TOTAL and domein not in comparison.scenario.domains:
        return ""
    t = comparison.years.index(final)
    delivered = float(comparison.baseline.point(domein)[t] - comparison.scenario.point(domein)[t])
    if effects.empty or abs(delivered) < 1:
        return f"Dit scenario bevat geen maatregelen die in {final} iets opleveren."
    at_final = effects.loc[effects["jaar"] == final]
    if domein != TOTAL:
        at_final = at_final.loc[at_final["domein"] == domein]
    per_measure = at_final.groupby("maatregel")["effect"].sum().sort_values()
    best = per_measure.index[0]
    return (f"De maatregelen verlagen de kosten in {final} met {amount(delivered)} (na uitvoeringskosten); "
            f"het meeste levert '{best}' op: {amount(-per_measure.iloc[0])}.")


def what_remains(comparison: BudgetComparison, final: int, domein: str = TOTAL) -> str:
    t = comparison.years.index(final)
    budget = comparison.begroting(domein)[t]
    if pd.isna(budget):
        return f"Voor {final} is geen begroting ingelezen om mee te vergelijken."
    gap = float(comparison.gap(domein)[t])
    chance = comparison.probability_over(domein)[t]
    state = "tekort" if gap > 0 else "overschot"
    text = f"Ten opzichte van de begroting blijft in {final} een {state} van {nv(gap)}"
    if pd.notna(chance):
        text += f"; de kans dat de uitgaven de begroting overschrijden is {pct(chance, 0)}"
    return text + "."


def session_steps(baseline: Baseline, comparison: BudgetComparison, effects: pd.DataFrame) -> list[dict]:
    """The four steps of a council session with their sentences (per domein and in total)."""
    final = baseline.years[-1]
    domains = [d for d in ("Wmo", "Jeugd") if d in set(baseline.domains)]
    return [
        {"titel": "Waar we staan", "zinnen": [where_we_stand(baseline, d) for d in [TOTAL, *domains]]},
        {"titel": "Waar het heen gaat zonder maatregelen, en waarom",
         "zinnen": [without_measures(baseline, d) for d in [TOTAL, *domains]]},
        {"titel": "Wat de maatregelen doen", "zinnen": [what_measures_do(comparison, effects, final)]},
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
