"""Write a dataset's tables as one Excel workbook (a sheet per table), as users upload them."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from forecasting.dataset import Dataset
from forecasting.reading import TABLE_NAMES

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"


def tables_of(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {name: getattr(dataset, name) for name in TABLE_NAMES}


def to_xlsx(tables: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column_cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in column_cells)
                sheet.column_dimensions[column_cells[0].column_letter].width = min(50, max(10, width + 2))
    return buffer.getvalue()


def template_tables() -> dict[str, pd.DataFrame]:
    """The empty input templates from data/templates (header only)."""
    return {name: pd.read_csv(TEMPLATE_DIR / f"{name}.csv", sep=";") for name in TABLE_NAMES}
