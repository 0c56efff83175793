"""Parse numbers as people type them in Dutch and English spreadsheets.

`1.234.567,89`, `1234567,89`, `1,234,567.89`, `1234567.89`, `€ 1.234`, `3,5%` all work.
A value such as `1.234` fits both conventions; the column's other values decide, and
failing that the file's convention (a `;`-separated file uses the decimal comma).
"""

from __future__ import annotations

import math
import re

_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_POINT_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_STRIP = str.maketrans("", "", " \u00a0\u202f€%'")


def _clean(text: str) -> str:
    text = text.strip().translate(_STRIP)
    if text.startswith("(") and text.endswith(")"):  # accounting notation for negatives
        text = "-" + text[1:-1]
    return text.replace("\u2212", "-")


def conventions(text: str) -> set[str]:
    """Which decimal separators (',' or '.') the text is a valid number under."""
    cleaned = _clean(text)
    found = set()
    if _COMMA_DECIMAL.match(cleaned):
        found.add(",")
    if _POINT_DECIMAL.match(cleaned):
        found.add(".")
    return found


def parse_with(text: str, decimal: str) -> float:
    cleaned = _clean(text)
    if decimal == ",":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    return float(cleaned)


def parse_column(values: list[object], prefer_comma: bool) -> list[float | None | str]:
    """Parse a column's cells; returns a float, None (empty) or the original text when invalid."""
    decisive = {",": 0, ".": 0}
    for value in values:
        if isinstance(value, str) and value.strip():
            found = conventions(value)
            if len(found) == 1:
                decisive[found.pop()] += 1
    if decisive[","] != decisive["."]:
        preferred = "," if decisive[","] > decisive["."] else "."
    else:
        preferred = "," if prefer_comma else "."
    parsed: list[float | None | str] = []
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            parsed.append(None)
        elif isinstance(value, bool):
            parsed.append(str(value))
        elif isinstance(value, (int, float)):
            parsed.append(None if isinstance(value, float) and math.isnan(value) else float(value))
        else:
            text = str(value)
            found = conventions(text)
            if not found:
                parsed.append(text)
            else:
                parsed.append(parse_with(text, preferred if preferred in found else found.pop()))
    return parsed
