"""The four benchmark datasets as lists of `BenchSeries` (target = rate × driver) with their origins.

- sample:        data/voorbeeldgemeente: clients per voorziening (driver: population of the doelgroep)
                 and real cost per client (driver 1, deflated with the gemeente's indexation).
- synthetic:     benchmarks/synthetic.py (seeded), clients with a known population driver.
- almere:        CBS Kerncijfers wijken en buurten (Bron: CBS), jeugdzorg in natura for the gemeente,
                 editions 2018-2024; driver 0-15 + 0.3 × 15-25 (≈ 0-17). One series, so few points.
                 Wmo is left out: its 2023 edition breaks the definition (see the data's README); the
                 wijken are left out: their codes were redrawn in 2022 (populations fall 20-fold).
- zuid-holland:  ELAN/CBS client counts for 11 gemeenten 2015-2022 (jeugd and Wmo; Wmo years that
                 the README moved to excluded.csv are gaps); driver: population 0-20 (jeugd) or
                 61+ (Wmo) = share × inwoners_elan. Origins 2019-2021, horizons up to 2022.

The future driver is the realised one (a perfect population forecast), the same for every method.
`../shared` is found beside the repository root.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks import synthetic

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "realdata"


@dataclass
class BenchSeries:
    name: str
    years: np.ndarray  # may have gaps
    values: np.ndarray  # the target (clients or real cost per client)
    driver: dict[int, float] = field(default_factory=dict)  # year -> driver (population), known ahead

    def drivers(self, years) -> np.ndarray:
        return np.array([self.driver.get(int(y), 1.0) for y in years], dtype=float)


@dataclass
class BenchSet:
    name: str
    series: list[BenchSeries]
    origins: tuple[int, ...]
    max_horizon: int = 4


def sample() -> BenchSet:
    from forecasting.input.validation import load_dataset
    from forecasting.model.indexation import cumulative_index, yearly_percentages

    dataset, _ = load_dataset(ROOT / "data" / "voorbeeldgemeente")
    years = list(range(dataset.first_year, dataset.last_year + 1))
    index = cumulative_index(yearly_percentages(dataset, years), dataset.last_year)
    out = []
    for voorziening, doelgroep in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["doelgroep"]):
        real = dataset.realisatie.loc[dataset.realisatie["voorziening"] == voorziening].sort_values("jaar")
        real = real.loc[real["clienten"] > 0]
        population = dataset.population(doelgroep)
        y = real["jaar"].to_numpy(dtype=int)
        clients = real["clienten"].to_numpy(dtype=float)
        price = index.loc[index["voorziening"] == voorziening].set_index("jaar")["index"].loc[y].to_numpy()
        out.append(BenchSeries(f"{voorziening}: clienten", y, clients,
                               {int(k): float(v) for k, v in population.items()}))
        out.append(BenchSeries(f"{voorziening}: kosten per client", y, real["kosten"].to_numpy() / clients / price))
    return BenchSet("voorbeeldgemeente", out, tuple(range(2018, 2024)))


def synthetic_set() -> BenchSet:
    out = [BenchSeries(s["name"], s["years"], s["values"], dict(zip(map(int, s["years"]), s["driver"])))
           for s in synthetic.generate()]
    return BenchSet("synthetisch", out, (2020, 2021, 2022, 2023))


def almere() -> BenchSet | None:
    path = SHARED / "almere_gemeente_wijk_long_DERIVED.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path, dtype={"value": str})
    frame = frame.loc[~frame["value"].isin([".", ""]) & frame["value"].notna()]
    frame["value"] = frame["value"].astype(float)
    table = frame.pivot_table(index=["code", "kwb_year"], columns="variable", values="value", aggfunc="first")
    out = []
    for code, rows in table.loc[["GM0034"]].groupby(level=0):
        rows = rows.droplevel(0).dropna(subset=["JongerenMetJeugdzorgInNatura", "k_0Tot15Jaar", "k_15Tot25Jaar"])
        if len(rows) < 7:
            continue
        driver = rows["k_0Tot15Jaar"] + 0.3 * rows["k_15Tot25Jaar"]
        out.append(BenchSeries(f"{code}: jeugdzorg", rows.index.to_numpy(dtype=int),
                               rows["JongerenMetJeugdzorgInNatura"].to_numpy(dtype=float),
                               {int(k): float(v) for k, v in driver.items()}))
    return BenchSet("almere", out, (2021, 2022, 2023))


def zuid_holland() -> BenchSet | None:
    path = SHARED / "zuid-holland" / "series.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path)
    wide = frame.pivot_table(index=["gemeente", "jaar"], columns="reeks", values="waarde")
    out = []
    for gemeente, rows in wide.groupby(level=0):
        rows = rows.droplevel(0)
        young = rows["aandeel_0_20_elan"] * rows["inwoners_elan"]
        old = (rows["aandeel_61_80_elan"] + rows["aandeel_80plus_elan"]) * rows["inwoners_elan"]
        for reeks, driver in (("jeugd_clienten", young), ("wmo_clienten", old)):
            values = rows[reeks].dropna()  # excluded Wmo years are absent from series.csv: gaps
            out.append(BenchSeries(f"{gemeente}: {reeks}", values.index.to_numpy(dtype=int),
                                   values.to_numpy(dtype=float), {int(k): float(v) for k, v in driver.items()}))
    return BenchSet("zuid-holland", out, (2019, 2020, 2021), max_horizon=3)


def all_sets() -> list[BenchSet]:
    return [s for s in (sample(), synthetic_set(), almere(), zuid_holland()) if s is not None]
