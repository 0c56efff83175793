"""Write long output tables as CSV (plain or Dutch); the workbook is presentation/export.py's.

The first table is the main file; the others go next to it as FILE.<name>.csv.
Text that came from users and starts like a formula is written as plain text (OWASP CSV
injection guidance). For a region (forecasting/region/region_total.py) the row label `gemeente · voorziening` is split
into a `gemeente` column before the `voorziening` column, so a spreadsheet can filter per gemeente; rows of the
region as a whole (its totals) have an empty `gemeente`; a gemeente's own totals (presentation/tables.py
`gemeente_total_rows`) have its name and the voorziening `Totaal`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecasting.region.region_total import split_label

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROUNDING = {
    column: 2 for column in ("bedrag", "ondergrens", "bovengrens", "clienten", "effect", "uitvoeringskosten",
                             "basisprognose", "scenario", "begroting", "verschil", "taakstelling",
                             "opbrengst_maatregelen", "resterend", "midden", "laag", "hoog")
} | {"kans_overschrijding": 4}


def neutralise(value):
    """Prefix a text that a spreadsheet would read as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def with_gemeente_column(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `gemeente` split off a region's `voorziening` labels (unchanged for a single gemeente)."""
    column = next((c for c in frame.columns if str(c).lower() == "voorziening"), None)
    if column is None or "gemeente" in {str(c).lower() for c in frame.columns}:
        return frame
    parts = frame[column].map(lambda text: split_label(text) if isinstance(text, str) else (None, text))
    if not any(gemeente for gemeente, _ in parts):
        return frame
    out = frame.copy()
    out[column] = [name for _, name in parts]
    name = "Gemeente" if str(column)[0].isupper() else "gemeente"
    out.insert(out.columns.get_loc(column), name, [gemeente or "" for gemeente, _ in parts])
    return out


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = with_gemeente_column(frame).copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
        if column in ROUNDING and pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].round(ROUNDING[column])
    return out


def csv_bytes(frame: pd.DataFrame, dutch_csv: bool = False) -> bytes:
    """One table as CSV: plain (`,` and decimal point) or Dutch (`;`, decimal comma, BOM for Excel)."""
    safe = safe_frame(frame)
    if dutch_csv:
        return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return safe.to_csv(index=False).encode("utf-8")


def write_table_set(out: Path, tables: dict[str, pd.DataFrame], dutch_csv: bool = False) -> list[Path]:
    """Write tables as CSV files; the first is `out`, the others FILE.<name>.csv beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for position, (name, frame) in enumerate(tables.items()):
        path = out if position == 0 else out.with_name(f"{out.stem}.{name}{out.suffix}")
        path.write_bytes(csv_bytes(frame, dutch_csv))
        written.append(path)
    return written
