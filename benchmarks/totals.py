"""Are totals' 80% bands too narrow when voorzieningen are drawn independently?

Per origin, every series gets the `auto` forecast (use rate × realised driver) with its band widened
by its own backtest factor (training years only); σ_i = half-width / Z80 and z_i = error / σ_i.
A group total (a domein of the sample gemeente; all 11 Zuid-Holland gemeenten per reeks) is
covered by its band ± Z80 · √(Σσ_i² + ρ Σ_{i≠j} σ_i σ_j), with ρ = 0 (independent draws, what the
baseline does today) and ρ = the mean pairwise error correlation (benchmarks/correlation.py; the product
does not use it, since this benchmark shows no gain), estimated from the other origins only (leave one origin out).

Run: python -m benchmarks.totals   (writes benchmarks/results/totals.txt)
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks import datasets  # noqa: E402
from benchmarks.correlation import error_correlation  # noqa: E402
from benchmarks.results_file import write_result  # noqa: E402
from forecasting.model import backtest  # noqa: E402
from forecasting.model.families import FAMILIES, Z80  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "totals.txt"


def points(bench: datasets.BenchSet, group_of) -> pd.DataFrame:
    rows = []
    for series in bench.series:
        group = group_of(series.name)
        if group is None:
            continue
        for origin in bench.origins:
            train = series.years <= origin
            target = (series.years > origin) & (series.years <= origin + bench.max_horizon)
            if train.sum() <= backtest.MIN_TRAIN or not target.any():
                continue
            ty, fy = series.years[train], series.years[target]
            rate = series.values[train] / series.drivers(ty)
            evaluation = backtest.evaluate_auto(ty, rate)
            factor = float(evaluation.scores.set_index("model").loc[backtest.AUTO_METHOD, "bandfactor"])
            result = FAMILIES[backtest.AUTO_METHOD].forecast(ty, rate, fy)
            fd = series.drivers(fy)
            sigma = factor * (result.upper - result.lower) / 2 / Z80 * fd
            for i, year in enumerate(fy):
                rows.append({"group": group, "series": series.name, "origin": origin, "horizon": int(year - origin),
                             "actual": series.values[target][i], "forecast": result.mean[i] * fd[i],
                             "sigma": max(sigma[i], 1e-9)})
    frame = pd.DataFrame(rows)
    frame["z"] = (frame["actual"] - frame["forecast"]) / frame["sigma"]
    return frame


def total_coverage(frame: pd.DataFrame) -> list[str]:
    lines = []
    for group, rows in frame.groupby("group"):
        inside_ind, inside_rho, rhos, singles = [], [], [], []
        for origin in sorted(rows["origin"].unique()):
            rho = error_correlation(rows.loc[rows["origin"] != origin])
            rhos.append(rho)
            for _, occasion in rows.loc[rows["origin"] == origin].groupby("horizon"):
                s = occasion["sigma"].to_numpy()
                error = occasion["actual"].sum() - occasion["forecast"].sum()
                var_ind = np.sum(s**2)
                var_rho = var_ind + rho * (np.sum(s) ** 2 - var_ind)
                inside_ind.append(abs(error) <= Z80 * np.sqrt(var_ind))
                inside_rho.append(abs(error) <= Z80 * np.sqrt(var_rho))
        singles = (rows["z"].abs() <= Z80).mean()
        lines.append(f"  {group:<28} series {rows['series'].nunique():>2}, totals {len(inside_ind):>3}: "
                     f"per series {singles * 100:5.1f}%, total independent {np.mean(inside_ind) * 100:5.1f}%, "
                     f"total with rho {np.mean(inside_rho) * 100:5.1f}% (rho {np.mean(rhos):.2f}, "
                     f"in-sample {error_correlation(rows):.2f})")
    return lines


def main() -> None:
    from forecasting.input.validation import load_dataset

    dataset, _ = load_dataset(datasets.ROOT / "data" / "voorbeeldgemeente")
    domain = dict(zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["domein"]))
    lines = ["80% band coverage of totals, auto method, backtest bands (origins as in benchmarks/accuracy.py)"]
    sample = datasets.sample()
    lines.append("voorbeeldgemeente, clients per domein:")
    lines += total_coverage(points(sample, lambda n: f"{domain[n.split(': ')[0]]} clienten"
                                   if n.endswith("clienten") else None))
    zh = datasets.zuid_holland()
    if zh is not None:
        lines.append("zuid-holland, the 11 gemeenten summed per reeks:")
        lines += total_coverage(points(zh, lambda n: n.split(": ")[1]))
    write_result(RESULT, lines)


if __name__ == "__main__":
    main()
