"""Write a dataset's tables as one Excel workbook (a sheet per table), as users upload them."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from forecasting.input.dataset import Dataset
from forecasting.input.reading import TABLE_NAMES
from presentation.output import with_gemeente_column

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"


def tables_of(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {name: getattr(dataset, name) for name in TABLE_NAMES}


def to_xlsx(tables: dict[str, pd.DataFrame]) -> bytes:
    """Input tables as a workbook (one sheet each); text is stored as text, never as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # '=HYPERLINK(...)' from a user stays text
            for column_cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in column_cells)
                sheet.column_dimensions[column_cells[0].column_letter].width = min(50, max(10, width + 2))
    return buffer.getvalue()


def template_tables() -> dict[str, pd.DataFrame]:
    """The input templates from data/templates as written there (header and one example row, as text)."""
    return {name: pd.read_csv(TEMPLATE_DIR / f"{name}.csv", sep=";") for name in TABLE_NAMES}


# --- the controller's workbook: values with Dutch number formats, frozen headers, safe text ----------------

NUMBER_FORMATS = {
    "euro": '"€" #,##0',
    "euro_cent": '"€" #,##0.00',
    "pct": "0.0%",
    "chance": '[>0.99]"> 99%";[<0.01]"< 1%";0%',  # a simulated chance as the screen shows it (chance_pct)
    "pct_points": '0.0"%"',  # a percentage stored as 3.5 meaning 3.5%
    "count": "#,##0",
    "decimal": "#,##0.00",
    "rate": "0.0000",
    "year": "0",
}


@dataclass
class Block:
    """One table on a sheet: an optional title, a frame, number formats per column, an optional total row."""

    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    total_of: list[str] = field(default_factory=list)  # columns summed in a 'Totaal' row


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def write_workbook(sheets: dict[str, list[Block]]) -> bytes:
    """An .xlsx with values (no formulas). Text is always stored as text, so a name that starts with '='
    can never run as a formula (OWASP CSV/formula injection)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet_name, blocks in sheets.items():
        sheet = book.create_sheet(sheet_name)
        row = 1
        widths: dict[int, int] = {}
        for position, block in enumerate(blocks):
            block = replace(block, frame=with_gemeente_column(block.frame))
            if block.title:
                sheet.cell(row=row, column=1, value=block.title).font = Font(bold=True, size=12)
                row += 1
            header_row = row
            for col, name in enumerate(block.frame.columns, start=1):
                cell = sheet.cell(row=row, column=col, value=str(name))
                cell.font = bold
                widths[col] = max(widths.get(col, 8), len(str(name)) + 2)
            row += 1
            records = block.frame.itertuples(index=False, name=None)
            total = {c: 0.0 for c in block.total_of}
            for record in records:
                for col, (name, value) in enumerate(zip(block.frame.columns, record), start=1):
                    _write(sheet, row, col, _cell_value(value), NUMBER_FORMATS.get(block.formats.get(name, "")))
                    if name in total and isinstance(_cell_value(value), (int, float)):
                        total[name] += float(value)
                    widths[col] = min(60, max(widths.get(col, 8), len(_shown(value)) + 2))
                row += 1
            if block.total_of:
                sheet.cell(row=row, column=1, value="Totaal").font = bold
                for col, name in enumerate(block.frame.columns, start=1):
                    if name in total:
                        cell = sheet.cell(row=row, column=col, value=round(total[name], 2))
                        cell.font = bold
                        cell.number_format = NUMBER_FORMATS.get(block.formats.get(name, ""), "General")
                row += 1
            if position == 0 and len(blocks) == 1:
                sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
            row += 1
        for col, width in widths.items():
            sheet.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(sheet, row: int, col: int, value, number_format: str | None) -> None:
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return
    if number_format and isinstance(value, float) and "€" in number_format:
        value = round(value, 2)  # to the cent, as in the CSV output
    cell.value = value
    if number_format and isinstance(value, (int, float)):
        cell.number_format = number_format


def _shown(value) -> str:
    value = _cell_value(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)
