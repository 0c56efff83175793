"""A seeded synthetic set of yearly series with known structure, for the accuracy benchmark.

Per series i (years 2013-2024, 12 points):
    driver_t  = P_0 · Π (1 + g_s),           g_s ~ N(g_i, 0.004), g_i ~ U(-0.01, 0.03)   (doelgroep)
    log u_t   = log u_0 + Σ d_s,              d_s = ρ d_{s-1} + N(0, 0.015), d_0 ~ N(0, 0.03), ρ = 0.8
                (a use rate whose growth changes slowly and fades)
    shift     : with probability 0.25 one level shift of ±(8-20%) from a random year on
    y_t       = driver_t · u_t · exp(ε_t),    ε_t ~ N(0, σ_i), σ_i ~ U(0.01, 0.05)
Counts of a few hundred to a few thousand clients, as in a gemeente's voorzieningen.
"""

from __future__ import annotations

import numpy as np

SEED = 20250611
YEARS = np.arange(2013, 2025)
N_SERIES = 200


def generate(n_series: int = N_SERIES, seed: int = SEED) -> list[dict]:
    """One dict per series: name, years, values (clients), driver (population), shift_year or None."""
    rng = np.random.default_rng(seed)
    n = len(YEARS)
    out = []
    for i in range(n_series):
        growth = rng.normal(rng.uniform(-0.01, 0.03), 0.004, n)
        growth[0] = 0.0
        driver = rng.uniform(2_000, 60_000) * np.cumprod(1 + growth)
        drift = np.zeros(n)
        drift[0] = rng.normal(0, 0.03)
        for t in range(1, n):
            drift[t] = 0.8 * drift[t - 1] + rng.normal(0, 0.015)
        log_rate = np.log(rng.uniform(0.01, 0.08)) + np.concatenate([[0.0], np.cumsum(drift[1:])])
        shift_year = None
        if rng.uniform() < 0.25:
            at = int(rng.integers(2, n))
            size = rng.uniform(0.08, 0.20) * rng.choice([-1.0, 1.0])
            log_rate[at:] += np.log1p(size)
            shift_year = int(YEARS[at])
        noise = rng.normal(0, rng.uniform(0.01, 0.05), n)
        values = driver * np.exp(log_rate + noise)
        out.append({"name": f"synth{i:03d}", "years": YEARS.copy(), "values": np.round(values),
                    "driver": driver, "shift_year": shift_year})
    return out
