"""The budget (meerjarenbegroting) in the long format, with totals per domein and overall."""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.baseline import OUTPUT_COLUMNS, TOTAL, Baseline, forecast_rows, sort_output
from forecasting.dataset import Dataset
from forecasting.formatting import nv
from scenarios.apply import ScenarioResult
from scenarios.measures import Scenario

SCENARIO = "scenario"
BUDGET = "begroting"


def budget_long(dataset: Dataset) -> pd.DataFrame:
    """Columns jaar, domein, voorziening, bedrag: per voorziening where given, Totaal per domein and overall."""
    table = dataset.begroting
    columns = ["jaar", "domein", "voorziening", "bedrag"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    detail = table.loc[table["voorziening"].notna(), columns]
    per_domain = table.groupby(["jaar", "domein"], as_index=False)["bedrag"].sum().assign(voorziening=TOTAL)
    overall = per_domain.groupby("jaar", as_index=False)["bedrag"].sum().assign(domein=TOTAL, voorziening=TOTAL)
    # an overall total only where every domein with a budget has one that year
    domains = table["domein"].nunique()
    complete = per_domain.groupby("jaar")["domein"].nunique() == domains
    overall = overall.loc[overall["jaar"].map(complete)]
    return pd.concat([detail, per_domain[columns], overall[columns]], ignore_index=True)


def scenario_output(dataset: Dataset, baseline: Baseline, result: ScenarioResult) -> pd.DataFrame:
    """The long output with reeks realisatie, basisprognose, scenario and begroting."""
    scenario_rows = pd.DataFrame(
        forecast_rows(baseline, result.cost, result.draws if result.draws is not None else result.cost[None],
                      result.clients, SCENARIO),
        columns=OUTPUT_COLUMNS,
    )
    budget = budget_long(dataset).assign(reeks=BUDGET, clienten=np.nan, ondergrens=np.nan, bovengrens=np.nan)
    frame = pd.concat([baseline.output, scenario_rows, budget[OUTPUT_COLUMNS]], ignore_index=True)
    frame["jaar"] = frame["jaar"].astype(int)
    return sort_output(frame)


def comparison(dataset: Dataset, baseline: Baseline, result: ScenarioResult) -> pd.DataFrame:
    """Per year, domein and voorziening: basisprognose, scenario, begroting, verschil (scenario - begroting),
    N/V and the probability that spending exceeds the budget (from the scenario's simulated draws)."""
    budget = budget_long(dataset)
    lookup = {(int(j), d, v): float(a) for j, d, v, a in
              zip(budget["jaar"], budget["domein"], budget["voorziening"], budget["bedrag"])}
    domains = np.array(baseline.domains)
    names = np.array(baseline.voorzieningen)
    groups = [(d, v, names == v) for d, v in zip(baseline.domains, baseline.voorzieningen)]
    groups += [(d, TOTAL, domains == d) for d in dict.fromkeys(baseline.domains)]
    groups += [(TOTAL, TOTAL, np.ones(len(domains), dtype=bool))]
    frames = []
    for domein, voorziening, mask in groups:
        amounts = np.array([lookup.get((year, domein, voorziening), np.nan) for year in baseline.years])
        base = baseline.point_cost[mask].sum(axis=0)
        scen = result.cost[mask].sum(axis=0)
        chance = np.full(len(baseline.years), np.nan)
        if result.draws is not None:
            spending = result.draws[:, mask, :].sum(axis=1)  # [draw, year]
            chance = np.where(np.isnan(amounts), np.nan, (spending > amounts[None, :]).mean(axis=0))
        frames.append(pd.DataFrame({
            "jaar": baseline.years, "domein": domein, "voorziening": voorziening, "basisprognose": base,
            "scenario": scen, "begroting": amounts, "verschil": scen - amounts,
            "nv": [nv(x) for x in scen - amounts], "kans_overschrijding": chance,
        }))
    return pd.concat(frames, ignore_index=True)


def taakstelling_frame(scenario: Scenario, baseline: Baseline, result: ScenarioResult) -> pd.DataFrame:
    """Per forecast year: the savings target, what the measures deliver net of implementation costs, what remains."""
    delivered = baseline.point_cost.sum(axis=0) - result.cost.sum(axis=0)
    rows = []
    for t, year in enumerate(baseline.years):
        target = scenario.taakstelling.get(year, 0.0)
        rows.append({"jaar": year, "taakstelling": target, "opbrengst_maatregelen": delivered[t],
                     "resterend": target - delivered[t]})
    return pd.DataFrame(rows)
