"""Rolling-origin backtest (expanding window) and the `auto` method.

For every origin from the 4th usable year on, a family is fitted on the years before the
origin and forecasts the next 1 to 4 years; the errors against what happened give MAPE,
MASE, bias and how often the 80% band held the outcome (and `bandfactor`, the widening that
makes about 80% of backtest outcomes fall inside).

Contract for the baseline (`auto`):
- `AUTO_METHOD` is the family `auto` resolves to: "combinatie" (forecasting/model/combination.py), the
  mean of use rate held, Theta and damped trend. It won the accuracy benchmark
  (benchmarks/README.md); choosing one family per series by backtest error did not.
- `AUTO_BACKTEST_FAMILIES` is what to backtest for `auto`: the method itself (its errors and its
  `bandfactor`) and `flat` for comparison in the Dutch reason. ARIMA and Prophet are not in it: they
  are fitted only when asked by name.
- `evaluate_auto(years, values)` = `evaluate(years, values, AUTO_BACKTEST_FAMILIES, fixed=AUTO_METHOD)`:
  `Evaluation.chosen == AUTO_METHOD`, `Evaluation.reason` a Dutch sentence with its backtest error.
- `evaluate(years, values, families)` without `fixed` still chooses the family with the lowest
  MAPE; families within TIE_TOLERANCE of the best count as tied and the simplest wins.
- `pooled_band_factor(evaluations)` gives one band factor for a group of series (for example
  all use-rate series of a domein) from their pooled backtest points: steadier than the factor of
  one series, which rests on a handful of points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecasting.model.families import FAMILIES, Z80, ModelFamily

AUTO_METHOD = "combinatie"
AUTO_BACKTEST_FAMILIES: tuple[str, ...] = (AUTO_METHOD, "flat")
MAX_HORIZON = 4
MIN_TRAIN = 4
TIE_TOLERANCE = 0.001  # 0.1 percentage point of MAPE


def rolling_origin(family: ModelFamily, years: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    """One row per (origin, horizon): actual, forecast, lower, upper."""
    rows = []
    for cut in range(MIN_TRAIN, len(years)):
        train_years, train_values = years[:cut], values[:cut]
        targets = years[cut:cut + MAX_HORIZON]
        result = family.forecast(train_years, train_values, targets)
        for i, year in enumerate(targets):
            rows.append({
                "origin": int(train_years[-1]), "horizon": int(year - train_years[-1]), "jaar": int(year),
                "actual": float(values[cut + i]), "forecast": float(result.mean[i]),
                "lower": float(result.lower[i]), "upper": float(result.upper[i]),
            })
    frame = pd.DataFrame(rows, columns=["origin", "horizon", "jaar", "actual", "forecast", "lower", "upper"])
    return frame.loc[frame["horizon"] <= MAX_HORIZON].reset_index(drop=True)


def naive_scale(values: np.ndarray) -> float:
    """In-sample mean absolute one-step change: the MASE denominator."""
    steps = np.abs(np.diff(values))
    scale = float(np.mean(steps)) if len(steps) else 0.0
    return scale if scale > 0 else float(np.mean(np.abs(values))) * 0.01 or 1.0


def band_scale(points: pd.DataFrame) -> float:
    """How much to widen a family's own 80% band so that about 80% of backtest outcomes fall inside.

    Errors are standardised by the stated half-width (on the side the outcome fell) and the
    80th percentile of their size is compared with the normal 80% half-width. Never narrows.
    """
    if points.empty:
        return 1.0
    above = points["actual"] >= points["forecast"]
    half = np.where(above, points["upper"] - points["forecast"], points["forecast"] - points["lower"])
    error = np.abs(points["actual"] - points["forecast"]).to_numpy()
    floor = 1e-9 + 1e-6 * np.abs(points["forecast"].to_numpy())
    z = error / np.maximum(half, floor) * Z80
    return float(max(1.0, np.quantile(z, 0.8) / Z80))


def scores(points: pd.DataFrame, scale: float) -> dict[str, float]:
    """MAPE, MASE and bias per horizon and overall; coverage of the stated 80% band."""
    out: dict[str, float] = {}
    if points.empty:
        return out
    relative = (points["forecast"] - points["actual"]) / points["actual"].abs().where(points["actual"] != 0)
    absolute = (points["forecast"] - points["actual"]).abs()
    inside = (points["actual"] >= points["lower"]) & (points["actual"] <= points["upper"])
    for horizon in range(1, MAX_HORIZON + 1):
        at = points["horizon"] == horizon
        out[f"mape_h{horizon}"] = float(relative[at].abs().mean()) if at.any() else np.nan
        out[f"mase_h{horizon}"] = float(absolute[at].mean() / naive_scale_value(scale)) if at.any() else np.nan
    out["mape"] = float(relative.abs().mean())
    out["mase"] = float(absolute.mean() / naive_scale_value(scale))
    out["bias"] = float(relative.mean())
    out["dekking"] = float(inside.mean())
    out["punten"] = float(len(points))
    return out


def naive_scale_value(scale: float) -> float:
    return scale if scale > 0 else 1.0


@dataclass
class Evaluation:
    """The backtest of all families on one series and the choice made."""

    scores: pd.DataFrame  # one row per family: mape, mase, bias, dekking, band_factor, ...
    chosen: str
    reason: str
    points: dict[str, pd.DataFrame] = field(default_factory=dict)  # backtest points per family


def evaluate(
    years: np.ndarray, values: np.ndarray, families: Sequence[str] | None = None, fixed: str | None = None,
    registry: Mapping[str, ModelFamily] | None = None,
) -> Evaluation:
    """Backtest every family on the series; pick the best by MAPE (ties to the simpler), or `fixed`.

    `registry` maps names to families (default FAMILIES; the benchmark passes candidates).
    """
    registry = FAMILIES if registry is None else registry
    names = list(families or FAMILIES)
    scale = naive_scale(values)
    rows, kept = [], {}
    for name in names:
        points = rolling_origin(registry[name], years, values)
        kept[name] = points
        row = {"model": name, "rang": registry[name].rank, **scores(points, scale)}
        factor = band_scale(points)
        row["bandfactor"] = factor
        widened = points.assign(
            lower=points["forecast"] - factor * (points["forecast"] - points["lower"]),
            upper=points["forecast"] + factor * (points["upper"] - points["forecast"]),
        )
        inside = (widened["actual"] >= widened["lower"]) & (widened["actual"] <= widened["upper"])
        row["dekking_na_verbreding"] = float(inside.mean()) if len(widened) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty or "mape" not in table or table["mape"].isna().all():
        return Evaluation(table, fixed or AUTO_METHOD, "te weinig jaren voor een backtest", kept)
    if fixed is not None:
        return Evaluation(table, fixed, _fixed_reason(table, fixed), kept)
    best = table["mape"].min()
    tied = table.loc[table["mape"] <= best + TIE_TOLERANCE].sort_values("rang")
    chosen = str(tied["model"].iloc[0])
    runner = table.loc[table["model"] != chosen].sort_values("mape")
    reason = f"laagste gemiddelde fout in de backtest ({best * 100:.1f}%)".replace(".", ",")
    if len(tied) > 1:
        reason = (
            f"even goed als {', '.join(m for m in tied['model'] if m != chosen)} "
            f"({best * 100:.1f}% fout) en eenvoudiger"
        ).replace(".", ",")
    elif not runner.empty:
        reason += f"; daarna {runner['model'].iloc[0]} ({runner['mape'].iloc[0] * 100:.1f}%)".replace(".", ",")
    return Evaluation(table, chosen, reason, kept)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".", ",")


def _fixed_reason(table: pd.DataFrame, fixed: str) -> str:
    """Dutch: what the method is and how it did in the backtest, against use rate held (`flat`)."""
    by_model = table.set_index("model")
    reason = "combinatie van drie eenvoudige methoden, stabieler dan één methode kiezen"
    if fixed != AUTO_METHOD:
        reason = "vaste methode"
    if fixed in by_model.index and np.isfinite(by_model.loc[fixed, "mape"]):
        reason += f"; gemiddelde fout in de backtest {_pct(by_model.loc[fixed, 'mape'])}"
        if "flat" in by_model.index and fixed != "flat" and np.isfinite(by_model.loc["flat", "mape"]):
            reason += f" (gelijk gebruik: {_pct(by_model.loc['flat', 'mape'])})"
    return reason


def evaluate_auto(years: np.ndarray, values: np.ndarray) -> Evaluation:
    """The backtest for `auto`: AUTO_BACKTEST_FAMILIES, with AUTO_METHOD as the choice."""
    return evaluate(years, values, AUTO_BACKTEST_FAMILIES, fixed=AUTO_METHOD)


def pooled_band_factor(evaluations: Iterable[Evaluation | None], family: str = AUTO_METHOD) -> float:
    """One band factor for a group of series: `band_scale` of their pooled backtest points of `family`.

    Call it per group (for example per domein and reeks) on the evaluations of its series and use
    the result instead of each series' own `bandfactor`. Returns 1.0 when there are no points.
    """
    frames = [e.points[family] for e in evaluations if e is not None and family in e.points]
    frames = [f for f in frames if not f.empty]
    return band_scale(pd.concat(frames, ignore_index=True)) if frames else 1.0
