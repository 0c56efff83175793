"""What every model family returns and offers: `SeriesForecast`, the `ModelFamily` protocol, constants.

Constants are literals (no scipy.stats import at start-up): Z80 = Φ⁻¹(0.9), and `t90(dof)`, the
0.9 quantile of Student's t, from a table for dof ≤ 30 and the Cornish-Fisher expansion
t ≈ z + (z³+z)/4ν + (5z⁵+16z³+3z)/96ν² + (3z⁷+19z⁵+17z³−15z)/384ν³ above (error < 1e-7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

Z80 = 1.2815515655446004  # Φ⁻¹(0.9): half-width of an 80% normal interval in standard deviations
_T90 = (  # Student's t 0.9 quantile for 1..30 degrees of freedom
    3.0776835372, 1.8856180832, 1.6377443537, 1.5332062741, 1.4758840488, 1.4397557473, 1.4149239277,
    1.3968153097, 1.3830287384, 1.3721836411, 1.363430318, 1.356217334, 1.3501712888, 1.3450303745,
    1.3406056079, 1.3367571673, 1.3333793897, 1.3303909436, 1.327728209, 1.325340707, 1.3231878739,
    1.3212367416, 1.3194602398, 1.3178359337, 1.3163450727, 1.3149718643, 1.3137029128, 1.3125267816,
    1.3114336473, 1.3104150254,
)


def t90(dof: int) -> float:
    """The 0.9 quantile of Student's t with `dof` degrees of freedom (dof ≥ 1)."""
    if dof <= len(_T90):
        return _T90[int(dof) - 1]
    z, v = Z80, float(dof)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3))


@dataclass(frozen=True)
class SeriesForecast:
    mean: np.ndarray
    lower: np.ndarray  # P10
    upper: np.ndarray  # P90

    def clipped(self) -> SeriesForecast:
        """Rates and costs cannot be negative."""
        mean = np.maximum(self.mean, 0.0)
        return SeriesForecast(mean, np.clip(self.lower, 0.0, mean), np.maximum(self.upper, mean))


class ModelFamily(Protocol):
    """What every family offers: a short `name`, a `rank` (simple first) and a Dutch `label`."""

    name: str
    rank: int
    label: str

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        """Point forecast and 80% band for the `future` years from the history (years may have gaps)."""
        ...
