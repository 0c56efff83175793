"""One shape for every multi-year cost projection: realisation, baseline, scenario, budget, growth parts.

For voorziening v (with its domein) and year t:
    cost[v, t]          point value in euros
    clients[v, t]       clients (NaN where not meaningful)
    draws[d, v, t]      simulated cost paths (None when the figures are certain)
    gemeenten[v]        for a region (forecasting/region/region_total.py): the gemeente of row v ("" for a row of the
                        region as a whole, such as a domein's budget line); empty for a single gemeente's rows
    names[v]            for a region: row v's own voorziening name, without its gemeente; empty when the row
                        names are the voorzieningen themselves

    total(domein)[t]    = sum of cost[v, t] over the voorzieningen v of that domein (NaN where none has a value)
    total()[t]          = sum of cost[v, t] over all voorzieningen (NaN when any domein has no value that year)
    band(level)[t]      = the (1 - level) / 2 and (1 + level) / 2 percentiles of the draws of that selection,
                          summed over its voorzieningen draw by draw (never a sum of bounds)

Totals per domein and overall are computed here and nowhere else; long frames with `Totaal` rows
are built from these at the edges (presentation/tables.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

TOTAL = "Totaal"


def _tail(level: float) -> float:
    """The lower percentile of a central band: 10 for 80% (rounded, so 0.8 gives exactly 10, not 9.999...)."""
    return round((1 - level) / 2 * 100, 9)


@dataclass(frozen=True, eq=False)
class Projection:
    voorzieningen: tuple[str, ...]
    domains: tuple[str, ...]  # domein of each voorziening, same order
    years: tuple[int, ...]
    cost: np.ndarray  # [V, T]
    clients: np.ndarray  # [V, T]
    draws: np.ndarray | None = None  # [D, V, T]
    gemeenten: tuple[str, ...] = ()  # a region's rows: gemeente of each voorziening, same order
    names: tuple[str, ...] = ()  # a region's rows: each voorziening's own name, same order

    def __post_init__(self) -> None:
        shape = (len(self.voorzieningen), len(self.years))
        for field, given in (("gemeenten", self.gemeenten), ("names", self.names)):
            if given and len(given) != shape[0]:
                raise ValueError(f"{field} must have {shape[0]} entries, got {len(given)}")
        if self.cost.shape != shape or self.clients.shape != shape:
            raise ValueError(f"projection arrays must be {shape}, got {self.cost.shape} and {self.clients.shape}")
        if self.draws is not None and self.draws.shape[1:] != shape:
            raise ValueError(f"draws must be [D, {shape[0]}, {shape[1]}], got {self.draws.shape}")

    @property
    def domain_names(self) -> list[str]:
        """The domeinen in order of first appearance."""
        return list(dict.fromkeys(self.domains))

    @property
    def row_gemeenten(self) -> tuple[str, ...]:
        """The gemeente of every row: "" for a single gemeente's rows and a region's rows of the whole region."""
        return self.gemeenten or ("",) * len(self.voorzieningen)

    @property
    def base_names(self) -> tuple[str, ...]:
        """Every row's own voorziening name (a region's rows without their gemeente)."""
        return self.names or self.voorzieningen

    @property
    def region_gemeenten(self) -> list[str]:
        """The gemeenten of a region's rows in order of first appearance; empty for a single gemeente."""
        return [g for g in dict.fromkeys(self.row_gemeenten) if g]

    def of_gemeente(self, gemeente: str) -> Projection:
        """The rows of one gemeente of a region: its totals are that gemeente's totals."""
        return self.subset([g == gemeente for g in self.row_gemeenten])

    def mask(self, domein: str | None = None, voorziening: str | None = None) -> np.ndarray:
        """Which voorzieningen a selection holds: one voorziening, one domein, or all (both None)."""
        if voorziening is not None and voorziening != TOTAL:
            return np.array([v == voorziening for v in self.voorzieningen])
        if domein is None or domein == TOTAL:
            return np.ones(len(self.voorzieningen), dtype=bool)
        return np.array([d == domein for d in self.domains])

    def subset(self, keep) -> Projection:
        """Only the voorzieningen where `keep` is true (one gemeente of a region, for example): totals and bands
        of the result cover those rows alone."""
        keep = np.asarray(keep, dtype=bool)

        def kept(values: tuple) -> tuple:
            return tuple(x for x, k in zip(values, keep) if k)

        return Projection(kept(self.voorzieningen), kept(self.domains), self.years, self.cost[keep],
                          self.clients[keep], None if self.draws is None else self.draws[:, keep, :],
                          kept(self.gemeenten), kept(self.names))

    def total(self, domein: str | None = None) -> np.ndarray:
        """[T] the summed cost of a domein, or of everything when `domein` is None or `Totaal`."""
        if not self.voorzieningen:
            return np.full(len(self.years), np.nan)
        selected = self.cost[self.mask(domein)]
        present = ~np.isnan(selected)
        summed = np.where(present, selected, 0.0).sum(axis=0)
        if domein is None or domein == TOTAL:
            every_domain = np.array([~np.isnan(self.total(d)) for d in self.domain_names]).all(axis=0)
            return np.where(every_domain & present.any(axis=0), summed, np.nan)
        return np.where(present.any(axis=0), summed, np.nan)

    def point(self, domein: str | None = None, voorziening: str | None = None) -> np.ndarray:
        """[T] cost of one voorziening, or the total of a domein or of everything."""
        if voorziening is not None and voorziening != TOTAL:
            return self.cost[self.index(voorziening)]
        return self.total(domein)

    def clients_of(self, voorziening: str) -> np.ndarray:
        return self.clients[self.index(voorziening)]

    def total_draws(self, domein: str | None = None, voorziening: str | None = None) -> np.ndarray | None:
        """[D, T] the draws of a selection summed over its voorzieningen, draw by draw."""
        if self.draws is None:
            return None
        return self.draws[:, self.mask(domein, voorziening), :].sum(axis=1)

    def band(self, level: float = 0.8, domein: str | None = None, voorziening: str | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
        """([T], [T]) lower and upper bound of the central `level` band; NaN when there are no draws."""
        draws = self.total_draws(domein, voorziening)
        if draws is None:
            empty = np.full(len(self.years), np.nan)
            return empty, empty.copy()
        tail = _tail(level)
        return np.percentile(draws, tail, axis=0), np.percentile(draws, 100 - tail, axis=0)

    def voorziening_bands(self, level: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
        """([V, T], [V, T]) the band of every voorziening on its own."""
        if self.draws is None:
            empty = np.full(self.cost.shape, np.nan)
            return empty, empty.copy()
        tail = _tail(level)
        return np.percentile(self.draws, tail, axis=0), np.percentile(self.draws, 100 - tail, axis=0)

    def probability_above(self, amounts: np.ndarray, domein: str | None = None, voorziening: str | None = None
                          ) -> np.ndarray:
        """[T] share of draws whose cost exceeds `amounts` ([T]); NaN where the amount or the draws are missing."""
        draws = self.total_draws(domein, voorziening)
        if draws is None:
            return np.full(len(self.years), np.nan)
        return np.where(np.isnan(amounts), np.nan, (draws > amounts[None, :]).mean(axis=0))

    def selections(self) -> list[tuple[str, str]]:
        """(domein, voorziening) of every voorziening, then (domein, Totaal) per domein, then (Totaal, Totaal)."""
        return ([(d, v) for d, v in zip(self.domains, self.voorzieningen)]
                + [(d, TOTAL) for d in self.domain_names] + [(TOTAL, TOTAL)])

    def index(self, voorziening: str) -> int:
        return self.voorzieningen.index(voorziening)

    def year_index(self, year: int) -> int:
        return self.years.index(year)

    def with_cost(self, cost: np.ndarray, clients: np.ndarray | None = None, draws: np.ndarray | None = None
                  ) -> Projection:
        """The same voorzieningen and years with other values (a scenario on a baseline)."""
        return replace(self, cost=cost, clients=self.clients if clients is None else clients, draws=draws)

    def in_years(self, years: tuple[int, ...], cost: np.ndarray, clients: np.ndarray,
                 draws: np.ndarray | None = None) -> Projection:
        """The same voorzieningen (and gemeenten) with values for other years (a year-end, for example)."""
        return replace(self, years=years, cost=cost, clients=clients, draws=draws)
