"""The input template (#24 point 7): one example row per table that reads back through the normal reader without a
cell error, and a sheet 'Toelichting' that explains every column of every table in Dutch."""

from __future__ import annotations

import io

import openpyxl

from forecasting.input.problems import Problems
from forecasting.input.reading import TABLE_NAMES, read_sources
from forecasting.input.validation import SPECS, build_dataset
from presentation.template import COLUMN_EXPLANATIONS, example_tables, explanation_frame, template_xlsx
from presentation.workbook import TEMPLATE_DIR


def test_every_table_has_its_columns_and_exactly_one_example_row():
    tables = example_tables()
    assert list(tables) == list(TABLE_NAMES)
    for name, frame in tables.items():
        assert len(frame) == 1, name
        assert set(frame.columns) <= {c.name for c in SPECS[name]}, name
    assert tables["realisatie"].iloc[0].tolist() == [2024, "Hulp bij het huishouden", 540, 1350000]
    assert tables["indexatie"]["percentage"].iloc[0] == 3.0  # '3,0' in the CSV: a number in the workbook


def test_the_excel_template_reads_back_through_the_normal_reader_without_a_cell_error():
    problems = Problems()
    tables = read_sources({"grip_sjabloon.xlsx": template_xlsx()}, problems)
    assert problems.ok and not problems.errors
    assert sorted(tables) == sorted(TABLE_NAMES)  # 'Toelichting' is skipped, every table is read
    build_dataset(tables, problems, horizon=1)
    # One example year of inhabitants cannot cover a forecast year: that is the only error, and no error names a
    # row or cell of an example row.
    assert [(e.bestand, e.rij) for e in problems.errors] == [("grip_sjabloon.xlsx, blad 'bevolking'", None)]
    assert "prognosejaren" in problems.errors[0].melding


def test_the_csv_templates_read_back_the_same_way():
    problems = Problems()
    files = {f"{name}.csv": (TEMPLATE_DIR / f"{name}.csv").read_bytes() for name in TABLE_NAMES}
    tables = read_sources(files, problems)
    assert problems.ok and sorted(tables) == sorted(TABLE_NAMES)
    build_dataset(tables, problems, horizon=1)
    assert [e.rij for e in problems.errors] == [None]


def test_the_explanation_sheet_covers_every_column_of_every_table_in_dutch():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames[0] == "Toelichting" and book.sheetnames[1:] == list(TABLE_NAMES)
    rows = list(book["Toelichting"].iter_rows(values_only=True))
    assert rows[0] == ("Blad", "Kolom", "Uitleg", "Voorbeeld")
    explained = {(blad, kolom) for blad, kolom, uitleg, _ in rows[1:] if kolom and uitleg}
    for name in TABLE_NAMES:
        header = [c.value for c in book[name][1]]
        assert {(name, column) for column in header} <= explained, name
        assert set(COLUMN_EXPLANATIONS[name]) >= set(header)
    frame = explanation_frame()
    assert frame.loc[(frame["Blad"] == "indexatie") & (frame["Kolom"] == "percentage"), "Voorbeeld"].item() == "3,0"
    assert not frame["Uitleg"].str.contains(r"\bthe\b|\bcolumn\b").any()  # Dutch, not English
