"""`python -m forecasting --data PATH --out FILE` and `python -m forecasting backtest --data PATH`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from forecasting.baseline import Baseline, build_baseline
from forecasting.budgetgap import budget_gap
from forecasting.cli import EXIT_OK, EXIT_UNUSABLE, DutchArgumentParser, add_data_arguments
from forecasting.dataset import Dataset
from forecasting.export import workbook_bytes
from forecasting.families import MODEL_CHOICES
from forecasting.output import write_table_set
from forecasting.validation import load_dataset


def year_list(text: str) -> list[int]:
    years = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or len(part) != 4:
            raise argparse.ArgumentTypeError(f"'{part}' is geen jaartal; schrijf bijvoorbeeld 2020,2021")
        years.append(int(part))
    return years


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", choices=MODEL_CHOICES, default="auto",
                        help="modelfamilie; auto kiest per voorziening en reeks op basis van de backtest")
    parser.add_argument("--exclude-years", type=year_list, default=[],
                        help="jaren die niet meetellen bij het schatten, bijvoorbeeld 2020 (blijven zichtbaar)")


def load_or_report(args) -> tuple[object | None, int]:
    """Load and validate; print the Dutch report to stderr when the data is unusable."""
    dataset, problems = load_dataset(args.data, horizon=args.horizon)
    if dataset is None:
        sys.stderr.write(problems.report() + "\n")
        return None, EXIT_UNUSABLE
    usable = set(dataset.realisatie["jaar"]) - set(args.exclude_years)
    if len(usable) < 2:
        sys.stderr.write(
            "Fout: na het uitsluiten van jaren blijven er minder dan 2 realisatiejaren over. "
            "Sluit minder jaren uit.\n"
        )
        return None, EXIT_UNUSABLE
    for problem in problems.warnings:
        sys.stderr.write(problem.describe() + "\n")
    return dataset, EXIT_OK


def fit(args) -> tuple[Dataset | None, Baseline | None, int]:
    dataset, code = load_or_report(args)
    if dataset is None:
        return None, None, code
    baseline = build_baseline(dataset, args.horizon, args.model, args.exclude_years)
    for warning in baseline.warnings:
        sys.stderr.write(f"WAARSCHUWING: {warning}\n")
    return dataset, baseline, EXIT_OK


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="uitvoerbestand: .csv of .xlsx")
    parser.add_argument("--csv-nl", action="store_true", help="CSV met ; en decimale komma (voor Nederlandse Excel)")


def parse_with_output(parser: DutchArgumentParser, argv: list[str]):
    """Parse arguments; --out must end in .csv or .xlsx."""
    args = parser.parse_args(argv)
    args.out = Path(args.out)
    if args.out.suffix.lower() not in (".csv", ".xlsx"):
        parser.error(f"--out moet op .csv of .xlsx eindigen, niet '{args.out.name}'")
    return args


def write_or_report(out: Path, tables, dutch_csv: bool, workbook) -> list[Path] | None:
    """Write the tables as CSV, or `workbook()` (the controller's workbook) for .xlsx; a Dutch message on stderr
    and None when the file cannot be written."""
    try:
        if out.suffix.lower() == ".xlsx":
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(workbook())
            return [out]
        return write_table_set(out, tables, dutch_csv=dutch_csv)
    except OSError as error:
        sys.stderr.write(f"Fout: kan '{out}' niet schrijven: {error.strerror}.\n")
        return None


def run_forecast(argv: list[str]) -> int:
    parser = DutchArgumentParser(
        prog="python -m forecasting",
        description="Basisprognose Wmo en jeugd. Ook: 'check' (gegevens controleren) en 'backtest'.",
    )
    add_data_arguments(parser)
    add_model_arguments(parser)
    add_output_arguments(parser)
    args = parse_with_output(parser, argv)
    dataset, baseline, code = fit(args)
    if baseline is None:
        return code
    tables = {"prognose": baseline.output, "groei": baseline.growth, "modellen": model_table(baseline)}
    written = write_or_report(args.out, tables, args.csv_nl, lambda: workbook_bytes(
        dataset, baseline, budget_gap(dataset, baseline, baseline.point_cost, baseline.cost_draws)))
    if written is None:
        return EXIT_UNUSABLE
    print(f"Geschreven: {', '.join(str(p) for p in written)}")
    return EXIT_OK


def model_table(baseline: Baseline) -> pd.DataFrame:
    """The model chosen per voorziening and series, with its backtest errors."""
    chosen = baseline.choices[["voorziening", "reeks", "model", "reden", "bandfactor"]]
    if baseline.evaluations.empty:
        return chosen
    errors = baseline.evaluations[["voorziening", "reeks", "model", "mape", "mase", "bias", "dekking"]]
    return chosen.merge(errors, on=["voorziening", "reeks", "model"], how="left")


def run_backtest(argv: list[str]) -> int:
    parser = DutchArgumentParser(prog="python -m forecasting backtest",
                                 description="Backtest van alle modelfamilies per voorziening en reeks.")
    add_data_arguments(parser)
    add_model_arguments(parser)
    args = parser.parse_args(argv)
    _, baseline, code = fit(args)
    if baseline is None:
        return code
    print(backtest_report(baseline))
    return EXIT_OK


def _pct(value) -> str:
    return "" if pd.isna(value) else f"{value * 100:.1f}%".replace(".", ",")


def _num(value) -> str:
    return "" if pd.isna(value) else f"{value:.2f}".replace(".", ",")


def backtest_report(baseline: Baseline) -> str:
    """A plain-text table: per voorziening, series and family the errors; * marks the auto choice."""
    table = baseline.evaluations
    if table.empty:
        return "Te weinig jaren voor een backtest."
    lines = [
        "Backtest met voortschrijdende oorsprong (uitbreidend venster), horizon 1-4 jaar.",
        "MAPE = gemiddelde absolute fout in %, MASE = fout t.o.v. 'vorig jaar', bias = gemiddelde afwijking "
        "(+ = te hoog), dekking = aandeel uitkomsten binnen de 80%-band (eigen band / na verbreding).",
        "* = keuze van auto.",
        "",
    ]
    header = (f"{'voorziening':<38} {'reeks':<18} {'model':<10} " + " ".join(f"MAPE{h:<4}" for h in range(1, 5))
              + " " + " ".join(f"MASE{h:<3}" for h in range(1, 5)) + "   bias    dekking")
    lines.append(header)
    for _, row in table.iterrows():
        mark = "*" if row["auto"] else " "
        lines.append(
            f"{row['voorziening'][:38]:<38} {row['reeks']:<18} {mark}{row['model']:<9} "
            + " ".join(f"{_pct(row[f'mape_h{h}']):>8}" for h in range(1, 5)) + " "
            + " ".join(f"{_num(row[f'mase_h{h}']):>7}" for h in range(1, 5))
            + f" {_pct(row['bias']):>7} {_pct(row['dekking']):>6}/{_pct(row['dekking_na_verbreding'])}"
        )
    chosen = table.loc[table["auto"]]
    lines += ["", f"Dekking van de 80%-band over de gekozen modellen: eigen band {_pct(chosen['dekking'].mean())}, "
                  f"na verbreding {_pct(chosen['dekking_na_verbreding'].mean())}."]
    return "\n".join(lines)
