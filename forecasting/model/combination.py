"""Cheap methods for short yearly series and their combination, the method `auto` resolves to.

All components work on the gap-filled series y_1..y_n (gaps linearly interpolated) and give the
point forecast ŷ(h) for h = 1, 2, ... steps after the last year:

    held:    ŷ(h) = y_n                                           (use rate held, Grip `flat`)
    theta:   ŷ(h) = ℓ_n + b/2 · (h − 1 + 1/α − (1−α)^n / α)       (Theta method, Hyndman & Billah
             2003): ℓ_n the simple-exponential-smoothing level, α on a grid by one-step SSE, and b
             the least-squares slope of the whole history, halved (the theta=0 line's drift).
    damped:  ŷ(h) = ℓ_n + (φ + φ² + … + φ^h) · b_n                (additive damped trend, Gardner &
             McKenzie 1985): (α, β, φ) on a grid by one-step SSE, φ in [0.8, 0.98] as in Hyndman's
             forecast package.

The combination is the equal-weight mean of the three per horizon:
    ŷ(h) = (held(h) + theta(h) + damped(h)) / 3
With 6-10 yearly points, choosing one method by backtest mostly picks noise, while combinations of
simple methods win on yearly data (M3, M4's "Comb" benchmark). Equal weights, because weights
estimated from a handful of backtest points are noise too (the "forecast combination puzzle").
Holding the use rate as one of three members shrinks every trend by a third towards zero growth
of the use rate. The benchmark measured the median too (benchmarks/README.md): equal or slightly
worse on the real Zuid-Holland series.

80% band: ŷ(h) ± Z80 · s · √(h · (1 + h/n)), s the standard deviation of the yearly changes
(random walk with an estimated drift); the backtest then widens it with `bandfactor`.
"""

from __future__ import annotations

import numpy as np

from forecasting.model.forecast_types import Z80, SeriesForecast

ALPHAS = np.linspace(0.1, 1.0, 10)
BETA_FRACTIONS = np.array([0.05, 0.1, 0.2, 0.3])  # β = fraction × α (trend smoothing never exceeds level)
PHIS = np.array([0.8, 0.9, 0.98])


def fill_gaps(years: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A contiguous yearly series: gaps linearly interpolated."""
    years = np.asarray(years, dtype=float)
    full = np.arange(years[0], years[-1] + 1)
    return np.interp(full, years, np.asarray(values, dtype=float))


def held(y: np.ndarray, steps: np.ndarray) -> np.ndarray:
    return np.full(len(steps), float(y[-1]))


def ses_levels(y: np.ndarray, alphas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Final level and one-step SSE of simple exponential smoothing for every α at once (ℓ_1 = y_1)."""
    level = np.full(len(alphas), float(y[0]))
    sse = np.zeros(len(alphas))
    for value in y[1:]:
        error = value - level
        sse += error**2
        level = level + alphas * error
    return level, sse


def ols_slope(y: np.ndarray) -> float:
    if len(y) < 2:
        return 0.0
    t = np.arange(len(y), dtype=float)
    t -= t.mean()
    return float(np.dot(t, y - y.mean()) / np.dot(t, t))


def theta(y: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Classic Theta: SES with drift equal to half the least-squares slope."""
    if len(y) < 3:
        return held(y, steps)
    levels, sse = ses_levels(y, ALPHAS)
    best = int(np.argmin(sse))
    alpha, level = float(ALPHAS[best]), float(levels[best])
    n = len(y)
    drift = ols_slope(y) / 2
    return level + drift * (steps - 1 + 1 / alpha - (1 - alpha) ** n / alpha)


def damped(y: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Additive damped-trend Holt, (α, β, φ) from a grid by in-sample one-step SSE."""
    if len(y) < 4:
        return held(y, steps)
    alpha, fraction, phi = (grid.ravel() for grid in np.meshgrid(ALPHAS, BETA_FRACTIONS, PHIS, indexing="ij"))
    beta = alpha * fraction
    level = np.full(len(alpha), float(y[0]))
    trend = np.full(len(alpha), float(y[1] - y[0]))
    sse = np.zeros(len(alpha))
    for value in y[1:]:
        forecast = level + phi * trend
        error = value - forecast
        sse += error**2
        level = forecast + alpha * error
        trend = phi * trend + beta * error
    best = int(np.argmin(sse))
    cumulative = np.cumsum(phi[best] ** np.arange(1, int(steps.max()) + 1))
    return level[best] + cumulative[steps.astype(int) - 1] * trend[best]


COMPONENTS = {"held": held, "theta": theta, "damped": damped}


def component_forecasts(y: np.ndarray, steps: np.ndarray, names=tuple(COMPONENTS)) -> np.ndarray:
    """[component, step] point forecasts."""
    return np.vstack([COMPONENTS[name](y, steps) for name in names])


def error_weights(errors: np.ndarray) -> np.ndarray:
    """Inverse-error weights w_i = (1/e_i) / Σ_j (1/e_j); a zero error takes all the weight."""
    errors = np.asarray(errors, dtype=float)
    if np.any(errors <= 0):
        weights = (errors <= 0).astype(float)
    else:
        weights = 1 / errors
    return weights / weights.sum()


def random_walk_sd(y: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Standard deviation of a random walk with estimated drift h steps ahead: s · √(h(1 + h/n))."""
    changes = np.diff(y)
    if len(changes) > 1:
        s = float(np.std(changes, ddof=1))
    else:
        s = abs(float(y[-1])) * 0.05
    return s * np.sqrt(steps * (1 + steps / len(y)))


class Combination:
    """Mean of use rate held, Theta and damped trend: the default (`auto`) method.

    `how` ("mean" or "median") and `components` are parameters only so that the benchmark can
    measure the alternatives; Grip registers the mean of all three.
    """

    name, rank, label = "combinatie", 6, "Combinatie: gemiddelde van gelijk gebruik, Theta en gedempte trend"

    def __init__(self, how: str = "mean", components: tuple[str, ...] = tuple(COMPONENTS)):
        self.how, self.components = how, components

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        y = fill_gaps(years, values)
        steps = (np.asarray(future) - years[-1]).astype(int)
        points = component_forecasts(y, steps, self.components)
        mean = np.median(points, axis=0) if self.how == "median" else points.mean(axis=0)
        half = Z80 * random_walk_sd(y, steps)
        return SeriesForecast(mean, mean - half, mean + half).clipped()
