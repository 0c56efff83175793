"""The forecasting command line (see forecasting/__main__.py)."""

from __future__ import annotations

import argparse
import sys

from forecasting.dataset import DEFAULT_HORIZON
from forecasting.validation import load_dataset

EXIT_OK = 0
EXIT_UNUSABLE = 2


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse that reports wrong arguments in Dutch with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Fout in de opdracht: {message}\n")
        raise SystemExit(EXIT_UNUSABLE)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen heel getal") from None
    if not 1 <= value <= 30:
        raise argparse.ArgumentTypeError(f"horizon {value} ligt niet tussen 1 en 30 jaar")
    return value


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="map met CSV-bestanden of een .xlsx-werkmap")
    parser.add_argument(
        "--horizon", type=positive_int, default=DEFAULT_HORIZON,
        help=f"aantal prognosejaren na het laatste realisatiejaar (standaard {DEFAULT_HORIZON})",
    )


def run_check(argv: list[str]) -> int:
    parser = DutchArgumentParser(prog="python -m forecasting check", description="Controleer invoergegevens.")
    add_data_arguments(parser)
    args = parser.parse_args(argv)
    dataset, problems = load_dataset(args.data, horizon=args.horizon)
    print(problems.report())
    if dataset is not None:
        print(
            f"Realisatie {dataset.first_year}-{dataset.last_year}, "
            f"{len(dataset.voorzieningen)} voorzieningen, prognose tot {dataset.last_year + args.horizon}."
        )
    return EXIT_OK if dataset is not None else EXIT_UNUSABLE


def main(argv: list[str]) -> int:
    from forecasting.forecast_cli import run_backtest, run_forecast

    commands = {"check": run_check, "backtest": run_backtest}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return run_forecast(argv)
