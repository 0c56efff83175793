"""End-to-end backtest of the expected year-end (forecasting/monitor/yearend.py):
pattern plus prognosis, with a baseline fitted only on the years before the year being projected.

For each target year y, voorziening v and month m = 1..11: the baseline (`auto`) is fitted on the realisation up
to y - 1 (population and indexation as published, the same for every method), the year-end of y is computed from
y's first m months with the prognosis spread floored by that baseline's own backtest error one year ahead
(`prognosis_floor`, as the Monitor does), and compared with y's realised total: the absolute percentage error of
the expected year-end and whether the 80% band (P10-P90 of its draws) holds the outcome. Month 0 is the
prognosis alone (its own band, as the Prognose screen shows it).

A. Sample gemeente, real in-year months (data/voorbeeldgemeente/tussentijds.csv has complete years 2022-2024):
   targets 2022-2024 with only the in-year years before the target as pattern, as the Monitor saw it live
   (2022: no earlier year, pro rata; 2023: one year; 2024: two). 27 points per month.
B. Sample gemeente, simulated in-year months (stated plainly: these months are made, not published): for each
   target year 2018-2024 and each of the three real in-year years r, the target's months are its realised annual
   total spread over the months by r's monthly shape; the pattern comes from the other two real years (given
   the labels of the two years before the target). The annual totals and the baseline's errors are the sample's
   own; only the monthly shape is borrowed. 7 years x 3 shapes x 9 voorzieningen = 189 points per month.
C. Real annual figures (Bron: CBS, ../shared/realdata/nationaal): jeugdzorg per gemeente as one voorziening,
   realised costs (83454NED, x 1000), young people 0-22 with jeugdzorg (84134NED 2015-2020 spliced with 85099NED
   2021-2023: the break is kept, as a user's data would have it) and the 0-22 population behind CBS's own
   percentage (clients / pct). Every gemeente with all three in every year 2017-2023 is used (73; only 10 are
   complete from 2015, and the README calls the costs thin before 2018), from 2017 on; values that flags.csv
   marks as partial deliveries are kept. Targets 2021-2023 (4-6 years to fit). The in-year months are
   simulated as in B: the realised annual total spread by the monthly shape of one of the sample's nine real
   jeugd years (voorziening x year, drawn with a fixed seed), the pattern from two other drawn shapes.

Run: .venv/bin/python benchmarks/yearend_backtest.py   (writes benchmarks/results/yearend_backtest.txt)
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.results_file import write_result  # noqa: E402
from forecasting.input.validation import load_dataset  # noqa: E402
from forecasting.model.baseline import build_baseline  # noqa: E402
from forecasting.monitor.yearend import prognosis_floor, year_end  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "yearend_backtest.txt"
MONTHS = range(0, 12)


def baseline_before(dataset, year: int):
    """The `auto` baseline fitted on the realisation before `year` (its first forecast year is `year`)."""
    truncated = replace(dataset, realisatie=dataset.realisatie.loc[dataset.realisatie["jaar"] < year])
    baseline = build_baseline(truncated, horizon=1)
    floor = prognosis_floor(baseline.evaluations, baseline.choices, baseline.voorzieningen, baseline.domains)
    return baseline, floor


def year_ends(baseline, floor, tussentijds: pd.DataFrame, year: int):
    """(month, year-end, P10, P90) for months 0..11 of `year`, knowing the months up to that one."""
    for month in MONTHS:
        known = tussentijds.loc[(tussentijds["jaar"] < year) |
                                ((tussentijds["jaar"] == year) & (tussentijds["periode"].astype(int) <= month))]
        result = year_end(known, baseline.projection, year=year, floor=floor)
        yield (month, result, *result.projection.voorziening_bands())


def score(baseline, floor, tussentijds: pd.DataFrame, year: int, truth: pd.Series, case: str) -> list[dict]:
    """Per voorziening and month 0..11: error and 80% coverage of the year-end against the realised total."""
    records = []
    for month, result, low, high in year_ends(baseline, floor, tussentijds, year):
        for v, name in enumerate(result.projection.voorzieningen):
            real = float(truth.loc[name])
            expected = float(result.projection.cost[v, 0])
            records.append({"case": case, "jaar": year, "voorziening": name, "maand": month,
                            "ape": abs(expected / real - 1), "binnen": bool(low[v, 0] <= real <= high[v, 0]),
                            "breedte": float(np.log(high[v, 0] / low[v, 0]))})
    return records


def case_live(dataset) -> list[dict]:
    records = []
    tussentijds = dataset.tussentijds
    for year in (2022, 2023, 2024):
        baseline, floor = baseline_before(dataset, year)
        truth = dataset.realisatie.loc[dataset.realisatie["jaar"] == year].set_index("voorziening")["kosten"]
        records += score(baseline, floor, tussentijds.loc[tussentijds["jaar"] <= year], year, truth, "A")
    return records


def shapes(dataset) -> dict[tuple[int, str], np.ndarray]:
    """{(real year, voorziening): the 12 monthly shares of that year's in-year total}."""
    out = {}
    for (year, name), rows in dataset.tussentijds.groupby(["jaar", "voorziening"]):
        if len(rows) == 12:
            amounts = rows.assign(m=rows["periode"].astype(int)).sort_values("m")["kosten"].to_numpy(dtype=float)
            out[(int(year), name)] = amounts / amounts.sum()
    return out


def case_simulated(dataset) -> list[dict]:
    real_years = (2022, 2023, 2024)
    shape = shapes(dataset)
    records = []
    for year in range(2018, 2025):
        baseline, floor = baseline_before(dataset, year)
        truth = dataset.realisatie.loc[dataset.realisatie["jaar"] == year].set_index("voorziening")["kosten"]
        for r in real_years:
            others = [o for o in real_years if o != r]
            rows = []
            for name in baseline.voorzieningen:
                for label, source in zip((year - 2, year - 1), others):  # the pattern: the other two real years
                    rows += [(label, str(m + 1), name, np.nan, float(truth.loc[name]) * shape[(source, name)][m])
                             for m in range(12)]
                rows += [(year, str(m + 1), name, np.nan, float(truth.loc[name]) * shape[(r, name)][m])
                         for m in range(12)]
            frame = pd.DataFrame(rows, columns=["jaar", "periode", "voorziening", "clienten", "kosten"])
            records += score(baseline, floor, frame, year, truth, "B")
    return records


FIRST = 2017  # the first year of C's gemeenten
NATIONAL = ROOT.parent / "shared" / "realdata" / "nationaal" / "series.csv"


def national_tables(rows: pd.DataFrame, year: int) -> dict[str, str]:
    """A Grip dataset of one gemeente's jeugdzorg, realised up to `year` - 1, population up to `year`."""
    realisatie = ["jaar;voorziening;clienten;kosten"] + [
        f"{int(j)};Jeugdzorg;{r.clienten:.0f};{r.kosten:.0f}" for j, r in rows.iterrows() if j < year]
    bevolking = ["jaar;leeftijd;aantal"] + [f"{int(j)};0-22;{r.bevolking:.0f}" for j, r in rows.iterrows()
                                            if j <= year]
    return {"voorzieningen": "voorziening;domein;doelgroep\nJeugdzorg;Jeugd;0-22\n",
            "realisatie": "\n".join(realisatie) + "\n", "bevolking": "\n".join(bevolking) + "\n"}


def national_gemeenten() -> dict[str, pd.DataFrame]:
    """{gemeente: jaar-indexed clienten, kosten, bevolking 2017-2023} for every gemeente complete in those years."""
    if not NATIONAL.exists():
        return {}
    frame = pd.read_csv(NATIONAL)
    wide = frame.pivot_table(index=["gemeente", "jaar"], columns="reeks", values="waarde")
    clients = wide["jeugdzorg_clienten_84134"].fillna(wide["jeugdzorg_clienten_85099"])
    pct = wide["jeugdzorg_pct_84134"].fillna(wide["jeugdzorg_pct_85099"])
    table = pd.DataFrame({"clienten": clients, "kosten": wide["jeugdzorg_kosten_gerealiseerd_keur"] * 1000,
                          "bevolking": clients / pct * 100})
    out = {}
    for gemeente, rows in table.groupby(level=0):
        rows = rows.droplevel(0).loc[lambda r: (r.index >= FIRST) & (r.index <= 2023)].dropna()
        if len(rows) == 2024 - FIRST and (rows > 0).all().all():
            out[gemeente] = rows
    return out


def case_national(dataset, limit: int | None = None) -> list[dict]:
    import tempfile

    from tests.factories import write_tables

    jeugd = [v for v, d in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["domein"]) if d == "Jeugd"]
    pool = [s for (y, v), s in shapes(dataset).items() if v in jeugd]
    rng = np.random.default_rng(20261204)
    records = []
    gemeenten = national_gemeenten()
    for gemeente in sorted(gemeenten)[:limit]:
        rows = gemeenten[gemeente]
        for year in range(2021, 2024):
            with tempfile.TemporaryDirectory() as folder:
                loaded, problems = load_dataset(write_tables(Path(folder), national_tables(rows, year)), horizon=1)
            if loaded is None:
                records.append({"case": "C", "jaar": year, "voorziening": gemeente, "maand": -1, "ape": np.nan,
                                "binnen": False, "breedte": np.nan})
                continue
            baseline = build_baseline(loaded, horizon=1)
            floor = prognosis_floor(baseline.evaluations, baseline.choices, baseline.voorzieningen,
                                    baseline.domains)
            total = float(rows.loc[year, "kosten"])
            picks = rng.choice(len(pool), size=3, replace=False)
            months = []
            for label, k in zip((year - 2, year - 1, year), picks):
                months += [(label, str(m + 1), "Jeugdzorg", np.nan, total * pool[k][m]) for m in range(12)]
            frame = pd.DataFrame(months, columns=["jaar", "periode", "voorziening", "clienten", "kosten"])
            truth = pd.Series({"Jeugdzorg": total})
            for record in score(baseline, floor, frame, year, truth, "C"):
                records.append({**record, "voorziening": gemeente})
    return records


def table(records: pd.DataFrame) -> list[str]:
    lines = [f"{'maand':>5} {'MAPE':>7} {'dekking 80%':>12} {'band (ln)':>10} {'punten':>7}"]
    for month, rows in records.groupby("maand"):
        label = "0*" if month == 0 else str(month)
        lines.append(f"{label:>5} {rows['ape'].mean():>7.1%} {rows['binnen'].mean():>12.0%} "
                     f"{rows['breedte'].median():>10.3f} {len(rows):>7}")
    return lines


def main() -> None:
    started = time.perf_counter()
    dataset, problems = load_dataset(ROOT / "data" / "voorbeeldgemeente")
    assert dataset is not None, problems.report()
    live = pd.DataFrame(case_live(dataset))
    simulated = pd.DataFrame(case_simulated(dataset))
    lines = ["Year-end backtest (forecasting/monitor/yearend.py), baseline fitted on the years before the target year.",
             "MAPE: mean absolute % error of the expected year-end against the realised year total, per voorziening;",
             "dekking: share of outcomes inside the 80% band; band: median ln(P90/P10).",
             "Month 0* = the prognosis alone.",
             "",
             "A. Sample gemeente, real in-year months 2022-2024, pattern only from earlier in-year years (as live)"]
    lines += table(live)
    lines += ["", "B. Sample gemeente, simulated months 2018-2024 (realised annual total x the monthly shape of one",
              "   of the three real in-year years; pattern from the other two)"]
    lines += table(simulated)
    national = pd.DataFrame(case_national(dataset))
    if not national.empty:
        failed = national.loc[national["maand"] < 0]
        national = national.loc[national["maand"] >= 0]
        lines += ["", f"C. Real annual jeugdzorg figures of {national['voorziening'].nunique()} gemeenten "
                  "(Bron: CBS), simulated months, targets 2021-2023" +
                  (f"; {len(failed)} gemeente-years not loadable" if len(failed) else "")]
        lines += table(national)
        late = national.loc[national["maand"] >= 3]
        lines += [f"C, months 3-11: coverage {late['binnen'].mean():.0%}, MAPE {late['ape'].mean():.1%}"]
    both = simulated.loc[simulated["maand"] >= 3]
    lines += ["", f"B, months 3-11: coverage {both['binnen'].mean():.0%} (target 70-90% each month), "
              f"MAPE {both['ape'].mean():.1%}",
              f"Run time {time.perf_counter() - started:.0f} s."]
    write_result(RESULT, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
