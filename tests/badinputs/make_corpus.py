"""A corpus of bad inputs for Grip, generated into a folder at test time (nothing large is committed).

Every case is a small dataset (a folder of CSV files or one workbook), optionally a scenario file and
extra command-line arguments. `tests/test_bad_inputs.py` runs each case through `check`, the forecast,
the scenario command and the report and demands a clear Dutch error (exit 2) or a correct result.

Run it by hand to look at the files:  python -m tests.badinputs.make_corpus /tmp/corpus
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from tests.factories import base_tables, tables_with

ERROR = "error"  # check must exit 2 with a Dutch report
OK = "ok"  # check exits 0 and every command writes a result
SCENARIO_ERROR = "scenario_error"  # data fine, the scenario commands exit 2 with a Dutch message
EITHER = "either"  # a clear error or a result, both acceptable
RUN_ERROR = "run_error"  # check (which has no --exclude-years) passes; the commands that fit exit 2

HHH = "Hulp bij het huishouden"


@dataclass
class Case:
    name: str
    expect: str
    build: Callable[[Path], Path]  # writes the dataset below the folder, returns the --data path
    scenario: Callable[[Path], Path] | None = None  # writes a scenario file, returns its path
    args: list[str] = field(default_factory=list)
    expect_text: str | None = None  # a fragment the Dutch message must contain
    xfail: str | None = None  # reason, when the crash lives in a file the input layer does not own


# --- builders --------------------------------------------------------------------------------------



def folder(tables: dict[str, str | bytes], encoding: str = "utf-8", suffix: str = ".csv") -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        target = root / "data"
        target.mkdir(parents=True, exist_ok=True)
        for name, content in tables.items():
            data = content if isinstance(content, bytes) else content.encode(encoding)
            (target / f"{name}{suffix}").write_bytes(data)
        return target

    return build


def data(**changes: str | bytes | None) -> Callable[[Path], Path]:
    return folder(tables_with(**changes))


def replace(table: str, old: str, new: str, count: int = -1) -> Callable[[Path], Path]:
    text = base_tables()[table]
    assert old in text, (table, old)
    return data(**{table: text.replace(old, new, count)})


def rename_voorziening(new: str) -> Callable[[Path], Path]:
    tables = base_tables()
    quoted = '"' + new.replace('"', '""') + '"' if any(c in new for c in ';"\n\r') else new
    return data(**{name: tables[name].replace(HHH, quoted) for name in ("voorzieningen", "realisatie")})


def gemeente_named(name: str) -> Callable[[Path], Path]:
    """The sample's realisatie with a `gemeente` column naming one gemeente in every row."""
    quoted = '"' + name.replace('"', '""') + '"' if any(c in name for c in ';"\n\r') else name
    lines = base_tables()["realisatie"].splitlines()
    text = "\n".join(["gemeente;" + lines[0]] + [f"{quoted};{line}" for line in lines[1:] if line]) + "\n"
    return data(realisatie=text)


INDICATOR_HEADER = "indicator;eenheid;basisjaar;startwaarde;streefwaarde;streefjaar;richting\n"


def indicator(start: str, target: str) -> Callable[[Path], Path]:
    return data(indicatoren=f"{INDICATOR_HEADER}Wachttijd;weken;2022;{start};{target};2028;lager is beter\n")


def realisatie_rows(voorziening: str, rows: list[tuple[int, str, str]]) -> str:
    """The base realisatie with the rows of one voorziening replaced."""
    lines = [line for line in base_tables()["realisatie"].strip().split("\n") if f";{voorziening};" not in line]
    lines += [f"{year};{voorziening};{clients};{cost}" for year, clients, cost in rows]
    return "\n".join(lines) + "\n"


def in_year(rows: list[tuple[int, str, float]], voorziening: str = "Jeugdhulp") -> str:
    """A 'tussentijds' table of one voorziening: (jaar, periode, kosten) rows."""
    lines = ["jaar;periode;voorziening;clienten;kosten"]
    lines += [f"{year};{period};{voorziening};50;{cost}" for year, period, cost in rows]
    return "\n".join(lines) + "\n"


USUAL_MONTHS = [(y, str(m), 35000 if m < 12 else 70000) for y in (2022, 2023, 2024) for m in range(1, 13)]


def cells(text: str) -> list[list[object]]:
    """`;`-text to rows of cells; numbers as numbers."""
    out = []
    for line in text.strip().split("\n"):
        row: list[object] = []
        for cell in line.split(";"):
            try:
                row.append(float(cell.replace(",", ".")) if cell[:1].isdigit() and "-" not in cell else cell)
            except ValueError:
                row.append(cell)
        out.append(row)
    return out


def workbook(tables: dict[str, str] | None = None, edit: Callable | None = None, name: str = "gemeente.xlsx"):
    def build(root: Path) -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for table, text in (tables or base_tables()).items():
            sheet = book.create_sheet(table)
            for row in cells(text):
                sheet.append(row)
        if edit is not None:
            edit(book)
        path = root / name
        book.save(path)
        return path

    return build


def raw_file(name: str, content: bytes) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / name
        path.write_bytes(content)
        return path

    return build


def big_csv(rows: int) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        target = folder(tables_with())(root)
        lines = ["jaar;voorziening;clienten;kosten"]
        lines += [f"{2019 + i % 6};{HHH};{100 + i % 7};{300000 + i}" for i in range(rows)]
        (target / "realisatie.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return target

    return build


def huge_bytes_csv(megabytes: int) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        target = folder(tables_with())(root)
        line = f"2019;{HHH};100;300000\n".encode()
        with open(target / "realisatie.csv", "wb") as handle:
            handle.write(b"jaar;voorziening;clienten;kosten\n")
            block = line * (1024 * 1024 // len(line))
            for _ in range(megabytes):
                handle.write(block)
        return target

    return build


SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def zip_bomb(rows: int) -> Callable[[Path], Path]:
    """A workbook whose realisatie sheet holds `rows` rows of inline strings: tiny on disk, huge unpacked."""

    def build(root: Path) -> Path:
        path = workbook()(root)
        source = zipfile.ZipFile(path)
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
        source.close()
        book = openpyxl.load_workbook(path, read_only=True)
        position = book.sheetnames.index("realisatie") + 1
        book.close()
        target = f"xl/worksheets/sheet{position}.xml"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
            for member, content in members.items():
                if member != target:
                    out.writestr(member, content)
            with out.open(target, "w", force_zip64=True) as handle:
                handle.write(SHEET_HEAD.encode())
                row = ('<row><c t="inlineStr"><is><t>2020</t></is></c><c t="inlineStr"><is><t>' + HHH
                       + '</t></is></c><c><v>1</v></c><c><v>1</v></c></row>').encode()
                chunk = row * 10000
                for _ in range(rows // 10000):
                    handle.write(chunk)
                handle.write(b"</sheetData></worksheet>")
        return path

    return build


def large_xlsx(rows: int) -> Callable[[Path], Path]:
    text = base_tables()["realisatie"] + "".join(
        f"{2019 + i % 6};{HHH};{100 + i % 7};{300000 + i}\n" for i in range(rows))
    return workbook(tables_with(realisatie=text))  # type: ignore[arg-type]


def scenario_json(value) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / "scenario.json"
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return build


def scenario_bytes(content: bytes) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / "scenario.json"
        path.write_bytes(content)
        return path

    return build


def measure(**fields) -> dict:
    base = {"naam": "Maatregel", "doel": HHH, "hefboom": "volume", "effect_pct": -10, "startjaar": 2026}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not ...}


def one_measure(**fields) -> Callable[[Path], Path]:
    return scenario_json({"naam": "Scenario", "maatregelen": [measure(**fields)]})


def raw_scenario(text: str) -> Callable[[Path], Path]:
    return scenario_json(text)


# --- the corpus ------------------------------------------------------------------------------------


def _hidden_sheet(book) -> None:
    sheet = book.create_sheet("Realisatie ")
    for row in cells(base_tables()["realisatie"].replace(";300000", ";5")):
        sheet.append(row)
    sheet.sheet_state = "hidden"


def _duplicate_sheet(book) -> None:
    sheet = book.create_sheet("Realisatie ")
    for row in cells(base_tables()["realisatie"]):
        sheet.append(row)


def _formulas(book) -> None:
    sheet = book["realisatie"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = f"=300000+{row}"


def _merged(book) -> None:
    sheet = book["realisatie"]
    sheet.merge_cells("B2:B4")


def _merged_header(book) -> None:
    sheet = book["bevolking"]
    sheet.insert_rows(1)
    sheet["A1"] = "Bevolking van de gemeente"
    sheet.merge_cells("A1:C1")


def _dates(book) -> None:
    sheet = book["realisatie"]
    for row in range(2, sheet.max_row + 1):
        year = int(sheet.cell(row=row, column=1).value)
        sheet.cell(row=row, column=1).value = dt.datetime(year, 1, 1)


def _date_formatted_years(book) -> None:
    sheet = book["realisatie"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=1).number_format = "dd-mm-yyyy"


def _notes_column(book) -> None:
    sheet = book["realisatie"]
    sheet.cell(row=3, column=6).value = "opmerking: cijfers voorlopig"


def _empty_sheet(book) -> None:
    book.create_sheet("realisatie2")


def _huge_value(book) -> None:
    book["realisatie"].cell(row=2, column=4).value = 1e300


def _bool_cell(book) -> None:
    book["realisatie"].cell(row=2, column=3).value = True


def cases() -> list[Case]:
    base = base_tables()
    rows_2019_2024 = list(range(2019, 2025))
    many_bad = base["realisatie"] + "".join(f"{2030 + i % 60};{HHH};x{i};y\n" for i in range(3000))
    unquoted = base["realisatie"].replace(";", ",").replace(",300000", ",404,5", 1)
    quoted = base["realisatie"].replace(";", ",").replace(",300000", ',"404,5"', 1)
    eu = base["realisatie"].replace(";", ",")
    data_cases = [
        Case("basis", OK, data()),
        Case("alles_nul", ERROR, data(realisatie=realisatie_rows(HHH, [(y, "0", "0") for y in rows_2019_2024])),
             expect_text="geen bruikbare"),
        Case("nul_clienten_wel_kosten", ERROR,
             data(realisatie=realisatie_rows(HHH, [(y, "0", "1000") for y in rows_2019_2024]))),
        Case("clienten_zonder_kosten", EITHER,
             data(realisatie=realisatie_rows(HHH, [(y, "100", "0") for y in rows_2019_2024]))),
        Case("voorziening_zonder_realisatie", ERROR, data(realisatie=realisatie_rows(HHH, []))),
        Case("voorziening_stopt_vroeg", EITHER,
             data(realisatie=realisatie_rows(HHH, [(y, "100", "300000") for y in range(2019, 2022)]))),
        Case("voorziening_begint_laat", EITHER,
             data(realisatie=realisatie_rows(HHH, [(y, "100", "300000") for y in range(2022, 2025)]))),
        Case("een_jaar", EITHER, data(realisatie=realisatie_rows(HHH, [(2024, "100", "300000")]))),
        Case("alle_jaren_uitgesloten", RUN_ERROR, data(), args=["--exclude-years", "2019,2020,2021,2022,2023,2024"]),
        Case("uitsluiten_laat_een_jaar", RUN_ERROR, data(), args=["--exclude-years", "2019,2020,2021,2022,2023"]),
        Case("uitsluiten_onbekend_jaar", OK, data(), args=["--exclude-years", "1999"]),
        Case("uitsluiten_nul_jaren_voorziening", RUN_ERROR,
             data(realisatie=realisatie_rows(HHH, [(y, "100" if y < 2021 else "0", "300000" if y < 2021 else "0")
                                                   for y in rows_2019_2024])),
             args=["--exclude-years", "2019,2020"]),
        Case("indexatie_min_100", ERROR, replace("indexatie", ";6,4", ";-100")),
        Case("indexatie_min_150", ERROR, replace("indexatie", ";6,4", ";-150")),
        Case("indexatie_plus_60", ERROR, replace("indexatie", ";6,4", ";60")),
        Case("indexatie_min_10", OK, replace("indexatie", ";6,4", ";-10")),
        Case("indexatie_plus_20", OK, replace("indexatie", ";6,4", ";20")),
        Case("indexatie_tekst", ERROR, replace("indexatie", ";6,4", ";zes")),
        Case("indexatie_toekomst_min_100", ERROR, replace("indexatie", ";3,5", ";-100")),
        Case("kosten_1e15", EITHER, replace("realisatie", ";400000", ";1000000000000000", 1)),
        Case("kosten_overloop", ERROR, replace("realisatie", ";400000", ";" + "9" * 400, 1)),
        Case("kosten_inf", ERROR, replace("realisatie", ";400000", ";inf", 1)),
        Case("kosten_nan", ERROR, replace("realisatie", ";400000", ";NaN", 1)),
        Case("kosten_wetenschappelijk", ERROR, replace("realisatie", ";400000", ";1e15", 1)),
        Case("kosten_piek_10x", OK, replace("realisatie", ";400000", ";4000000", 1)),
        Case("clienten_enorm", ERROR, replace("realisatie", ";Jeugdhulp;50;", ";Jeugdhulp;50000000000;")),
        Case("clienten_meer_dan_inwoners", OK, replace("realisatie", ";Jeugdhulp;50;", ";Jeugdhulp;5000;")),
        Case("clienten_negatief", ERROR, replace("realisatie", ";Jeugdhulp;50;", ";Jeugdhulp;-50;")),
        Case("clienten_fractie", OK, replace("realisatie", ";Jeugdhulp;50;", ";Jeugdhulp;50,5;")),
        Case("begroting_negatief", ERROR, replace("begroting", ";420000", ";-420000", 1)),
        Case("begroting_enorm", ERROR, replace("begroting", ";420000", ";" + "9" * 30, 1)),
        Case("begroting_nul", OK, replace("begroting", ";420000", ";0", 1)),
        Case("komma_bestand_ongequote_decimaal", ERROR, data(realisatie=unquoted), expect_text="rij 2"),
        Case("komma_bestand_gequote_decimaal", OK, data(realisatie=quoted)),
        Case("komma_bestand", OK, data(realisatie=eu)),
        Case("te_weinig_cellen", ERROR, replace("realisatie", "2019;Jeugdhulp;50;400000", "2019;Jeugdhulp;50")),
        Case("cp1252", OK, folder(tables_with(
            voorzieningen=base["voorzieningen"].replace("Jeugdhulp", "Cliëntondersteuning"),
            realisatie=base["realisatie"].replace("Jeugdhulp", "Cliëntondersteuning")), encoding="cp1252")),
        Case("utf16", ERROR, folder(tables_with(), encoding="utf-16")),
        Case("bom_crlf", OK, folder({k: "\ufeff" + v.replace("\n", "\r\n") for k, v in base.items()})),
        Case("tab_gescheiden", OK, folder({k: v.replace(";", "\t") for k, v in base.items()})),
        Case("willekeurige_bytes", ERROR, data(realisatie=bytes(range(256)) * 20)),
        Case("leeg_bestand", ERROR, data(realisatie="")),
        Case("alleen_kopregel", ERROR, data(realisatie="jaar;voorziening;clienten;kosten\n")),
        Case("tabel_ontbreekt", ERROR, data(bevolking=None)),
        Case("kolom_ontbreekt", ERROR, replace("realisatie", "jaar;voorziening;clienten;kosten",
                                               "jaar;voorziening;clienten;uitgaven")),
        Case("geen_indexatie", OK, data(indexatie=None)),
        Case("geen_begroting", OK, data(begroting=None)),
        Case("dubbele_rij", ERROR, data(realisatie=base["realisatie"] + "2024;Jeugdhulp;55;450000\n")),
        Case("jaar_als_datum_tekst", ERROR, replace("realisatie", "2019;Jeugdhulp", "1-1-2019;Jeugdhulp")),
        Case("jaar_iso_datum", ERROR, replace("realisatie", "2019;Jeugdhulp", "2019-01-01;Jeugdhulp")),
        Case("jaar_gebroken", ERROR, replace("realisatie", "2019;Jeugdhulp", "2019,5;Jeugdhulp")),
        Case("jaar_1e300", ERROR, replace("realisatie", "2019;Jeugdhulp", "1e300;Jeugdhulp")),
        Case("jaar_enorm", ERROR, replace("realisatie", "2019;Jeugdhulp", ("9" * 400) + ";Jeugdhulp")),
        Case("bevolking_nul", ERROR, replace("bevolking", "2021;75+;1060", "2021;75+;0")),
        Case("bevolking_nul_prognose", ERROR, replace("bevolking", "2027;75+;1240", "2027;75+;0")),
        Case("bevolking_prognose_ontbreekt", ERROR, data(bevolking="\n".join(
            line for line in base["bevolking"].split("\n") if not line.startswith("2029")))),
        Case("horizon_te_lang", ERROR, data(), args=["--horizon", "30"]),
        Case("veel_fouten", ERROR, data(realisatie=many_bad), expect_text="en nog"),
        Case("voorziening_totaal", ERROR, rename_voorziening("Totaal"), expect_text="Totaal"),
        Case("voorziening_totaal_spatie", ERROR, rename_voorziening(" TOTAAL ")),
        Case("voorziening_wmo", ERROR, rename_voorziening("Wmo")),
        Case("voorziening_10000_tekens", ERROR, rename_voorziening("x" * 10000)),
        Case("voorziening_nieuwe_regel", ERROR, rename_voorziening("Hulp\nhuishouden")),
        Case("voorziening_html", OK, rename_voorziening("<script>alert('x')</script><b>Hulp</b>")),
        Case("voorziening_emoji", OK, rename_voorziening("Hulp 🏠 thuis")),
        Case("voorziening_formule", OK, rename_voorziening('=HYPERLINK("http://x","klik")')),
        Case("clienten_0_0001", ERROR,
             replace("realisatie", "2019;Jeugdhulp;50;400000", "2019;Jeugdhulp;0,0001;400000"),
             expect_text="0,0001 cliënten"),
        Case("clienten_0_5_piek_waarschuwing", OK,
             replace("realisatie", "2019;Jeugdhulp;50;400000", "2019;Jeugdhulp;5;400000")),
        Case("indicator_streef_309_cijfers", ERROR, indicator("12", "1" + "0" * 308), expect_text="groot"),
        Case("indicator_start_min_20_cijfers", ERROR, indicator("-" + "9" * 20, "10"), expect_text="groot"),
        Case("indicator_gewoon", OK, indicator("12", "8")),
        Case("lege_map", ERROR, folder({}), expect_text="geen CSV-bestanden"),
        Case("xls_oud_excel", ERROR, raw_file("gemeente.xls", b"\xd0\xcf\x11\xe0 oud"), expect_text=".xls"),
        Case("xls_map", ERROR, folder({"realisatie": b"\xd0\xcf\x11\xe0 oud"}, suffix=".xls"), expect_text=".xls"),
        Case("gemeente_totaal", ERROR, gemeente_named("Totaal"), expect_text="gereserveerd"),
        Case("gemeente_regio", ERROR, gemeente_named(" Regio "), expect_text="gereserveerd"),
        Case("gemeente_nieuwe_regel", OK, gemeente_named("Beek\ndal")),  # read as "Beek dal": no line break left
        Case("gemeente_250_tekens", ERROR, gemeente_named("G" * 250), expect_text="250 tekens"),
        Case("gemeente_100_emoji", EITHER, gemeente_named("🏠" * 100)),
        Case("groot_csv_200000", ERROR, big_csv(200_000), expect_text="rijen"),
        Case("te_groot_bestand", ERROR, huge_bytes_csv(30), expect_text="MB"),
        Case("xlsx_basis", OK, workbook()),
        Case("xlsx_formules", EITHER, workbook(edit=_formulas)),
        Case("xlsx_samengevoegde_cellen", ERROR, workbook(edit=_merged)),
        Case("xlsx_samengevoegde_kop", ERROR, workbook(edit=_merged_header)),
        Case("xlsx_verborgen_blad", OK, workbook(edit=_hidden_sheet)),
        Case("xlsx_twee_bladen_zelfde_tabel", ERROR, workbook(edit=_duplicate_sheet), expect_text="allebei"),
        Case("xlsx_datums", ERROR, workbook(edit=_dates), expect_text="datum"),
        Case("xlsx_jaar_als_datum_opgemaakt", ERROR, workbook(edit=_date_formatted_years), expect_text="datum"),
        Case("xlsx_opmerkingenkolom", OK, workbook(edit=_notes_column)),
        Case("xlsx_leeg_extra_blad", OK, workbook(edit=_empty_sheet)),
        Case("xlsx_enorm_getal", ERROR, workbook(edit=_huge_value)),
        Case("xlsx_waar_onwaar", ERROR, workbook(edit=_bool_cell)),
        Case("xlsx_groot", ERROR, large_xlsx(25_000), expect_text="rijen"),
        Case("xlsx_zipbom", ERROR, zip_bomb(3_000_000)),
        Case("xlsx_geen_zip", ERROR, raw_file("gemeente.xlsx", b"jaar;voorziening\n2020;x\n")),
        Case("xlsx_zip_geen_werkmap", ERROR, raw_file("gemeente.xlsx", _plain_zip())),
    ]
    in_year_cases = [  # issue 23: awkward in-year figures
        Case("tussentijds_periode_1e1", ERROR, data(tussentijds=in_year([(2025, "1e1", 35000)])),
             expect_text="Deze periode bestaat niet"),
        Case("tussentijds_periode_10_0", ERROR, data(tussentijds=in_year([(2025, "10.0", 35000)])),
             expect_text="Deze periode bestaat niet"),
        Case("tussentijds_periode_13", ERROR, data(tussentijds=in_year([(2025, "13", 35000)])),
             expect_text="Deze periode bestaat niet"),
        Case("tussentijds_99_mld_per_maand", ERROR,
             data(tussentijds=in_year([(2025, str(m), 99_000_000_000) for m in range(1, 10)])),
             expect_text="in 2025 tellen tot en met deze rij op"),
        Case("tussentijds_jaarfactuur_januari", OK,
             data(tussentijds=in_year(USUAL_MONTHS + [(2025, "1", 29 * 35000), (2025, "2", 35000)])),
             expect_text="eenmalige boeking"),
        Case("tussentijds_alleen_december", OK, data(tussentijds=in_year([(2025, "12", 70000)])),
             expect_text="alleen cijfers van december"),
    ]
    ok_data = data()
    scenario_cases = [
        Case("sc_voorbeeld", OK, ok_data, one_measure()),
        Case("sc_geen_json", SCENARIO_ERROR, ok_data, raw_scenario("{naam: 'x',")),
        Case("sc_diep_genest", SCENARIO_ERROR, ok_data, raw_scenario("[" * 100_000 + "]" * 100_000)),
        Case("sc_diep_genest_object", SCENARIO_ERROR, ok_data,
             raw_scenario('{"naam": "x", "maatregelen": ' + "[" * 50_000 + "]" * 50_000 + "}")),
        Case("sc_enorm", SCENARIO_ERROR, ok_data, scenario_json(
            {"naam": "x", "maatregelen": [measure(naam=f"m{i}", toelichting="x" * 200) for i in range(20000)]})),
        Case("sc_startjaar_1e300", SCENARIO_ERROR, ok_data, raw_scenario(
            json.dumps({"naam": "x", "maatregelen": [measure()]}).replace('"startjaar": 2026', '"startjaar": 1e300'))),
        Case("sc_startjaar_enorm_int", SCENARIO_ERROR, ok_data, one_measure(startjaar=10 ** 400)),
        Case("sc_eindjaar_1e300", SCENARIO_ERROR, ok_data, raw_scenario(
            json.dumps({"naam": "x", "maatregelen": [measure(eindjaar=2027)]}).replace("2027", "1e300"))),
        Case("sc_nan", SCENARIO_ERROR, ok_data, raw_scenario(
            '{"naam": "x", "maatregelen": [{"naam": "m", "doel": "Wmo", "hefboom": "volume", "effect_pct": NaN,'
            ' "startjaar": 2026}]}')),
        Case("sc_infinity", SCENARIO_ERROR, ok_data, raw_scenario(
            '{"naam": "x", "maatregelen": [{"naam": "m", "doel": "Wmo", "hefboom": "bedrag", "bedrag": -Infinity,'
            ' "startjaar": 2026}]}')),
        Case("sc_actief_false_tekst", OK, ok_data, one_measure(actief="false")),
        Case("sc_actief_nee", OK, ok_data, one_measure(actief="nee")),
        Case("sc_actief_onzin", SCENARIO_ERROR, ok_data, one_measure(actief="misschien")),
        Case("sc_actief_getal", SCENARIO_ERROR, ok_data, one_measure(actief=2)),
        Case("sc_doel_totaal", SCENARIO_ERROR, ok_data, one_measure(doel="Totaal")),
        Case("sc_naam_10000", SCENARIO_ERROR, ok_data, one_measure(naam="x" * 10000)),
        Case("sc_scenarionaam_10000", SCENARIO_ERROR, ok_data,
             scenario_json({"naam": "s" * 10000, "maatregelen": [measure()]})),
        Case("sc_naam_nieuwe_regel", SCENARIO_ERROR, ok_data, one_measure(naam="regel1\nregel2")),
        Case("sc_naam_html", OK, ok_data, one_measure(naam="<script>alert(1)</script><img src=x onerror=y>")),
        Case("sc_naam_emoji", OK, ok_data, one_measure(naam="Besparing 💶🚀")),
        Case("sc_naam_formule", OK, ok_data, one_measure(naam="=1+1")),
        Case("sc_effect_min_100", SCENARIO_ERROR, ok_data, one_measure(effect_pct=-100)),
        Case("sc_effect_1e300", SCENARIO_ERROR, ok_data, one_measure(effect_pct=1e300)),
        Case("sc_bedrag_1e300", SCENARIO_ERROR, ok_data, one_measure(hefboom="bedrag", bedrag=1e300,
                                                                      effect_pct=...)),
        Case("sc_bedrag_besparing_groter_dan_kosten", EITHER, ok_data,
             one_measure(hefboom="bedrag", bedrag=-10_000_000, effect_pct=...)),
        Case("sc_kosten_1e20", SCENARIO_ERROR, ok_data, one_measure(kosten_per_jaar=1e20)),
        Case("sc_ingroei_1e9", EITHER, ok_data, one_measure(ingroei_jaren=10 ** 9)),
        Case("sc_startjaar_1800", EITHER, ok_data, one_measure(startjaar=1800)),
        Case("sc_startjaar_3000", EITHER, ok_data, one_measure(startjaar=3000)),
        Case("sc_getal_als_tekst", OK, ok_data, one_measure(effect_pct="-7,5")),
        Case("sc_taakstelling_onzin", SCENARIO_ERROR, ok_data,
             scenario_json({"naam": "x", "maatregelen": [], "taakstelling": {"abc": "veel"}})),
        Case("sc_taakstelling_1e300", SCENARIO_ERROR, ok_data,
             scenario_json({"naam": "x", "maatregelen": [], "taakstelling": {"2026": 1e300}})),
        Case("sc_maatregelen_geen_lijst", SCENARIO_ERROR, ok_data, scenario_json({"naam": "x", "maatregelen": 5})),
        Case("sc_maatregel_geen_object", SCENARIO_ERROR, ok_data, scenario_json({"naam": "x", "maatregelen": [1]})),
        Case("sc_lijst", SCENARIO_ERROR, ok_data, scenario_json([1, 2, 3])),
        Case("sc_utf16", SCENARIO_ERROR, ok_data,
             scenario_bytes(json.dumps({"naam": "x", "maatregelen": []}).encode("utf-16"))),
        Case("sc_binair", SCENARIO_ERROR, ok_data, scenario_bytes(bytes(range(256)))),
        Case("sc_leeg", SCENARIO_ERROR, ok_data, scenario_bytes(b"")),
        Case("sc_sleutel_geen_tekst", SCENARIO_ERROR, ok_data,
             scenario_json({"naam": ["x"], "maatregelen": [measure(naam={"a": 1}, doel=["Wmo"])]})),
    ]
    return data_cases + in_year_cases + scenario_cases


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "geen werkmap")
    return buffer.getvalue()


def materialise(case: Case, root: Path) -> tuple[Path, Path | None]:
    root.mkdir(parents=True, exist_ok=True)
    data_path = case.build(root)
    scenario_path = case.scenario(root) if case.scenario is not None else None
    return data_path, scenario_path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    for case in cases():
        print(case.name, *materialise(case, out / case.name))
