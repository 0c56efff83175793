"""The scenario step on a cached baseline: 25 measures over 10 voorzieningen and 10 years (target < 10 ms).

Run: .venv/bin/python benchmarks/speed_scenario.py   (writes benchmarks/results/speed_scenario.txt)
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenarios.apply import apply_point  # noqa: E402
from scenarios.measures import Measure  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "speed_scenario.txt"


def setup():
    rng = np.random.default_rng(1)
    names = [f"voorziening {i}" for i in range(10)]
    domains = ["Wmo"] * 6 + ["Jeugd"] * 4
    years = list(range(2025, 2035))
    cost = rng.uniform(1e5, 5e6, (10, 10))
    clients = rng.uniform(10, 1000, (10, 10))
    levers = ["volume", "prijs", "bedrag"]
    measures = []
    for i in range(25):
        lever = levers[i % 3]
        measures.append(Measure(
            naam=f"m{i}", doel=(names + ["Wmo", "Jeugd"])[i % 12], hefboom=lever, startjaar=2025 + i % 4,
            ingroei_jaren=1 + i % 3, effect_pct=None if lever == "bedrag" else -float(i % 10),
            bedrag=-1e4 * i if lever == "bedrag" else None, kosten_per_jaar=1000.0 * (i % 2),
        ))
    return cost, clients, years, names, domains, measures


def main() -> None:
    args = setup()
    runs = 200
    seconds = min(timeit.repeat(lambda: apply_point(*args), number=runs, repeat=5)) / runs
    line = (f"apply_point, 25 measures x 10 voorzieningen x 10 years: {seconds * 1000:.2f} ms per scenario "
            f"(best of 5x{runs})")
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(line + "\n")
    print(line)


if __name__ == "__main__":
    main()
