"""Dutch amounts and lists for messages written below presentation/ (input validation): one definition, used by
presentation/formatting.py too.

number(1234567.891) -> '1.234.568'; euro(1234567) -> '€ 1.234.567'; negatives as '-€ 1.234';
listing(['a', 'b', 'c']) -> 'a, b en c'.
"""

from __future__ import annotations

import math


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 0) -> str:
    """1234567.891 -> '1.234.568' (or with decimals: '1.234.567,89')."""
    if is_missing(value):
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def euro(value, decimals: int = 0) -> str:
    """'€ 1.234.567'; negatives as '-€ 1.234'."""
    if is_missing(value):
        return ""
    rounded = round(value, decimals)
    sign = "-" if rounded < 0 else ""
    return f"{sign}€ {number(abs(rounded), decimals)}"


def listing(items: list[str]) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b en c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
