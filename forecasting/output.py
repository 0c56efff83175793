"""Write long output tables as CSV (plain or Dutch) or as one workbook with a sheet per table.

The first table is the main file; with CSV the others go next to it as FILE.<name>.csv.
Text that came from users and starts like a formula is written as plain text (OWASP CSV
injection guidance).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROUNDING = {
    column: 2 for column in ("bedrag", "ondergrens", "bovengrens", "clienten", "effect", "uitvoeringskosten",
                             "basisprognose", "scenario", "begroting", "verschil", "taakstelling",
                             "opbrengst_maatregelen", "resterend")
} | {"kans_overschrijding": 4}


def neutralise(value):
    """Prefix a text that a spreadsheet would read as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
        if column in ROUNDING and pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].round(ROUNDING[column])
    return out


def write_table_set(out: Path, tables: dict[str, pd.DataFrame], dutch_csv: bool = False) -> list[Path]:
    """Write tables; returns the paths written. The first table is the main one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    names = list(tables)
    if out.suffix.lower() == ".xlsx":
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            for name in names:
                safe_frame(tables[name]).to_excel(writer, sheet_name=name, index=False)
                writer.sheets[name].freeze_panes = "A2"
        return [out]
    written = []
    for position, name in enumerate(names):
        path = out if position == 0 else out.with_name(f"{out.stem}.{name}{out.suffix}")
        frame = safe_frame(tables[name])
        if dutch_csv:
            frame.to_csv(path, index=False, sep=";", decimal=",", encoding="utf-8-sig")
        else:
            frame.to_csv(path, index=False)
        written.append(path)
    return written


def table_set_bytes(tables: dict[str, pd.DataFrame], suffix: str, dutch_csv: bool = False) -> bytes:
    """One workbook (.xlsx) with all tables, or the first table as CSV, as bytes for a download."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"uitvoer{suffix}"
        chosen = tables if suffix == ".xlsx" else dict(list(tables.items())[:1])
        write_table_set(path, chosen, dutch_csv=dutch_csv)
        return path.read_bytes()
