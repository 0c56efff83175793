"""The scenarios command line (see scenarios/__main__.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from forecasting.cli import EXIT_OK, EXIT_UNUSABLE, DutchArgumentParser, add_data_arguments
from forecasting.forecast_cli import (
    add_model_arguments,
    add_output_arguments,
    fit,
    model_table,
    parse_with_output,
    write_or_report,
)
from scenarios.apply import apply_scenario, effects_frame
from scenarios.budget import comparison, scenario_output, taakstelling_frame
from scenarios.export import scenario_workbook
from scenarios.measures import Scenario, ScenarioError, loads


def read_scenario(path: str | None, voorzieningen: list[str]) -> Scenario:
    if path is None:
        return Scenario(naam="Basisprognose (geen maatregelen)")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ScenarioError([f"Het scenariobestand '{path}' kan niet worden gelezen: {error.strerror}."]) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"Het scenariobestand '{path}' is geen UTF-8-tekst."]) from None
    return loads(text, voorzieningen)


def add_scenario_arguments(parser: DutchArgumentParser) -> None:
    add_data_arguments(parser)
    add_model_arguments(parser)
    parser.add_argument("--scenario", help="scenario in JSON (zonder: alleen de basisprognose)")


def fit_with_scenario(args):
    """Data, baseline and a validated scenario; on failure the Dutch report is on stderr and scenario is None."""
    dataset, baseline, code = fit(args)
    if baseline is None:
        return None, None, None, code
    try:
        scenario = read_scenario(args.scenario, baseline.voorzieningen)
    except ScenarioError as error:
        sys.stderr.write("Het scenario is niet bruikbaar:\n" + "\n".join(f"- {p}" for p in error.problems) + "\n")
        return dataset, baseline, None, EXIT_UNUSABLE
    return dataset, baseline, scenario, EXIT_OK


def run_scenario(argv: list[str]) -> int:
    parser = DutchArgumentParser(prog="python -m scenarios",
                                 description="Prognose met beheersmaatregelen, afgezet tegen de begroting.")
    add_scenario_arguments(parser)
    add_output_arguments(parser)
    args = parse_with_output(parser, argv)
    dataset, baseline, scenario, code = fit_with_scenario(args)
    if scenario is None:
        return code
    result = apply_scenario(baseline, scenario)
    tables = {
        "prognose": scenario_output(dataset, baseline, result),
        "maatregelen": effects_frame(baseline, result),
        "begroting": comparison(dataset, baseline, result),
        "taakstelling": taakstelling_frame(scenario, baseline, result),
        "groei": baseline.growth,
        "modellen": model_table(baseline),
    }
    written = write_or_report(args.out, tables, args.csv_nl,
                              lambda: scenario_workbook(dataset, baseline, scenario, result))
    if written is None:
        return EXIT_UNUSABLE
    print(f"Scenario '{scenario.naam}': geschreven {', '.join(str(p) for p in written)}")
    return EXIT_OK


def run_report(argv: list[str]) -> int:
    parser = DutchArgumentParser(prog="python -m scenarios report",
                                 description="Rapport voor de raad (HTML) bij een scenario.")
    add_scenario_arguments(parser)
    parser.add_argument("--out", required=True, help="rapport.html")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".htm"):
        parser.error(f"--out moet op .html eindigen, niet '{out.name}'")
    dataset, baseline, scenario, code = fit_with_scenario(args)
    if scenario is None:
        return code
    from scenarios.report import render

    html = render(dataset, baseline, scenario, apply_scenario(baseline, scenario))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        sys.stderr.write(f"Fout: kan '{out}' niet schrijven: {error.strerror}.\n")
        return EXIT_UNUSABLE
    print(f"Rapport geschreven: {out}")
    return EXIT_OK


def main(argv: list[str]) -> int:
    if argv and argv[0] == "report":
        return run_report(argv[1:])
    return run_scenario(argv)
