"""Read the raw tables of a dataset: a folder of CSV files or one Excel workbook.

Everything is read as text (Excel numbers stay numbers) together with the row number
as Excel or a spreadsheet shows it (header is row 1), so that validation can point
the user at the exact cell. Nothing here knows what the columns mean.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from forecasting.input.problems import Problems

TABLE_NAMES = ("voorzieningen", "realisatie", "bevolking", "indexatie", "begroting", "tussentijds", "indicatoren",
               "indicatorwaarden")

# Size limits: a real gemeente's tables hold a few thousand rows at most. Larger inputs get a clear
# Dutch message in bounded time and memory instead of minutes of parsing (documented in data/README.md;
# the app's upload limit in .streamlit/config.toml is MAX_FILE_MB).
MAX_FILE_MB = 20  # one CSV file or workbook
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 20_000  # data rows per table
MAX_COLUMNS = 50  # columns read per sheet; cells further right are ignored
MAX_UNPACKED_MB = 200  # a workbook's unpacked size (an xlsx is a zip: a "zip bomb" unpacks to gigabytes)
MAX_EMPTY_RUN = 10_000  # this many empty rows in a row end a sheet (Excel formats whole columns)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _too_big(name: str, size: int, problems: Problems) -> bool:
    if size <= MAX_FILE_BYTES:
        return False
    problems.error(
        name, None, None, None,
        f"Het bestand is {_mb(size)} MB; Grip leest bestanden tot {MAX_FILE_MB} MB. Lever alleen de tabellen "
        "van de gemeente aan (enkele duizenden rijen), zonder andere gegevens.",
    )
    return True


def _too_many_rows(source: str, problems: Problems) -> None:
    limit = f"{MAX_ROWS:,}".replace(",", ".")
    problems.error(
        source, None, None, None,
        f"De tabel heeft meer dan {limit} rijen; Grip leest hooguit {limit} rijen per tabel. Lever per jaar en "
        "voorziening (of leeftijdsgroep) één rij aan, geen gegevens per cliënt.",
    )


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


def _extra_cells(source, header, rows, numbers, problems: Problems, is_csv: bool) -> None:
    """Cells to the right of the last column with a name. In a CSV file they mean the row has shifted
    (an unquoted `404,5` in a `,`-separated file is two cells): an error naming the row, never a silently
    wrong number. In a workbook they are notes beside the table: one warning, then ignored."""
    width = len(header)
    while width > 0 and _is_empty(header[width - 1]):
        width -= 1
    for row, number in zip(rows, numbers):
        extra = [v for v in row[width:] if not _is_empty(v)]
        if not extra:
            continue
        if not is_csv:
            problems.warning(
                source, number, None, extra[0],
                "Deze rij heeft cellen rechts van de laatste kolom met een naam; die worden genegeerd.",
            )
            return
        used = max(i for i, v in enumerate(row) if not _is_empty(v)) + 1
        problems.error(
            source, number, None, " | ".join("" if v is None else str(v) for v in row[:used]),
            f"Deze rij heeft {used} cellen, de kopregel maar {width} kolommen. Waarschijnlijk staat er een komma "
            "in een getal of naam terwijl de komma ook het scheidingsteken is (zoals 404,5). Zet zulke waarden "
            "tussen aanhalingstekens, of sla het bestand op als 'CSV (puntkomma-gescheiden)'.",
        )


def _column_name(header: str) -> str:
    """A header as Grip matches it: trimmed, lower case, accents off ('Cliënten' is 'clienten')."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", header.strip().lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def _raw_table(source, header, rows, numbers, decimal_comma) -> RawTable:
    header, rows, numbers = _trim(header, rows, numbers)
    return RawTable(
        source=source,
        columns=[_column_name(h) for h in header],
        rows=rows,
        row_numbers=numbers,
        decimal_comma=decimal_comma,
        original_columns=[h.strip() for h in header],
    )


def read_csv_bytes(name: str, data: bytes, problems: Problems) -> RawTable | None:
    """Parse one CSV file; report an empty, binary, too large or shifted file as a problem."""
    if _too_big(name, len(data), problems):
        return None
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
    csv.field_size_limit(MAX_FILE_BYTES)
    records = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            records.append(record)
            if len(records) > MAX_ROWS + 1:
                _too_many_rows(name, problems)
                return None
    except csv.Error as error:
        problems.error(name, len(records) + 1, None, None,
                       f"Het bestand is geen geldige CSV ({error}). Sla het opnieuw op vanuit Excel.")
        return None
    if not records:
        problems.error(name, None, None, None, "Het bestand is leeg. Vul het volgens het sjabloon in data/templates.")
        return None
    header, body = records[0], records[1:]
    numbers = list(range(2, len(body) + 2))
    _extra_cells(name, header, body, numbers, problems, is_csv=True)
    return _raw_table(name, header, body, numbers, decimal_comma=(delimiter == ";"))


def _unpacked_size(data: bytes) -> int | None:
    """The total unpacked size of a zip (an xlsx), or None when it is not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _sheet_rows(sheet, source: str, problems: Problems) -> list[list[object]] | None:
    """The sheet's rows (header first) up to MAX_ROWS data rows; None (with an error) when there are more.

    Reading stops at MAX_EMPTY_RUN empty rows in a row: formatted but empty rows down to row 1,048,576
    are common and mean nothing.
    """
    rows: list[list[object]] = []
    empty_run = 0
    for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        row = list(values)
        if all(_is_empty(v) for v in row):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
        else:
            empty_run = 0
        rows.append(row)
        if len(rows) > MAX_ROWS + 1 + empty_run:
            _too_many_rows(source, problems)
            return None
    while rows and all(_is_empty(v) for v in rows[-1]):
        rows.pop()
    return rows


def read_xlsx_bytes(name: str, data: bytes, problems: Problems) -> dict[str, RawTable]:
    """Read the visible sheets of a workbook; sheet names are matched without regard to case or spaces.

    Hidden sheets are ignored (a hidden 'Realisatie ' never replaces the visible 'realisatie'); two
    visible sheets that map to the same table are an error rather than one silently winning.
    """
    import openpyxl

    if _too_big(name, len(data), problems):
        return {}
    unpacked = _unpacked_size(data)
    if unpacked is not None and unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        problems.error(
            name, None, None, None,
            f"De werkmap is uitgepakt {_mb(unpacked)} MB groot; Grip leest werkmappen tot {MAX_UNPACKED_MB} MB "
            "uitgepakt. Lever alleen de vijf tabellen aan (enkele duizenden rijen).",
        )
        return {}
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or non-xlsx file
        problems.error(
            name, None, None, None,
            "Het bestand kan niet als Excel-werkmap (.xlsx) worden gelezen. Sla het opnieuw op als .xlsx.",
        )
        return {}
    tables: dict[str, RawTable] = {}
    titles: dict[str, str] = {}
    try:
        for sheet in workbook.worksheets:
            key = sheet.title.strip().lower()
            if getattr(sheet, "sheet_state", "visible") != "visible":
                if key in TABLE_NAMES:
                    problems.warning(
                        name, None, None, sheet.title,
                        f"Het blad '{sheet.title}' is verborgen en wordt overgeslagen. Maak het zichtbaar als "
                        "Grip het moet lezen.",
                    )
                continue
            if key in titles and key in TABLE_NAMES:
                problems.error(
                    name, None, None, sheet.title,
                    f"De bladen '{titles[key]}' en '{sheet.title}' horen allebei bij de tabel '{key}'. Houd er één "
                    "over (let op spaties en hoofdletters in de bladnaam).",
                )
                continue
            titles[key] = sheet.title
            if key not in TABLE_NAMES:
                continue
            source = f"{name}, blad '{sheet.title}'"
            rows = _sheet_rows(sheet, source, problems)
            if not rows:
                continue
            header, body = rows[0], rows[1:]
            numbers = list(range(2, len(body) + 2))
            _extra_cells(source, list(header), body, numbers, problems, is_csv=False)
            tables[key] = _raw_table(source, list(header), body, numbers, decimal_comma=True)
    except Exception:  # a damaged sheet inside a readable workbook
        problems.error(
            name, None, None, None,
            "Een werkblad in deze werkmap is beschadigd en kan niet worden gelezen. Sla het bestand opnieuw op "
            "als .xlsx.",
        )
        return {}
    finally:
        workbook.close()
    return tables


OLD_EXCEL = ("Dit is het oude Excel-formaat (.xls), dat Grip niet leest. Sla de werkmap in Excel op als "
             ".xlsx-werkmap (Bestand > Opslaan als) of als CSV.")


def read_sources(files: dict[str, bytes], problems: Problems) -> dict[str, RawTable]:
    """Read uploaded or on-disk files (name -> bytes) into raw tables keyed by table name.

    Accepts one .xlsx workbook or CSV files named after the tables (any case).
    Files that match no table name are reported as a warning and ignored.
    """
    tables: dict[str, RawTable] = {}

    def keep(key: str, table: RawTable) -> None:
        if key in tables:  # two files (or a file and a sheet) for one table: never let one silently win
            problems.error(
                table.source, None, None, None,
                f"De tabel '{key}' staat twee keer in de aangeleverde bestanden ({tables[key].source} en "
                f"{table.source}). Houd er één over.",
            )
            return
        tables[key] = table

    for name, data in sorted(files.items()):
        lower = name.lower()
        if lower.endswith(".xls"):
            problems.error(name, None, None, None, OLD_EXCEL)
            continue
        if lower.endswith(".xlsx") or lower.endswith(".xlsm"):
            for key, table in read_xlsx_bytes(name, data, problems).items():
                if key in TABLE_NAMES:
                    keep(key, table)
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
            keep(stem, table)
    return tables


def _read_limited(path: Path, problems: Problems) -> bytes | None:
    """The file's bytes, or None (with a Dutch error) when it is larger than MAX_FILE_MB."""
    try:
        if _too_big(path.name, path.stat().st_size, problems):
            return None
        return path.read_bytes()
    except OSError as error:
        problems.error(path.name, None, None, None, f"Het bestand kan niet worden gelezen: {error.strerror}.")
        return None


def read_path(path: str | Path, problems: Problems) -> dict[str, RawTable]:
    """Read a dataset from a folder of CSV files or from one workbook file."""
    path = Path(path)
    if path.is_dir():
        candidates = [p for p in sorted(path.iterdir())
                      if p.is_file() and p.suffix.lower() in (".csv", ".txt", ".xlsx", ".xlsm")]
        if not candidates:
            old = sorted(p.name for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xls")
            problems.error(str(path), None, None, None, "In deze map staan geen CSV-bestanden of Excel-werkmap."
                           + (f" ({', '.join(old[:3])}: {OLD_EXCEL})" if old else ""))
        files = {p.name: data for p in candidates if (data := _read_limited(p, problems)) is not None}
        return read_sources(files, problems)
    if path.is_file():
        data = _read_limited(path, problems)
        return read_sources({path.name: data}, problems) if data is not None else {}
    problems.error(str(path), None, None, None, "Deze map of dit bestand bestaat niet.")
    return {}


# --- several gemeenten in one input: an optional `gemeente` column ----------------------------------------

GEMEENTE_COLUMN = "gemeente"
MAX_GEMEENTE_NAME = 120  # characters; a gemeente's name also becomes a file name in the batch's output


RESERVED_GEMEENTEN = ("totaal", "total", "regio")  # Grip's totals, and `--gemeente regio` (the whole region)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def gemeente_name_problem(name: object) -> str | None:
    """A Dutch message when a name cannot be a gemeente's (reserved, too long, line breaks), else None."""
    text = str(name)
    if _CONTROL.search(text):
        return "Deze gemeentenaam bevat een regelovergang of ander stuurteken. Zet de naam op één regel."
    text = text.strip()
    if text.casefold() in RESERVED_GEMEENTEN:
        return (f"De gemeentenaam '{text}' is gereserveerd: Grip gebruikt 'Totaal' voor totalen en 'regio' voor "
                "alle gemeenten samen. Kies een andere naam.")
    if len(text) > MAX_GEMEENTE_NAME:
        return f"Deze gemeentenaam is {len(text)} tekens lang; houd hem op {MAX_GEMEENTE_NAME} tekens of minder."
    if text in ("", ".", ".."):
        return "Deze gemeentenaam is leeg of alleen een punt. Geef de gemeente een naam."
    return None


def shown_name(name: object, limit: int = 200) -> str:
    """A name as it may appear in a message: stuurtekens visible (never a new line), at most `limit` characters."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                        str(name))
    return text if len(text) <= limit else text[:limit] + "…"


def gemeente_key(name: object) -> str:
    """How two spellings of one gemeente are matched: without case and surrounding or double spaces."""
    return " ".join(str(name).split()).casefold()


def has_gemeente_column(tables: dict[str, RawTable]) -> bool:
    return any(GEMEENTE_COLUMN in table.columns for table in tables.values())


def gemeente_names(tables: dict[str, RawTable]) -> list[str]:
    """The gemeenten named in the tables' `gemeente` columns, as first spelled, in order of appearance."""
    names: dict[str, str] = {}
    for table in tables.values():
        if GEMEENTE_COLUMN not in table.columns:
            continue
        position = table.columns.index(GEMEENTE_COLUMN)
        for row in table.rows:
            value = row[position]
            if not _is_empty(value):
                text = " ".join(str(int(value) if isinstance(value, float) and value.is_integer() else value).split())
                names.setdefault(gemeente_key(text), text)
    return list(names.values())


def split_by_gemeente(tables: dict[str, RawTable], problems: Problems) -> dict[str, dict[str, RawTable]] | None:
    """One set of raw tables per gemeente, or None when no table has a `gemeente` column (one gemeente).

    A table with the column is split by its value (rows keep their spreadsheet row numbers, so messages
    point at the row in the combined file); a table without it holds for every gemeente (for example one
    `indexatie` for the whole region). A row without a gemeente, or a name that cannot be a gemeente's,
    is an error of the input as a whole: it belongs to no gemeente, and leaving it out would understate.
    A gemeente without rows in a table that others have gets an empty table, which its own validation
    reports (naming the gemeente).
    """
    if not has_gemeente_column(tables):
        return None
    names = gemeente_names(tables)
    for name in names:
        message = gemeente_name_problem(name)
        if message is not None:
            problems.error(GEMEENTE_COLUMN, None, GEMEENTE_COLUMN, shown_name(name), message)
    keys = {gemeente_key(name): name for name in names}
    out: dict[str, dict[str, RawTable]] = {name: {} for name in names}
    for key, table in tables.items():
        if GEMEENTE_COLUMN not in table.columns:
            for name in names:
                out[name][key] = table
            continue
        position = table.columns.index(GEMEENTE_COLUMN)
        rows: dict[str, tuple[list, list]] = {name: ([], []) for name in names}
        for row, number in zip(table.rows, table.row_numbers):
            value = row[position]
            if _is_empty(value):
                problems.error(table.source, number, GEMEENTE_COLUMN, "",
                               "De cel 'gemeente' is leeg. Vul de gemeente in waar deze rij bij hoort (of laat de "
                               "kolom in de hele tabel weg als de tabel voor alle gemeenten geldt).")
                continue
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
            name = keys[gemeente_key(text)]
            rows[name][0].append(row)
            rows[name][1].append(number)
        for name, (kept, numbers) in rows.items():
            if not kept and key not in ("voorzieningen", "realisatie", "bevolking"):
                continue  # an optional table without rows for this gemeente: as if it were not supplied
            out[name][key] = RawTable(table.source, table.columns, kept, numbers, table.decimal_comma,
                                      table.original_columns)
    return out
