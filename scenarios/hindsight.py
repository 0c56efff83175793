"""Terugblik: how far the gemeente's own past budgets were off, next to what Grip would have forecast then.

For every past year t (t at or before the last realised year) with a budget and a realisation, per domein and
in total:
    begroting[t]       the budget of t: the begroting table's lines of the domein summed (scenarios/budget.py); the
                       total only when every domein with a realisation has a budget for t
    realisatie[t]      the realised cost of t
    fout_begroting[t]  = (begroting[t] - realisatie[t]) / realisatie[t]     negative: the budget was too low
    grip[t]            the baseline (forecasting/model/baseline.py, the user's model choice, `auto`) fitted on
                       the realisations up to t-2 only (the accounts known in the autumn of t-1, when the budget
                       for t is made), horizon 2: its point forecast for t
    fout_grip[t]       = (grip[t] - realisatie[t]) / realisatie[t]

Grip's forecast for t needs at least MIN_HISTORY realised years up to t-2 (else it is left empty). Population and
indexation are taken from the data as they are now (the population of t as counted, the indexation table), so
Grip knew the population and the prices of t slightly better than the budget maker did; the realisations are
strictly those up to t-2.

Summary per domein and in total, over the last (up to) SUMMARY_YEARS years that have both errors:
    gemiddelde_fout_begroting = mean of fout_begroting over those years (signed: negative = too low on average)
    gemiddelde_fout_grip      = mean of fout_grip over the same years
    and the same means of the absolute errors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from forecasting.input.dataset import Dataset
from forecasting.model.baseline import build_baseline, realised
from forecasting.model.projection import TOTAL
from scenarios.budget import budget_of

MIN_HISTORY = 3  # realised years up to t-2 that Grip needs for a forecast of t
SUMMARY_YEARS = 5  # the summary looks back this many years (the last ones with both errors)
LEAD = 2  # the budget for t is made when the accounts of t-2 are the last known realisation
ROW_COLUMNS = ["jaar", "domein", "begroting", "realisatie", "grip", "fout_begroting", "fout_grip"]
SUMMARY_COLUMNS = ["domein", "jaren", "gemiddelde_fout_begroting", "gemiddelde_fout_grip",
                   "gemiddelde_absolute_fout_begroting", "gemiddelde_absolute_fout_grip"]


@dataclass(frozen=True, eq=False)
class Hindsight:
    """`rows`: one per past year and domein (and Totaal) with a budget and a realisation (ROW_COLUMNS);
    `summary`: one per domein (and Totaal) with at least one year that has both errors (SUMMARY_COLUMNS;
    `jaren` is the tuple of years averaged)."""

    rows: pd.DataFrame
    summary: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.rows.empty


def past_budget_years(dataset: Dataset) -> list[int]:
    """The budget years at or before the last realised year."""
    return sorted({int(y) for y in dataset.begroting["jaar"].dropna() if int(y) <= dataset.last_year})


def known_at_budget_time(dataset: Dataset, year: int) -> Dataset:
    """The dataset with only the realisations known when the budget for `year` was made (up to year - LEAD)."""
    known = dataset.realisatie.loc[dataset.realisatie["jaar"] <= year - LEAD].reset_index(drop=True)
    return replace(dataset, realisatie=known, warnings=[])


def grip_forecasts(dataset: Dataset, years, model: str = "auto", models: dict[str, str] | None = None,
                   excluded_years: tuple[int, ...] = (), continuation_pct: float | None = None
                   ) -> dict[int, dict[str, float]]:
    """{year: {domein or Totaal: Grip's point forecast for that year, made LEAD years ahead}}; years for which
    Grip has too little history, or a voorziening has no realised year yet, are left out."""
    out: dict[int, dict[str, float]] = {}
    for year in years:
        known = known_at_budget_time(dataset, year)
        if known.realisatie.empty or known.realisatie["jaar"].nunique() < MIN_HISTORY:
            continue
        named = set(known.realisatie["voorziening"])
        if any(v not in named for v in known.voorzieningen["voorziening"]):
            continue  # a voorziening that had not started yet: Grip could not have forecast it
        excluded = tuple(y for y in excluded_years if y <= year - LEAD)
        try:
            fitted = build_baseline(known, LEAD, model, excluded, continuation_pct=continuation_pct,
                                    models=models)
        except (ValueError, KeyError):  # too few usable years after exclusions, population not reaching t
            continue
        t = fitted.projection.year_index(year)
        projection = fitted.projection
        out[year] = {**{d: float(projection.total(d)[t]) for d in projection.domain_names},
                     TOTAL: float(projection.total()[t])}
    return out


def _error(amount: float, actual: float) -> float:
    return (amount - actual) / actual if np.isfinite(amount) and np.isfinite(actual) and actual > 0 else np.nan


def hindsight_rows(budgets: dict[int, dict[str, float]], actuals: dict[int, dict[str, float]],
                   forecasts: dict[int, dict[str, float]]) -> pd.DataFrame:
    """The per-year rows from plain numbers: {year: {domein or Totaal: amount}} for the budget, the realisation and
    Grip's forecast (a missing forecast is NaN). Only years and selections with a budget and a realisation."""
    records = []
    for year in sorted(budgets):
        for selection, budget in budgets[year].items():
            actual = actuals.get(year, {}).get(selection, np.nan)
            if not (np.isfinite(budget) and np.isfinite(actual)):
                continue
            grip = forecasts.get(year, {}).get(selection, np.nan)
            records.append((year, selection, budget, actual, grip, _error(budget, actual), _error(grip, actual)))
    return pd.DataFrame(records, columns=ROW_COLUMNS).astype(
        {"jaar": int, "begroting": float, "realisatie": float, "grip": float, "fout_begroting": float,
         "fout_grip": float})


def summarise(rows: pd.DataFrame, last: int = SUMMARY_YEARS) -> pd.DataFrame:
    """Per domein (and Totaal): the mean signed and absolute errors of the budget and of Grip over the last
    (up to) `last` years that have both errors."""
    records = []
    for selection in dict.fromkeys(rows["domein"]):
        own = rows.loc[(rows["domein"] == selection) & rows["fout_begroting"].notna() & rows["fout_grip"].notna()]
        own = own.sort_values("jaar").tail(last)
        if own.empty:
            continue
        records.append((selection, tuple(int(y) for y in own["jaar"]), own["fout_begroting"].mean(),
                        own["fout_grip"].mean(), own["fout_begroting"].abs().mean(), own["fout_grip"].abs().mean()))
    return pd.DataFrame(records, columns=SUMMARY_COLUMNS)


def _budgets(dataset: Dataset, years: list[int]) -> dict[int, dict[str, float]]:
    budget = budget_of(dataset)
    domains = list(dict.fromkeys(dataset.voorzieningen["domein"]))
    out: dict[int, dict[str, float]] = {}
    for t, year in enumerate(years):
        own = {d: float(budget.amounts(years, d)[t]) for d in domains}
        own = {d: amount for d, amount in own.items() if np.isfinite(amount)}
        if len(own) == len(domains):  # a total only when every domein has a budget for the year
            own[TOTAL] = sum(own.values())
        out[year] = own
    return out


def _actuals(dataset: Dataset, years: list[int]) -> dict[int, dict[str, float]]:
    history = realised(dataset)
    out: dict[int, dict[str, float]] = {}
    for year in years:
        t = history.year_index(year)
        out[year] = {**{d: float(history.total(d)[t]) for d in history.domain_names}, TOTAL: float(history.total()[t])}
    return out


def hindsight(dataset: Dataset, model: str = "auto", models: dict[str, str] | None = None,
              excluded_years: tuple[int, ...] = (), continuation_pct: float | None = None,
              last: int = SUMMARY_YEARS) -> Hindsight:
    """The Terugblik of a dataset: empty when its begroting holds no year at or before the last realised year
    (budget years before the first realised year have nothing to compare with and are left out)."""
    years = [y for y in past_budget_years(dataset) if y >= dataset.first_year]
    if not years:
        return Hindsight(hindsight_rows({}, {}, {}), summarise(hindsight_rows({}, {}, {})))
    forecasts = grip_forecasts(dataset, years, model, models, excluded_years, continuation_pct)
    rows = hindsight_rows(_budgets(dataset, years), _actuals(dataset, years), forecasts)
    return Hindsight(rows, summarise(rows, last))
