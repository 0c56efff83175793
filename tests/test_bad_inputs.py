"""The bad-input corpus: every case through check, forecast, scenario and report.

Each must end in a clear Dutch error (exit 2) or a correct result: never a traceback, never
NaN, inf or a negative cost in an output file. The commands run in-process (`main(argv)`) to
save start-up time; a handful also run as real subprocesses.
"""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.badinputs.make_corpus import ERROR, OK, RUN_ERROR, SCENARIO_ERROR, Case, cases, materialise
from tests.factories import REPO

CORPUS = cases()
COMMANDS = ("check", "forecast", "scenario", "report")


def _argv(command: str, data: Path, scenario: Path | None, out: Path, extra: list[str]) -> list[str]:
    model = ["--model", "flat"]
    with_scenario = ["--scenario", str(scenario)] if scenario is not None else []
    if command == "check":
        horizon = [a for i, a in enumerate(extra) if extra[i - 1:i] == ["--horizon"] or a == "--horizon"]
        return ["check", "--data", str(data), *horizon]
    if command == "forecast":
        return ["--data", str(data), *model, *extra, "--out", str(out / "prognose.csv")]
    if command == "scenario":
        return ["--data", str(data), *model, *extra, *with_scenario, "--out", str(out / "scenario.xlsx")]
    return ["report", "--data", str(data), *model, *extra, *with_scenario, "--out", str(out / "rapport.html")]


def run_in_process(command: str, argv: list[str], capsys) -> tuple[int, str]:
    from grip.cli import forecasting_main, scenarios_main

    main = forecasting_main if command in ("check", "forecast") else scenarios_main
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse errors
        code = stop.code if isinstance(stop.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out + captured.err


NUMBER_COLUMNS = ("bedrag", "ondergrens", "bovengrens", "clienten", "basisprognose", "scenario", "verschil")


def assert_clean_csv(path: Path) -> None:
    """No NaN/inf anywhere; forecast costs present, finite and not negative."""
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        for column, value in row.items():
            if column in NUMBER_COLUMNS and value:
                assert math.isfinite(float(value)), (path.name, number, column, value)
        if row.get("reeks") in ("realisatie", "basisprognose") and "bedrag" in row:
            assert row["bedrag"] != "", (path.name, number, "empty cost")
            assert float(row["bedrag"]) >= 0, (path.name, number, "negative cost", row["bedrag"])


def assert_clean_workbook(path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for row in rows:
            for value in row:
                if isinstance(value, float):
                    assert math.isfinite(value), (sheet.title, row)
                elif isinstance(value, str):
                    assert value.strip().lower() not in ("nan", "inf", "-inf"), (sheet.title, row)
        if sheet.title in ("Samenvatting", "Prognose") and rows:
            costs = [i for i, name in enumerate(rows[0]) if name in COST_COLUMNS]
            for row in rows[1:]:
                for i in costs:
                    value = row[i] if i < len(row) else None
                    assert not isinstance(value, (int, float)) or value >= 0, (
                        sheet.title, rows[0][i], row, "negative cost")
    book.close()


COST_COLUMNS = ("realisatie", "basisprognose", "scenario", "bedrag", "clienten", "ondergrens", "bovengrens")


NAN_IN_HTML = re.compile(r"(?<![\w&])(nan|NaN|inf|-inf|Infinity)(?![\w;])")


def assert_clean_html(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    visible = re.sub(r"<[^>]+>", " ", text)
    assert not NAN_IN_HTML.search(visible), NAN_IN_HTML.search(visible).group(0)
    assert "<script>alert" not in text


def run_case(case: Case, root: Path, capsys) -> dict[str, tuple[int, str]]:
    data, scenario = materialise(case, root / "in")
    out = root / "out"
    results = {}
    for command in COMMANDS:
        argv = _argv(command, data, scenario, out, case.args)
        results[command] = run_in_process(command, argv, capsys)
    return results


def check_outcome(case: Case, results: dict[str, tuple[int, str]], out: Path) -> None:
    for command, (code, text) in results.items():
        assert code in (0, 2), (command, code, text[-2000:])
        assert "Traceback" not in text, (command, text[-2000:])
        if code == 2:
            assert text.strip(), (command, "exit 2 without a message")
    check_code = results["check"][0]
    if check_code == 2:
        for command in ("forecast", "scenario", "report"):
            assert results[command][0] == 2, f"check refused the data but {command} accepted it"
    if case.expect == ERROR:
        assert all(code == 2 for code, _ in results.values()), {k: v[0] for k, v in results.items()}
    if case.expect == OK:
        assert all(code == 0 for code, _ in results.values()), {k: v[1][-1500:] for k, v in results.items()}
    if case.expect == RUN_ERROR:
        assert results["check"][0] == 0
        assert all(results[c][0] == 2 for c in ("forecast", "scenario", "report")), results["forecast"][1][-1500:]
    if case.expect == SCENARIO_ERROR:
        assert results["check"][0] == 0 and results["forecast"][0] == 0, results["forecast"][1][-1500:]
        assert results["scenario"][0] == 2 and results["report"][0] == 2
        assert "Het scenario is niet bruikbaar" in results["scenario"][1], results["scenario"][1][-1500:]
    if case.expect_text is not None:
        joined = "\n".join(text for _, text in results.values())
        assert case.expect_text in joined, joined[-2000:]
    if results["forecast"][0] == 0:
        for path in sorted(out.glob("prognose*.csv")):
            assert_clean_csv(path)
    if results["scenario"][0] == 0:
        assert_clean_workbook(out / "scenario.xlsx")
    if results["report"][0] == 0:
        assert_clean_html(out / "rapport.html")


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CORPUS])
def test_bad_input_gives_a_dutch_error_or_a_clean_result(case: Case, tmp_path, capsys):
    started = time.perf_counter()
    results = run_case(case, tmp_path, capsys)
    check_outcome(case, results, tmp_path / "out")
    assert time.perf_counter() - started < 60, "a bad input must be handled in bounded time"


def test_the_corpus_is_large_and_covers_the_issue():
    names = {c.name for c in CORPUS}
    assert len(CORPUS) >= 60
    for needed in ("alles_nul", "voorziening_zonder_realisatie", "alle_jaren_uitgesloten", "indexatie_min_100",
                   "indexatie_min_150", "kosten_1e15", "kosten_overloop", "begroting_negatief",
                   "komma_bestand_ongequote_decimaal", "xlsx_verborgen_blad", "sc_startjaar_1e300",
                   "sc_diep_genest", "sc_actief_false_tekst", "voorziening_totaal", "xlsx_zipbom", "groot_csv_200000",
                   "tussentijds_periode_1e1", "tussentijds_periode_10_0", "tussentijds_99_mld_per_maand",
                   "tussentijds_jaarfactuur_januari", "tussentijds_alleen_december"):
        assert needed in names


# (case, command): each through a real `python -m` process, as a user runs it
SUBPROCESS_CASES = [("basis", "report"), ("alles_nul", "forecast"), ("komma_bestand_ongequote_decimaal", "check"),
                    ("sc_diep_genest", "scenario"), ("xlsx_verborgen_blad", "scenario"),
                    ("sc_actief_false_tekst", "scenario")]


@pytest.mark.parametrize(("name", "command"), SUBPROCESS_CASES)
def test_a_few_cases_through_real_processes(name, command, tmp_path):
    case = next(c for c in CORPUS if c.name == name)
    data, scenario = materialise(case, tmp_path / "in")
    out = tmp_path / "out"
    argv = _argv(command, data, scenario, out, case.args)
    module = "forecasting" if command in ("check", "forecast") else "scenarios"
    result = subprocess.run([sys.executable, "-m", module, *argv], capture_output=True, text=True, cwd=REPO,
                            timeout=120, env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin",
                                              "GRIP_DATA_DIR": str(tmp_path / "grip")})
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    expected = 2 if case.expect == ERROR or (case.expect == SCENARIO_ERROR and command != "check") else 0
    assert result.returncode == expected, result.stdout[-1000:] + result.stderr[-1000:]
    if expected == 2:
        assert result.stdout.strip() or result.stderr.strip()
    elif command == "report":
        assert_clean_html(out / "rapport.html")
    elif command == "scenario":
        assert_clean_workbook(out / "scenario.xlsx")


def test_a_forecast_growing_more_than_tenfold_is_flagged_naming_the_voorziening_and_the_input():
    """The plausibility guard on the output (grip/service.growth_warnings): computed by hand on a baseline whose
    Jeugdhulp forecast is set to 20x its last realisation; 2019 has 5 clients for € 400.000 (cost per client
    € 80.000 against a median of about € 8.400: flagged as the likely cause)."""
    from dataclasses import replace as changed

    from forecasting.input.validation import load_uploaded
    from grip import service
    from tests.factories import base_tables

    tables = base_tables()
    tables["realisatie"] = tables["realisatie"].replace("2019;Jeugdhulp;50;400000", "2019;Jeugdhulp;5;400000")
    dataset, problems = load_uploaded({f"{k}.csv": v.encode() for k, v in tables.items()}, "Proef", 5)
    assert dataset is not None, problems.report()
    fitted = service.baseline(dataset, service.Settings(horizon=5, model="flat"))
    assert not [w for w in fitted.warnings if w.bestand == "basisprognose"]  # a flat forecast never grows tenfold
    v = fitted.projection.voorzieningen.index("Jeugdhulp")
    last = fitted.history.cost[fitted.history.voorzieningen.index("Jeugdhulp"), -1]
    cost = fitted.projection.cost.copy()
    cost[v, -1] = 20 * last
    flagged = service.growth_warnings(dataset, changed(fitted, projection=changed(fitted.projection, cost=cost)))
    assert len(flagged) == 1 and flagged[0].kolom == "Jeugdhulp"
    text = flagged[0].melding
    assert "De basisprognose van 'Jeugdhulp' groeit" in text and "20 keer de laatste realisatie" in text
    assert f"in {fitted.projection.years[-1]}:" in text
    assert "in 2019 staan 5 cliënten bij € 400.000 kosten" in text


def test_an_indicator_target_that_overflows_gets_no_status():
    from forecasting.monitor.indicators import NO_STATUS, Target

    target = Target(2022, -1e308, 1e308, 2028)  # the span overflows to inf: no status from NaN arithmetic
    assert target.status(2024, 5.0) == NO_STATUS
    assert Target(2022, 12.0, 8.0, 2028).status(2024, 10.0) == "op koers"  # on the straight path (12 → 8)
