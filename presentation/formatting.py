"""Dutch number formatting, shared by screens, exports and reports.

euro(1234567) -> '€ 1.234.567'; euro_short(1234567) -> '€ 1,2 mln'; pct(0.035) -> '3,5%'.
"""

from __future__ import annotations

from forecasting.input.dutch import clock_text, date_text, dutch_time, euro, listing, number  # noqa: F401 - re-exported: one definition
from forecasting.input.dutch import is_missing as _is_missing


def euro_short(value) -> str:
    """Compact amounts for tiles: '€ 1,2 mln', '€ 850.000' below a million, '€ 1,05 mld'."""
    if _is_missing(value):
        return ""
    size = abs(value)
    sign = "-" if value < 0 else ""
    if size >= 1e9:
        return f"{sign}€ {number(size / 1e9, 2)} mld"
    if size >= 1e6:
        return f"{sign}€ {number(size / 1e6, 1)} mln"
    return euro(value)


def pct(fraction, decimals: int = 1) -> str:
    """0.035 -> '3,5%'."""
    if _is_missing(fraction):
        return ""
    return f"{number(fraction * 100, decimals)}%"


def nv(difference, short: bool = False) -> str:
    """A deviation against the budget with the Dutch sign convention.

    `difference` is spending minus budget: positive is a shortfall, nadelig (N);
    negative is room left, voordelig (V). `short` gives tile amounts such as '€ 1,3 mln N'.
    """
    if _is_missing(difference):
        return ""
    if round(difference) == 0:
        return "€ 0"
    amount = euro_short(abs(difference)) if short else euro(abs(difference))
    return f"{amount} {'N' if difference > 0 else 'V'}"


def euro_range(low, high) -> str:
    """'€ 19,3 – 22,8 mln' for a band, with a second or third decimal when one would show the same number twice
    ('€ 1,82 – 1,84 mln'); two full amounts below a million."""
    if _is_missing(low) or _is_missing(high):
        return ""
    if min(abs(low), abs(high)) >= 1e6:
        for decimals in (1, 2, 3):
            ends = number(low / 1e6, decimals), number(high / 1e6, decimals)
            if ends[0] != ends[1] or decimals == 3:
                return f"€ {ends[0]} – {ends[1]} mln"
    return f"{euro(low)} – {euro(high)}"


def chance_pct(probability) -> str:
    """A probability for a tile or table: '> 99%' and '< 1%' at the ends (a simulation is never certain)."""
    if _is_missing(probability):
        return ""
    if probability > 0.99:
        return "> 99%"
    if probability < 0.01:
        return "< 1%"
    return pct(probability, 0)


def signed_pct(value: float, decimals: int | None = None) -> str:
    """-10 -> '−10%' (a true minus sign), 5 -> '+5%', 0 -> '0%', -2.5 -> '−2,5%': percentage points as typed."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = number(abs(value), decimals) + "%"
    return ("−" + text) if round(value, decimals) < 0 else ("+" + text) if round(value, decimals) > 0 else text
