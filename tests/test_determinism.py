"""The whole command line is deterministic: two runs, with different hash seeds, write byte-identical files."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import openpyxl
import pandas as pd

from presentation.workbook import to_xlsx
from tests.factories import REPO, SAMPLE


def scenario_files(folder, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    folder.mkdir()
    for args in (["--out", str(folder / "scenario.csv")], ["--out", str(folder / "scenario.xlsx")]):
        result = subprocess.run([sys.executable, "-m", "scenarios", "--data", str(SAMPLE), "--scenario",
                                 str(REPO / "data" / "voorbeeldscenario.json"), *args],
                                capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
        assert result.returncode == 0, result.stderr
    report = subprocess.run([sys.executable, "-m", "scenarios", "report", "--data", str(SAMPLE), "--scenario",
                             str(REPO / "data" / "voorbeeldscenario.json"), "--out", str(folder / "rapport.html")],
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert report.returncode == 0, report.stderr
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def workbook_values(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()
                          if not (row[0].value == "Gemaakt op")] for sheet in book}


def test_two_runs_with_different_hash_seeds_write_identical_files(tmp_path):
    first = scenario_files(tmp_path / "a", "1")
    second = scenario_files(tmp_path / "b", "12345")
    assert sorted(first) == sorted(second) and len(first) == 8  # 6 CSV files, the workbook and the report
    for name in first:
        if name.endswith(".xlsx"):  # a zip with its own timestamps: compare every cell but the creation time
            assert workbook_values(first[name]) == workbook_values(second[name])
        else:
            assert first[name] == second[name], name


def test_the_input_workbook_download_keeps_formula_like_names_as_text():
    tables = {"voorzieningen": pd.DataFrame({"voorziening": ['=HYPERLINK("http://x","klik")', "@SUM(A1)"]})}
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(tables)))["voorzieningen"]
    assert [sheet["A2"].data_type, sheet["A3"].data_type] == ["s", "s"]
    assert sheet["A2"].value == '=HYPERLINK("http://x","klik")'
