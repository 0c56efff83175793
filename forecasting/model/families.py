"""Model families for one yearly series: all share `forecast(years, values, future) -> SeriesForecast`.

`years` may have gaps (excluded years are left out). Every family gives a point forecast and
an 80% interval (P10-P90). `rank` orders families from simple to complex; the backtest gives
ties to the simpler one. The interface is the `ModelFamily` protocol (forecasting/model/forecast_types.py,
with `SeriesForecast`, Z80 and `t90`, re-exported here).
"""

from __future__ import annotations

import logging
import warnings

import numpy as np

from forecasting.model.combination import Combination, fill_gaps
from forecasting.model.forecast_types import Z80, ModelFamily, SeriesForecast, t90

__all__ = ["FAMILIES", "MODEL_CHOICES", "Z80", "ModelFamily", "SeriesForecast", "t90"]




def too_short(years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
    """What a family with `min_points` (counted over the span of years, gaps included) gives on a shorter
    series: the combination, never a straight line (the worst family on real short series in
    benchmarks/national.py); forecasting/model/baseline.py says so in the reason."""
    return Combination().forecast(years, values, future)


class Flat:
    """Last value held: today's begrotingssystematiek, kept as the reference."""

    name, rank, label = "flat", 0, "Gelijk aan laatste jaar"

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        horizon = future - years[-1]
        steps = np.diff(values) / np.maximum(np.diff(years), 1)
        sd = float(np.std(steps, ddof=1)) if len(steps) > 1 else abs(values[-1]) * 0.05
        mean = np.full(len(future), values[-1], dtype=float)
        spread = Z80 * sd * np.sqrt(horizon)
        return SeriesForecast(mean, mean - spread, mean + spread).clipped()


def _ols_interval(x, y, x_new):
    n = len(x)
    slope, intercept = np.polyfit(x, y, 1)
    fitted = intercept + slope * x
    mean = intercept + slope * x_new
    dof = n - 2
    if dof <= 0:
        return mean, np.zeros_like(mean)
    s = np.sqrt(np.sum((y - fitted) ** 2) / dof)
    sxx = np.sum((x - x.mean()) ** 2)
    se = s * np.sqrt(1 + 1 / n + (x_new - x.mean()) ** 2 / sxx)
    return mean, t90(dof) * se


class Linear:
    """Straight-line trend by ordinary least squares, with its prediction interval."""

    name, rank, label = "linear", 1, "Lineaire trend"

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        mean, half = _ols_interval(years.astype(float), values.astype(float), future.astype(float))
        return SeriesForecast(mean, mean - half, mean + half).clipped()


class LogLinear:
    """Constant yearly growth rate: a straight line through the logarithm of the series."""

    name, rank, label = "loglinear", 2, "Vaste groei per jaar"

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        if np.any(values <= 0):
            return Linear().forecast(years, values, future)
        mean, half = _ols_interval(years.astype(float), np.log(values), future.astype(float))
        return SeriesForecast(np.exp(mean), np.exp(mean - half), np.exp(mean + half))


class Damped:
    """Damped-trend exponential smoothing (statsmodels ETS, additive error and trend)."""

    name, rank, label = "damped", 3, "Gedempte trend (ETS)"
    min_points = 5

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        full_years, full = np.arange(years[0], years[-1] + 1), fill_gaps(years, values)
        if len(full) < 5:
            return too_short(years, values, future)
        scale = float(np.mean(np.abs(full))) or 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pandas as pd

            model = ETSModel(pd.Series(full / scale), error="add", trend="add", damped_trend=True)
            fit = model.fit(disp=False, maxiter=200)
            steps = int(future[-1] - full_years[-1])
            frame = fit.get_prediction(start=len(full), end=len(full) + steps - 1).summary_frame(alpha=0.2)
        pick = (future - full_years[-1] - 1).astype(int)
        mean = frame["mean"].to_numpy()[pick] * scale
        lower = frame["pi_lower"].to_numpy()[pick] * scale
        upper = frame["pi_upper"].to_numpy()[pick] * scale
        return SeriesForecast(mean, lower, upper).clipped()


class Arima:
    """A small ARIMA(p,1,q) with drift, p and q in {0,1}, chosen by AIC (statsmodels)."""

    name, rank, label = "arima", 4, "ARIMA met drift"
    min_points = 4
    orders = ((0, 1, 0), (1, 1, 0), (0, 1, 1))

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        from statsmodels.tsa.arima.model import ARIMA

        full_years, full = np.arange(years[0], years[-1] + 1), fill_gaps(years, values)
        if len(full) < 4:
            return too_short(years, values, future)
        scale = float(np.mean(np.abs(full))) or 1.0
        best = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for order in self.orders:
                try:
                    fit = ARIMA(full / scale, order=order, trend="t").fit()
                except (ValueError, np.linalg.LinAlgError):
                    continue
                if np.isfinite(fit.aic) and (best is None or fit.aic < best.aic):
                    best = fit
            if best is None:
                return Linear().forecast(years, values, future)
            steps = int(future[-1] - full_years[-1])
            result = best.get_forecast(steps)
            mean_all = np.asarray(result.predicted_mean)
            ci = np.asarray(result.conf_int(alpha=0.2))
        pick = (future - full_years[-1] - 1).astype(int)
        return SeriesForecast(mean_all[pick] * scale, ci[pick, 0] * scale, ci[pick, 1] * scale).clipped()


def quiet_stan() -> None:
    for name in ("cmdstanpy", "prophet", "prophet.plot"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL)
        logger.propagate = False
    logging.getLogger("cmdstanpy").disabled = True


class ProphetFamily:
    """Prophet on the yearly series: dates on 1 January, no seasonality, few changepoints."""

    name, rank, label = "prophet", 5, "Prophet"
    min_points = 4

    def forecast(self, years: np.ndarray, values: np.ndarray, future: np.ndarray) -> SeriesForecast:
        import pandas as pd

        quiet_stan()
        from prophet import Prophet

        if int(years[-1] - years[0]) + 1 < self.min_points:
            return too_short(years, values, future)
        history = pd.DataFrame({"ds": pd.to_datetime([f"{int(y)}-01-01" for y in years]), "y": values})
        model = Prophet(
            growth="linear", yearly_seasonality=False, weekly_seasonality=False, daily_seasonality=False,
            n_changepoints=min(3, len(values) - 2), changepoint_range=0.8, interval_width=0.8,
            uncertainty_samples=300,
        )
        model.fit(history, algorithm="Newton", iter=300)
        ahead = pd.DataFrame({"ds": pd.to_datetime([f"{int(y)}-01-01" for y in future])})
        outside = np.random.get_state()  # Prophet's interval sampling uses numpy's global generator: seeded here
        np.random.seed(0)                 # for repeatable bands, and given back as it was to the rest of the program
        try:
            prediction = model.predict(ahead)
        finally:
            np.random.set_state(outside)
        return SeriesForecast(
            prediction["yhat"].to_numpy(), prediction["yhat_lower"].to_numpy(), prediction["yhat_upper"].to_numpy()
        ).clipped()


FAMILIES: dict[str, ModelFamily] = {
    family.name: family
    for family in (Flat(), Linear(), LogLinear(), Damped(), Arima(), ProphetFamily(), Combination())
}
# What a user can choose (command line and app alike): `auto` and each family once. The combination is what `auto`
# is (forecasting/backtest.AUTO_METHOD), so it is not offered a second time under its own name.
MODEL_CHOICES = ("auto",) + tuple(name for name in FAMILIES if name != Combination.name)
