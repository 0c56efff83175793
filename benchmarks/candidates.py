"""Candidates for a better `auto`, measured with only the cheap (numpy) methods: minutes, not the full benchmark.

Same loaders, rolling origins, scoring and band widening as benchmarks/accuracy.py (each method forecasts the use
rate = target / driver, its band widened by the factor of its own backtest on the training years). Rows:
the references (last value held, Grip `flat`, Grip `auto` = `combinatie`) and two candidates, each a change to
`combinatie` (y = the gap-filled use rate, n years; comb(h) = mean of held, Theta and damped):

    robuust niveau (2j)        the held member is the mean of the last two years instead of the last year:
                               ŷ(h) = (½(y_n + y_{n−1}) + theta(h) + damped(h)) / 3
    robuust niveau, alles (2j) the whole combination re-anchored on that level: ŷ(h) = comb(h) + ½(y_{n−1} − y_n)
    robuust niveau + trend     as the first, the level trend-corrected: ½(y_n + y_{n−1} + b), b the least-squares
                               slope of the whole history (so a steady trend is not lagged by half a year)
    log + krimp                the combination on z = log y, its change from z_n shrunk toward zero growth with
                               k = b² / (b² + se²), b the mean yearly change of z and se = sd(Δz)/√(n−1) its
                               standard error (a James-Stein-like factor: a trend that is small against its own
                               noise is mostly dropped): ŷ(h) = exp(z_n + k · (comb_z(h) − z_n))

Development happens on the sample and the synthetic set (the default); `--holdout` adds the real Zuid-Holland
series, to be run once per candidate as a held-out check, never to tune on.

Run: python -m benchmarks.candidates [--holdout] [--methods a,b] [--out file]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks import datasets  # noqa: E402
from benchmarks.accuracy import (  # noqa: E402
    coverage_by_horizon,
    format_table,
    machine,
    run_method,
    summarise,
    target_ratio,
    tasks,
)
from benchmarks.references import METHODS, grip  # noqa: E402
from benchmarks.results_file import write_result  # noqa: E402
from forecasting.model.combination import (  # noqa: E402
    Combination,
    component_forecasts,
    damped,
    fill_gaps,
    ols_slope,
    random_walk_sd,
    theta,
)
from forecasting.model.forecast_types import Z80, SeriesForecast  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "accuracy_candidates.txt"
REFERENCE = "Grip auto (combinatie)"


class RobustLevel(Combination):
    """`combinatie` with the last value replaced by the mean of the last `years` values (member or whole)."""

    name, rank, label = "combinatie", 6, "Combinatie, robuust niveau"

    def __init__(self, years: int = 2, everything: bool = False, trend: bool = False):
        super().__init__()
        self.years, self.everything, self.trend = years, everything, trend

    def forecast(self, years, values, future) -> SeriesForecast:
        y = fill_gaps(years, values)
        steps = (np.asarray(future) - years[-1]).astype(int)
        recent = y[-self.years:]
        if self.trend:  # each recent year moved to year n along the least-squares slope: no lag on a trend
            recent = recent + ols_slope(y) * np.arange(len(recent) - 1, -1, -1)
        level = float(np.mean(recent))
        if self.everything:
            mean = component_forecasts(y, steps).mean(axis=0) + (level - y[-1])
        else:
            mean = (np.full(len(steps), level) + theta(y, steps) + damped(y, steps)) / 3
        half = Z80 * random_walk_sd(y, steps)
        return SeriesForecast(mean, mean - half, mean + half).clipped()


def shrink_factor(z: np.ndarray) -> float:
    """k = b² / (b² + se²) for the mean yearly change b of z and its standard error se (1 when there is no noise)."""
    changes = np.diff(z)
    if len(changes) < 2:
        return 0.0
    b = float(np.mean(changes))
    se2 = float(np.var(changes, ddof=1)) / len(changes)
    return 1.0 if se2 == 0 else b * b / (b * b + se2)


class LogShrunk(Combination):
    """`combinatie` on the log of the use rate, its growth shrunk toward zero by `shrink_factor`."""

    name, rank, label = "combinatie", 6, "Combinatie in log, trend gekrompen"

    def forecast(self, years, values, future) -> SeriesForecast:
        y = fill_gaps(years, values)
        steps = (np.asarray(future) - years[-1]).astype(int)
        if np.any(y <= 0):
            return super().forecast(years, values, future)
        z = np.log(y)
        combined = component_forecasts(z, steps).mean(axis=0)
        mean = np.exp(z[-1] + shrink_factor(z) * (combined - z[-1]))
        half = Z80 * random_walk_sd(y, steps)
        return SeriesForecast(mean, mean - half, mean + half).clipped()


REFERENCES = ("laatste waarde vast (held)", "Grip flat (gebruik vast x bev.)", "Grip auto (combinatie)")
CANDIDATES = {
    "kand. 1a: robuust niveau (2j)": RobustLevel(2),
    "kand. 1b: robuust niveau, alles": RobustLevel(2, everything=True),
    "kand. 1c: robuust niveau + trend": RobustLevel(2, trend=True),
    "kand. 2: log + krimp trend": LogShrunk(),
}
ALL = {**{name: METHODS[name] for name in REFERENCES},
       **{name: grip(("combinatie",), "combinatie", family) for name, family in CANDIDATES.items()}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", action="store_true", help="also the real Zuid-Holland series (held out)")
    parser.add_argument("--methods", help="comma-separated subset of method names (references always run)")
    parser.add_argument("--out", default=None, help="write the table here (default: print only)")
    args = parser.parse_args(argv)
    sets = [datasets.sample(), datasets.synthetic_set()]
    if args.holdout:
        sets.append(datasets.zuid_holland())
    sets = [s for s in sets if s is not None]
    names = [n for n in ALL if n in REFERENCES or not args.methods or n in args.methods.split(",")]
    results, started = {}, time.perf_counter()
    for name in names:
        method = ALL[name]()
        for bench in sets:
            results[(name, bench.name)] = summarise(*run_method(name, method, bench), bench.max_horizon)
    lines = [f"Candidates for auto (cheap methods only), {machine()}", ""]
    lines += [f"  {b.name}: {len(b.series)} series, origins {b.origins[0]}-{b.origins[-1]}, horizons 1-"
              f"{b.max_horizon}, {sum(1 for _ in tasks(b))} fits per method" for b in sets]
    lines += ["", *format_table(results, sets, names), "", "MAPE to two decimals, and against `combinatie`:"]
    for name in names:
        cells = []
        for bench in sets:
            mape, reference = results[(name, bench.name)]["MAPE"], results[(REFERENCE, bench.name)]["MAPE"]
            cells.append(f"{bench.name} {mape:.2f} ({mape - reference:+.2f})")
        lines.append(f"  {name:<36} " + ", ".join(cells))
    lines.append("")
    for name in names:
        for bench in sets:
            frame = results[(name, bench.name)]["_frame"]
            if bench.name == "zuid-holland" and frame["lower"].notna().any():
                lines.append(f"  80% band {name:<36} {bench.name:<13} {coverage_by_horizon(frame)}")
    lines += ["", "Target: auto against the better of last value held and Grip flat:",
              *[line for line in (target_ratio(results, b.name) for b in sets) if line]]
    lines.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
    if args.out:
        write_result(Path(args.out), lines)
    else:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
