"""Pooled forecasts: does borrowing strength across gemeenten beat single-gemeente `auto`?

On the 11 real Zuid-Holland gemeenten (benchmarks/datasets.py `zuid_holland`, the accuracy benchmark's loader and
scoring, origins 2019-2021, horizons 1-3), every method forecasts the use rate (clients / population of the
doelgroep) and multiplies by the realised population. Per origin and group of similar series (jeugd, Wmo), with
y_g the gemeente's last rate and G_g(h) = auto_g(h) / y_g the growth its own `auto` forecasts:

    region growth      R(h) = mean over the group's gemeenten of G_g(h)
    pooled, fixed w    ŷ_g(h) = y_g · (w · G_g(h) + (1 − w) · R(h))           (w = 0: the region's growth only)
    pooled, EB         w_g = τ² / (τ² + s_g²): s_g² = var(yearly log change of the rate) / n_g (how uncertain
                       the gemeente's own trend is), τ² = max(0, var_g(mean log change) − mean_g(s_g²)) (how much
                       true trends differ between gemeenten): an empirical-Bayes (James-Stein) shrinkage of
                       each trend toward the region's, strong for noisy short series, weak for clear ones.
    top-down           the region's summed rate (Σ clients / Σ population) forecast with `auto`, its growth
                       applied to the gemeente's last rate.
Bands: `auto`'s own band (with its backtest band factor) moved with the mean.

Run: python -m benchmarks.pooled   (writes benchmarks/results/pooled.txt)
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks import datasets  # noqa: E402
from benchmarks.accuracy import coverage_by_horizon, format_table, machine, run_method, summarise  # noqa: E402
from benchmarks.references import METHODS, group_of  # noqa: E402
from forecasting.model import backtest  # noqa: E402
from forecasting.model.combination import fill_gaps  # noqa: E402
from forecasting.model.families import FAMILIES  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "pooled.txt"
REFERENCE = "Grip auto (combinatie)"


def _own(ty, rate, future):
    """auto on one rate series: (mean, lower, upper) with the backtest's band factor, as the app does."""
    factor = 1.0
    if len(ty) > backtest.MIN_TRAIN:
        evaluation = backtest.evaluate_auto(ty, rate)
        scores = evaluation.scores.set_index("model")
        factor = float(scores.loc[backtest.AUTO_METHOD, "bandfactor"])
    result = FAMILIES[backtest.AUTO_METHOD].forecast(ty, rate, future)
    return result.mean, result.mean - factor * (result.mean - result.lower), result.mean + factor * (
        result.upper - result.mean)


def pooled(kind: str, weight: float = 0.5):
    """A pooled method: kind 'fixed' (weight w), 'eb' (empirical Bayes) or 'topdown'."""
    growth: dict[tuple[int, str], np.ndarray] = {}  # (origin, series) -> G_g(h) for h = 1..H
    region: dict[tuple[int, str], np.ndarray] = {}  # (origin, group) -> R(h)
    weights: dict[tuple[int, str], float] = {}

    def prepare(bench) -> None:
        growth.clear(), region.clear(), weights.clear()
        steps = np.arange(1, bench.max_horizon + 1)
        for origin in bench.origins:
            groups: dict[str, list] = {}
            for series in bench.series:
                train = series.years <= origin
                if train.sum() < 4:
                    continue
                ty = series.years[train]
                rate = series.values[train] / series.drivers(ty)
                mean = FAMILIES[backtest.AUTO_METHOD].forecast(ty, rate, origin + steps).mean
                growth[(origin, series.name)] = mean / rate[-1]
                changes = np.diff(np.log(fill_gaps(ty, rate)))
                groups.setdefault(group_of(series.name), []).append((series, ty, rate, changes))
            for group, members in groups.items():
                region[(origin, group)] = np.mean([growth[(origin, s.name)] for s, *_ in members], axis=0)
                means = np.array([c.mean() for *_, c in members])
                noise = np.array([c.var(ddof=1) / len(c) for *_, c in members])
                tau2 = max(0.0, float(means.var(ddof=1) - noise.mean()))
                for (series, *_), s2 in zip(members, noise):
                    weights[(origin, series.name)] = tau2 / (tau2 + s2) if tau2 + s2 > 0 else 0.0
                if kind == "topdown":
                    years = sorted(set.intersection(*(set(int(y) for y in ty) for _, ty, _, _ in members)))
                    clients = sum(s.values[np.isin(s.years, years)] for s, *_ in members)
                    drivers = sum(s.drivers(years) for s, *_ in members)
                    summed = clients / drivers
                    mean = FAMILIES[backtest.AUTO_METHOD].forecast(np.array(years), summed, origin + steps).mean
                    region[(origin, group)] = mean / summed[-1]

    def run(ty, tv, td, fy, fd, name=""):
        rate = tv / td
        mean, lower, upper = _own(ty, rate, fy)
        origin = int(ty[-1])
        key = (origin, name)
        if key in growth:
            h = (fy - origin).astype(int) - 1
            own, common = growth[key][h], region[(origin, group_of(name))][h]
            w = {"fixed": weight, "eb": weights.get(key, 1.0), "topdown": 0.0}[kind]
            new = rate[-1] * (w * own + (1 - w) * common)
            lower, upper = lower * new / mean, upper * new / mean
            mean = new
        return mean * fd, lower * fd, upper * fd

    run.prepare = prepare
    run.wants_name = True
    run.weights = weights
    return run


CANDIDATES = {
    REFERENCE: METHODS[REFERENCE],
    "gepoold: w=0,5 eigen/regio": lambda: pooled("fixed", 0.5),
    "gepoold: w=0 (groei regio)": lambda: pooled("fixed", 0.0),
    "gepoold: empirical Bayes": lambda: pooled("eb"),
    "gepoold: top-down": lambda: pooled("topdown"),
}


def main() -> None:
    bench = datasets.zuid_holland()
    if bench is None:
        raise SystemExit("../shared/realdata/zuid-holland ontbreekt")
    results, frames, eb_weights = {}, {}, {}
    for name, factory in CANDIDATES.items():
        method = factory()
        records, seconds, fits = run_method(name, method, bench)
        results[(name, bench.name)] = summarise(records, seconds, fits, bench.max_horizon)
        frames[name] = results[(name, bench.name)]["_frame"]
        if getattr(method, "weights", None) and "Bayes" in name:
            eb_weights = dict(method.weights)
    reference = results[(REFERENCE, bench.name)]["MAPE"]
    lines = [f"Pooled forecasts on Zuid-Holland, {machine()}", "",
             f"  {len(bench.series)} series (11 gemeenten x jeugd, Wmo), origins "
             f"{bench.origins[0]}-{bench.origins[-1]}, "
             f"horizons 1-{bench.max_horizon}; MAPE in %, MASE per horizon, dek = share inside the 80% band", "",
             *format_table(results, [bench], list(CANDIDATES)), "", "80% band coverage per horizon:"]
    lines += [f"  {name:<44} {coverage_by_horizon(frame)}" for name, frame in frames.items()]
    lines += ["", "MAPE per group (jeugd, Wmo) and horizon:"]
    for name, frame in frames.items():
        error = (frame["forecast"] - frame["actual"]).abs() / frame["actual"]
        group = frame["series"].map(group_of)
        parts = [f"{g.split('_')[0]} h{h} {error[(group == g) & (frame['horizon'] == h)].mean() * 100:4.1f}"
                 for g in sorted(group.unique()) for h in sorted(frame["horizon"].unique())]
        lines.append(f"  {name:<44} " + ", ".join(parts))
    if eb_weights:
        values = np.array(list(eb_weights.values()))
        lines += ["", f"Empirical-Bayes weight of the own trend: median {np.median(values):.2f}, "
                      f"range {values.min():.2f}-{values.max():.2f} over {len(values)} (origin, series)."]
    lines += ["", "MAPE to three decimals: " + "; ".join(
        f"{n} {results[(n, bench.name)]['MAPE']:.3f}" for n in CANDIDATES)]
    best = min(CANDIDATES, key=lambda n: results[(n, bench.name)]["MAPE"])
    verdict = ("kept" if best != REFERENCE else "not kept: no pooled variant beats single-gemeente auto")
    lines += ["", f"Best: {best} ({results[(best, bench.name)]['MAPE']:.2f}% against {reference:.2f}% for "
                  f"{REFERENCE}); pooling {verdict}."]
    text = "\n".join(lines) + "\n"
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
