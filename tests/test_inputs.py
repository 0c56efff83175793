"""Reading and validating input data: every format variant and every error the foundation issue names."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pytest

from forecasting.numbers import parse_column
from forecasting.validation import load_dataset, load_uploaded
from tests.factories import REPO, SAMPLE, base_tables, dataset_with, write_tables


def load(folder, horizon=5):
    return load_dataset(folder, horizon=horizon)


def only_errors(problems):
    return [p for p in problems.errors]


def messages(problems):
    return "\n".join(p.describe() for p in problems.items)


# --- formats -----------------------------------------------------------------------------------


def test_the_sample_gemeente_validates_without_errors_or_warnings():
    dataset, problems = load(SAMPLE)
    assert problems.items == [], messages(problems)
    assert dataset.first_year == 2015 and dataset.last_year == 2024
    assert len(dataset.voorzieningen) == 9
    assert set(dataset.voorzieningen["domein"]) == {"Wmo", "Jeugd"}


def test_the_tiny_base_dataset_is_valid(tmp_path):
    dataset, problems = load(dataset_with(tmp_path))
    assert problems.ok, messages(problems)
    assert dataset.realisatie["kosten"].iloc[0] == 300000.0


def test_utf8_with_bom_comma_separated_decimal_point(tmp_path):
    tables = base_tables()
    tables["realisatie"] = tables["realisatie"].replace(";", ",")
    tables["indexatie"] = tables["indexatie"].replace(",", ".").replace(";", ",")
    folder = write_tables(tmp_path, {k: "\ufeff" + v for k, v in tables.items()}, encoding="utf-8")
    dataset, problems = load(folder)
    assert problems.ok, messages(problems)
    assert dataset.indexatie["percentage"].iloc[0] == pytest.approx(3.3)


def test_windows_1252_with_accents_semicolons_and_decimal_comma(tmp_path):
    tables = base_tables()
    tables["voorzieningen"] = tables["voorzieningen"].replace("Jeugdhulp;", "Cliëntondersteuning jeugd;")
    tables["realisatie"] = (
        tables["realisatie"].replace("Jeugdhulp;", "Cliëntondersteuning jeugd;").replace(";300000", ";300.000,50")
    )
    folder = write_tables(tmp_path, tables, encoding="cp1252")
    dataset, problems = load(folder)
    assert problems.ok, messages(problems)
    assert "Cliëntondersteuning jeugd" in set(dataset.realisatie["voorziening"])
    assert dataset.realisatie["kosten"].max() >= 300000.5
    assert 300000.5 in set(dataset.realisatie["kosten"])


def test_crlf_line_ends_trailing_empty_rows_and_columns(tmp_path):
    tables = base_tables()
    lines = tables["realisatie"].strip().split("\n")
    tables["realisatie"] = "\r\n".join(line + ";;" for line in lines) + "\r\n;;;;;\r\n;;;;;\r\n\r\n"
    dataset, problems = load(dataset_with(tmp_path, realisatie=tables["realisatie"]))
    assert problems.ok, messages(problems)
    assert len(dataset.realisatie) == 12


def test_column_names_match_without_case_or_surrounding_spaces(tmp_path):
    tables = base_tables()
    header = " Jaar ;VOORZIENING; Clienten;Kosten "
    tables["realisatie"] = tables["realisatie"].replace("jaar;voorziening;clienten;kosten", header)
    dataset, problems = load(dataset_with(tmp_path, realisatie=tables["realisatie"]))
    assert problems.ok, messages(problems)


def test_numbers_in_dutch_and_english_notation_parse_the_same():
    values = parse_column(["1.234.567,89", "1234567,89", "€ 1.234.567,89"], prefer_comma=True)
    assert values == [1234567.89] * 3
    values = parse_column(["1234567.89", "1,234,567.89"], prefer_comma=False)
    assert values == [1234567.89] * 2


def test_an_ambiguous_thousands_number_follows_the_rest_of_the_column():
    assert parse_column(["1.234", "12,5"], prefer_comma=False) == [1234.0, 12.5]
    assert parse_column(["1.234", "12.55"], prefer_comma=True) == [1.234, 12.55]
    assert parse_column(["1.234"], prefer_comma=True) == [1234.0]


def workbook_bytes(tables: dict[str, str]) -> bytes:
    """Build an .xlsx from `;`-separated texts, numbers stored as numbers where they parse."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in tables.items():
        sheet = book.create_sheet(name.capitalize())
        for line in text.strip().split("\n"):
            cells = []
            for cell in line.split(";"):
                try:
                    cells.append(float(cell.replace(",", ".")) if cell and cell[0].isdigit() and "-" not in cell
                                 and "+" not in cell else cell)
                except ValueError:
                    cells.append(cell)
            sheet.append(cells)
        sheet.append([])  # a trailing empty row, as Excel often leaves
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_workbook_with_capitalised_sheet_names_is_read(tmp_path):
    path = tmp_path / "gegevens.xlsx"
    path.write_bytes(workbook_bytes(base_tables()))
    dataset, problems = load(path)
    assert problems.ok, messages(problems)
    assert len(dataset.realisatie) == 12
    assert dataset.realisatie["jaar"].dtype.kind == "i"


def test_an_uploaded_workbook_with_an_error_names_the_sheet_row_and_column():
    tables = base_tables()
    tables["realisatie"] = tables["realisatie"].replace("2021;Jeugdhulp;52", "2021;Jeugdhulp;veel")
    dataset, problems = load_uploaded({"gemeente.xlsx": workbook_bytes(tables)}, "upload")
    assert dataset is None
    error = problems.errors[0]
    assert error.bestand == "gemeente.xlsx, blad 'Realisatie'"
    assert (error.rij, error.kolom, error.waarde) == (7, "clienten", "veel")


# --- errors --------------------------------------------------------------------------------------


def test_a_missing_required_table_is_an_error(tmp_path):
    dataset, problems = load(dataset_with(tmp_path, bevolking=None))
    assert dataset is None
    assert any("De tabel 'bevolking' ontbreekt" in p.melding for p in problems.errors)


def test_a_missing_column_names_the_column_and_what_was_found(tmp_path):
    text = base_tables()["realisatie"].replace(";kosten", ";bedragen")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    (error,) = problems.errors
    assert (error.bestand, error.rij, error.kolom) == ("realisatie.csv", 1, "kosten")
    assert "'bedragen'" in error.melding


def test_an_empty_file_is_an_error(tmp_path):
    dataset, problems = load(dataset_with(tmp_path, realisatie=""))
    assert dataset is None
    assert any(p.bestand == "realisatie.csv" and "leeg" in p.melding for p in problems.errors)


def test_a_binary_file_is_an_error(tmp_path):
    dataset, problems = load(dataset_with(tmp_path, realisatie=bytes(range(256)) * 4))
    assert dataset is None
    assert any(p.bestand == "realisatie.csv" and "geen tekstbestand" in p.melding for p in problems.errors)


def test_a_non_numeric_number_names_file_row_column_and_value(tmp_path):
    text = base_tables()["realisatie"].replace("2020;Jeugdhulp;51", "2020;Jeugdhulp;eenenvijftig")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    (error,) = problems.errors
    assert (error.bestand, error.rij, error.kolom, error.waarde) == ("realisatie.csv", 5, "clienten", "eenenvijftig")
    assert error.describe() == (
        "FOUT: realisatie.csv, rij 5, kolom 'clienten' (waarde 'eenenvijftig'): Dit is geen getal. "
        "Vul een getal van 0 of meer in, zoals 1234 of 1.234,5."
    )


def test_a_negative_amount_is_an_error(tmp_path):
    text = base_tables()["realisatie"].replace(";300000", ";-300000")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    (error,) = problems.errors
    assert (error.rij, error.kolom, error.waarde) == (2, "kosten", "-300000")
    assert "negatief" in error.melding


@pytest.mark.parametrize("bad_year", ["20x4", "2024,5", "24"])
def test_a_malformed_year_is_an_error(tmp_path, bad_year):
    text = base_tables()["realisatie"].replace("2024;Jeugdhulp", f"{bad_year};Jeugdhulp")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    assert any(p.kolom == "jaar" and p.rij == 13 and p.waarde == bad_year for p in problems.errors), messages(problems)


def test_a_duplicate_year_and_voorziening_names_both_rows(tmp_path):
    text = base_tables()["realisatie"] + "2020;hulp bij het huishouden;1;1\n"
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    (error,) = problems.errors
    assert error.rij == 14 and "rij 4" in error.melding


def test_a_voorziening_not_listed_in_voorzieningen_is_an_error(tmp_path):
    text = base_tables()["realisatie"] + "2024;Vervoer;10;5000\n"
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    (error,) = problems.errors
    assert (error.rij, error.kolom, error.waarde) == (14, "voorziening", "Vervoer")


def test_a_doelgroep_without_population_rows_is_an_error(tmp_path):
    text = base_tables()["voorzieningen"].replace("75+;6.71", "80+;6.71")
    dataset, problems = load(dataset_with(tmp_path, voorzieningen=text))
    assert dataset is None
    (error,) = problems.errors
    assert error.waarde == "80+" and "Hulp bij het huishouden" in error.melding


def test_missing_population_for_realised_and_forecast_years_names_group_and_years(tmp_path):
    lines = [line for line in base_tables()["bevolking"].split("\n")
             if not (line.startswith(("2019;75+", "2020;75+", "2028;0-17", "2029;0-17")))]
    dataset, problems = load(dataset_with(tmp_path, bevolking="\n".join(lines)))
    assert dataset is None
    texts = [p.melding for p in problems.errors]
    assert any("'75+'" in t and "gerealiseerde jaren 2019-2020" in t for t in texts), texts
    assert any("'0-17'" in t and "prognosejaren 2028-2029" in t for t in texts), texts


def test_a_longer_horizon_needs_more_population_forecast(tmp_path):
    dataset, problems = load(dataset_with(tmp_path), horizon=7)
    assert dataset is None
    assert any("2030-2031" in p.melding for p in problems.errors)


def test_an_unknown_domein_is_an_error(tmp_path):
    text = base_tables()["voorzieningen"].replace("Jeugdhulp;Jeugd", "Jeugdhulp;Participatie")
    dataset, problems = load(dataset_with(tmp_path, voorzieningen=text))
    assert dataset is None
    (error,) = problems.errors
    assert (error.rij, error.kolom, error.waarde) == (3, "domein", "Participatie")


def test_domein_is_matched_without_regard_to_case(tmp_path):
    text = base_tables()["voorzieningen"].replace("Jeugdhulp;Jeugd", "Jeugdhulp;JEUGD").replace(";Wmo;", ";wmo;")
    dataset, problems = load(dataset_with(tmp_path, voorzieningen=text))
    assert problems.ok, messages(problems)
    assert list(dataset.voorzieningen["domein"]) == ["Wmo", "Jeugd"]


def test_a_budget_that_mixes_domain_and_voorziening_rows_is_an_error(tmp_path):
    text = "jaar;domein;voorziening;bedrag\n2025;Wmo;;400000\n2026;Wmo;Hulp bij het huishouden;400000\n"
    dataset, problems = load(dataset_with(tmp_path, begroting=text))
    assert dataset is None
    (error,) = problems.errors
    assert error.rij == 2 and "dubbel" in error.melding


def test_a_budget_per_voorziening_is_accepted(tmp_path):
    text = "jaar;domein;voorziening;bedrag\n2025;Wmo;Hulp bij het huishouden;400000\n2025;Jeugd;;470000\n"
    dataset, problems = load(dataset_with(tmp_path, begroting=text))
    assert problems.ok, messages(problems)
    assert dataset.begroting["voorziening"].isna().sum() == 1


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    text = base_tables()["realisatie"].replace(";300000", ";abc").replace("2020;Jeugdhulp;51", "2020;Jeugdhulp;-1")
    voorzieningen = base_tables()["voorzieningen"].replace("Jeugdhulp;Jeugd", "Jeugdhulp;Zorg")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text, voorzieningen=voorzieningen))
    assert dataset is None
    assert len(problems.errors) == 3


# --- warnings ------------------------------------------------------------------------------------


def test_fewer_than_four_realised_years_is_a_warning(tmp_path):
    text = base_tables()["realisatie"] + "2023;Vervoer;10;5000\n2024;Vervoer;11;5200\n"
    voorzieningen = base_tables()["voorzieningen"] + "Vervoer;Wmo;75+;6.71\n"
    dataset, problems = load(dataset_with(tmp_path, realisatie=text, voorzieningen=voorzieningen))
    assert dataset is not None
    assert any("maar 2 jaren" in p.melding and p.waarde == "Vervoer" for p in problems.warnings)


def test_a_gap_in_the_years_is_a_warning(tmp_path):
    text = "\n".join(line for line in base_tables()["realisatie"].split("\n") if not line.startswith("2021;Jeugdhulp"))
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is not None
    assert any("ontbreken jaren" in p.melding and "2021" in p.melding for p in problems.warnings)


def test_missing_indexation_for_realised_years_is_a_warning(tmp_path):
    text = "\n".join(line for line in base_tables()["indexatie"].split("\n") if not line.startswith("2022;Wmo"))
    dataset, problems = load(dataset_with(tmp_path, indexatie=text))
    assert dataset is not None
    (warning,) = problems.warnings
    assert "Wmo" in warning.melding and "2022" in warning.melding and "0%" in warning.melding


def test_percentages_that_look_like_fractions_are_a_warning(tmp_path):
    text = base_tables()["indexatie"].replace(";6,4", ";0,064")
    dataset, problems = load(dataset_with(tmp_path, indexatie=text))
    assert dataset is not None
    assert [p.kolom for p in problems.warnings] == ["percentage", "percentage"]


# --- command line --------------------------------------------------------------------------------


def run_check(*args):
    return subprocess.run(
        [sys.executable, "-m", "forecasting", "check", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_check_on_the_sample_exits_0_with_a_dutch_report():
    result = run_check("--data", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "De gegevens zijn in orde" in result.stdout
    assert "Realisatie 2015-2024" in result.stdout


def test_check_on_bad_data_exits_2_without_traceback(tmp_path):
    text = base_tables()["realisatie"].replace(";300000", ";abc")
    result = run_check("--data", str(dataset_with(tmp_path, realisatie=text)))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "realisatie.csv, rij 2, kolom 'kosten' (waarde 'abc')" in result.stdout


def test_check_on_a_missing_folder_exits_2(tmp_path):
    result = run_check("--data", str(tmp_path / "bestaat-niet"))
    assert result.returncode == 2
    assert "bestaat niet" in result.stdout


def test_check_with_a_bad_horizon_exits_2_in_dutch():
    result = run_check("--data", str(SAMPLE), "--horizon", "veel")
    assert result.returncode == 2
    assert "geen heel getal" in result.stderr
