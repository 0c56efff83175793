"""Both command lines on one module: `python -m forecasting [check|backtest]` and `python -m scenarios [report]`.

Every command reads the data, turns the arguments into Settings and asks grip/service.py for a run.
Exit codes: 0 success, 2 unusable input or arguments (the Dutch report on stderr). Never a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from forecasting.input.dataset import DEFAULT_HORIZON, Dataset
from forecasting.input.problems import Problems
from forecasting.input.reading import gemeente_key
from forecasting.input.validation import load_dataset, validate_exclusion
from forecasting.model.families import MODEL_CHOICES
from forecasting.region.region_total import combine, selection_name
from forecasting.region.regional import LAYOUT_SINGLE, load_region
from grip import service
from grip.service import Run, Settings
from presentation import tables
from presentation.export import workbook_bytes
from presentation.output import write_table_set
from scenarios.measures import Scenario, ScenarioError, loads

EXIT_OK = 0
EXIT_UNUSABLE = 2
REGION_WORD = "regio"


# argparse's own English messages, in Dutch (the placeholders are argparse's)
ARGPARSE_WORDS = [
    (re.compile(r"the following arguments are required: (.*)"), r"deze argumenten ontbreken: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"onbekende argumenten: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"), r"\1: ongeldige keuze \2 (kies uit \3)"),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 verwacht een waarde"),
    (re.compile(r"argument (\S+): (.*)"), r"\1: \2"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), r"onduidelijke optie \1: bedoelt u \2?"),
]


def in_dutch(message: str) -> str:
    for pattern, replacement in ARGPARSE_WORDS:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse in Dutch: help, usage and wrong arguments (exit code 2)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, add_help=False, **kwargs)
        self._optionals.title = "opties"
        self._positionals.title = "argumenten"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "gebruik: ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "gebruik: ", 1)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Fout in de opdracht: {in_dutch(message)}\n")
        raise SystemExit(EXIT_UNUSABLE)


# --- arguments ----------------------------------------------------------------------------------------------


def horizon_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen heel getal") from None
    if not service.MIN_HORIZON <= value <= service.MAX_HORIZON:
        raise argparse.ArgumentTypeError(
            f"horizon {value} ligt niet tussen {service.MIN_HORIZON} en {service.MAX_HORIZON} jaar")
    return value


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


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="map met CSV-bestanden of een .xlsx-werkmap")
    parser.add_argument("--gemeente", default=None,
                        help="bij gegevens met meer gemeenten: één gemeente, meer met komma's (Delft,Leiden) of "
                             f"'{REGION_WORD}' voor alle gemeenten samen")
    parser.add_argument(
        "--horizon", type=horizon_value, default=DEFAULT_HORIZON,
        help=f"aantal prognosejaren na het laatste realisatiejaar (standaard {DEFAULT_HORIZON})",
    )


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", choices=MODEL_CHOICES, default="auto",
                        help="modelfamilie; auto is de combinatie van gebruik vast, Theta en gedempte trend "
                             "(de winnaar van de nauwkeurigheidsbenchmark)")
    parser.add_argument("--exclude-years", type=year_list, default=[],
                        help="jaren die niet meetellen bij het schatten, bijvoorbeeld 2020 (blijven zichtbaar)")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="uitvoerbestand: .csv of .xlsx")
    parser.add_argument("--csv-nl", action="store_true", help="CSV met ; en decimale komma (voor Nederlandse Excel)")


def parse_with_output(parser: DutchArgumentParser, argv: list[str], suffixes=(".csv", ".xlsx"),
                      shown: str = ".csv of .xlsx"):
    """Parse arguments; --out must end in one of `suffixes`."""
    args = parser.parse_args(argv)
    args.out = Path(args.out)
    if args.out.suffix.lower() not in suffixes:
        parser.error(f"--out moet op {shown} eindigen, niet '{args.out.name}'")
    return args


def settings_of(args) -> Settings:
    return Settings(horizon=args.horizon, model=args.model, excluded_years=tuple(args.exclude_years))


# --- the steps every command shares -----------------------------------------------------------------------


def load_selection(args) -> tuple[Dataset | None, Problems]:
    """The gemeenten named by --gemeente from input with several gemeenten, as one dataset (region_total)."""
    region = load_region(args.data, horizon=args.horizon)
    problems = Problems()
    problems.extend(region.overall)
    if not region.overall.ok:
        return None, problems
    if region.layout == LAYOUT_SINGLE:
        problems.error("--gemeente", None, "gemeente", args.gemeente,
                       "Deze gegevens bevatten één gemeente; laat --gemeente weg.")
        return None, problems
    known = {gemeente_key(g): g for g in region.problems}
    asked = [part.strip() for part in args.gemeente.split(",") if part.strip()]
    if [gemeente_key(a) for a in asked] in ([REGION_WORD], ["alle"]):
        asked = list(region.problems)
    unknown = [a for a in asked if gemeente_key(a) not in known]
    if unknown or not asked:
        problems.error("--gemeente", None, "gemeente", ", ".join(unknown), "Onbekende gemeente. Kies uit: "
                       f"{', '.join(region.problems)}, of '{REGION_WORD}' voor alle gemeenten samen.")
        return None, problems
    chosen = list(dict.fromkeys(known[gemeente_key(a)] for a in asked))
    for gemeente in chosen:
        problems.extend(region.problems[gemeente])
    if not problems.ok:
        return None, problems
    name = service.dataset_name(args.data) or Path(args.data).stem
    combined, found = combine({g: region.datasets[g] for g in chosen}, selection_name(name, chosen,
                                                                                       len(region.problems)))
    problems.extend(found)
    return combined, problems


def load_or_report(args) -> Dataset | None:
    """Load and validate; print the Dutch report to stderr when the data is unusable."""
    if getattr(args, "gemeente", None):
        dataset, problems = load_selection(args)
    else:
        dataset, problems = load_dataset(args.data, horizon=args.horizon, naam=service.dataset_name(args.data))
    if dataset is None:
        sys.stderr.write(problems.report() + "\n")
        return None
    if getattr(args, "exclude_years", None):
        exclusion = validate_exclusion(dataset, args.exclude_years)
        if not exclusion.ok:
            sys.stderr.write(exclusion.report() + "\n")
            return None
        problems.extend(exclusion)
    for problem in problems.warnings:
        sys.stderr.write(problem.describe() + "\n")
    return dataset


def read_scenario(path: str | None, voorzieningen: list[str], gemeenten: list[str] | None = None) -> Scenario:
    if path is None:
        return Scenario(naam=service.NO_MEASURES)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ScenarioError([f"Het scenariobestand '{path}' kan niet worden gelezen: {error.strerror}."]) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"Het scenariobestand '{path}' is geen UTF-8-tekst."]) from None
    return loads(text, voorzieningen, gemeenten)


def run_or_report(args, with_scenario: bool, every_family: bool = False) -> Run | None:
    """Data, settings and (when asked) the scenario through the service; None after a Dutch report on stderr.

    `every_family` backtests all families (the backtest command), not only those the settings need."""
    dataset = load_or_report(args)
    if dataset is None:
        return None
    scenario = None
    if with_scenario:
        try:
            scenario = read_scenario(args.scenario, dataset.voorziening_names, dataset.gemeente_names)
        except ScenarioError as error:
            sys.stderr.write("Het scenario is niet bruikbaar:\n" + "\n".join(f"- {p}" for p in error.problems) + "\n")
            return None
    settings = settings_of(args)
    evaluations = service.backtests(dataset, settings, every_family=True) if every_family else None
    try:
        result = service.run(dataset, settings, scenario, evaluations)
    except service.UnusableResult as error:
        sys.stderr.write(error.problems.report() + "\n")
        return None
    for warning in result.baseline.warnings:
        sys.stderr.write(warning.describe() + "\n")
    return result


def write_outputs(args, tables_by_name: dict[str, pd.DataFrame], single_file, done: str) -> int:
    """Write the tables as CSV, or `single_file()` (the workbook for .xlsx, the report for .html or .pdf), and say
    what was written; a Dutch message on stderr and exit 2 when the file cannot be written."""
    out: Path = args.out
    try:
        if out.suffix.lower() == ".csv":
            written = write_table_set(out, tables_by_name, dutch_csv=args.csv_nl)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(single_file())
            written = [out]
    except OSError as error:
        sys.stderr.write(f"Fout: kan '{out}' niet schrijven: {error.strerror}.\n")
        return EXIT_UNUSABLE
    print(f"{done}{', '.join(str(p) for p in written)}")
    return EXIT_OK


# --- python -m forecasting ---------------------------------------------------------------------------------


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


def parse_and_run(prog: str, description: str, argv: list[str], with_scenario: bool) -> tuple[object, Run | None]:
    """The arguments of a command that writes tables (--out .csv or .xlsx) and its run (None after a report)."""
    parser = DutchArgumentParser(prog=prog, description=description)
    add_data_arguments(parser)
    add_model_arguments(parser)
    if with_scenario:
        parser.add_argument("--scenario", help="scenario in JSON (zonder: alleen de basisprognose)")
    add_output_arguments(parser)
    args = parse_with_output(parser, argv)
    return args, run_or_report(args, with_scenario)


def run_forecast(argv: list[str]) -> int:
    args, result = parse_and_run("python -m forecasting", "Basisprognose Wmo en jeugd. Ook: 'check' (gegevens "
                                 "controleren) en 'backtest'.", argv, with_scenario=False)
    if result is None:
        return EXIT_UNUSABLE
    baseline = result.baseline
    frames = {"prognose": tables.baseline_output(baseline), "groei": tables.growth_frame(baseline),
              "modellen": tables.model_table(baseline)}
    if baseline.variants:
        frames["varianten"] = tables.variant_frame(baseline)
    return write_outputs(args, frames, lambda: workbook_bytes(result, with_scenario=False), "Geschreven: ")


def run_backtest(argv: list[str]) -> int:
    parser = DutchArgumentParser(prog="python -m forecasting backtest",
                                 description="Backtest van alle modelfamilies per voorziening en reeks.")
    add_data_arguments(parser)
    add_model_arguments(parser)
    args = parser.parse_args(argv)
    result = run_or_report(args, with_scenario=False, every_family=True)
    if result is None:
        return EXIT_UNUSABLE
    print(backtest_report(result.baseline.evaluations))
    return EXIT_OK


def _pct(value) -> str:
    return "" if pd.isna(value) else f"{value * 100:.1f}%".replace(".", ",")


def _num(value) -> str:
    return "" if pd.isna(value) else f"{value:.2f}".replace(".", ",")


def backtest_report(table: pd.DataFrame) -> str:
    """A plain-text table: per voorziening, series and family the errors; * marks the auto choice."""
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










def workers_value(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal rekenprocessen tussen 1 en 256")
    return int(text)


def run_batch(argv: list[str]) -> int:
    """`python -m forecasting batch`: every gemeente of a region, one Dask task each (grip/batch.py).
    Exit 0 all done, 1 some failed (named with the reason), 2 the input as a whole is unusable."""
    parser = DutchArgumentParser(
        prog="python -m forecasting batch",
        description="Basisprognose voor elke gemeente in de invoer (kolom 'gemeente', een map of werkmap per "
                    "gemeente), parallel met Dask. Klare gemeenten worden bij een herstart overgeslagen.")
    parser.add_argument("--data", required=True, help="map of werkmap met meer gemeenten")
    parser.add_argument("--out", required=True, help="uitvoermap: <gemeente>.csv per gemeente en alle_gemeenten.csv")
    parser.add_argument("--scheduler", default="local",
                        help="local (standaard: een LocalCluster met rekenprocessen op deze machine; 'processes' "
                             "is hetzelfde), threads (alles in dit proces) of het adres van een draaiende "
                             "Dask-scheduler, zoals tcp://10.0.0.5:8786")
    parser.add_argument("--workers", type=workers_value, default=None,
                        help="aantal rekenprocessen van de LocalCluster (standaard: aantal kernen)")
    parser.add_argument("--horizon", type=horizon_value, default=DEFAULT_HORIZON,
                        help=f"aantal prognosejaren na het laatste realisatiejaar (standaard {DEFAULT_HORIZON})")
    add_model_arguments(parser)
    parser.add_argument("--csv-nl", action="store_true", help="CSV met ; en decimale komma (voor Nederlandse Excel)")
    args = parser.parse_args(argv)
    from grip.batch import run_batch as batch

    result = batch(args.data, args.out, settings_of(args), scheduler=args.scheduler, workers=args.workers,
                   dutch_csv=args.csv_nl)
    return result.code


def run_cbs(argv: list[str]) -> int:
    """`python -m forecasting cbs`: one gemeente's dataset from CBS (or saved StatLine exports); forecasting/cbs."""
    parser = DutchArgumentParser(
        prog="python -m forecasting cbs",
        description="Begin met de openbare cijfers: een gegevensset voor één gemeente uit CBS StatLine (Wmo- en "
                    "jeugdzorgcliënten, kosten en begroting jeugdzorg, inwoners en bevolkingsprognose) en "
                    "eventueel Iv3. Bron: CBS (CC BY 4.0).")
    parser.add_argument("--gemeente", default=None, metavar="NAAM",
                        help="naam of CBS-code, bijvoorbeeld Zwolle of GM0193")
    parser.add_argument("--out", default=None, metavar="MAP", help="uitvoermap (wordt aangemaakt)")
    parser.add_argument("--landelijk", action="store_true",
                        help="haal de landelijke vergelijkingscijfers op (alle gemeenten; bewaard in GRIP_DATA_DIR) "
                             "en vergelijk --gemeente daarmee")
    parser.add_argument("--from", dest="source", default=None, metavar="MAP",
                        help="map met StatLine-CSV-exports (83262NED.csv, ...); zonder: ophalen bij CBS")
    parser.add_argument("--iv3", action="append", default=[], metavar="BESTAND",
                        help="Iv3-bestand (CSV: jaar, taakveld, lasten x 1.000 euro, soort); mag vaker")
    parser.add_argument("--koppeling", default=None, metavar="BESTAND",
                        help="eigen koppeltabel taakveld -> voorziening (standaard data/iv3_taakvelden.csv)")
    parser.add_argument("--optellen-voorgangers", action="store_true",
                        help="bij een herindeling: tel de voorgangers op in de jaren voor de herindeling")
    args = parser.parse_args(argv)
    if args.landelijk:
        return run_cbs_national(args)
    if not args.gemeente or not args.out:
        parser.error("--gemeente en --out zijn nodig (of --landelijk)")
    from forecasting import cbs
    from forecasting.cbs.iv3 import Iv3Error, read_mapping

    try:
        mapping = read_mapping(Path(args.koppeling).read_bytes(), Path(args.koppeling).name) if args.koppeling \
            else None
        iv3_files = {Path(p).name if Path(p).name.lower().startswith("iv3") else f"iv3_{Path(p).name}":
                     Path(p).read_bytes() for p in args.iv3}
        if args.source:
            files = {**cbs.client.read_folder(args.source), **iv3_files}
            result = cbs.from_exports(files, args.gemeente, optellen=args.optellen_voorgangers, mapping=mapping)
        else:
            def progress(number: int, total: int, table: str) -> None:
                sys.stderr.write(f"CBS-tabel {table} ophalen ({number}/{total})...\n")

            result = cbs.from_cbs(args.gemeente, optellen=args.optellen_voorgangers, iv3_files=iv3_files,
                                  mapping=mapping, progress=progress)
    except (cbs.CbsError, cbs.UnknownGemeente, Iv3Error) as error:
        sys.stderr.write(f"Fout: {error}\n")
        return EXIT_UNUSABLE
    except OSError as error:
        sys.stderr.write(f"Fout: kan '{error.filename}' niet lezen: {error.strerror}.\n")
        return EXIT_UNUSABLE
    for warning in result.warnings:
        sys.stderr.write(f"WAARSCHUWING: {warning}\n")
    try:
        written = result.write(args.out)
    except OSError as error:
        sys.stderr.write(f"Fout: kan '{args.out}' niet schrijven: {error.strerror}.\n")
        return EXIT_UNUSABLE
    print(f"Gegevensset van {result.gemeente.naam} ({result.gemeente.code}) geschreven in {args.out}: "
          f"{len(written)} bestanden. Controleer met: python -m forecasting check --data {args.out}")
    return EXIT_OK


def run_cbs_national(args) -> int:
    """`cbs --landelijk`: every gemeente's figures for the national comparison, cached; with --gemeente, compared."""
    from forecasting.cbs import client, gemeenten, national

    try:
        if args.source:
            rows, _ = client.read_exports(client.read_folder(args.source))
            reference = national.reference_of(rows)
        else:
            reference = national.fetch_reference(progress=lambda n, total, table: sys.stderr.write(
                f"CBS-tabel {table} ophalen, alle gemeenten ({n}/{total})...\n"))
        path = national.save(reference)
        print(f"Landelijke cijfers {int(reference['jaar'].iloc[0])} van {len(reference)} gemeenten bewaard in {path}.")
        if args.gemeente:
            comparison = national.compare(reference, gemeenten.find(args.gemeente).code)
            print("\n".join(national.sentences(comparison)))
    except (client.CbsError, gemeenten.UnknownGemeente) as error:
        sys.stderr.write(f"Fout: {error}\n")
        return EXIT_UNUSABLE
    except OSError as error:
        sys.stderr.write(f"Fout: {error.strerror}: '{error.filename}'.\n")
        return EXIT_UNUSABLE
    return EXIT_OK


def forecasting_main(argv: list[str]) -> int:
    from grip.yearend_command import run_jaareinde  # a command of its own module (it imports this one)

    commands = {"check": run_check, "backtest": run_backtest, "jaareinde": run_jaareinde, "batch": run_batch,
                "cbs": run_cbs}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return run_forecast(argv)


# --- python -m scenarios -----------------------------------------------------------------------------------


def add_scenario_arguments(parser: DutchArgumentParser) -> None:
    add_data_arguments(parser)
    add_model_arguments(parser)
    parser.add_argument("--scenario", help="scenario in JSON (zonder: alleen de basisprognose)")


def run_scenario(argv: list[str]) -> int:
    args, result = parse_and_run("python -m scenarios", "Prognose met beheersmaatregelen, afgezet tegen de "
                                 "begroting.", argv, with_scenario=True)
    if result is None:
        return EXIT_UNUSABLE
    frames = {
        "prognose": result.output,
        "maatregelen": result.effects,
        "begroting": result.comparison_frame,
        "taakstelling": tables.taakstelling_frame(result.scenario, result.comparison),
        "groei": tables.growth_frame(result.baseline),
        "modellen": tables.model_table(result.baseline),
    }
    return write_outputs(args, frames, lambda: workbook_bytes(result),
                         f"Scenario '{result.scenario.naam}': geschreven ")


def run_report(argv: list[str]) -> int:
    parser = DutchArgumentParser(prog="python -m scenarios report",
                                 description="Rapport voor de raad (HTML of PDF) bij een scenario.")
    add_scenario_arguments(parser)
    parser.add_argument("--out", required=True, help="rapport.html of rapport.pdf (A4)")
    args = parse_with_output(parser, argv, suffixes=(".html", ".htm", ".pdf"), shown=".html of .pdf")
    result = run_or_report(args, with_scenario=True)
    if result is None:
        return EXIT_UNUSABLE
    from presentation import pdf, report

    if args.out.suffix.lower() == ".pdf":
        return write_outputs(args, {}, lambda: pdf.render(result), "Rapport (PDF) geschreven: ")
    return write_outputs(args, {}, lambda: report.render(result).encode("utf-8"), "Rapport geschreven: ")


def scenarios_main(argv: list[str]) -> int:
    if argv and argv[0] == "report":
        return run_report(argv[1:])
    return run_scenario(argv)
