"""Correlated draws for totals: the errors of voorzieningen in one domein move together.

Summing independent draws gives a total whose standard deviation is √(Σ σ_i²); with an average
pairwise error correlation ρ within the domein it is √(Σ σ_i² + ρ Σ_{i≠j} σ_i σ_j), wider.
Equicorrelated standard normals per group g (one-factor model):
    z_i = √ρ · c_g + √(1 − ρ) · e_i,      c_g, e_i ~ N(0, 1) independent
ρ is estimated from backtest errors: the mean pairwise correlation of standardised errors
(error / stated half-width) of the series in one group at the same (origin, horizon), clipped to [0, 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def correlated_normals(rng: np.random.Generator, draws: int, groups: Sequence[str], rho: float | dict[str, float]
                       ) -> np.ndarray:
    """[draws, series] standard normals, equicorrelated with ρ within each group (ρ per group or one for all)."""
    groups = list(groups)
    z = rng.standard_normal((draws, len(groups)))
    for group in dict.fromkeys(groups):
        r = float(rho[group] if isinstance(rho, dict) else rho)
        r = min(max(r, 0.0), 0.999)
        members = [i for i, g in enumerate(groups) if g == group]
        common = rng.standard_normal((draws, 1))
        z[:, members] = np.sqrt(r) * common + np.sqrt(1 - r) * z[:, members]
    return z


def error_correlation(points: pd.DataFrame) -> float:
    """Mean pairwise correlation of standardised errors across series at the same (origin, horizon).

    `points`: columns series, origin, horizon, z (standardised error). Returns 0.0 when it cannot
    be estimated (fewer than 2 series or 3 shared occasions).
    """
    wide = points.pivot_table(index=["origin", "horizon"], columns="series", values="z")
    wide = wide.dropna(axis=1, thresh=3)
    if wide.shape[1] < 2:
        return 0.0
    matrix = wide.corr(min_periods=3).to_numpy()
    pairs = matrix[np.triu_indices_from(matrix, k=1)]
    pairs = pairs[np.isfinite(pairs)]
    return float(np.clip(pairs.mean(), 0.0, 0.999)) if len(pairs) else 0.0
