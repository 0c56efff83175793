"""Reading and validating input data: every format variant and every error the foundation issue names."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pytest

from forecasting.input.numbers import parse_column
from forecasting.input.validation import load_dataset, load_uploaded
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


def test_the_header_clienten_may_be_spelled_with_its_diaeresis(tmp_path):
    tables = base_tables()
    tables["realisatie"] = tables["realisatie"].replace("jaar;voorziening;clienten;kosten",
                                                        "jaar;voorziening;Cliënten;kosten")
    dataset, problems = load(dataset_with(tmp_path, realisatie=tables["realisatie"]))
    assert problems.ok, messages(problems)
    assert dataset.realisatie["clienten"].iloc[0] == 100


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


# --- plausibility, hostile files and limits (issue 13) -------------------------------------------


def _realisatie_for(voorziening, rows):
    lines = [line for line in base_tables()["realisatie"].strip().split("\n") if f";{voorziening};" not in line]
    return "\n".join(lines + [f"{y};{voorziening};{c};{k}" for y, c, k in rows]) + "\n"


@pytest.mark.parametrize("pct, ernst", [("-100", "fout"), ("-50,5", "fout"), ("60", "fout"), ("-10", "waarschuwing"),
                                        ("20", "waarschuwing"), ("15", None), ("-5", None)])
def test_indexation_outside_a_sane_range_is_an_error_or_a_warning(tmp_path, pct, ernst):
    text = base_tables()["indexatie"].replace("2023;Wmo;6,4", f"2023;Wmo;{pct}")
    _, problems = load(dataset_with(tmp_path, indexatie=text))
    found = [p for p in problems.items if p.kolom == "percentage"]
    if ernst is None:
        assert found == [], messages(problems)
    else:
        assert [p.ernst for p in found] == [ernst] and found[0].rij is not None, messages(problems)


def test_missing_indexation_after_the_last_year_is_described_as_indexation_py_computes_it(tmp_path):
    from forecasting.input.cells import INDEXATION_RULE
    from forecasting.model.indexation import CONTINUED, MISSING, yearly_percentages

    text = "jaar;domein;percentage\n2021;Wmo;2,5\n2022;Wmo;3\n2020;Jeugd;2\n2021;Jeugd;2\n2022;Jeugd;2\n2023;Jeugd;2\n"
    text += "2024;Jeugd;2\n"
    dataset, problems = load(dataset_with(tmp_path, indexatie=text))
    before, after = problems.warnings
    assert "2020" in before.melding and "tellen als 0%" in before.melding
    assert "2023-2024" in after.melding and "laatst opgegeven percentage (3% van 2022)" in after.melding
    assert "0%" not in after.melding
    rows = yearly_percentages(dataset, [2020, 2023, 2024]).set_index(["voorziening", "jaar"])
    assert rows.loc[("Hulp bij het huishouden", 2023), "percentage"] == 3.0
    assert rows.loc[("Hulp bij het huishouden", 2023), "bron"] == CONTINUED
    assert rows.loc[("Hulp bij het huishouden", 2020), "bron"] == MISSING  # before the first year: 0%
    assert "laatst opgegeven percentage" in INDEXATION_RULE and "0%" in INDEXATION_RULE


def test_missing_indexation_before_the_first_year_counts_as_zero(tmp_path):
    text = "\n".join(line for line in base_tables()["indexatie"].split("\n") if not line.startswith("2020;Wmo"))
    _, problems = load(dataset_with(tmp_path, indexatie=text))
    (warning,) = problems.warnings
    assert "2020" in warning.melding and "tellen als 0%" in warning.melding


@pytest.mark.parametrize("clients, cost", [("0", "0"), ("0", "1000"), ("100", "0")])
def test_a_history_without_a_year_with_clients_and_costs_is_an_error(tmp_path, clients, cost):
    text = _realisatie_for("Hulp bij het huishouden", [(y, clients, cost) for y in range(2019, 2025)])
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    assert any("geen bruikbare jaren" in p.melding and p.waarde == "Hulp bij het huishouden" for p in problems.errors)


def test_a_voorziening_whose_history_stops_early_is_an_error(tmp_path):
    text = _realisatie_for("Hulp bij het huishouden", [(y, "100", "300000") for y in range(2019, 2022)])
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    assert any("loopt tot 2021" in p.melding and "2022-2024" in p.melding for p in problems.errors)


def test_a_cost_per_client_spike_is_a_warning_naming_the_year_and_the_advice(tmp_path):
    text = base_tables()["realisatie"].replace("2022;Jeugdhulp;53;430000", "2022;Jeugdhulp;53;4300000")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is not None
    (warning,) = problems.warnings
    assert warning.rij == 9 and "In 2022" in warning.melding and "sluit 2022 uit" in warning.melding


def test_a_negative_budget_is_an_error(tmp_path):
    text = base_tables()["begroting"].replace("2026;Jeugd;470000", "2026;Jeugd;-470000")
    dataset, problems = load(dataset_with(tmp_path, begroting=text))
    assert dataset is None and problems.errors[0].kolom == "bedrag"


@pytest.mark.parametrize("value", ["1000000000000000", "9" * 400])
def test_absurd_amounts_are_errors_never_inf(tmp_path, value):
    text = base_tables()["realisatie"].replace(";400000", f";{value}", 1)
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None and problems.errors[0].kolom == "kosten"


@pytest.mark.parametrize("name", ["Totaal", " totaal ", "Wmo", "JEUGD", "x" * 121, "twee\nregels"])
def test_reserved_overlong_or_multiline_voorziening_names_are_errors(tmp_path, name):
    tables = base_tables()
    quoted = '"' + name + '"'
    changes = {t: tables[t].replace("Hulp bij het huishouden", quoted) for t in ("voorzieningen", "realisatie")}
    dataset, problems = load(dataset_with(tmp_path, **changes))
    assert dataset is None
    assert any(p.kolom == "voorziening" and p.bestand == "voorzieningen.csv" for p in problems.errors)


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_an_error_naming_the_row(tmp_path):
    text = base_tables()["realisatie"].replace(";", ",").replace("2021,Jeugdhulp,52,420000", "2021,Jeugdhulp,52,404,5")
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None
    (error,) = problems.errors
    assert error.rij == 7 and "404,5" in error.melding and "aanhalingstekens" in error.melding


def test_a_hidden_sheet_never_replaces_the_visible_one(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(base_tables())))
    hidden = book.create_sheet("Realisatie ")
    hidden.append(["jaar", "voorziening", "clienten", "kosten"])
    hidden.append([2019, "Hulp bij het huishouden", 100, 5])
    hidden.sheet_state = "hidden"
    path = tmp_path / "gemeente.xlsx"
    book.save(path)
    dataset, problems = load(path)
    assert dataset is not None, messages(problems)
    assert dataset.realisatie["kosten"].min() == 300000.0
    assert any("verborgen" in p.melding for p in problems.warnings)
    hidden.sheet_state = "visible"
    book.save(path)
    dataset, problems = load(path)
    assert dataset is None and "allebei" in problems.errors[0].melding


def test_a_date_where_a_year_belongs_says_so(tmp_path):
    import datetime

    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(base_tables())))
    book["Realisatie"]["A2"] = datetime.datetime(2019, 1, 1)
    book["Realisatie"]["A3"].number_format = "dd-mm-yyyy"
    path = tmp_path / "gemeente.xlsx"
    book.save(path)
    dataset, problems = load(path)
    assert dataset is None
    first, second = problems.errors[:2]
    assert first.rij == 2 and "datum" in first.melding and "2019" in first.melding
    assert second.rij == 3 and "celopmaak" in second.melding


def test_problems_are_capped_per_file_with_a_count_of_the_rest(tmp_path):
    text = base_tables()["realisatie"] + "".join(f"2019;Jeugdhulp;x{i};y\n" for i in range(500))
    dataset, problems = load(dataset_with(tmp_path, realisatie=text))
    assert dataset is None and not problems.ok
    assert len([p for p in problems.items if p.bestand == "realisatie.csv"]) == 50
    assert "en nog" in problems.report() and len(problems.report()) < 20_000
    assert problems.to_frame()["melding"].str.startswith("en nog").sum() == 1


def test_a_200000_row_csv_gets_a_size_message_quickly(tmp_path):
    import time

    lines = ["jaar;voorziening;clienten;kosten"] + [f"2019;Jeugdhulp;{i};1000" for i in range(200_000)]
    folder = dataset_with(tmp_path, realisatie="\n".join(lines))
    started = time.perf_counter()
    dataset, problems = load(folder)
    assert time.perf_counter() - started < 10
    assert dataset is None and "rijen" in problems.errors[0].melding


def test_validate_exclusion_refuses_to_empty_a_voorziening():
    from forecasting.input.validation import validate_exclusion

    dataset, _ = load(SAMPLE)
    assert validate_exclusion(dataset, [2020]).ok
    everything = validate_exclusion(dataset, range(2015, 2025))
    assert not everything.ok and "Alle gerealiseerde jaren" in everything.errors[0].melding
    one_left = validate_exclusion(dataset, range(2015, 2024))
    assert not one_left.ok and "alleen 2024" in one_left.errors[0].melding
    unknown = validate_exclusion(dataset, [1999])
    assert unknown.ok and "1999" in unknown.warnings[0].waarde


def test_the_app_upload_limit_is_the_reading_limit():
    import tomllib

    from forecasting.input.reading import MAX_FILE_MB

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB
