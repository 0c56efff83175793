"""How long the `auto` baseline takes on the sample gemeente (backtest of all families included).

Run: .venv/bin/python benchmarks/speed_baseline.py   (writes benchmarks/results/speed_baseline.txt)
Measured here, never asserted in a timed unit test.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forecasting.backtest import rolling_origin  # noqa: E402
from forecasting.baseline import _price_levels, _series_inputs, build_baseline, evaluate_all  # noqa: E402
from forecasting.families import FAMILIES  # noqa: E402
from forecasting.validation import load_dataset  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "voorbeeldgemeente"
RESULT = Path(__file__).resolve().parent / "results" / "speed_baseline.txt"


def main() -> None:
    dataset, _ = load_dataset(SAMPLE)
    lines = [f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"]
    start = time.perf_counter()
    evaluations = evaluate_all(dataset)
    backtest_seconds = time.perf_counter() - start
    start = time.perf_counter()
    build_baseline(dataset, evaluations=evaluations)
    build_seconds = time.perf_counter() - start
    start = time.perf_counter()
    build_baseline(dataset)
    total_seconds = time.perf_counter() - start
    lines += [
        f"auto backtest, 9 voorzieningen x 2 series x 6 families: {backtest_seconds:.1f} s",
        f"final fits and 2000-path simulation after the backtest: {build_seconds:.2f} s",
        f"whole `auto` baseline from scratch (as the command line does): {total_seconds:.1f} s",
        "per family, backtest of all 18 series:",
    ]
    inputs = [s for pair in _series_inputs(dataset, _price_levels(dataset, 5)[1], set()).values() for s in pair]
    for name, family in FAMILIES.items():
        start = time.perf_counter()
        for series in inputs:
            rolling_origin(family, series.years, series.values)
        lines.append(f"  {name:<10} {time.perf_counter() - start:6.2f} s")
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
