"""Rounding that adds up: the one rule for every amount a reader sees next to others (sentences, tiles, chart
labels, the raad report).

    1. One unit per group of amounts shown together, from its largest amount (`unit_of`): 'mln' (steps of
       € 100.000, '€ 4,2 mln'), 'k' (steps of € 1.000, '€ 447.000') or 'eur' (whole euros, '€ 850').
    2. A whole (a total, an end) is rounded on its own, half away from zero (`rounded`).
    3. Its parts are rounded together by the largest remainder (`split`): every part is first rounded down to the
       step, then the steps still missing to the rounded whole go, one each, to the parts with the largest
       remainders. The parts shown then add up exactly to the whole shown, and no part is off by a full step.
    4. A change is computed from the rounded ends (`change`): start shown + change shown = end shown.

Example (the sample gemeente, 2024-2029): from € 15,70 mln to € 19,86 mln, made of 3,032 (indexatie) + 0,447 +
0,423 + 0,249 mln. Each rounded on its own this read '€ 4,2 mln meer: € 3,0 + 0,4 + 0,4 + 0,2' (4,0). Now the
change is 19,9 - 15,7 = 4,2, the parts round down to 3,0 + 0,4 + 0,4 + 0,2 and the two missing steps go to the
largest remainders (0,249 and 0,447): 3,0 + 0,5 + 0,4 + 0,3 = 4,2. Amounts shown are whole numbers of euros, so
sums of them are exact in floating point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from presentation.formatting import euro, number

STEPS = {"mln": 100_000.0, "k": 1_000.0, "eur": 1.0}
_EPS = 1e-9


def unit_of(*values: float) -> str:
    """The reading unit of amounts shown together, from the largest: 'mln', 'k' (from € 10.000) or 'eur'."""
    largest = max((abs(v) for v in values if v is not None and not math.isnan(v)), default=0.0)
    return "mln" if largest >= 1e6 else "k" if largest >= 1e4 else "eur"


def _steps(value: float, unit: str) -> int:
    """`value` in whole steps of `unit`, half away from zero (2,45 mln -> 25 steps of 0,1 mln)."""
    q = abs(value) / STEPS[unit]
    return int(math.copysign(math.floor(q + 0.5 + _EPS), value))


def rounded(value: float, unit: str) -> float:
    """`value` rounded to the step of `unit`, half away from zero: rounded(447_300, 'mln') == 400_000.0."""
    return _steps(value, unit) * STEPS[unit]


def split(whole: float, parts: Mapping | list, unit: str):
    """The parts rounded by the largest remainder so that they add up exactly to `whole` rounded.

    `parts` is a dict (the same keys come back) or a list. Parts that are exactly zero stay zero. When the parts
    themselves do not add up to the whole (an approximate attribution), the difference is spread one step at a time
    over the parts with the largest (or, going down, the smallest) remainders."""
    keys = list(parts) if isinstance(parts, Mapping) else list(range(len(parts)))
    values = [float(parts[k]) for k in keys]
    step = STEPS[unit]
    target = _steps(whole, unit)
    quotients = [v / step for v in values]
    floors = [math.floor(q + _EPS) for q in quotients]
    remainders = [round(q - f, 9) for q, f in zip(quotients, floors)]  # 5,6 - 5 and -1,4 + 2 tie, as on paper
    live = [i for i, v in enumerate(values) if abs(v) > _EPS] or list(range(len(values)))
    missing = target - sum(floors)
    if live:
        up = sorted(live, key=lambda i: (-remainders[i], -abs(values[i]), i))
        down = sorted(live, key=lambda i: (remainders[i], abs(values[i]), i))
        order = up if missing >= 0 else down
        for n in range(abs(missing)):
            floors[order[n % len(order)]] += 1 if missing > 0 else -1
    shown = [f * step for f in floors]
    return dict(zip(keys, shown)) if isinstance(parts, Mapping) else shown


def change(start: float, end: float, unit: str) -> tuple[float, float, float]:
    """(start, end, end - start) as shown: the change comes from the rounded ends, so start + change = end."""
    first, last = rounded(start, unit), rounded(end, unit)
    return first, last, last - first


def amount(value: float, unit: str | None = None) -> str:
    """An amount for reading, rounded to its unit: '€ 3,9 mln', '€ 854.000', '€ 850'; negative '-€ 0,2 mln'.

    Amounts shown together use one unit (pass `unit`), so '€ 0,2 mln' stands next to '€ 3,9 mln'."""
    unit = unit or unit_of(value)
    shown = rounded(value, unit)
    if unit == "mln":
        return ("-" if shown < 0 else "") + f"€ {number(abs(shown) / 1e6, 1)} mln"
    return euro(shown)


def signed_amount(value: float, unit: str | None = None) -> str:
    """A change for a chart label: '+€ 0,4 mln', '−€ 212.000' (a true minus sign), '€ 0,0 mln' for nothing."""
    unit = unit or unit_of(value)
    shown = rounded(value, unit)
    text = amount(abs(shown), unit)
    return ("+" if shown > 0 else "−" if shown < 0 else "") + text


def nv_amount(difference: float, unit: str | None = None) -> str:
    """A deviation against the budget for a tile, in the unit of the amounts beside it: '€ 2,7 mln N' (spending
    above the budget, nadelig), '€ 120.000 V', '€ 0' when it rounds to nothing, '–' without a budget."""
    if difference is None or math.isnan(difference):
        return "–"
    unit = unit or unit_of(difference)
    shown = rounded(difference, unit)
    return "€ 0" if not shown else f"{amount(abs(shown), unit)} {'N' if shown > 0 else 'V'}"
