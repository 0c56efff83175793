"""How long the `auto` baseline takes on the sample gemeente, cold (imports included) and warm.

Run: .venv/bin/python benchmarks/speed_baseline.py   (writes benchmarks/results/speed_baseline.txt)
Measured here, never asserted in a timed unit test.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.results_file import write_result  # noqa: E402
from grip import one_blas_thread  # noqa: E402

one_blas_thread()
IMPORT_START = time.perf_counter()

from forecasting.input.validation import load_dataset  # noqa: E402
from forecasting.model.backtest import rolling_origin  # noqa: E402
from forecasting.model.baseline import build_baseline, evaluate_all, series_inputs  # noqa: E402
from forecasting.model.families import FAMILIES  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "voorbeeldgemeente"
RESULT = Path(__file__).resolve().parent / "results" / "speed_baseline.txt"


def main() -> None:
    dataset, _ = load_dataset(SAMPLE)
    lines = [f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
             f"imports and reading the sample: {time.perf_counter() - IMPORT_START:.2f} s"]
    start = time.perf_counter()
    evaluations = evaluate_all(dataset)
    backtest_seconds = time.perf_counter() - start
    start = time.perf_counter()
    build_baseline(dataset, evaluations=evaluations)
    build_seconds = time.perf_counter() - start
    cold_seconds = time.perf_counter() - IMPORT_START  # imports, reading and one whole baseline, as a first run
    start = time.perf_counter()
    build_baseline(dataset)
    total_seconds = time.perf_counter() - start
    lines += [
        f"auto backtest, 9 voorzieningen x 2 series (combinatie and flat): {backtest_seconds:.2f} s",
        f"final fits and 2000-path simulation after the backtest: {build_seconds:.2f} s",
        f"whole `auto` baseline from scratch (as the command line does): {total_seconds:.2f} s",
        f"cold: imports, reading and the first whole baseline (backtest + final fits): {cold_seconds:.2f} s",
        "per family, backtest of all 18 series (Prophet and ARIMA only when named):",
    ]
    lines.insert(-1, f"a new process doing only that (interpreter start included), median of 3: {_new_process():.2f} s")
    inputs = [s for pair in series_inputs(dataset).values() for s in pair]
    for name, family in FAMILIES.items():
        start = time.perf_counter()
        for series in inputs:
            rolling_origin(family, series.years, series.values)
        lines.append(f"  {name:<10} {time.perf_counter() - start:6.2f} s")
    write_result(RESULT, lines)


COLD_RUN = ("from grip import one_blas_thread; one_blas_thread()\n"
            "from forecasting.input.validation import load_dataset\n"
            "from forecasting.model.baseline import build_baseline\n"
            f"build_baseline(load_dataset({str(SAMPLE)!r})[0])\n")


def _new_process() -> float:
    """Wall time of a fresh Python process that reads the sample and builds the `auto` baseline."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD_RUN], check=True, cwd=SAMPLE.parent.parent)
        times.append(time.perf_counter() - start)
    return sorted(times)[1]


if __name__ == "__main__":
    main()
