"""Years that look wrong in a yearly series, and the years a model should be fitted on.

Real municipal series have defects that a trend model would extend into the future (benchmarks/national.py):
partial deliveries to CBS, one-off spikes, and level shifts from mergers or definition changes. For a series
y_1..y_n (use rate or real cost per client, n ≥ 3), with m_i the median of the other years:

    partial delivery  y_i < PARTIAL × m_i                          (the rule CBS's delivery flags use: half the
                                                                    gemeente's own median)
    spike             y_i > SPIKE × m_i, and above both neighbours  (an interior year only: a high last year
                                                                    can be a new level and is kept)
    level shift       the latest yearly step k whose size beyond the series' median step exceeds ln(SHIFT) and
                      after which the detrended level stays moved by as much (_latest_shift): the years
                      before k are an old level

A break the user declares (the optional column `breuk` of voorzieningen: the first year of a new definition, for
example CBS's jeugdzorg table change in 2021) is handled as a level shift known in advance: only the years from
the break on are fitted, and the rules above run on those. Flagged partial deliveries and spikes are left out of
the fit (families see a gap and interpolate it); after a
level shift only the years from the shift on are fitted (fitting_series). Measured against moving the earlier
years to the new level (the TRAMO/X-13 way): dropping them did better on the national set and on Zuid-Holland
(benchmarks/README.md). The user's data is never changed: the years are named in a Dutch warning, and the
realisation on every screen stays as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PARTIAL = 0.5
SPIKE = 2.0
SHIFT = 1.25
MIN_POINTS = 3

KIND_WORDS = {
    "gedeeltelijk": "veel lager dan de andere jaren (minder dan de helft van het midden); mogelijk een "
                    "onvolledige levering",
    "piek": "veel hoger dan de andere jaren en de buurjaren (meer dan het dubbele van het midden); mogelijk een "
            "eenmalige boeking",
    "niveausprong": "het niveau veranderde in dat jaar blijvend (meer dan 25%); mogelijk een herindeling of "
                    "een andere definitie",
    "breuk": "begint volgens de gegevens een nieuwe reeks (kolom 'breuk' in voorzieningen: een andere definitie "
             "of bron)",
}


@dataclass(frozen=True)
class Suspect:
    """One year that does not feed the fit, and why."""

    year: int
    kind: str  # gedeeltelijk, piek, niveausprong (the first year of the new level) or breuk (declared by the user)
    value: float
    reference: float  # the median of the other years (for a level shift: of the years before)


def suspects(years: np.ndarray, values: np.ndarray) -> list[Suspect]:
    """The partial deliveries, spikes and the latest level shift of a series (see the module docstring)."""
    years = np.asarray(years, dtype=int)
    values = np.asarray(values, dtype=float)
    found: list[Suspect] = []
    if len(values) < MIN_POINTS or np.any(~np.isfinite(values)) or np.any(values <= 0):
        return found
    for i, value in enumerate(values):
        others = float(np.median(np.delete(values, i)))
        if value < PARTIAL * others:
            found.append(Suspect(int(years[i]), "gedeeltelijk", float(value), others))
        elif (0 < i < len(values) - 1 and value > SPIKE * others
              and value > values[i - 1] and value > values[i + 1]):
            found.append(Suspect(int(years[i]), "piek", float(value), others))
    flagged = {s.year for s in found}
    keep = np.array([int(y) not in flagged for y in years])
    shift = _latest_shift(np.log(values[keep]))
    if shift is not None:
        kept_years, kept_values = years[keep], values[keep]
        found.append(Suspect(int(kept_years[shift]), "niveausprong", float(kept_values[shift]),
                             float(np.median(kept_values[:shift]))))
    return sorted(found, key=lambda s: s.year)


def _latest_shift(logs: np.ndarray) -> int | None:
    """The index of the first year of the latest level shift, or None.

    With d the median yearly step (the series' own trend) and z_i = ln y_i − d·i the detrended series, step k is
    a shift when its size beyond the trend |z_k − z_(k−1)| exceeds ln(SHIFT) and the level stays there: the
    median of z after k differs from the median of z before k by more than ln(SHIFT) too. A one-year outlier or
    a dip of a few years (corona) that comes back moves the medians little and is no shift.
    """
    if len(logs) < MIN_POINTS:
        return None
    limit = np.log(SHIFT)
    steps = np.diff(logs)
    z = logs - np.median(steps) * np.arange(len(logs))
    for k in range(len(logs) - 1, 0, -1):
        if abs(z[k] - z[k - 1]) > limit and abs(np.median(z[k:]) - np.median(z[:k])) > limit:
            return k
    return None


def fitting_series(years: np.ndarray, values: np.ndarray, found: list[Suspect] | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The points a model is fitted on: not a partial delivery or spike, and not before the latest level shift."""
    years = np.asarray(years, dtype=int)
    values = np.asarray(values, dtype=float)
    found = suspects(years, values) if found is None else found
    keep = np.array([int(y) not in {s.year for s in found if s.kind != "niveausprong"} for y in years], dtype=bool)
    shifts = [s.year for s in found if s.kind == "niveausprong"]
    if shifts:
        keep &= years >= max(shifts)
    return years[keep], values[keep]


def describe(found: list[Suspect], what: str) -> list[str]:
    """Dutch sentences, one per suspect year: which year of which series, and why it does not steer the forecast."""
    out = []
    for s in found:
        if s.kind in ("niveausprong", "breuk"):
            out.append(f"{what}: vanaf {s.year} {KIND_WORDS[s.kind]}. De prognose rekent met de jaren vanaf "
                       f"{s.year}; de eerdere jaren blijven in de realisatie staan.")
        else:
            out.append(f"{what}: {s.year} is {KIND_WORDS[s.kind]}. Dat jaar telt niet mee in de prognose; het "
                       "blijft in de realisatie staan. Klopt het wel, dan kunt u dit negeren.")
    return out
