"""Rolling-origin backtest (expanding window) and the `auto` choice of model family.

For every origin from the 4th usable year on, a family is fitted on the years before the
origin and forecasts the next 1 to 4 years; the errors against what happened give MAPE,
MASE, bias and how often the 80% band held the outcome. `auto` picks the family with the
lowest MAPE; families within TIE_TOLERANCE of the best count as tied and the simplest wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.families import FAMILIES, Z80

MAX_HORIZON = 4
MIN_TRAIN = 4
TIE_TOLERANCE = 0.001  # 0.1 percentage point of MAPE


def rolling_origin(family, years: np.ndarray, values: np.ndarray) -> pd.DataFrame:
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


def evaluate(years: np.ndarray, values: np.ndarray, families: list[str] | None = None) -> Evaluation:
    """Backtest every family on the series and pick the best by MAPE (ties to the simpler)."""
    names = families or list(FAMILIES)
    scale = naive_scale(values)
    rows = []
    for name in names:
        points = rolling_origin(FAMILIES[name], years, values)
        row = {"model": name, "rang": FAMILIES[name].rank, **scores(points, scale)}
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
        return Evaluation(table, "linear", "te weinig jaren voor een backtest")
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
    return Evaluation(table, chosen, reason)
