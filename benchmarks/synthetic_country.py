"""A seeded synthetic country: N gemeenten (342 by default) built from the sample gemeente's structure.

The sample's 9 voorzieningen, doelgroepen, indexation and realised/forecast years (data/make_voorbeeldgemeente.py),
with per gemeente:
    size       inhabitants in 2024 ~ exp(N(log 30,000, 0.85)), clipped to 1,000-950,000 (Dutch gemeenten run
               from about 1,000 to 930,000, median about 27,000)
    age        the sample's shares of 0-17, 65-74 and 75+ times U(0.8, 1.25), U(0.75, 1.3), U(0.6, 1.5);
               18-64 the rest; each group's yearly growth the sample's + N(0, 0.006)
    use        the sample's use rate in 2015 × exp(N(0, 0.2)); its yearly factors × exp(N(d, 0.01)) with a
               trend d ~ N(0, 0.015) per gemeente and voorziening
    cost       the sample's real cost per client × exp(N(0, 0.15)), its real growth + N(0, 0.01)
    noise      clients × exp(N(0, max(0.02, 1/√expected clients))) (small gemeenten are noisier)
Written as the sample is (`;`, decimal comma), one sub-folder per gemeente (`write_folders`) or one folder whose
tables carry a `gemeente` column (`write_combined`, for small N: the row limits hold per file).

Run: python -m benchmarks.synthetic_country --out DIR [--n 342] [--seed S] [--combined]
"""

from __future__ import annotations

import argparse
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261124
N_GEMEENTEN = 342


def _sample_module():
    spec = importlib.util.spec_from_file_location("make_voorbeeldgemeente", ROOT / "data" / "make_voorbeeldgemeente.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAMPLE = _sample_module()


@dataclass
class Gemeente:
    naam: str
    tables: dict[str, list[list[str]]]  # table name -> rows (header first), cells as Dutch text


def _nl(value: float, decimals: int = 0) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _one(naam: str, rng: np.random.Generator) -> Gemeente:
    s = SAMPLE
    total = float(np.clip(np.exp(rng.normal(np.log(30_000), 0.85)), 1_000, 950_000))
    base = {group: level for group, (level, _, _) in s.POPULATION.items()}
    base_total = sum(base.values())
    share = {g: v / base_total for g, v in base.items()}
    share["0-17"] *= rng.uniform(0.8, 1.25)
    share["65-74"] *= rng.uniform(0.75, 1.3)
    share["75+"] *= rng.uniform(0.6, 1.5)
    share["18-64"] = 1 - share["0-17"] - share["65-74"] - share["75+"]
    pop: dict[str, dict[int, float]] = {}
    for group, (_, before, after) in s.POPULATION.items():
        g_before, g_after = before + rng.normal(0, 0.006), after + rng.normal(0, 0.006)
        level = total * share[group]
        pop[group] = {year: max(1.0, round(level * ((1 + g_before) ** (year - s.LAST) if year <= s.LAST
                                                    else (1 + g_after) ** (year - s.LAST))))
                      for year in s.POPULATION_YEARS}
    index = {domein: s.cumulative_index(domein) for domein in s.INDEXATION}
    realisatie = [["jaar", "voorziening", "clienten", "kosten"]]
    last_cost = {d: 0.0 for d in s.INDEXATION}
    for name, (domein, group, _, rate0, factors, cost, growth, _noise) in s.VOORZIENINGEN.items():
        rate = rate0 * float(np.exp(rng.normal(0, 0.2)))
        trend = rng.normal(0, 0.015)
        cost_level = cost * float(np.exp(rng.normal(0, 0.15)))
        cost_growth = growth + rng.normal(0, 0.01)
        for i, year in enumerate(s.REALISED):
            if i > 0:
                rate *= factors[i - 1] * float(np.exp(rng.normal(trend, 0.01)))
            expected = rate * pop[group][year]
            clients = max(0, round(expected * float(np.exp(rng.normal(0, max(0.02, 1 / np.sqrt(max(expected, 1))))))))
            real = cost_level * (1 + cost_growth) ** (year - s.LAST) * float(np.exp(rng.normal(0, 0.03)))
            amount = round(clients * real * index[domein][year] / index[domein][s.LAST])
            realisatie.append([str(year), name, str(clients), str(amount)])
            if year == s.LAST:
                last_cost[domein] += amount
    tables = {
        "voorzieningen": [["voorziening", "domein", "doelgroep", "taakveld"]]
        + [[name, spec[0], spec[1], spec[2]] for name, spec in s.VOORZIENINGEN.items()],
        "realisatie": realisatie,
        "bevolking": [["jaar", "leeftijd", "aantal"]]
        + [[str(year), group, str(int(pop[group][year]))] for year in s.POPULATION_YEARS for group in s.POPULATION],
        "indexatie": [["jaar", "domein", "percentage"]]
        + [[str(year), domein, _nl(pct, 1)] for domein, pcts in s.INDEXATION.items()
           for year, pct in zip(s.INDEXATION_YEARS, pcts)],
        "begroting": [["jaar", "domein", "bedrag"]]
        + [[str(year), domein, str(int(round(total_cost * s.BUDGET_UPLIFT, -3)))]
           for domein, total_cost in last_cost.items() for year in s.BUDGET_YEARS],
    }
    return Gemeente(naam, tables)


def generate(n: int = N_GEMEENTEN, seed: int = SEED) -> list[Gemeente]:
    """N synthetic gemeenten, 'Gemeente 001' ... (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    return [_one(f"Gemeente {i + 1:03d}", rng) for i in range(n)]


def _csv(rows: list[list[str]]) -> str:
    return "".join(";".join(row) + "\r\n" for row in rows)


def write_folders(country: list[Gemeente], out: Path) -> Path:
    """One sub-folder per gemeente with the five CSV files."""
    out = Path(out)
    for gemeente in country:
        folder = out / gemeente.naam
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in gemeente.tables.items():
            (folder / f"{name}.csv").write_text(_csv(rows), encoding="utf-8")
    return out


def write_combined(country: list[Gemeente], out: Path, shared: tuple[str, ...] = ("voorzieningen", "indexatie")
                   ) -> Path:
    """One folder whose tables carry a `gemeente` column; the `shared` tables (the same for every gemeente)
    are written once, without the column."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in country[0].tables:
        if name in shared:
            rows = country[0].tables[name]
        else:
            rows = [["gemeente"] + country[0].tables[name][0]]
            rows += [[g.naam] + row for g in country for row in g.tables[name][1:]]
        (out / f"{name}.csv").write_text(_csv(rows), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--n", type=int, default=N_GEMEENTEN)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--combined", action="store_true", help="one folder with a gemeente column")
    args = parser.parse_args(argv)
    country = generate(args.n, args.seed)
    path = write_combined(country, Path(args.out)) if args.combined else write_folders(country, Path(args.out))
    print(f"{len(country)} gemeenten geschreven in {path}")


if __name__ == "__main__":
    main()
