"""National benchmark: Grip's pipeline on published CBS figures of 192 gemeenten (Bron: CBS, CC BY 4.0).

Data: ../shared/realdata/nationaal/series.csv (see its README).

1. Clients. Wmo clients 2015-2023 (83262NED/85043NED) and young people with jeugdzorg 2015-2020 (84134NED; the
   2021 successor table is a break and is not spliced on). The population behind each count is CBS's own rate:
       population_t = clients_t / rate_t   (Wmo rate per 1,000 inhabitants, jeugd percentage of 0-22 year olds)
   and is taken as known ahead (a perfect population forecast, the same for every method). Rolling origins
   2018-2020 with at least four realised years up to the origin, horizons 1-3. Every Grip row runs the pipeline a
   user runs: a one-voorziening Dataset (clients, a constant cost per client so that the cost band is the client
   band) through forecasting.model.baseline.build_baseline with that model, the backtest and the short-series rules
   included. Outside references (statsforecast AutoETS/AutoTheta on use rate × population) where installed.
       MAPE = mean |ŷ − y| / y;  MASE_h, bias = mean (ŷ − y) / y;  dekking = share inside the 80% band
   and the target ratio MAPE(auto) / MAPE(better of held and flat) with a 90% cluster bootstrap over gemeenten.

2. Budget time. Jeugd costs of year t (83454NED, realised, thousands of euros) forecast from the accounts up to
   t−2 (what is known in the autumn of t−1, when the budget for t is made): horizon 2. Clients are the jeugdzorg
   clients of 84134NED up to 2020 and of 85099NED from 2021 (a break between the tables, left to the
   level-shift rule of forecasting/model/robust.py), the population 0-22 from CBS's percentage. Indexation: none
   (nominal cost per client), the same for every method. Compared with the flat meerjarenraming (the budget
   of t−1 held for t) and with the budget for t itself (83454NED, budgeted):
       error = (forecast − realised) / realised;  median |error| and median error (bias) over gemeente-years.
   Rule for implausible pairs, stated and applied to every method alike: a gemeente-year counts only when the
   realisation of t and of t−2 and both budgets are present and positive, and neither realisation is flagged as a
   partial delivery in flags.csv (< 0.5 × the gemeente's median). The counts before and after the rule are printed.

Run: python -m benchmarks.national [--quick]   (writes benchmarks/results/national.txt)
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks import accuracy  # noqa: E402
from benchmarks.datasets import SHARED, BenchSeries, BenchSet  # noqa: E402
from benchmarks.results_file import write_result  # noqa: E402

NATIONAL = SHARED / "nationaal"
RESULT = Path(__file__).resolve().parent / "results" / "national.txt"
ORIGINS = (2018, 2019, 2020)
MAX_HORIZON = 3
GRIP_MODELS = ("auto", "flat", "linear", "loglinear", "damped", "combinatie")
REFERENCES = ("AutoETS x bev.", "AutoTheta x bev.")


def load_series() -> pd.DataFrame:
    return pd.read_csv(NATIONAL / "series.csv", usecols=["gemeente_code", "gemeente", "jaar", "reeks", "waarde"])


def flagged() -> set[tuple[str, int, str]]:
    flags = pd.read_csv(NATIONAL / "flags.csv")
    return set(zip(flags["gemeente_code"], flags["jaar"].astype(int), flags["reeks"]))


def _wide(frame: pd.DataFrame, reeks: str) -> pd.DataFrame:
    rows = frame.loc[frame["reeks"] == reeks]
    return rows.pivot_table(index=["gemeente_code", "gemeente"], columns="jaar", values="waarde", aggfunc="first")


def client_series(frame: pd.DataFrame, clients: str, rate: str, per: float, domein: str) -> list[BenchSeries]:
    """One series per gemeente: the counts, with the population behind them (count / rate × per) as driver."""
    counts, rates = _wide(frame, clients), _wide(frame, rate)
    out = []
    for key in counts.index:
        if key not in rates.index:
            continue
        both = pd.concat([counts.loc[key], rates.loc[key]], axis=1, keys=["n", "r"]).dropna()
        both = both.loc[(both["n"] > 0) & (both["r"] > 0)]
        if len(both) < 4:
            continue
        driver = both["n"] / both["r"] * per
        out.append(BenchSeries(f"{key[0]} {key[1]}: {domein}", both.index.to_numpy(dtype=int),
                               both["n"].to_numpy(dtype=float), {int(y): float(v) for y, v in driver.items()}))
    return out


def client_set(frame: pd.DataFrame | None = None) -> BenchSet:
    frame = load_series() if frame is None else frame
    series = (client_series(frame, "wmo_clienten", "wmo_per_1000", 1000.0, "Wmo")
              + client_series(frame, "jeugdzorg_clienten_84134", "jeugdzorg_pct_84134", 100.0, "Jeugd"))
    return BenchSet("nationaal", series, ORIGINS, max_horizon=MAX_HORIZON)


def _driver_path(driver: dict[int, float], years: np.ndarray) -> np.ndarray:
    """The driver for every year asked, linearly interpolated (held at the ends) where CBS has no rate."""
    known = np.array(sorted(driver))
    return np.interp(years, known, [driver[int(y)] for y in known])


def one_voorziening(name: str, domein: str, years, clients, driver: dict[int, float], until: int, cost=None):
    """A Dataset of one voorziening, as a user would write it: realisatie, bevolking up to `until`, no budget."""
    from forecasting.input.dataset import Dataset

    years = np.asarray(years, dtype=int)
    clients = np.asarray(clients, dtype=float)
    cost = clients * 1000.0 if cost is None else np.asarray(cost, dtype=float)
    population_years = np.arange(int(years.min()), until + 1)
    population = _driver_path(driver, population_years)
    voorzieningen = pd.DataFrame({"voorziening": [name], "domein": [domein], "doelgroep": ["doelgroep"],
                                  "taakveld": [None]})
    realisatie = pd.DataFrame({"jaar": years, "voorziening": name, "clienten": clients, "kosten": cost})
    bevolking = pd.DataFrame({"jaar": population_years, "leeftijd": "doelgroep", "aantal": population})
    indexatie = pd.DataFrame({"jaar": pd.Series(dtype=int), "domein": pd.Series(dtype=object),
                              "voorziening": pd.Series(dtype=object), "percentage": pd.Series(dtype=float)})
    begroting = pd.DataFrame({"jaar": pd.Series(dtype=int), "domein": pd.Series(dtype=object),
                              "voorziening": pd.Series(dtype=object), "bedrag": pd.Series(dtype=float)})
    return Dataset(name, voorzieningen, realisatie, bevolking, indexatie, begroting)


class Pipeline:
    """Grip as a user runs it: build_baseline with one model on a one-voorziening dataset."""

    wants_name = True

    def __init__(self, model: str):
        self.model = model

    def __call__(self, ty, tv, td, fy, fd, name=""):
        from forecasting.model.baseline import build_baseline

        domein = name.rsplit(": ", 1)[-1]
        driver = {int(y): float(d) for y, d in zip(ty, td)} | {int(y): float(d) for y, d in zip(fy, fd)}
        dataset = one_voorziening("reeks", domein, ty, tv, driver, int(fy.max()))
        baseline = build_baseline(dataset, horizon=int(fy.max() - ty[-1]), model=self.model)
        projection = baseline.projection
        pick = [projection.year_index(int(y)) for y in fy]
        lower, upper = projection.voorziening_bands(0.8)
        return (projection.clients[0, pick], lower[0, pick] / 1000.0, upper[0, pick] / 1000.0)


def gemeente_of(series_name: str) -> str:
    return series_name.split(" ", 1)[0]


def client_benchmark(quick: bool, models: tuple[str, ...]) -> tuple[list[str], dict]:
    bench = client_set()
    methods: dict[str, object] = {"laatste waarde vast (held)": accuracy_held}
    methods |= {f"Grip {m}": Pipeline(m) for m in models}
    if not quick:
        from benchmarks.references import METHODS

        for name in REFERENCES:
            try:
                methods[name] = METHODS[name]()
            except ImportError as error:
                print(f"  {name}: overgeslagen ({error})", file=sys.stderr)
    results, started = {}, time.perf_counter()
    for name, method in methods.items():
        records, seconds, fits = accuracy.run_method(name, method, bench)
        results[name] = accuracy.summarise(records, seconds, fits, bench.max_horizon)
        print(f"  {name}: {results[name]['MAPE']:.2f}% na {time.perf_counter() - started:.0f} s", file=sys.stderr)
    wmo = sum(s.name.endswith("Wmo") for s in bench.series)
    lines = [f"1. Clients: {len(bench.series)} series ({wmo} Wmo, {len(bench.series) - wmo} jeugd) of "
             f"{len({gemeente_of(s.name) for s in bench.series})} gemeenten, origins {ORIGINS[0]}-{ORIGINS[-1]}, "
             f"horizons 1-{MAX_HORIZON}, {sum(1 for _ in accuracy.tasks(bench))} fits per method", ""]
    lines += _client_table(results)
    lines += ["", "80% band coverage per horizon:"]
    for name, row in results.items():
        if row["_frame"]["lower"].notna().any():
            lines.append(f"  {name:<34} {accuracy.coverage_by_horizon(row['_frame'])}")
    lines += ["", "Bias (mean (ŷ − y) / y) per horizon:"]
    for name, row in results.items():
        frame = row["_frame"]
        rel = (frame["forecast"] - frame["actual"]) / frame["actual"]
        lines.append(f"  {name:<34} " + ", ".join(f"h{h} {rel[frame['horizon'] == h].mean() * 100:+.1f}%"
                                                  for h in range(1, MAX_HORIZON + 1)))
    lines += ["", "Target: auto against the better of last value held and Grip flat:", target_line(results)]
    return lines, results


def accuracy_held(ty, tv, td, fy, fd):
    return np.full(len(fy), float(tv[-1])), None, None


def _client_table(results: dict) -> list[str]:
    columns = ["MAPE", "MASE1", "MASE2", "MASE3", "dek%", "s/reeks"]
    lines = [f"{'methode':<34}" + " ".join(f"{c:>8}" for c in columns), "-" * (34 + 9 * len(columns))]
    for name, row in results.items():
        cells = []
        for c in columns:
            v = row[c]
            cells.append(f"{'-':>8}" if np.isnan(v) else f"{v:8.3f}" if c == "s/reeks" else
                         f"{v:8.1f}" if c in ("MAPE", "dek%") else f"{v:8.2f}")
        lines.append(f"{name:<34}" + " ".join(cells))
    return lines


def target_line(results: dict, resamples: int = 5000, seed: int = 11) -> str:
    """MAPE(auto) / MAPE(better simple) over the same points, 90% interval by resampling gemeenten."""
    simple = min(("laatste waarde vast (held)", "Grip flat"), key=lambda m: results[m]["MAPE"])
    sums = []
    for method in ("Grip auto", simple):
        frame = results[method]["_frame"]
        ape = (frame["forecast"] - frame["actual"]).abs() / frame["actual"].abs()
        sums.append(ape.groupby(frame["series"].map(gemeente_of)).sum())
    auto, base = sums[0].align(sums[1], join="inner")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(auto), size=(resamples, len(auto)))
    ratios = auto.to_numpy()[picks].sum(axis=1) / base.to_numpy()[picks].sum(axis=1)
    low, high = np.percentile(ratios, [5, 95])
    return (f"  auto / {simple} = {auto.sum() / base.sum():.3f} (90% interval {low:.2f}-{high:.2f}, cluster "
            f"bootstrap over {len(auto)} gemeenten; target ≤ 0.90 with the upper end below 1.0)")


# ---- 2. budget time -------------------------------------------------------------------------------------------

def cost_cases(frame: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """Per gemeente-year t: the inputs known at budget time and the outcomes; plus the count before the rule."""
    frame = load_series() if frame is None else frame
    real = _wide(frame, "jeugdzorg_kosten_gerealiseerd_keur")
    budget = _wide(frame, "jeugdzorg_kosten_begroot_keur")
    old_n, old_pct = _wide(frame, "jeugdzorg_clienten_84134"), _wide(frame, "jeugdzorg_pct_84134")
    new_n, new_pct = _wide(frame, "jeugdzorg_clienten_85099"), _wide(frame, "jeugdzorg_pct_85099")
    flags = flagged()
    rows, considered = [], 0
    for key in real.index:
        code = key[0]
        for t in range(2017, 2024):
            if t not in real.columns or (t - 1) not in budget.columns:
                continue
            considered += 1
            values = {"t": real.loc[key].get(t), "t2": real.loc[key].get(t - 2),
                      "budget_t": budget.loc[key].get(t) if key in budget.index else np.nan,
                      "budget_t1": budget.loc[key].get(t - 1) if key in budget.index else np.nan}
            if not all(pd.notna(v) and v > 0 for v in values.values()):
                continue
            if any((code, y, "jeugdzorg_kosten_gerealiseerd_keur") in flags for y in (t, t - 2)):
                continue
            history = real.loc[key].loc[[y for y in real.columns if y <= t - 2]].dropna()
            history = history.loc[[y for y in history.index
                                   if (code, int(y), "jeugdzorg_kosten_gerealiseerd_keur") not in flags and
                                   history[y] > 0]]
            clients, driver = {}, {}
            for table_n, table_pct in ((old_n, old_pct), (new_n, new_pct)):
                if key in table_n.index and key in table_pct.index:
                    for y in table_n.columns:
                        n, p = table_n.loc[key].get(y), table_pct.loc[key].get(y)
                        if pd.notna(n) and pd.notna(p) and n > 0 and p > 0 and y <= t - 2:
                            clients[int(y)], driver[int(y)] = float(n), float(n) / float(p) * 100
            rows.append({"gemeente": f"{code} {key[1]}", "jaar": t, "realised": values["t"],
                         "budget_t": values["budget_t"], "budget_t1": values["budget_t1"],
                         "history": history, "clients": clients, "driver": driver})
    return pd.DataFrame(rows), considered


def cost_forecast(case: pd.Series, model: str) -> float:
    """Grip's forecast of the jeugd costs of t from the accounts up to t−2 (NaN when fewer than 2 years)."""
    from forecasting.model.baseline import build_baseline

    history: pd.Series = case["history"]
    years = [int(y) for y in history.index if int(y) in case["clients"]]
    if len(years) < 2:
        return np.nan
    driver = dict(case["driver"])
    t = int(case["jaar"])
    last = max(years)
    dataset = one_voorziening("Jeugd", "Jeugd", years, [case["clients"][y] for y in years], driver, t,
                              cost=[float(history[y]) * 1000 for y in years])
    baseline = build_baseline(dataset, horizon=t - last, model=model)
    return float(baseline.projection.cost[0, baseline.projection.year_index(t)]) / 1000.0


def cost_benchmark(models: tuple[str, ...]) -> list[str]:
    cases, considered = cost_cases()
    errors = {"flat meerjarenraming (begroting t-1)": cases["budget_t1"] / cases["realised"] - 1,
              "begroting t (een jaar later gemaakt)": cases["budget_t"] / cases["realised"] - 1,
              "rekening t-2 vast": cases["history"].map(lambda h: float(h.iloc[-1]) if len(h) else np.nan)
              / cases["realised"] - 1}
    last = cases["history"].map(lambda h: float(h.iloc[-1]) if len(h) else np.nan)
    two_years = cases["history"].map(lambda h: int(h.index[-1]) if len(h) else -1) == cases["jaar"] - 2
    growth = (cases["realised"] / last).where(two_years).groupby(cases["jaar"]).transform("median")
    errors["orakel: rekening t-2 x landelijke mediane groei"] = last * growth / cases["realised"] - 1
    real = _wide(load_series(), "jeugdzorg_kosten_gerealiseerd_keur")
    known_growth = (real / real.shift(1, axis=1)).median()  # per year y: median over gemeenten of r_y / r_(y-1)
    errors["rekening t-2 x landelijke groei t-3→t-2, 2x"] = (
        last * cases["jaar"].map(lambda t: known_growth.get(t - 2)) ** 2 / cases["realised"] - 1)
    for model in models:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            forecasts = cases.apply(lambda c, m=model: cost_forecast(c, m), axis=1)
        errors[f"Grip {model}"] = forecasts / cases["realised"] - 1
    usable = pd.concat(errors, axis=1).dropna()
    lines = [f"2. Jeugd costs of year t from the accounts up to t-2: {considered} gemeente-years with a realisation "
             f"and a budget column; {len(cases)} pass the rule (realisation t and t-2 and both budgets present and "
             f"positive, neither realisation flagged as partial); {len(usable)} with every method (at least two "
             f"accounts years with clients), years {int(cases['jaar'].min())}-{int(cases['jaar'].max())}, "
             f"{cases.loc[usable.index, 'gemeente'].nunique()} gemeenten.", "",
             f"{'methode':<40}{'med |fout|':>12}{'med fout':>10}{'gem |fout|':>12}"]
    flat = usable["flat meerjarenraming (begroting t-1)"].abs().median()
    for name in usable.columns:
        e = usable[name]
        lines.append(f"{name:<40}{e.abs().median() * 100:11.1f}%{e.median() * 100:+9.1f}%"
                     f"{e.abs().mean() * 100:11.1f}%")
    auto = usable["Grip auto"] if "Grip auto" in usable else None
    if auto is not None:
        lines += ["", f"Target: median |error| of Grip auto / flat meerjarenraming = {auto.abs().median() / flat:.2f} "
                  f"(≤ 0.75), median bias {auto.median() * 100:+.1f}% (within ±3%)."]
    lines += ["The oracle knows the median growth from t-2 to t over all gemeenten of that year (nobody knows it at "
              "budget time): the error left is each gemeente's own, a floor for any forecast from the accounts of "
              "t-2 alone. Its ratio to the flat meerjarenraming is the best any such forecast can reach against the "
              "0.75 target. 'landelijke groei t-3→t-2, 2x' is known at budget time: the median growth over all "
              "gemeenten of the last closed year, applied twice (a pooled national prior, which Grip does not have "
              "for one gemeente)."]
    per_year = usable.groupby(cases.loc[usable.index, "jaar"]).median()
    lines += ["", "Median error per year t:", per_year.map(lambda v: f"{v * 100:+.1f}%").to_string()]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the outside references")
    parser.add_argument("--models", default=",".join(GRIP_MODELS), help="Grip models, comma-separated")
    parser.add_argument("--part", choices=("clients", "costs", "both"), default="both")
    parser.add_argument("--out", default=str(RESULT))
    args = parser.parse_args(argv)
    models = tuple(m for m in args.models.split(",") if m)
    started = time.perf_counter()
    lines = [f"National benchmark (Bron: CBS), {accuracy.machine()}", ""]
    if args.part in ("clients", "both"):
        lines += client_benchmark(args.quick, models)[0] + [""]
    if args.part in ("costs", "both"):
        lines += cost_benchmark(tuple(m for m in models if m in ("auto", "flat", "combinatie", "linear",
                                                                  "damped"))) + [""]
    lines.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
    write_result(Path(args.out), lines)


if __name__ == "__main__":
    main()
