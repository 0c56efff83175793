"""A projection against the budget (meerjarenbegroting): the gap per year, N/V, the chance of overspending.

For a selection s (one voorziening, a domein, or everything) and forecast year t:
    verschil[s, t]  = scenario[s, t] - begroting[s, t]       positive = N (nadelig), negative = V (voordelig)
    kans[s, t]      = share of the scenario's simulated paths whose cost exceeds begroting[s, t]
    opbrengst[t]    = basisprognose total[t] - scenario total[t]  (what the measures deliver, after their costs)
    resterend[t]    = taakstelling[t] - opbrengst[t]

The budget itself is a projection of budget lines (a line per voorziening, or per domein as a whole), so its
totals follow the one rule of forecasting/model/projection.py: a domein's budget sums its lines, and an overall
budget exists only in years where every domein with a budget has one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forecasting.input.dataset import Dataset
from forecasting.model.projection import TOTAL, Projection


@dataclass(frozen=True, eq=False)
class Budget:
    """The budget as a projection of budget lines; `detail` names the lines that are one voorziening."""

    lines: Projection
    detail: frozenset[str]

    def amounts(self, years, domein: str | None = None, voorziening: str | None = None) -> np.ndarray:
        """[T] the budget of a selection in `years`; NaN where there is none."""
        if voorziening is not None and voorziening != TOTAL:
            if voorziening not in self.detail:
                return np.full(len(years), np.nan)
            values = self.lines.point(voorziening=voorziening)
        elif domein not in (None, TOTAL) and domein not in self.lines.domains:
            return np.full(len(years), np.nan)
        else:
            values = self.lines.total(domein)
        by_year = dict(zip(self.lines.years, values))
        return np.array([by_year.get(year, np.nan) for year in years], dtype=float)

    @property
    def empty(self) -> bool:
        return not self.lines.voorzieningen


def domain_line(domein: str) -> str:
    """The name of a budget line that covers a whole domein."""
    return f"{domein} (hele domein)"


def budget_of(dataset: Dataset) -> Budget:
    """Budget lines from the begroting table: one per voorziening named, one per domein without voorziening."""
    table = dataset.begroting
    if table.empty:
        empty = np.zeros((0, 0))
        return Budget(Projection((), (), (), empty, empty), frozenset())
    years = tuple(sorted(int(y) for y in table["jaar"].unique()))
    keys = list(dict.fromkeys(
        (d, v if isinstance(v, str) else None) for d, v in zip(table["domein"], table["voorziening"])))
    names = tuple(v if v is not None else domain_line(d) for d, v in keys)
    amounts = np.full((len(keys), len(years)), np.nan)
    for jaar, domein, voorziening, bedrag in zip(table["jaar"], table["domein"], table["voorziening"],
                                                 table["bedrag"]):
        line = keys.index((domein, voorziening if isinstance(voorziening, str) else None))
        column = years.index(int(jaar))
        amounts[line, column] = bedrag if np.isnan(amounts[line, column]) else amounts[line, column] + bedrag
    gemeenten, own_names = _region_rows(dataset, names)
    lines = Projection(names, tuple(d for d, _ in keys), years, amounts, np.full(amounts.shape, np.nan),
                       gemeenten=gemeenten, names=own_names)
    return Budget(lines, frozenset(v for _, v in keys if v is not None))


def _region_rows(dataset: Dataset, lines: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A region's budget lines: the gemeente and own name of each line of a voorziening (a domein's line is the
    region's: no gemeente); ((), ()) for a single gemeente."""
    gemeenten, names = dataset.row_gemeenten(), dataset.row_names()
    if not gemeenten:
        return (), ()
    rows = dict(zip(dataset.voorzieningen["voorziening"], zip(gemeenten, names)))
    keys = [rows.get(line, ("", line)) for line in lines]
    return tuple(g for g, _ in keys), tuple(n for _, n in keys)


@dataclass(frozen=True, eq=False)
class BudgetComparison:
    """A scenario (or the baseline alone) against the budget, for every selection and forecast year."""

    baseline: Projection
    scenario: Projection
    budget: Budget

    @property
    def years(self) -> list[int]:
        return list(self.scenario.years)

    def budgeted(self, domein: str | None = None, voorziening: str | None = None) -> np.ndarray:
        """[T] the budget (begroting) of a selection; NaN in years without one."""
        return self.budget.amounts(self.years, domein, voorziening)

    def gap(self, domein: str | None = None, voorziening: str | None = None) -> np.ndarray:
        """[T] scenario minus budget: positive is a shortfall (N), negative a surplus (V); NaN without budget."""
        return self.scenario.point(domein, voorziening) - self.budgeted(domein, voorziening)

    def probability_over(self, domein: str | None = None, voorziening: str | None = None) -> np.ndarray:
        """[T] the chance that spending exceeds the budget."""
        return self.scenario.probability_above(self.budgeted(domein, voorziening), domein, voorziening)

    def delivered(self) -> np.ndarray:
        """[T] what the measures deliver in total, after their implementation costs."""
        return self.baseline.total() - self.scenario.total()

    def remaining(self, taakstelling: dict[int, float]) -> np.ndarray:
        """[T] the part of the savings target that the measures do not deliver."""
        return np.array([taakstelling.get(year, 0.0) for year in self.years]) - self.delivered()


def compare(baseline: Projection, scenario: Projection, dataset: Dataset) -> BudgetComparison:
    return BudgetComparison(baseline, scenario, budget_of(dataset))
