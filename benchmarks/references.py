"""The methods of the accuracy benchmark: `f(train_years, train_values, train_driver, years, driver)
-> (mean, lower, upper)` (lower/upper None when a method states no band).

Grip methods (and "× bev." references) forecast the rate target / driver and multiply by the
driver; Grip's band is widened by the band factor of its own backtest on the training years. Grip's methods
fit the rate without its suspect years (forecasting/model/robust.py), as the app does.
"""

from __future__ import annotations

import numpy as np

from forecasting.model import backtest, robust
from forecasting.model.combination import Combination, fill_gaps
from forecasting.model.families import FAMILIES, Z80, SeriesForecast

OLD_AUTO = ("flat", "linear", "loglinear", "damped")  # today's auto without ARIMA and Prophet


def held(ty, tv, td, fy, fd):
    return np.full(len(fy), float(tv[-1])), None, None


def drift(ty, tv, td, fy, fd):
    slope = (tv[-1] - tv[0]) / (ty[-1] - ty[0])
    steps = fy - ty[-1]
    mean = tv[-1] + slope * steps
    changes = np.diff(fill_gaps(ty, tv))
    sd = np.std(changes, ddof=1) * np.sqrt(steps * (1 + steps / len(changes)))
    return mean, mean - Z80 * sd, mean + Z80 * sd


def _widen(result: SeriesForecast, factor: float) -> SeriesForecast:
    return SeriesForecast(result.mean, result.mean - factor * (result.mean - result.lower),
                          result.mean + factor * (result.upper - result.mean)).clipped()


def grip(candidates: tuple[str, ...], fixed: str | None = None, family=None):
    """A Grip method: backtest `candidates` on the training rate, take `fixed` or the choice, widen."""

    def run(ty, tv, td, fy, fd):
        ty, rate = robust.fitting_series(ty, tv / td)  # as forecasting/baseline.series_inputs does
        name, factor = fixed or backtest.AUTO_METHOD, 1.0
        if len(ty) > backtest.MIN_TRAIN:
            families = {**FAMILIES, **({fixed: family} if family is not None else {})}
            evaluation = backtest.evaluate(ty, rate, list(candidates), registry=families)
            name = fixed or evaluation.chosen
            scores = evaluation.scores.set_index("model")
            factor = float(scores.loc[name, "bandfactor"]) if name in scores.index else 1.0
        chosen = family if (family is not None and name == fixed) else FAMILIES[name]
        result = _widen(chosen.forecast(ty, rate, fy), factor)
        return result.mean * fd, result.lower * fd, result.upper * fd

    return lambda: run


def group_of(name: str) -> str:
    """The group of similar series a name belongs to: the part after ': ' (clienten, wmo_clienten, ...)."""
    return name.rsplit(": ", 1)[-1] if ": " in name else "alle"


def grip_pooled_band():
    """Grip auto with one band factor per (origin, group of similar series) from pooled backtest points."""
    factors: dict[tuple[int, str], float] = {}

    def prepare(bench) -> None:
        factors.clear()
        for origin in bench.origins:
            groups: dict[str, list] = {}
            for series in bench.series:
                train = series.years <= origin
                if train.sum() > backtest.MIN_TRAIN:
                    ty = series.years[train]
                    ty, rate = robust.fitting_series(ty, series.values[train] / series.drivers(ty))
                    groups.setdefault(group_of(series.name), []).append(backtest.evaluate_auto(ty, rate))
            for group, evaluations in groups.items():
                factors[(origin, group)] = backtest.pooled_band_factor(evaluations)

    def run(ty, tv, td, fy, fd, name=""):
        ty, rate = robust.fitting_series(ty, tv / td)
        factor = factors.get((int(ty[-1]), group_of(name)), 1.0)
        result = _widen(FAMILIES[backtest.AUTO_METHOD].forecast(ty, rate, fy), factor)
        return result.mean * fd, result.lower * fd, result.upper * fd

    run.prepare = prepare
    run.wants_name = True
    return run


def _statsforecast(model_name: str, on_rate: bool):
    def factory():
        import statsforecast.models as models

        model_class = getattr(models, model_name)

        def run(ty, tv, td, fy, fd):
            y = fill_gaps(ty, tv / td if on_rate else tv)
            steps = (fy - ty[-1]).astype(int)
            try:
                out = model_class().forecast(y=y.astype(float), h=int(steps.max()), level=[80])
                mean = np.asarray(out["mean"], dtype=float)[steps - 1]
                lower = np.asarray(out["lo-80"], dtype=float)[steps - 1]
                upper = np.asarray(out["hi-80"], dtype=float)[steps - 1]
            except Exception:  # too short for the model: the naive forecast, no band
                mean = np.full(len(steps), y[-1])
                lower = upper = mean
            factor = fd if on_rate else 1.0
            return mean * factor, lower * factor, upper * factor

        return run

    return factory


def _prophet(on_rate: bool):
    def factory():
        import pandas as pd

        from forecasting.model.families import quiet_stan

        quiet_stan()
        from prophet import Prophet

        def run(ty, tv, td, fy, fd):
            y = tv / td if on_rate else tv
            history = pd.DataFrame({"ds": pd.to_datetime([f"{int(t)}-01-01" for t in ty]), "y": y})
            model = Prophet(yearly_seasonality=False, weekly_seasonality=False, daily_seasonality=False,
                            interval_width=0.8)
            model.fit(history)
            ahead = pd.DataFrame({"ds": pd.to_datetime([f"{int(t)}-01-01" for t in fy])})
            np.random.seed(0)
            p = model.predict(ahead)
            factor = fd if on_rate else 1.0
            return (p["yhat"].to_numpy() * factor, p["yhat_lower"].to_numpy() * factor,
                    p["yhat_upper"].to_numpy() * factor)

        return run

    return factory


def _plain(f):
    return lambda: f


METHODS = {
    "laatste waarde vast (held)": _plain(held),
    "drift (random walk + drift)": _plain(drift),
    "Grip flat (gebruik vast x bev.)": grip(("flat",), "flat"),
    "Grip linear": grip(("linear",), "linear"),
    "Grip loglinear": grip(("loglinear",), "loglinear"),
    "Grip damped (statsmodels)": grip(("damped",), "damped"),
    "Grip auto oud (keuze per reeks)": grip(OLD_AUTO),
    "Grip auto (combinatie)": grip(backtest.AUTO_BACKTEST_FAMILIES, backtest.AUTO_METHOD),
    "Grip auto, band per groep gepoold": grip_pooled_band,
    "kandidaat: mediaan ipv gemiddelde": grip(("combinatie",), "combinatie", Combination("median")),
    "kandidaat: alleen theta": grip(("combinatie",), "combinatie", Combination("mean", ("theta",))),
    "kandidaat: alleen damped (numpy)": grip(("combinatie",), "combinatie", Combination("mean", ("damped",))),
    "AutoETS ruw": _statsforecast("AutoETS", False),
    "AutoETS x bev.": _statsforecast("AutoETS", True),
    "AutoTheta ruw": _statsforecast("AutoTheta", False),
    "AutoTheta x bev.": _statsforecast("AutoTheta", True),
    "AutoARIMA ruw": _statsforecast("AutoARIMA", False),
    "AutoARIMA x bev.": _statsforecast("AutoARIMA", True),
    "Prophet ruw": _prophet(False),
    "Prophet x bev.": _prophet(True),
}
OUTSIDE = tuple(name for name in METHODS if name.startswith(("Auto", "Prophet")))
SUBSAMPLED = ("AutoARIMA ruw", "AutoARIMA x bev.", "Prophet ruw", "Prophet x bev.")
