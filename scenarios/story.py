"""Plain-language Dutch sentences generated from the numbers, for the Sessie screen and the raad report."""

from __future__ import annotations

import pandas as pd

from forecasting.baseline import TOTAL, Baseline
from forecasting.formatting import euro, euro_short, nv, pct

DOMAIN_WORDS = {"Wmo": "Wmo-kosten", "Jeugd": "jeugdkosten", TOTAL: "kosten van Wmo en jeugd samen"}


def amount(value: float) -> str:
    """Amounts for sentences: '€ 3,1 mln', or rounded to thousands below a million ('€ 854.000')."""
    return euro_short(value) if abs(value) >= 1e6 else euro(round(value, -3))


def _total(output: pd.DataFrame, reeks: str, domein: str, year: int) -> float:
    rows = output.loc[(output["reeks"] == reeks) & (output["domein"] == domein) & (output["voorziening"] == TOTAL)
                      & (output["jaar"] == year), "bedrag"]
    return float(rows.iloc[0]) if len(rows) else float("nan")


def where_we_stand(baseline: Baseline, domein: str = TOTAL) -> str:
    out = baseline.output
    last = baseline.last_year
    now = _total(out, "realisatie", domein, last)
    first_year = int(out.loc[out["reeks"] == "realisatie", "jaar"].min())
    then = _total(out, "realisatie", domein, first_year)
    growth = (now / then) ** (1 / max(last - first_year, 1)) - 1
    return (f"In {last} waren de {DOMAIN_WORDS[domein]} {amount(now)}; sinds {first_year} stegen ze gemiddeld "
            f"{pct(growth)} per jaar.")


def without_measures(baseline: Baseline, domein: str = TOTAL) -> str:
    """'Zonder maatregelen stijgen de Wmo-kosten tot 2029 met € 2,1 mln, waarvan € 1,2 mln door vergrijzing.'"""
    out, growth = baseline.output, baseline.growth
    final = baseline.years[-1]
    change = _total(out, "basisprognose", domein, final) - _total(out, "realisatie", domein, baseline.last_year)
    parts = growth.loc[(growth["jaar"] == final) & (growth["domein"] == domein) & (growth["voorziening"] == TOTAL)]
    parts = parts.set_index("factor")["bedrag"]
    verb = "stijgen" if change >= 0 else "dalen"
    words = {"demografie": "bevolkingsontwikkeling (vooral vergrijzing)" if domein != "Jeugd" else
             "bevolkingsontwikkeling", "gebruik": "meer gebruik per inwoner", "kosten_per_client":
             "duurdere zorg per cliënt", "indexatie": "loon- en prijsstijgingen (indexatie)"}
    biggest = parts.abs().sort_values(ascending=False).index[:2] if len(parts) else []
    detail = " en ".join(f"{amount(parts[f])} door {words[f]}" for f in biggest)
    return (f"Zonder maatregelen {verb} de {DOMAIN_WORDS[domein]} tot {final} met {amount(abs(change))}"
            + (f", waarvan {detail}." if detail else "."))


def what_measures_do(comparison: pd.DataFrame, effects: pd.DataFrame, final: int, domein: str = TOTAL) -> str:
    rows = comparison.loc[(comparison["domein"] == domein) & (comparison["voorziening"] == TOTAL)
                          & (comparison["jaar"] == final)]
    if rows.empty:
        return ""
    delivered = float(rows["basisprognose"].iloc[0] - rows["scenario"].iloc[0])
    if effects.empty or abs(delivered) < 1:
        return f"Dit scenario bevat geen maatregelen die in {final} iets opleveren."
    at_final = effects.loc[effects["jaar"] == final]
    if domein != TOTAL:
        at_final = at_final.loc[at_final["domein"] == domein]
    per_measure = at_final.groupby("maatregel")["effect"].sum().sort_values()
    best = per_measure.index[0]
    return (f"De maatregelen verlagen de kosten in {final} met {amount(delivered)} (na uitvoeringskosten); "
            f"het meeste levert '{best}' op: {amount(-per_measure.iloc[0])}.")


def what_remains(comparison: pd.DataFrame, final: int, domein: str = TOTAL) -> str:
    rows = comparison.loc[(comparison["domein"] == domein) & (comparison["voorziening"] == TOTAL)
                          & (comparison["jaar"] == final)]
    if rows.empty or pd.isna(rows["begroting"].iloc[0]):
        return f"Voor {final} is geen begroting ingelezen om mee te vergelijken."
    row = rows.iloc[0]
    gap = float(row["verschil"])
    chance = row["kans_overschrijding"]
    state = "tekort" if gap > 0 else "overschot"
    text = f"Ten opzichte van de begroting blijft in {final} een {state} van {nv(gap)}"
    if pd.notna(chance):
        text += f"; de kans dat de uitgaven de begroting overschrijden is {pct(chance, 0)}"
    return text + "."


def session_steps(baseline: Baseline, comparison: pd.DataFrame, effects: pd.DataFrame) -> list[dict]:
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
    """A frozen record of a session: the scenario, the settings and every number shown, to replay later."""
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
