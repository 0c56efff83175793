"""The controller's workbook: sheets, Dutch number formats, values equal to the CSV to the cent, safe text."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from tests.factories import REPO, SAMPLE

INJECTED = '=HYPERLINK("http://example.invalid","klik")'


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    scenario = json.loads((REPO / "data" / "voorbeeldscenario.json").read_text(encoding="utf-8"))
    scenario["maatregelen"][0]["naam"] = INJECTED
    scenario["maatregelen"][1]["toelichting"] = "@SUM(1+1)"
    path = folder / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    for out in ("uit.csv", "uit.xlsx"):
        result = subprocess.run(
            [sys.executable, "-m", "scenarios", "--data", str(SAMPLE), "--scenario", str(path), "--model", "linear",
             "--out", str(folder / out)], capture_output=True, text=True, cwd=REPO, timeout=300)
        assert result.returncode == 0, result.stderr
    return folder


def test_the_workbook_has_the_sheets_a_controller_expects(outputs):
    book = openpyxl.load_workbook(outputs / "uit.xlsx")
    assert book.sheetnames == ["Samenvatting", "Prognose", "Groei", "Maatregelen", "Aannames", "Gegevens",
                               "Jaareinde", "Indicatoren", "Terugblik"]  # the sample has budgets for 2019-2024
    summary = book["Samenvatting"]
    # a title naming the gemeente, the scenario and the date, then the forecast years; history below them
    assert summary["A1"].value.startswith("Meerjarenprognose sociaal domein — ")
    assert " — scenario 'Pakket 2026' — " in summary["A1"].value
    header = [c.value for c in summary[2]]
    assert header == ["jaar", "domein", "basisprognose", "scenario", "begroting", "verschil", "N/V",
                      "kans op overschrijding"]
    assert summary["A3"].value == 2025
    row = next(r for r in summary.iter_rows(min_row=3) if r[0].value == 2029 and r[1].value == "Totaal")
    # the chance reads as the screen's chance_pct: '> 99%' and '< 1%' at the ends, whole percents between
    assert row[3].number_format == '"€" #,##0' and row[7].number_format == '[>0.99]"> 99%";[<0.01]"< 1%";0%'
    assert row[3].value == round(row[3].value) and row[6].value == "N"
    assert summary.column_dimensions["D"].width >= 12
    assert "Realisatie (historie)" in [r[0].value for r in summary.iter_rows()]


def test_workbook_values_match_the_csv_to_the_euro(outputs):
    csv = pd.read_csv(outputs / "uit.csv")
    scen = csv.loc[(csv["reeks"] == "scenario") & (csv["voorziening"] == "Totaal")].set_index(["jaar", "domein"])
    summary = pd.read_excel(outputs / "uit.xlsx", sheet_name="Samenvatting", header=1, nrows=15)
    assert len(summary) == 15
    for _, row in summary.iterrows():  # whole euros in the summary
        assert row["scenario"] == pytest.approx(scen.loc[(row["jaar"], row["domein"]), "bedrag"], abs=0.5)


def test_text_that_looks_like_a_formula_is_stored_as_text(outputs):
    book = openpyxl.load_workbook(outputs / "uit.xlsx")
    cells = [c for row in book["Maatregelen"].iter_rows() for c in row if c.value in (INJECTED, "@SUM(1+1)")]
    assert len(cells) >= 3
    assert all(c.data_type == "s" for c in cells)
    effects = pd.read_csv(outputs / "uit.maatregelen.csv")
    assert ("'" + INJECTED) in set(effects["maatregel"])


def test_the_measures_sheet_has_a_total_row_and_the_assumptions_say_what_was_assumed(outputs):
    book = openpyxl.load_workbook(outputs / "uit.xlsx")
    first_column = [r[0].value for r in book["Maatregelen"].iter_rows()]
    assert first_column.count("Totaal") == 2
    values = [c.value for row in book["Aannames"].iter_rows() for c in row]
    assert "Grip-versie" in values and "voortgezet" in values
    assert any(str(v).startswith("Backtestfouten per model: gemiddelde afwijking in %") for v in values)
    assert "gemiddelde afwijking" in values and "mape" not in values and "kosten_per_client" not in values
    assert "Gegevens" in book.sheetnames and book["Gegevens"]["A1"].value == "voorzieningen"
    measures = {c.value for row in book["Maatregelen"].iter_rows() for c in row}
    assert {"effect %", "uitvoeringskosten €/jaar", "Volume (cliënten)"} <= measures  # words, not field names
    assert not measures & {"effect_pct", "kosten_per_jaar", "ingroei_jaren", "volume", "prijs"}
    growth = {c.value for row in book["Groei"].iter_rows() for c in row}
    assert {"gebruik per inwoner", "kosten per cliënt (reëel)"} <= growth and "kosten_per_client" not in growth


def test_the_raad_report_has_its_sections_key_numbers_and_inline_charts(tmp_path):
    # four charts: the total, one per domein, and the Terugblik (the sample has budgets for 2019-2024)
    out = tmp_path / "rapport.html"
    result = subprocess.run(
        [sys.executable, "-m", "scenarios", "report", "--data", str(SAMPLE), "--scenario",
         str(REPO / "data" / "voorbeeldscenario.json"), "--model", "linear", "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    for section in ("<h2>Samenvatting</h2>", ">Wmo</h2>", ">Jeugd</h2>", "Wat de maatregelen opleveren",
                    "Waar komt de groei vandaan?", "<h2>Aannames</h2>",
                    "<h2>Terugblik: de begroting van eerdere jaren</h2>"):
        assert section in html
    assert "In 2024 waren de kosten van Wmo en jeugd samen €\u00a015,7\u00a0mln" in html  # never broken
    assert "Poortwachter begeleiding" in html and "-15% tot -4%" in html
    assert html.count("<svg") == 4 and "€ 20.000.000" in html
    assert "http" not in html.split("<body>")[1].replace("http://www.w3.org", "")  # nothing loaded from the web


def test_a_chart_exports_as_a_print_sized_png_and_an_svg():
    import struct

    from presentation import charts

    frame = pd.DataFrame({"jaar": [2023, 2024, 2025], "reeks": ["Realisatie", "Realisatie", "Basisprognose"],
                          "bedrag": [1e7, 1.2e7, 1.3e7]})
    chart = charts.dutch(charts.cost_lines(frame, "Proef"))
    png = charts.to_png(chart, scale=3)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 3 * charts.EXPORT_WIDTH and height > 900
    svg = charts.to_svg(chart)
    assert svg.startswith("<svg") and "€ 12.000.000" in svg


def test_the_raad_report_has_the_year_end_and_indicator_section(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "rapport.html"
    result = subprocess.run([sys.executable, "-m", "scenarios", "report", "--data", str(SAMPLE), "--scenario",
                             str(REPO / "data" / "voorbeeldscenario.json"), "--model", "flat", "--out", str(out)],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<section id="monitor"' in html or "<section id='monitor'" in html
    # after what the measures deliver (the assumptions moved under the summary on page 1: presentation/report.py)
    assert "Verwachte jaarrekening" in html and html.index("Wat de maatregelen opleveren") < html.index("monitor")
    assert html.index("<h2>Aannames</h2>") < html.index("<h2>Wmo")


def test_the_prognose_sheet_names_the_taakveld_of_every_voorziening(tmp_path):
    import io
    import subprocess
    import sys

    import openpyxl

    out = tmp_path / "prognose.xlsx"
    result = subprocess.run([sys.executable, "-m", "forecasting", "--data", str(SAMPLE), "--model", "flat", "--out",
                             str(out)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["Prognose"]
    header = [c.value for c in sheet[1]]
    column = header.index("taakveld")
    rows = {(r[2].value, r[column].value) for r in sheet.iter_rows(min_row=2)}
    assert ("Begeleiding", "6.71") in rows and ("Jeugdhulp met verblijf", "6.72") in rows


def test_report_tables_align_text_left_and_amounts_right():
    from presentation.report import _table

    html = _table(pd.DataFrame({"Jaar": ["2025"], "Maatregel": ["Poortwachter"], "Hefboom": ["Volume (cliënten)"],
                                "Effect": ["-€ 165.715"], "Kans": ["> 99%"]}))
    assert ("<th>Jaar</th><th>Maatregel</th><th>Hefboom</th><th class=bedrag>Effect</th><th class=bedrag>Kans</th>"
            in html)
    assert "<td>2025</td><td>Poortwachter</td><td>Volume (cliënten)</td><td class='bedrag'>-€ 165.715</td>" in html
