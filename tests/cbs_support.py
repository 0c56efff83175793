"""Recorded CBS responses (tests/fixtures/cbs, made from ../shared/realdata/nationaal by make_fixtures.py) and a
stand-in for the client's fetch: the same rows the CBS server returns for a region filter. No network."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "cbs"


def recorded(table: str) -> list[dict]:
    path = FIXTURES / f"{table}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def fake_fetch(table: str, codes: list[str]) -> list[dict]:
    """What `cbsodata.get_data(table, filters=substringof(code, RegioS) or ...)` returned for these codes."""
    return [row for row in recorded(table) if any(code in row["RegioS"] for code in codes)]


def iv3_bytes() -> bytes:
    return (FIXTURES / "iv3.csv").read_bytes()


def export_csv(table: str) -> bytes:
    """The recorded rows as a StatLine CSV export: ';', quoted keys, '.' for a suppressed cell."""
    rows = recorded(table)
    keys = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(keys)
    for row in rows:
        writer.writerow(["." if row.get(k) is None else row.get(k) for k in keys])
    return out.getvalue().encode("utf-8")


def write_exports(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(FIXTURES.glob("*.json")):
        (folder / f"{path.stem}_UntypedDataSet.csv").write_bytes(export_csv(path.stem))
    return folder


def refuse_download(table: str, codes) -> list[dict]:
    """In place of the client's fetch in every CBS test: a real download fails the test."""
    raise AssertionError(f"a test tried to download CBS table {table}")
