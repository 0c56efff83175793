"""Read the raw tables of a dataset: a folder of CSV files or one Excel workbook.

Everything is read as text (Excel numbers stay numbers) together with the row number
as Excel or a spreadsheet shows it (header is row 1), so that validation can point
the user at the exact cell. Nothing here knows what the columns mean.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from forecasting.problems import Problems

TABLE_NAMES = ("voorzieningen", "realisatie", "bevolking", "indexatie", "begroting")


@dataclass
class RawTable:
    """One table as found in a file or sheet: lower-cased headers, rows of cell values."""

    source: str  # file or sheet name as shown to the user
    columns: list[str]
    rows: list[list[object]]  # cell values: str, int, float or None
    row_numbers: list[int]  # spreadsheet row number of each row
    decimal_comma: bool = False  # the file's convention when a number is ambiguous
    original_columns: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> str | None:
    """Decode bytes as UTF-8 (with or without BOM) or Windows-1252; None when not text."""
    if b"\x00" in data[:4096]:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if control > max(3, len(text) // 100):
        return None
    return text


def detect_delimiter(header_line: str) -> str:
    """Pick the separator used in the header line: ';', ',' or tab."""
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _trim(columns: list[object], rows: list[list[object]], row_numbers: list[int]):
    """Drop empty rows and trailing empty columns (as Excel leaves them)."""
    width = len(columns)
    while width > 0 and _is_empty(columns[width - 1]) and all(
        len(r) < width or _is_empty(r[width - 1]) for r in rows
    ):
        width -= 1
    kept_rows, kept_numbers = [], []
    for row, number in zip(rows, row_numbers):
        row = list(row[:width]) + [None] * (width - len(row))
        if all(_is_empty(v) for v in row):
            continue
        kept_rows.append([v.strip() if isinstance(v, str) else v for v in row])
        kept_numbers.append(number)
    header = ["" if c is None else str(c) for c in columns[:width]]
    return header, kept_rows, kept_numbers


def _raw_table(source, header, rows, numbers, decimal_comma) -> RawTable:
    header, rows, numbers = _trim(header, rows, numbers)
    return RawTable(
        source=source,
        columns=[h.strip().lower() for h in header],
        rows=rows,
        row_numbers=numbers,
        decimal_comma=decimal_comma,
        original_columns=[h.strip() for h in header],
    )


def read_csv_bytes(name: str, data: bytes, problems: Problems) -> RawTable | None:
    """Parse one CSV file; report an empty or binary file as a problem."""
    if not data.strip():
        problems.error(name, None, None, None, "Het bestand is leeg. Vul het volgens het sjabloon in data/templates.")
        return None
    text = decode_text(data)
    if text is None:
        problems.error(
            name, None, None, None,
            "Het bestand is geen tekstbestand (CSV). Sla het in Excel op als 'CSV (puntkomma-gescheiden)' "
            "of lever een .xlsx-werkmap aan.",
        )
        return None
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = detect_delimiter(header_line)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        problems.error(name, None, None, None, "Het bestand is leeg. Vul het volgens het sjabloon in data/templates.")
        return None
    header, body = records[0], records[1:]
    numbers = list(range(2, len(body) + 2))
    return _raw_table(name, header, body, numbers, decimal_comma=(delimiter == ";"))


def read_xlsx_bytes(name: str, data: bytes, problems: Problems) -> dict[str, RawTable]:
    """Read every sheet of a workbook; sheet names are matched without regard to case."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or non-xlsx file
        problems.error(
            name, None, None, None,
            "Het bestand kan niet als Excel-werkmap (.xlsx) worden gelezen. Sla het opnieuw op als .xlsx.",
        )
        return {}
    tables: dict[str, RawTable] = {}
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if not rows:
            continue
        key = sheet.title.strip().lower()
        source = f"{name}, blad '{sheet.title}'"
        header = rows[0]
        body = rows[1:]
        numbers = list(range(2, len(body) + 2))
        tables[key] = _raw_table(source, list(header), body, numbers, decimal_comma=True)
    workbook.close()
    return tables


def read_sources(files: dict[str, bytes], problems: Problems) -> dict[str, RawTable]:
    """Read uploaded or on-disk files (name -> bytes) into raw tables keyed by table name.

    Accepts one .xlsx workbook or CSV files named after the tables (any case).
    Files that match no table name are reported as a warning and ignored.
    """
    tables: dict[str, RawTable] = {}
    for name, data in sorted(files.items()):
        lower = name.lower()
        if lower.endswith(".xlsx") or lower.endswith(".xlsm"):
            for key, table in read_xlsx_bytes(name, data, problems).items():
                if key in TABLE_NAMES:
                    tables[key] = table
            continue
        stem = Path(lower).stem.strip()
        if stem not in TABLE_NAMES:
            problems.warning(
                name, None, None, None,
                f"Dit bestand hoort bij geen van de tabellen ({', '.join(TABLE_NAMES)}) en wordt overgeslagen.",
            )
            continue
        table = read_csv_bytes(name, data, problems)
        if table is not None:
            tables[stem] = table
    return tables


def read_path(path: str | Path, problems: Problems) -> dict[str, RawTable]:
    """Read a dataset from a folder of CSV files or from one workbook file."""
    path = Path(path)
    if path.is_dir():
        files = {
            p.name: p.read_bytes()
            for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() in (".csv", ".txt", ".xlsx", ".xlsm")
        }
        if not files:
            problems.error(str(path), None, None, None, "In deze map staan geen CSV-bestanden of Excel-werkmap.")
        return read_sources(files, problems)
    if path.is_file():
        return read_sources({path.name: path.read_bytes()}, problems)
    problems.error(str(path), None, None, None, "Deze map of dit bestand bestaat niet.")
    return {}
