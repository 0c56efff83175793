"""How long the new `auto` (backtest + forecast of AUTO_METHOD) takes on the 18 series of the sample gemeente.

Measures what the baseline will call per series: `evaluate_auto(years, values)` (the backtest of
AUTO_BACKTEST_FAMILIES, for the reason and the band factor) and the final forecast, on the use rate
and the real cost per client of the 9 voorzieningen. Cold = a fresh interpreter (imports included).
Run: python -m benchmarks.speed_auto   (writes benchmarks/results/speed_auto.txt)
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import time  # noqa: E402

_START = time.perf_counter()

import platform  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks.results_file import write_result  # noqa: E402
from forecasting.input.validation import load_dataset  # noqa: E402
from forecasting.model.backtest import AUTO_METHOD, evaluate_auto  # noqa: E402
from forecasting.model.families import FAMILIES  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "speed_auto.txt"


def series_of_sample():
    from forecasting.model.indexation import cumulative_index, yearly_percentages

    dataset, _ = load_dataset(Path(__file__).resolve().parent.parent / "data" / "voorbeeldgemeente")
    years = list(range(dataset.first_year, dataset.last_year + 6))
    index = cumulative_index(yearly_percentages(dataset, years), dataset.last_year)
    out = []
    for voorziening, doelgroep in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["doelgroep"]):
        real = dataset.realisatie.loc[dataset.realisatie["voorziening"] == voorziening].sort_values("jaar")
        y = real["jaar"].to_numpy(dtype=int)
        clients = real["clienten"].to_numpy(dtype=float)
        rate = clients / dataset.population(doelgroep).loc[y].to_numpy(dtype=float)
        price = index.loc[index["voorziening"] == voorziening].set_index("jaar")["index"].loc[y].to_numpy()
        out += [(y, rate), (y, real["kosten"].to_numpy(dtype=float) / clients / price)]
    return out, np.array(dataset.forecast_years(5))


def main() -> None:
    imported = time.perf_counter() - _START
    series, future = series_of_sample()
    start = time.perf_counter()
    for years, values in series:
        evaluation = evaluate_auto(years, values)
        FAMILIES[evaluation.chosen].forecast(years, values, future)
    work = time.perf_counter() - start
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, load {os.getloadavg()[0]:.1f}",
        f"imports (numpy, pandas, forecasting): {imported:.2f} s",
        f"auto = {AUTO_METHOD}: backtest + final forecast of {len(series)} series: {work:.2f} s "
        f"({work / len(series) * 1000:.0f} ms per series)",
        f"cold total (imports, loading the sample, backtests, forecasts): {time.perf_counter() - _START:.2f} s",
    ]
    write_result(RESULT, lines)


if __name__ == "__main__":
    main()
