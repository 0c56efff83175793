"""Layer measures on the cached baseline: pure array arithmetic, no model is refitted.

For voorziening v and year t:
    share_m(t)    = 0 before startjaar, min(1, (t - startjaar + 1) / ingroei_jaren), 0 after eindjaar
    f_m(v, t)     = 1 + effect_pct / 100 * share_m(t)            (volume and prijs measures on v)
    scenario(v,t) = baseline(v,t) * prod_m f_m(v,t) + sum fixed amounts + sum implementation costs
    clients(v,t)  = baseline clients(v,t) * prod of the volume factors

Attribution (LMDI): the multiplicative change is split as L(C_mult, C) * ln f_m per measure, so
the effects add up exactly to the change whatever the order of the measures; fixed amounts count
as themselves. A fixed amount or implementation cost on a domein is spread over its voorzieningen
in proportion to their baseline cost that year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forecasting.model.baseline import Baseline
from forecasting.model.lmdi import log_mean
from forecasting.model.projection import Projection
from forecasting.region.region_total import in_selection
from scenarios.measures import Measure, Scenario

SEED = 20260101


def ramp_share(measure: Measure, years: np.ndarray) -> np.ndarray:
    """Share of the full effect per year."""
    years = np.asarray(years)
    share = np.clip((years - measure.startjaar + 1) / measure.ingroei_jaren, 0.0, 1.0)
    if measure.eindjaar is not None:
        share = np.where(years > measure.eindjaar, 0.0, share)
    return share


def active_years(measure: Measure, years: np.ndarray) -> np.ndarray:
    """1.0 in every year the measure runs (its implementation cost is paid), else 0.0."""
    years = np.asarray(years)
    end = measure.eindjaar if measure.eindjaar is not None else np.inf
    return ((years >= measure.startjaar) & (years <= end)).astype(float)


def target_mask(measure: Measure, names, domains, gemeenten=()) -> np.ndarray:
    """The rows a measure reaches: its voorziening (a row's own name) or domein, in its gemeente (or every
    gemeente) of a region's rows (Projection.names and .gemeenten; empty for a single gemeente)."""
    gemeenten = gemeenten or ("",) * len(names)
    return np.array([measure.doel in (name, d) and in_selection(measure.gemeente, gemeente)
                     for name, d, gemeente in zip(names, domains, gemeenten)])


def rows_reached(measure: Measure, projection: Projection) -> np.ndarray:
    """target_mask on a projection's own rows: their own names, domeinen and (for a region) gemeenten."""
    return target_mask(measure, projection.base_names, projection.domains, projection.row_gemeenten)


def spread_weights(mask: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """[V, T] weights that spread an amount over the targeted voorzieningen by baseline cost."""
    masked = np.where(mask[:, None], cost, 0.0)
    total = masked.sum(axis=0, keepdims=True)
    even = np.where(mask[:, None], 1.0 / max(mask.sum(), 1), 0.0) * np.ones_like(cost)
    return np.divide(masked, total, out=even, where=total > 0)


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """The scenario as a projection (cost with implementation costs included, clients, draws) and each
    active measure's effect."""

    naam: str
    projection: Projection
    effects: np.ndarray  # [M, V, T] effect on cost of each active measure (negative saves)
    implementation: np.ndarray  # [M, V, T] implementation cost of each active measure
    measures: list[Measure]

    @property
    def years(self) -> list[int]:
        return list(self.projection.years)


def apply_point(baseline_cost: np.ndarray, baseline_clients: np.ndarray, years, names, domains,
                measures: list[Measure], gemeenten=()) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The scenario on point values for rows of voorziening `names` (own names) in `domains` (and, for a
    region, `gemeenten`); returns cost, clients, effects [M,V,T], implementation [M,V,T]."""
    years = np.asarray(years)
    count = len(measures)
    log_factors = np.zeros((count,) + baseline_cost.shape)
    fixed = np.zeros_like(log_factors)
    implementation = np.zeros_like(log_factors)
    volume_log = np.zeros_like(baseline_cost)
    for i, measure in enumerate(measures):
        mask = target_mask(measure, names, domains, gemeenten)
        share = ramp_share(measure, years)
        weights = spread_weights(mask, baseline_cost)
        if measure.hefboom == "bedrag":
            fixed[i] = weights * measure.bedrag * share[None, :]
        else:
            log_f = np.log1p(measure.effect_pct / 100.0 * share)
            log_factors[i] = np.where(mask[:, None], log_f[None, :], 0.0)
            if measure.hefboom == "volume":
                volume_log += log_factors[i]
        if measure.kosten_per_jaar:
            implementation[i] = weights * measure.kosten_per_jaar * active_years(measure, years)[None, :]
    multiplied = baseline_cost * np.exp(log_factors.sum(axis=0))
    weight = log_mean(multiplied, baseline_cost)
    effects = weight[None, :, :] * log_factors + fixed
    cost = multiplied + fixed.sum(axis=0) + implementation.sum(axis=0)
    clients = baseline_clients * np.exp(volume_log)
    return cost, clients, effects, implementation


def apply_scenario(baseline: Baseline, scenario: Scenario, simulate: bool = True) -> ScenarioResult:
    measures = scenario.active
    base = baseline.projection
    cost, clients, effects, implementation = apply_point(
        base.cost, base.clients, base.years, base.base_names, base.domains, measures, base.row_gemeenten)
    draws = None
    if simulate:
        # fixed amounts and implementation costs are certain: the same in every draw as in the point values
        fixed = sum((effects[i] for i, m in enumerate(measures) if m.hefboom == "bedrag"), np.zeros_like(cost))
        draws = simulate_draws(base, measures, fixed + implementation.sum(axis=0))
    return ScenarioResult(scenario.naam, base.with_cost(cost, clients, draws), effects, implementation, measures)


def simulate_draws(baseline: Projection, measures: list[Measure], added: np.ndarray, seed: int = SEED
                   ) -> np.ndarray:
    """Scenario cost per baseline draw: uncertain effects drawn from a triangular distribution, then the
    certain amounts `added` ([V, T]: fixed amounts and implementation costs)."""
    rng = np.random.default_rng(seed)
    years = np.asarray(baseline.years)
    draws = baseline.draws
    log_f = np.zeros_like(draws)
    for measure in measures:
        if measure.hefboom == "bedrag":
            continue
        mask = rows_reached(measure, baseline)
        share = ramp_share(measure, years)
        if measure.uncertain and measure.effect_min_pct < measure.effect_max_pct:
            effect = rng.triangular(measure.effect_min_pct, measure.effect_pct, measure.effect_max_pct,
                                    size=draws.shape[0])
        else:
            effect = np.full(draws.shape[0], measure.effect_pct)
        factor = np.log1p(effect[:, None] / 100.0 * share[None, :])  # [D, T]
        log_f[:, mask, :] += factor[:, None, :]
    return draws * np.exp(log_f) + added[None, :, :]
