"""`python -m forecasting jaareinde`: the expected year-end from the in-year figures as tables (.csv) or the
quarterly report (.pdf, .html, .xlsx), optionally kept as a stand and compared with the previous one."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from grip.cli import (
    EXIT_UNUSABLE,
    DutchArgumentParser,
    add_data_arguments,
    add_model_arguments,
    parse_with_output,
    run_or_report,
    write_outputs,
)

REPORT_SUFFIXES = (".pdf", ".html", ".htm", ".xlsx")


def moment_value(text: str) -> str:
    """A P&C moment: voorjaarsnota, najaarsnota, jaarrekening, K1-K4 or 'kwartaalrapportage K1'-'K4'."""
    from scenarios.snapshots import MOMENTS

    words = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    quarter = re.fullmatch(r"(?:kwartaalrapportage )?[kq]([1-4])", words)
    words = f"kwartaalrapportage K{quarter.group(1)}" if quarter else words
    if words not in MOMENTS:
        raise argparse.ArgumentTypeError(f"'{text}' is geen P&C-moment; kies uit voorjaarsnota, najaarsnota, "
                                         "K1, K2, K3, K4 (kwartaalrapportage) of jaarrekening")
    return words


def open_snapshots(url: str | None, create: bool):
    """The kept stands in the scenario database (--database, GRIP_DATABASE_URL or grip-data/scenarios.db); None
    when only reading and no SQLite file is there yet (nothing kept, and no file made for it)."""
    from scenarios.snapshots import SnapshotStore
    from scenarios.store import ScenarioStore

    if url is None and not os.environ.get("GRIP_DATABASE_URL"):
        folder = Path(os.environ.get("GRIP_DATA_DIR", "grip-data"))
        if not create and not (folder / "scenarios.db").exists():
            return None
    elif url is not None and url.startswith("sqlite:///") and not create and not Path(url[10:]).exists():
        return None
    scenarios = ScenarioStore(url)  # makes or checks the SQLite file the careful way
    return SnapshotStore(engine=scenarios.engine, where=scenarios.where)


def run_jaareinde(argv: list[str]) -> int:
    """The expected year-end (verwachte jaarrekening) from the in-year figures, against budget and prognosis: the
    tables (.csv) or the quarterly report (.pdf, .html, .xlsx: presentation/quarterly.py), optionally kept as a
    stand (--bewaar-stand) and compared with the latest earlier stand of the same gemeente and year."""
    from presentation import quarterly
    from presentation.monitor import backtest_frame, yearend_frame, yearend_of, yearend_sentence
    from scenarios.store_errors import StoreError

    parser = DutchArgumentParser(prog="python -m forecasting jaareinde", description=(
        "Verwachte jaarrekening uit de tussentijdse cijfers ('tussentijds'), tegenover begroting en "
        "basisprognose; met --out rapportage.pdf, .html of .xlsx de tussentijdse rapportage voor de raad."))
    add_data_arguments(parser)
    add_model_arguments(parser)
    parser.add_argument("--out", required=True, help="uitvoerbestand: .csv (tabellen), of de tussentijdse "
                        "rapportage als .pdf (A4), .html of .xlsx")
    parser.add_argument("--csv-nl", action="store_true", help="CSV met ; en decimale komma (voor Nederlandse Excel)")
    parser.add_argument("--bewaar-stand", type=moment_value, default=None, metavar="MOMENT",
                        help="bewaar dit jaareinde als stand voor rapportage bij dit P&C-moment: voorjaarsnota, "
                             "najaarsnota, K1-K4 (kwartaalrapportage) of jaarrekening")
    parser.add_argument("--auteur", default="", help="naam bij de bewaarde stand")
    parser.add_argument("--database", default=None, help="database van de scenario-opslag (standaard "
                        "GRIP_DATABASE_URL of grip-data/scenarios.db)")
    args = parse_with_output(parser, argv, suffixes=(".csv", *REPORT_SUFFIXES), shown=".csv, .xlsx, .html of .pdf")
    if args.out.suffix.lower() == ".pdf":
        from presentation import pdf

        if not pdf.available():
            sys.stderr.write("Fout: PDF is op deze machine niet beschikbaar (WeasyPrint of Pango ontbreekt; zie "
                             "README). Kies --out rapportage.html of .xlsx.\n")
            return EXIT_UNUSABLE
    result = run_or_report(args, with_scenario=False)
    if result is None:
        return EXIT_UNUSABLE
    yearend = yearend_of(result)
    frame = yearend_frame(yearend, result.budget)
    print(yearend_sentence(frame))
    for note in yearend.notes:
        print(f"Let op: {note}", file=sys.stderr)
    report_wanted = args.out.suffix.lower() in REPORT_SUFFIXES
    current = quarterly.current_stand(result, yearend, args.bewaar_stand or quarterly.default_moment(
        yearend.through()), args.auteur)
    previous = None
    if report_wanted or args.bewaar_stand:
        try:
            store = open_snapshots(args.database, create=bool(args.bewaar_stand))
            if store is not None:
                previous = store.previous(current)
                if args.bewaar_stand:
                    current = store.save(current)
                    print(f"Stand bewaard: {current.moment}, {current.gemeente} {current.jaar}.")
        except StoreError as error:
            sys.stderr.write(f"Fout: {error}\n")
            return EXIT_UNUSABLE
    if previous is not None:
        print(f"Vergeleken met de {previous.moment} van {quarterly.day_text(previous.gemaakt_op)}.")
    if not report_wanted:
        return write_outputs(args, {"jaareinde": frame, "backtest": backtest_frame(yearend)}, None, "Geschreven: ")
    report = quarterly.build(result, current, previous, yearend)
    suffix = ".html" if args.out.suffix.lower() == ".htm" else args.out.suffix.lower()
    return write_outputs(args, {}, lambda: quarterly.FORMATS[suffix][1](report),
                         "Tussentijdse rapportage geschreven: ")
