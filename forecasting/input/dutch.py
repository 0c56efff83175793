"""Dutch amounts and lists for messages written below presentation/ (input validation): one definition, used by
presentation/formatting.py too.

number(1234567.891) -> '1.234.568'; euro(1234567) -> '€ 1.234.567'; negatives as '-€ 1.234';
listing(['a', 'b', 'c']) -> 'a, b en c'; dutch_time(moment) -> the moment on the clock in the Netherlands (moments
are stored in UTC; a server's own clock may be UTC too), so '05-12-2026 15:36' is what a user's watch said.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    DUTCH_ZONE = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # a system without a time zone database: stay in UTC rather than fail
    DUTCH_ZONE = UTC


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


def dutch_time(moment: datetime | None = None) -> datetime:
    """`moment` (now when None) in Dutch time; a naive moment is taken as the server's local time."""
    return (moment or datetime.now(UTC)).astimezone(DUTCH_ZONE)


def clock_text(moment: datetime | None = None) -> str:
    """'05-12-2026 15:36' in Dutch time."""
    return dutch_time(moment).strftime("%d-%m-%Y %H:%M")


def date_text(moment: datetime | None = None) -> str:
    """'05-12-2026' in Dutch time."""
    return dutch_time(moment).strftime("%d-%m-%Y")
