"""Long frames with `Totaal` rows, built from projections: the only shape that CSV, Excel, charts and tables see.

Every amount in these frames comes from a Projection (forecasting/model/projection.py) or a BudgetComparison
(scenarios/budget.py); nothing is summed here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.input.dataset import DOMAINS
from forecasting.model.baseline import FACTORS, Baseline
from forecasting.model.projection import TOTAL, Projection
from forecasting.region.region_total import label, split_label
from presentation.formatting import nv
from scenarios.apply import ScenarioResult, rows_reached
from scenarios.budget import Budget, BudgetComparison
from scenarios.measures import Scenario

REALISED = "realisatie"
BASELINE = "basisprognose"
SCENARIO = "scenario"
BUDGET = "begroting"
OUTPUT_COLUMNS = ["jaar", "domein", "voorziening", "reeks", "clienten", "bedrag", "ondergrens", "bovengrens"]
DOMAIN_ORDER = {**{d: i for i, d in enumerate(DOMAINS)}, TOTAL: 9}  # the order of every long frame and table


def sort_output(frame: pd.DataFrame) -> pd.DataFrame:
    """Wmo, Jeugd, then the overall total; within a domein its voorzieningen, then its total. For a region: per
    gemeente its voorzieningen and then its total, and the region's total last."""
    parts = frame["voorziening"].map(split_label)
    return (
        frame.assign(_d=frame["domein"].map(DOMAIN_ORDER).fillna(5), _t=(frame["voorziening"] == TOTAL).astype(int),
                     _g=parts.map(lambda p: p[0] or ""), _gt=parts.map(lambda p: p[1] == TOTAL).astype(int))
        .sort_values(["_d", "_t", "_g", "_gt", "voorziening", "jaar", "reeks"], kind="stable")
        .drop(columns=["_d", "_t", "_g", "_gt"])
        .reset_index(drop=True)
    )


def projection_rows(projection: Projection, reeks: str, with_band: bool = True) -> list[tuple]:
    """Rows in OUTPUT_COLUMNS: every voorziening, every domein's total, the overall total; missing values skipped."""
    rows = []
    low, high = projection.voorziening_bands() if with_band else (None, None)
    for v, (domein, voorziening) in enumerate(zip(projection.domains, projection.voorzieningen)):
        for t, year in enumerate(projection.years):
            if np.isnan(projection.cost[v, t]):
                continue
            rows.append((year, domein, voorziening, reeks, projection.clients[v, t], projection.cost[v, t],
                         low[v, t] if with_band else np.nan, high[v, t] if with_band else np.nan))
    return rows + total_rows(projection, reeks, with_band, TOTAL) + gemeente_total_rows(projection, reeks, with_band)


def total_rows(projection: Projection, reeks: str, with_band: bool, name: str) -> list[tuple]:
    """Every domein's total and the overall total of `projection`'s rows, named `name` in the voorziening column."""
    rows = []
    for domein in [*projection.domain_names, TOTAL]:
        total = projection.total(domein)
        low, high = projection.band(domein=domein) if with_band else (total * np.nan, total * np.nan)
        rows += [(year, domein, name, reeks, np.nan, total[t], low[t], high[t])
                 for t, year in enumerate(projection.years) if not np.isnan(total[t])]
    return rows


def gemeente_total_rows(projection: Projection, reeks: str, with_band: bool) -> list[tuple]:
    """For a region (forecasting/region/region_total.py): each gemeente's totals as rows `gemeente · Totaal`, from that
    gemeente's own rows (Projection.of_gemeente) by the Projection's one rule (draw by draw for the band). None
    for a single gemeente."""
    return [row for gemeente in projection.region_gemeenten
            for row in total_rows(projection.of_gemeente(gemeente), reeks, with_band, label(gemeente, TOTAL))]


def budget_rows(budget: Budget) -> list[tuple]:
    """Budget lines per voorziening where given, every domein's total and the overall total where complete."""
    lines = budget.lines
    rows = []
    for v, (domein, line) in enumerate(zip(lines.domains, lines.voorzieningen)):
        if line in budget.detail:
            rows += [(year, domein, line, BUDGET, np.nan, lines.cost[v, t], np.nan, np.nan)
                     for t, year in enumerate(lines.years) if not np.isnan(lines.cost[v, t])]
    for domein in [*lines.domain_names, TOTAL]:
        total = lines.total(domein)
        rows += [(year, domein, TOTAL, BUDGET, np.nan, total[t], np.nan, np.nan)
                 for t, year in enumerate(lines.years) if not np.isnan(total[t])]
    return rows


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    frame["jaar"] = frame["jaar"].astype(int)
    return sort_output(frame)


def budget_output(budget: Budget) -> pd.DataFrame:
    """The budget alone in the long output's columns (reeks begroting)."""
    return _frame(budget_rows(budget))


def baseline_output(baseline: Baseline) -> pd.DataFrame:
    """The long output: realisation and baseline per voorziening, with totals per domein and overall."""
    return lines_output(baseline.history, baseline.projection)


def lines_output(history: Projection, projection: Projection) -> pd.DataFrame:
    """Realisation and baseline of the given rows (all, or one gemeente's), with their totals."""
    return _frame(projection_rows(history, REALISED, with_band=False) + projection_rows(projection, BASELINE))


def scenario_output(baseline: Baseline, result: ScenarioResult, budget: Budget) -> pd.DataFrame:
    """The long output with reeks realisatie, basisprognose, scenario and begroting."""
    return _frame(projection_rows(baseline.history, REALISED, with_band=False)
                  + projection_rows(baseline.projection, BASELINE)
                  + projection_rows(result.projection, SCENARIO, with_band=result.projection.draws is not None)
                  + budget_rows(budget))


def growth_frame(baseline: Baseline) -> pd.DataFrame:
    """jaar, domein, voorziening, factor, bedrag: each factor's part of the change since the last realised year."""
    rows = []
    parts = baseline.growth
    projection = baseline.projection
    for t, year in enumerate(projection.years):
        for factor in FACTORS:
            rows += [(year, d, v, factor, float(parts[factor].cost[i, t]))
                     for i, (d, v) in enumerate(zip(projection.domains, projection.voorzieningen))]
    for level in ([*projection.domain_names], [TOTAL]):
        for t, year in enumerate(projection.years):
            for factor in FACTORS:
                rows += [(year, d, TOTAL, factor, float(parts[factor].total(d)[t])) for d in level]
    return pd.DataFrame(rows, columns=["jaar", "domein", "voorziening", "factor", "bedrag"])


def comparison_frame(comparison: BudgetComparison) -> pd.DataFrame:
    """Per voorziening, domein total and overall total, per year: basisprognose, scenario, begroting, verschil,
    N/V and the chance of overspending."""
    frames = []
    for domein, voorziening in comparison.scenario.selections():
        gap = comparison.gap(domein, voorziening)
        frames.append(pd.DataFrame({
            "jaar": comparison.years, "domein": domein, "voorziening": voorziening,
            "basisprognose": comparison.baseline.point(domein, voorziening),
            "scenario": comparison.scenario.point(domein, voorziening),
            "begroting": comparison.budgeted(domein, voorziening), "verschil": gap,
            "nv": [nv(x) for x in gap], "kans_overschrijding": comparison.probability_over(domein, voorziening),
        }))
    return pd.concat(frames, ignore_index=True)


def taakstelling_frame(scenario: Scenario, comparison: BudgetComparison) -> pd.DataFrame:
    """Per forecast year: the savings target, what the measures deliver net of implementation costs, what remains."""
    return pd.DataFrame({
        "jaar": comparison.years,
        "taakstelling": [float(scenario.taakstelling.get(year, 0.0)) for year in comparison.years],
        "opbrengst_maatregelen": comparison.delivered(),
        "resterend": comparison.remaining(scenario.taakstelling),
    })


def effects_frame(result: ScenarioResult) -> pd.DataFrame:
    """jaar, maatregel, domein, voorziening, effect, uitvoeringskosten: one row per measure, voorziening and year."""
    projection = result.projection
    rows = []
    for i, measure in enumerate(result.measures):
        mask = rows_reached(measure, projection)
        for v, (voorziening, domein) in enumerate(zip(projection.voorzieningen, projection.domains)):
            if not mask[v]:
                continue
            for t, year in enumerate(projection.years):
                rows.append((year, measure.naam, domein, voorziening, result.effects[i, v, t],
                             result.implementation[i, v, t]))
    return pd.DataFrame(rows, columns=["jaar", "maatregel", "domein", "voorziening", "effect", "uitvoeringskosten"])


def variant_frame(baseline: Baseline) -> pd.DataFrame:
    """jaar, domein, voorziening, midden, laag, hoog: the point prognosis under each population variant."""
    frames = []
    for domein, voorziening in baseline.projection.selections():
        columns = {"midden": baseline.projection.point(domein, voorziening)}
        columns.update({variant: p.point(domein, voorziening) for variant, p in baseline.variants.items()})
        frames.append(pd.DataFrame({"jaar": baseline.years, "domein": domein, "voorziening": voorziening,
                                    **columns}))
    return pd.concat(frames, ignore_index=True)


def model_table(baseline: Baseline) -> pd.DataFrame:
    """The model chosen per voorziening and series, with its backtest errors."""
    chosen = baseline.choices[["voorziening", "reeks", "model", "reden", "bandfactor"]]
    if baseline.evaluations.empty:
        return chosen
    errors = baseline.evaluations[["voorziening", "reeks", "model", "mape", "mase", "bias", "dekking"]]
    return chosen.merge(errors, on=["voorziening", "reeks", "model"], how="left")
