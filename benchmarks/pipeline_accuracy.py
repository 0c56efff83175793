"""Accuracy of the baseline: is `auto` better than holding the last year flat, and do 80% bands hold ~80%?

A. Sample gemeente, whole pipeline: for each origin 2018-2022 the baseline (auto, and flat as the
   begrotingssystematiek reference) is fitted on the years up to the origin and compared with the
   realised cost of the years after it (up to 4 years ahead).
B. Almere (real CBS data, Kerncijfers wijken en buurten; Bron: CBS): jeugdzorg use rate
   (young people with jeugdzorg in natura per inhabitant 0-17, with 0-17 approximated as
   0-15 + 0.3 x 15-25), backtest of every family on editions 2018-2024.

Run: .venv/bin/python benchmarks/pipeline_accuracy.py   (writes benchmarks/results/pipeline_accuracy.txt)
"""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.results_file import write_result  # noqa: E402
from forecasting.input.validation import load_dataset  # noqa: E402
from forecasting.model.backtest import evaluate  # noqa: E402
from forecasting.model.baseline import build_baseline  # noqa: E402
from presentation.tables import baseline_output  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "pipeline_accuracy.txt"
ALMERE = ROOT.parent / "shared" / "realdata" / "almere_gemeente_wijk_long_DERIVED.csv"


def pipeline_backtest(lines: list[str]) -> None:
    dataset, _ = load_dataset(ROOT / "data" / "voorbeeldgemeente")
    actual = dataset.realisatie.set_index(["jaar", "voorziening"])["kosten"]
    records = []
    for origin in range(2018, 2023):
        truncated = replace(dataset, realisatie=dataset.realisatie.loc[dataset.realisatie["jaar"] <= origin])
        horizon = min(4, dataset.last_year - origin)
        for model in ("auto", "flat"):
            output = baseline_output(build_baseline(truncated, horizon=horizon, model=model))
            forecast = output.loc[(output["reeks"] == "basisprognose") & (output["domein"] != "Totaal")]
            for _, row in forecast.iterrows():
                if row["voorziening"] == "Totaal":
                    real = actual.loc[row["jaar"]].loc[
                        dataset.voorzieningen.loc[dataset.voorzieningen["domein"] == row["domein"], "voorziening"]
                    ].sum()
                else:
                    real = actual.loc[(row["jaar"], row["voorziening"])]
                if model == "flat":  # today's practice: last year's nominal amount held flat
                    if row["voorziening"] == "Totaal":
                        domain = dataset.voorzieningen["domein"] == row["domein"]
                        held = actual.loc[origin].loc[dataset.voorzieningen.loc[domain, "voorziening"]].sum()
                    else:
                        held = actual.loc[(origin, row["voorziening"])]
                    records.append({"origin": origin, "model": "held", "level": "totaal" if row["voorziening"] ==
                                    "Totaal" else "voorz", "horizon": row["jaar"] - origin,
                                    "ape": abs(held - real) / real, "inside": False})
                records.append({
                    "origin": origin, "model": model, "level": "totaal" if row["voorziening"] == "Totaal" else "voorz",
                    "horizon": row["jaar"] - origin, "ape": abs(row["bedrag"] - real) / real,
                    "inside": row["ondergrens"] <= real <= row["bovengrens"],
                })
    frame = pd.DataFrame(records)
    lines.append("A. Sample gemeente, whole pipeline, origins 2018-2022, cost in current prices")
    lines.append("   auto = the combination method with pooled band widening;")
    lines.append("   flat = rate and real cost held, with demography and indexation;")
    lines.append("   held = last year's nominal amount held flat (today's begrotingssystematiek; it has no band)")
    summary = frame.groupby(["model", "level"]).agg(mape=("ape", "mean"), coverage=("inside", "mean"),
                                                    n=("ape", "size"))
    for (model, level), row in summary.iterrows():
        lines.append(f"  {model:<5} {level:<6} MAPE {row['mape'] * 100:5.1f}%   80%-band coverage "
                     f"{row['coverage'] * 100:5.1f}%   ({int(row['n'])} outcomes)")
    by_horizon = frame.loc[frame["level"] == "voorz"].groupby(["model", "horizon"])["ape"].mean().unstack()
    for model, row in by_horizon.iterrows():
        lines.append(f"  {model:<5} MAPE per horizon 1-4: " + ", ".join(f"{v * 100:.1f}%" for v in row))


def almere_backtest(lines: list[str]) -> None:
    if not ALMERE.exists():
        lines.append("B. Almere: ../shared/realdata not present, skipped")
        return
    values: dict[tuple[int, str], float] = {}
    with open(ALMERE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "Gemeente" and row["value"] not in ("", "."):
                values[(int(row["kwb_year"]), row["variable"])] = float(row["value"])
    years = np.array([y for y in range(2018, 2025) if (y, "JongerenMetJeugdzorgInNatura") in values])
    youth = np.array([values[(y, "k_0Tot15Jaar")] + 0.3 * values[(y, "k_15Tot25Jaar")] for y in years])
    rate = np.array([values[(y, "JongerenMetJeugdzorgInNatura")] for y in years]) / youth
    evaluation = evaluate(years, rate)
    lines.append("")
    lines.append(f"B. Almere jeugdzorg use rate per inhabitant 0-17, editions {years[0]}-{years[-1]} (Bron: CBS)")
    for _, row in evaluation.scores.sort_values("mape").iterrows():
        mark = "*" if row["model"] == evaluation.chosen else " "
        lines.append(f" {mark}{row['model']:<10} MAPE {row['mape'] * 100:5.1f}%  MASE {row['mase']:.2f}  "
                     f"bias {row['bias'] * 100:+5.1f}%  band coverage {row['dekking'] * 100:5.1f}% "
                     f"({int(row['punten'])} points)")
    lines.append(f"  auto choice: {evaluation.chosen} ({evaluation.reason})")


def main() -> None:
    lines: list[str] = []
    pipeline_backtest(lines)
    almere_backtest(lines)
    write_result(RESULT, lines)


if __name__ == "__main__":
    main()
