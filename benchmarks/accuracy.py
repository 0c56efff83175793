"""Accuracy benchmark: Grip's methods against simple and outside references, side by side.

For every dataset in benchmarks/datasets.py, every series and every origin, each method is fitted
on the years up to the origin and forecasts the years after it (horizons 1-4; Zuid-Holland 1-3).
Grip's methods forecast the use rate (target / driver) and multiply by the realised driver;
"× bev." rows of the outside references do the same, "ruw" rows forecast the target itself.

    MAPE  = mean |ŷ − y| / y over all (series, origin, horizon)
    MASE_h = mean over points at horizon h of |ŷ − y| / s, s = mean |yearly change| of the training years
    dekking = share of outcomes inside the stated 80% band (Grip: widened by its own backtest factor,
              computed on the training years only, as in the app)
    s/reeks = seconds per fit (one series, one origin), the inner backtest included

Run: python -m benchmarks.accuracy   (or `make bench`; writes benchmarks/results/accuracy.txt)
Outside references need requirements-bench.txt (see the Makefile's `bench` target); rows whose
package is missing are left out. `--quick` skips Prophet, AutoARIMA and Grip's statsmodels families.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks import datasets  # noqa: E402
from benchmarks.references import METHODS, OUTSIDE, SUBSAMPLED  # noqa: E402
from benchmarks.results_file import write_result  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "accuracy.txt"
SUBSAMPLE_EVERY = 4  # Prophet and AutoARIMA (0.3-1 s per fit) run on every 4th synthetic (series, origin)


def _scale(years: np.ndarray, values: np.ndarray) -> float:
    steps = np.abs(np.diff(values)) / np.maximum(np.diff(years), 1)
    scale = float(np.mean(steps)) if len(steps) else 0.0
    return scale if scale > 0 else max(float(np.mean(np.abs(values))) * 0.01, 1e-9)


def tasks(bench: datasets.BenchSet):
    """(series, origin, train mask, target mask) for every usable combination: ≥ 4 training years."""
    for series in bench.series:
        for origin in bench.origins:
            train = series.years <= origin
            target = (series.years > origin) & (series.years <= origin + bench.max_horizon)
            if train.sum() >= 4 and target.any():
                yield series, origin, train, target


def run_method(name: str, method, bench: datasets.BenchSet) -> tuple[list[dict], float, int]:
    records, seconds, fits = [], 0.0, 0
    start = time.perf_counter()
    if hasattr(method, "prepare"):  # methods that pool backtests over a group of series
        method.prepare(bench)
    seconds += time.perf_counter() - start
    for k, (series, origin, train, target) in enumerate(tasks(bench)):
        if name in SUBSAMPLED and bench.name == "synthetisch" and k % SUBSAMPLE_EVERY:
            continue
        ty, tv = series.years[train], series.values[train]
        fy, fv = series.years[target], series.values[target]
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extra = {"name": series.name} if getattr(method, "wants_name", False) else {}
            mean, lower, upper = method(ty, tv, series.drivers(ty), fy, series.drivers(fy), **extra)
        seconds += time.perf_counter() - start
        fits += 1
        scale = _scale(ty, tv)
        for i, year in enumerate(fy):
            records.append({
                "series": series.name, "origin": origin, "horizon": int(year - origin), "actual": fv[i],
                "forecast": float(mean[i]), "lower": np.nan if lower is None else float(lower[i]),
                "upper": np.nan if upper is None else float(upper[i]), "scale": scale,
            })
    return records, seconds, fits


def summarise(records: list[dict], seconds: float, fits: int, max_horizon: int) -> dict:
    frame = pd.DataFrame(records)
    error = (frame["forecast"] - frame["actual"]).abs()
    out = {"MAPE": float((error / frame["actual"].abs()).mean() * 100)}
    for h in range(1, 5):
        at = frame["horizon"] == h
        usable = h <= max_horizon and at.any()
        out[f"MASE{h}"] = float((error[at] / frame.loc[at, "scale"]).mean()) if usable else np.nan
    has_band = frame["lower"].notna()
    inside = (frame["actual"] >= frame["lower"]) & (frame["actual"] <= frame["upper"])
    out["dek%"] = float(inside[has_band].mean() * 100) if has_band.any() else np.nan
    out["s/reeks"] = seconds / max(fits, 1)
    out["_frame"] = frame
    return out


def coverage_by_horizon(frame: pd.DataFrame) -> str:
    inside = (frame["actual"] >= frame["lower"]) & (frame["actual"] <= frame["upper"])
    parts = [f"h{h} {inside[frame['horizon'] == h].mean() * 100:.0f}%" for h in sorted(frame["horizon"].unique())]
    return ", ".join(parts)


TARGET_METHOD, SIMPLE_METHODS = "Grip auto (combinatie)", ("laatste waarde vast (held)",
                                                            "Grip flat (gebruik vast x bev.)")


def target_ratio(results: dict, bench_name: str, resamples: int = 5000, seed: int = 11) -> str:
    """The issue's target on one dataset: MAPE(auto) / MAPE(the better of held and flat), with a 90% interval from
    a cluster bootstrap over the series (a series' points move together), and how often a resample reaches 0.9.

    ratio = Σ APE_auto / Σ APE_simple over the same points (equal to the MAPE ratio, as the points are the same)."""
    if (TARGET_METHOD, bench_name) not in results or any((m, bench_name) not in results for m in SIMPLE_METHODS):
        return ""
    simple = min(SIMPLE_METHODS, key=lambda m: results[(m, bench_name)]["MAPE"])
    per_series = []
    for method in (TARGET_METHOD, simple):
        frame = results[(method, bench_name)]["_frame"]
        ape = (frame["forecast"] - frame["actual"]).abs() / frame["actual"].abs()
        per_series.append(ape.groupby(frame["series"]).sum())
    auto, base = per_series[0].align(per_series[1], join="inner")
    if len(auto) < 5:
        return f"  {bench_name}: auto / {simple} = {auto.sum() / base.sum():.3f} ({len(auto)} series: no interval)"
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(auto), size=(resamples, len(auto)))
    ratios = auto.to_numpy()[picks].sum(axis=1) / base.to_numpy()[picks].sum(axis=1)
    low, high = np.percentile(ratios, [5, 95])
    return (f"  {bench_name}: auto / {simple} = {auto.sum() / base.sum():.3f} (90% interval {low:.2f}-{high:.2f}, "
            f"cluster bootstrap over its {len(auto)} series; {np.mean(ratios <= 0.9) * 100:.0f}% of resamples "
            "reach the target ≤ 0.90)")


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), load {load:.1f} at start, "
            f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}")


def format_table(results: dict, sets: list[datasets.BenchSet], methods: list[str]) -> list[str]:
    columns = ["MAPE", "MASE1", "MASE2", "MASE3", "MASE4", "dek%", "s/reeks"]
    head1 = f"{'':<34}" + "".join(f"| {b.name:<50}" for b in sets)
    head2 = f"{'methode':<34}" + "".join("| " + " ".join(f"{c:>6}" for c in columns) + " " for _ in sets)
    lines = [head1, head2, "-" * len(head2)]
    for name in methods:
        cells = []
        for bench in sets:
            row = results.get((name, bench.name))
            if row is None:
                cells.append("| " + " ".join(f"{'-':>6}" for _ in columns) + " ")
                continue
            values = []
            for c in columns:
                v = row[c]
                if np.isnan(v):
                    values.append(f"{'-':>6}")
                elif c == "s/reeks":
                    values.append(f"{v:6.3f}" if v < 10 else f"{v:6.1f}")
                elif c in ("MAPE", "dek%"):
                    values.append(f"{v:6.1f}")
                else:
                    values.append(f"{v:6.2f}")
            cells.append("| " + " ".join(values) + " ")
        lines.append(f"{name:<34}" + "".join(cells))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip Prophet, AutoARIMA and statsmodels families")
    parser.add_argument("--methods", help="comma-separated subset of method names")
    parser.add_argument("--out", default=str(RESULT))
    args = parser.parse_args(argv)
    sets = datasets.all_sets()
    names = [n for n in METHODS if not args.methods or n in args.methods.split(",")]
    if args.quick:
        names = [n for n in names if n not in SUBSAMPLED and "statsmodels" not in n and "oud" not in n]
    results, started = {}, time.perf_counter()
    for name in names:
        try:
            method = METHODS[name]()
        except ImportError as error:  # an outside reference whose package is not installed
            print(f"  {name}: overgeslagen ({error})", file=sys.stderr)
            continue
        for bench in sets:
            records, seconds, fits = run_method(name, method, bench)
            results[(name, bench.name)] = summarise(records, seconds, fits, bench.max_horizon)
        print(f"  {name}: klaar na {time.perf_counter() - started:.0f} s", file=sys.stderr)
    kept = [n for n in names if any((n, b.name) in results for b in sets)]
    lines = [f"Accuracy benchmark, {machine()}", ""]
    lines += [f"  {b.name}: {len(b.series)} series, origins {b.origins[0]}-{b.origins[-1]}, horizons 1-"
              f"{b.max_horizon}, {sum(1 for _ in tasks(b))} fits per method" for b in sets]
    lines += ["", *format_table(results, sets, kept), ""]
    lines.append("80% band coverage per horizon (real data):")
    for name in kept:
        for bench in sets:
            if bench.name in ("zuid-holland", "almere") and (name, bench.name) in results:
                frame = results[(name, bench.name)]["_frame"]
                if frame["lower"].notna().any():
                    lines.append(f"  {name:<34} {bench.name:<13} {coverage_by_horizon(frame)}")
    targets = [line for line in (target_ratio(results, b.name) for b in sets) if line]
    if targets:
        lines += ["", "Target: auto against the better of last value held and Grip flat:", *targets]
    lines += ["", f"{', '.join(SUBSAMPLED)}: on the synthetic set every {SUBSAMPLE_EVERY}th (series, origin) "
              "only (all fits on the other sets). Outside references: "
              + ", ".join(n for n in kept if n in OUTSIDE) + ".",
              f"Whole run: {time.perf_counter() - started:.0f} s."]
    write_result(Path(args.out), lines)


if __name__ == "__main__":
    main()
