"""The prognosis against the budget (meerjarenbegroting): per year, domein and voorziening.

Used for the baseline alone (the forecasting command) and for a scenario (scenarios/budget.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.baseline import TOTAL, Baseline
from forecasting.dataset import Dataset
from forecasting.formatting import nv


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


def budget_gap(dataset: Dataset, baseline: Baseline, cost: np.ndarray, draws: np.ndarray | None) -> pd.DataFrame:
    """basisprognose, scenario (`cost`), begroting, verschil (scenario - begroting), N/V and the probability
    that spending exceeds the budget (share of `draws` above it), per year, voorziening, domein and in total."""
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
        scen = cost[mask].sum(axis=0)
        chance = np.full(len(baseline.years), np.nan)
        if draws is not None:
            spending = draws[:, mask, :].sum(axis=1)  # [draw, year]
            chance = np.where(np.isnan(amounts), np.nan, (spending > amounts[None, :]).mean(axis=0))
        frames.append(pd.DataFrame({
            "jaar": baseline.years, "domein": domein, "voorziening": voorziening, "basisprognose": base,
            "scenario": scen, "begroting": amounts, "verschil": scen - amounts,
            "nv": [nv(x) for x in scen - amounts], "kans_overschrijding": chance,
        }))
    return pd.concat(frames, ignore_index=True)
