"""Diagnosis of the year-end band's coverage per month (issue #23): bias or width, which part of the band.

Reruns the three cases of benchmarks/yearend_backtest.py and keeps, per point, the signed ln error
e = ln(verwacht / werkelijk), the band half-width h = ln(P90 / P10) / 2, the parts sd_A (pattern), sd_P (prognosis),
the weight w, and the shape of the target year's months (cases B and C). Per section and month it reports the
coverage, mean e (bias) and RMS e against the band's implied sd = h / 1.2816 (a calibrated band has RMS e ≈ sd),
the median sd_A, sd_P and w, and for C the number of distinct target shapes and the coverage per shape.
Binomial noise of a coverage p over n independent points: sd = sqrt(p (1 - p) / n) (80%, n = 27: ±7.7 points).

Run: .venv/bin/python -m benchmarks.yearend_diagnosis   (writes benchmarks/results/yearend_diagnosis.txt)
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

import benchmarks.yearend_backtest as backtest
from benchmarks.results_file import write_result
from forecasting.input.validation import load_dataset
from forecasting.monitor.yearend import Z80

RESULT = Path(__file__).resolve().parent / "results" / "yearend_diagnosis.txt"


def score(baseline, floor, tussentijds, year, truth, case):
    """backtest.score with the band's parts kept per point."""
    records = []
    now = tussentijds.loc[tussentijds["jaar"] == year]
    for month, result, low, high in backtest.year_ends(baseline, floor, tussentijds, year):
        for v, name in enumerate(result.projection.voorzieningen):
            real = float(truth.loc[name])
            rows = now.loc[now["voorziening"] == name]
            shape = tuple(np.round(rows.sort_values("periode", key=lambda p: p.astype(int))["kosten"].to_numpy()
                                   / real, 4)) if len(rows) == 12 else ()
            records.append({"case": case, "jaar": year, "voorziening": name, "maand": month,
                            "e": float(np.log(result.projection.cost[v, 0] / real)),
                            "h": float(np.log(high[v, 0] / low[v, 0]) / 2),
                            "binnen": bool(low[v, 0] <= real <= high[v, 0]),
                            "sd_a": float(result.sd_realised[v]), "sd_p": float(result.sd_prognosis[v]),
                            "w": float(result.weight[v]), "shape": hash(shape)})
    return records


def summary(frame: pd.DataFrame, per_shape: bool) -> list[str]:
    lines = [f"{'maand':>5} {'dekking':>8} {'±binom':>7} {'bias e':>8} {'rms e':>7} {'sd band':>8} {'sd_A':>7} "
             f"{'sd_P':>7} {'w':>5} {'out lo/hi':>10}" + (f" {'shapes':>6}  dekking per shape (n)" if per_shape
                                                          else "")]
    for month, rows in frame.loc[frame["maand"] >= 1].groupby("maand"):
        p, n = rows["binnen"].mean(), len(rows)
        low = int(((~rows["binnen"]) & (rows["e"] > 0)).sum())  # estimate above truth: truth below band
        high = int(((~rows["binnen"]) & (rows["e"] < 0)).sum())
        line = (f"{month:>5} {p:>8.0%} {np.sqrt(0.8 * 0.2 / n):>7.1%} {rows['e'].mean():>8.4f} "
                f"{np.sqrt((rows['e'] ** 2).mean()):>7.4f} {(rows['h'] / Z80).median():>8.4f} "
                f"{rows['sd_a'].median():>7.4f} {rows['sd_p'].median():>7.4f} {rows['w'].median():>5.2f} "
                f"{low:>4}/{high:<5}")
        if per_shape:
            groups = rows.groupby("shape")["binnen"].agg(["mean", "size"]).sort_values("size", ascending=False)
            line += f" {len(groups):>6}  " + " ".join(f"{m:.0%}({s})" for m, s in groups.head(6).itertuples(
                index=False))
        lines.append(line)
    return lines


def by_year(frame: pd.DataFrame) -> list[str]:
    """A per target year: coverage, bias and rms e against the band's sd (2022 pro rata, 2023 one pattern year)."""
    lines = [f"{'maand':>5}  per jaar: dekking / bias e / rms e / sd band"]
    for month, rows in frame.loc[frame["maand"] >= 1].groupby("maand"):
        parts = [f"{int(year)} {r['binnen'].mean():>4.0%} {r['e'].mean():>7.3f} {np.sqrt((r['e'] ** 2).mean()):.3f} "
                 f"{(r['h'] / Z80).median():.3f}" for year, r in rows.groupby("jaar")]
        lines.append(f"{month:>5}  " + " | ".join(parts))
    return lines


def by_shape(frame: pd.DataFrame) -> list[str]:
    """The points of one target shape move together: the coverage's standard error between shapes
    sqrt(sum_k n_k (p_k - p)^2 / n / K) over K shapes, and the coverage without the worst shape."""
    lines = [f"{'maand':>5} {'shapes':>6} {'se shapes':>9} {'worst':>6} {'n':>4} {'zonder worst':>12}"]
    for month, rows in frame.loc[frame["maand"] >= 1].groupby("maand"):
        groups = rows.groupby("shape")["binnen"].agg(["mean", "size"])
        p = rows["binnen"].mean()
        se = np.sqrt(np.average((groups["mean"] - p) ** 2, weights=groups["size"]) / len(groups))
        worst = groups["mean"].idxmin()
        rest = rows.loc[rows["shape"] != worst, "binnen"].mean()
        lines.append(f"{month:>5} {len(groups):>6} {se:>9.1%} {groups.loc[worst, 'mean']:>6.0%} "
                     f"{int(groups.loc[worst, 'size']):>4} {rest:>12.0%}")
    return lines


def main() -> None:
    started = time.perf_counter()
    backtest.score = score
    dataset, problems = load_dataset(backtest.ROOT / "data" / "voorbeeldgemeente")
    assert dataset is not None, problems.report()
    sections = [("A", backtest.case_live(dataset), False), ("B", backtest.case_simulated(dataset), True),
                ("C", [r for r in backtest.case_national(dataset) if r["maand"] >= 0], True)]
    lines = ["Year-end band diagnosis (benchmarks/yearend_diagnosis.py). e = ln(verwacht / werkelijk);",
             "sd band = ln(P90/P10) / (2 * 1.2816), median; a calibrated band has rms e ≈ sd band.",
             "out lo/hi: outcomes below / above the band. ±binom: sd of an 80% coverage over n independent points."]
    for name, records, per_shape in sections:
        frame = pd.DataFrame(records)
        lines += ["", f"{name} ({len(frame.loc[frame['maand'] == 1])} points per month)"] + summary(frame, per_shape)
        lines += by_year(frame) if name == "A" else by_shape(frame)
    lines.append(f"Run time {time.perf_counter() - started:.0f} s.")
    write_result(RESULT, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
