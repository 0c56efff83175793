"""The scenario against the budget: long output with scenario and budget rows, the gap, the taakstelling."""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.baseline import OUTPUT_COLUMNS, Baseline, forecast_rows, sort_output
from forecasting.budgetgap import budget_gap, budget_long
from forecasting.dataset import Dataset
from scenarios.apply import ScenarioResult
from scenarios.measures import Scenario

SCENARIO = "scenario"
BUDGET = "begroting"


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
    return budget_gap(dataset, baseline, result.cost, result.draws)


def taakstelling_frame(scenario: Scenario, baseline: Baseline, result: ScenarioResult) -> pd.DataFrame:
    """Per forecast year: the savings target, what the measures deliver net of implementation costs, what remains."""
    delivered = baseline.point_cost.sum(axis=0) - result.cost.sum(axis=0)
    rows = []
    for t, year in enumerate(baseline.years):
        target = scenario.taakstelling.get(year, 0.0)
        rows.append({"jaar": year, "taakstelling": target, "opbrengst_maatregelen": delivered[t],
                     "resterend": target - delivered[t]})
    return pd.DataFrame(rows)
