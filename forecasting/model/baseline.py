"""The baseline prognosis: what Wmo and jeugd cost in the coming years if nothing changes.

Per voorziening v and forecast year t:
    use rate            = clienten / population of the doelgroep
    real cost / client  = kosten / clienten / price index (prices of the last realised year)
    clients[v, t]       = forecast rate[v, t] x population[v, t]
    cost[v, t]          = clients[v, t] x forecast real cost per client[v, t] x index[v, t]

with index[v, t] the cumulative contract indexation since the last realised year
(forecasting/model/indexation.py). Each of the two series is forecast with a model family; `auto` is the
combination of use rate held, Theta and damped trend (forecasting/model/combination.py, chosen because it
won the accuracy benchmark). Uncertainty is simulated: per voorziening a path for the rate and for
the real cost per client is drawn from the family's 80% band, widened so that about 80% of backtest
outcomes fall inside (for `auto` one widening per domein and series, from their pooled backtest
points); totals are sums of the drawn paths (forecasting/model/projection.py), never sums of bounds.

The growth against the last realised year is split exactly with LMDI (forecasting/model/lmdi.py) into
demografie, gebruik, kosten_per_client and indexatie.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.input.dataset import DEFAULT_HORIZON, Dataset
from forecasting.input.problems import WARNING, Problem
from forecasting.model import lmdi, robust
from forecasting.model.backtest import (
    AUTO_BACKTEST_FAMILIES,
    AUTO_METHOD,
    MIN_TRAIN,
    Evaluation,
    evaluate,
    pooled_band_factor,
)
from forecasting.model.families import FAMILIES, Z80, SeriesForecast
from forecasting.model.indexation import cumulative_index, yearly_percentages
from forecasting.model.projection import Projection

SERIES = ("gebruik", "kosten_per_client")
SERIES_LABELS = {"gebruik": "gebruik per inwoner", "kosten_per_client": "kosten per cliënt (reëel)"}
FACTORS = ("demografie", "gebruik", "kosten_per_client", "indexatie")
DRAWS = 2000
SEED = 20241231

Evaluations = dict[tuple[str, str], Evaluation | None]


@dataclass(frozen=True)
class SeriesInput:
    """One series of one voorziening, ready to fit."""

    voorziening: str
    reeks: str
    years: np.ndarray  # what the models are fitted on: suspect years left out or adjusted (forecasting/model/robust.py)
    values: np.ndarray
    suspects: tuple[robust.Suspect, ...] = ()


@dataclass(frozen=True, eq=False)
class Components:
    """The factors of the cost per voorziening: [V, T] for the last realised year and every forecast year."""

    years: tuple[int, ...]
    population: np.ndarray
    rate: np.ndarray
    real_cost: np.ndarray
    index: np.ndarray


@dataclass(frozen=True, eq=False)
class Baseline:
    """The fitted baseline: realisation, the prognosis with its draws, its factors and how they were chosen."""

    dataset_name: str
    last_year: int
    history: Projection  # realised years, no draws
    projection: Projection  # forecast years, with draws
    components: Components
    growth: dict[str, Projection]  # per factor: its LMDI part of the change against the last realised year
    variants: dict[str, Projection]  # laag/hoog population variant: the point prognosis with that population
    choices: pd.DataFrame  # voorziening, reeks, model, model_label, reden, bandfactor
    evaluations: pd.DataFrame  # voorziening, reeks, model, mape, mase, bias, dekking, ..., auto
    indexation: pd.DataFrame  # jaar, domein, voorziening, percentage, bron
    excluded_years: tuple[int, ...]
    warnings: tuple[Problem, ...]

    @property
    def years(self) -> list[int]:
        return list(self.projection.years)

    @property
    def voorzieningen(self) -> list[str]:
        return list(self.projection.voorzieningen)

    @property
    def domains(self) -> list[str]:
        return list(self.projection.domains)


def realised_price_index(dataset: Dataset) -> pd.DataFrame:
    """Price level of every realised year relative to the last realised year (jaar, voorziening, index)."""
    return price_levels(dataset, 0)[1]


def price_levels(dataset: Dataset, horizon: int, continuation_pct: float | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indexation per year (with its source) and the price level relative to the last realised year."""
    years = list(range(dataset.first_year, dataset.last_year + horizon + 1))
    percentages = yearly_percentages(dataset, years, continuation_pct)
    return percentages, cumulative_index(percentages, dataset.last_year)


def series_inputs(dataset: Dataset, excluded_years: tuple[int, ...] = ()) -> dict[str, list[SeriesInput]]:
    """Use rate and real cost per client per voorziening, excluded years left out.

    Depends only on the data and the excluded years, so the backtest and the fit always see the same series.
    """
    excluded = set(excluded_years)
    index = realised_price_index(dataset)
    out: dict[str, list[SeriesInput]] = {}
    for voorziening, doelgroep in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["doelgroep"]):
        real = dataset.realisatie.loc[dataset.realisatie["voorziening"] == voorziening].sort_values("jaar")
        real = real.loc[~real["jaar"].isin(excluded)]
        population = dataset.population(doelgroep)
        years = real["jaar"].to_numpy(dtype=int)
        clients = real["clienten"].to_numpy(dtype=float)
        rate = clients / population.loc[years].to_numpy(dtype=float)
        price = index.loc[index["voorziening"] == voorziening].set_index("jaar")["index"]
        with_clients = clients > 0
        cost_years = years[with_clients]
        cpc = (real["kosten"].to_numpy(dtype=float)[with_clients] / clients[with_clients]
               / price.loc[cost_years].to_numpy(dtype=float))
        declared = _break_year(dataset, voorziening)
        out[voorziening] = [_fitted_part(voorziening, "gebruik", years, rate, declared),
                            _fitted_part(voorziening, "kosten_per_client", cost_years, cpc, declared)]
    return out


def _break_year(dataset: Dataset, voorziening: str) -> int | None:
    """The first year of a new series definition that the data declares for a voorziening (column `breuk`)."""
    if "breuk" not in dataset.voorzieningen.columns:
        return None
    value = dataset.voorzieningen.loc[dataset.voorzieningen["voorziening"] == voorziening, "breuk"].iloc[0]
    return None if pd.isna(value) else int(value)


def _fitted_part(voorziening: str, reeks: str, years: np.ndarray, values: np.ndarray,
                 break_year: int | None = None) -> SeriesInput:
    """The series without its suspect years (partial deliveries, spikes, the years before a level shift or before
    a break the user declared)."""
    declared: list[robust.Suspect] = []
    if break_year is not None and len(years) and years.min() < break_year <= years.max():
        keep = years >= break_year
        declared = [robust.Suspect(int(break_year), "breuk", float(values[keep][0]), float(np.median(values[~keep])))]
        years, values = years[keep], values[keep]
    found = robust.suspects(years, values)
    fit_years, fit_values = robust.fitting_series(years, values, found)
    return SeriesInput(voorziening, reeks, fit_years, fit_values, tuple(declared + found))


def _evaluate_series(series: SeriesInput, families: tuple[str, ...]) -> Evaluation | None:
    if len(series.years) <= MIN_TRAIN:
        return None
    fixed = AUTO_METHOD if AUTO_METHOD in families else None
    return evaluate(series.years, series.values, list(families), fixed=fixed)


def evaluate_all(dataset: Dataset, excluded_years: tuple[int, ...] = (), families: tuple[str, ...] | None = None,
                 progress=None) -> Evaluations:
    """Backtest every family on every series (the expensive step; cache its result on the data).

    `progress(done, total, label)` is called before each series when given.
    """
    families = families or AUTO_BACKTEST_FAMILIES
    inputs = [s for pair in series_inputs(dataset, excluded_years).values() for s in pair]
    # Sequential on purpose: threads gain nothing (GIL) and process pools lose more to start-up and
    # re-imports than the fitting they would split (measured in benchmarks/README.md).
    results: Evaluations = {}
    for done, series in enumerate(inputs):
        if progress is not None:
            progress(done, len(inputs), f"{series.voorziening}: {SERIES_LABELS[series.reeks]}")
        results[(series.voorziening, series.reeks)] = _evaluate_series(series, families)
    return results


def families_to_backtest(model: str, models: dict[str, str] | None = None) -> tuple[str, ...]:
    """The families whose backtest the choices need: `auto`'s (AUTO_BACKTEST_FAMILIES) and every family named."""
    wanted = list(AUTO_BACKTEST_FAMILIES) if model == "auto" or not models else []
    wanted += [model] if model != "auto" else []
    wanted += [name for name in (models or {}).values() if name != "auto"]
    return tuple(dict.fromkeys(wanted))


def _widen(result: SeriesForecast, factor: float) -> SeriesForecast:
    return SeriesForecast(
        result.mean,
        result.mean - factor * (result.mean - result.lower),
        result.mean + factor * (result.upper - result.mean),
    ).clipped()


def _choose(series: SeriesInput, requested: str, evaluation: Evaluation | None, pooled: float
            ) -> tuple[str, str, float, Problem | None]:
    """The family to use, why, and the band factor from its backtest (`pooled` for auto).

    The user's own choice is always kept. Without a backtest (too few years) `auto` is still the combination
    (AUTO_METHOD: with few years its trend parts fall back to the level held, forecasting/model/combination.py), never
    a straight-line trend, and its band gets the domein's pooled factor when other series had a backtest.
    """
    if evaluation is None:
        n = len(series.years)
        name = AUTO_METHOD if requested == "auto" else requested
        reason = f"te weinig jaren ({n}) voor een backtest"
        reason += "; combinatie zonder backtest" if requested == "auto" else "; gekozen door de gebruiker"
        warning = Problem(
            WARNING, "realisatie", None, None, None,
            f"{series.voorziening}: maar {n} {'bruikbaar jaar' if n == 1 else 'bruikbare jaren'} voor "
            f"{SERIES_LABELS[series.reeks]}; prognose met "
            f"'{FAMILIES[name].label}' zonder backtest, dus de onzekerheidsband is niet getoetst.",
        )
        return name, reason, (pooled if requested == "auto" else 1.0), warning
    scores = evaluation.scores.set_index("model")
    if requested == "auto":
        return evaluation.chosen, evaluation.reason, pooled, None
    factor = float(scores.loc[requested, "bandfactor"]) if requested in scores.index else 1.0
    return requested, "gekozen door de gebruiker", factor, None


def _split_lognormal(mean: np.ndarray, lower: np.ndarray, upper: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Draws whose 10th and 90th percentiles are `lower` and `upper` (z: [draws, 1] standard normals)."""
    safe_mean = np.maximum(mean, 1e-12)
    sigma_up = np.log(np.maximum(upper, safe_mean) / safe_mean) / Z80
    sigma_down = np.log(safe_mean / np.maximum(lower, safe_mean * 1e-3)) / Z80
    sigma = np.where(z > 0, sigma_up, sigma_down)
    return safe_mean * np.exp(z * sigma)


def realised(dataset: Dataset) -> Projection:
    """The realisation as a projection without draws: cost and clients per voorziening and realised year."""
    names = list(dataset.voorzieningen["voorziening"])
    years = list(range(dataset.first_year, dataset.last_year + 1))
    table = dataset.realisatie.set_index(["voorziening", "jaar"])
    full = pd.MultiIndex.from_product([names, years], names=["voorziening", "jaar"])
    cost = table["kosten"].reindex(full).to_numpy(dtype=float).reshape(len(names), len(years))
    clients = table["clienten"].reindex(full).to_numpy(dtype=float).reshape(len(names), len(years))
    return Projection(tuple(names), tuple(dataset.voorzieningen["domein"]), tuple(years), cost, clients,
                      gemeenten=dataset.row_gemeenten(), names=dataset.row_names())


def build_baseline(
    dataset: Dataset,
    horizon: int = DEFAULT_HORIZON,
    model: str = "auto",
    excluded_years: tuple[int, ...] = (),
    evaluations: Evaluations | None = None,
    continuation_pct: float | None = None,
    seed: int = SEED,
    models: dict[str, str] | None = None,
) -> Baseline:
    """Fit the baseline; `model` for every voorziening unless `models` names one for it."""
    excluded = tuple(sorted(set(int(y) for y in excluded_years)))
    models = models or {}
    if evaluations is None:
        evaluations = evaluate_all(dataset, excluded, families_to_backtest(model, models))
    future = np.array(dataset.forecast_years(horizon))
    percentages, index = price_levels(dataset, horizon, continuation_pct)
    inputs = series_inputs(dataset, excluded)
    history = realised(dataset)
    rng = np.random.default_rng(seed)
    names, domains = history.voorzieningen, history.domains
    shape = (len(names), len(future))
    cost, clients = np.zeros(shape), np.zeros(shape)
    cost_draws = np.zeros((DRAWS,) + shape)
    client_draws = np.zeros_like(cost_draws)
    span = np.concatenate([[dataset.last_year], future])
    factors = {key: np.zeros((len(names), len(span))) for key in ("population", "rate", "real_cost", "index")}
    variant_cost = {variant: np.zeros(shape) for variant in dataset.other_variants}
    choices, warnings = [], []
    pooled = pooled_factors(evaluations, names, domains)
    for v, (voorziening, doelgroep) in enumerate(zip(names, dataset.voorzieningen["doelgroep"])):
        requested = models.get(voorziening, model)
        fitted = {}
        for series in inputs[voorziening]:
            name, reason, factor, warning = _choose(series, requested, evaluations.get((voorziening, series.reeks)),
                                                    pooled[(domains[v], series.reeks)])
            if warning is not None:
                warnings.append(warning)
            warnings += [Problem(WARNING, "realisatie", None, None, None, text) for text in robust.describe(
                list(series.suspects), f"{voorziening}, {SERIES_LABELS[series.reeks]}")]
            if len(series.years) == 0:
                raise ValueError(f"{voorziening}: geen bruikbare jaren voor {SERIES_LABELS[series.reeks]}")
            family = FAMILIES[name] if len(series.years) >= 2 else FAMILIES["flat"]
            fitted[series.reeks] = _widen(family.forecast(series.years, series.values, future), factor)
            years_spanned = int(series.years[-1] - series.years[0]) + 1 if len(series.years) else 0
            if years_spanned < getattr(FAMILIES[name], "min_points", 0):
                reason += f"; {years_spanned} jaren is te kort voor {FAMILIES[name].label}: combinatie gebruikt"
            if series.suspects:
                reason += "; niet meegeteld: " + ", ".join(f"{s.year} ({s.kind})" for s in series.suspects)
            choices.append({"voorziening": voorziening, "reeks": series.reeks, "model": name,
                            "model_label": FAMILIES[name].label, "reden": reason, "bandfactor": factor})
        population = dataset.population(doelgroep).loc[span].to_numpy(dtype=float)
        price = index.loc[index["voorziening"] == voorziening].set_index("jaar")["index"].loc[span].to_numpy(float)
        rate, cpc = fitted["gebruik"], fitted["kosten_per_client"]
        clients[v] = rate.mean * population[1:]
        cost[v] = rate.mean * population[1:] * cpc.mean * price[1:]
        for variant, values in variant_cost.items():
            other = dataset.population(doelgroep, variant).loc[future].to_numpy(dtype=float)
            values[v] = rate.mean * other * cpc.mean * price[1:]
        rate_draws = _split_lognormal(rate.mean, rate.lower, rate.upper, rng.standard_normal((DRAWS, 1)))
        cpc_draws = _split_lognormal(cpc.mean, cpc.lower, cpc.upper, rng.standard_normal((DRAWS, 1)))
        client_draws[:, v, :] = rate_draws * population[1:]
        cost_draws[:, v, :] = client_draws[:, v, :] * cpc_draws * price[1:]
        last = history.year_index(dataset.last_year)
        last_clients, last_cost = history.clients[v, last], history.cost[v, last]
        with np.errstate(divide="ignore", invalid="ignore"):
            last_cpc = last_cost / last_clients / price[0] if last_clients > 0 else np.nan
        factors["population"][v] = population
        factors["rate"][v] = np.concatenate([[last_clients / population[0]], rate.mean])
        factors["real_cost"][v] = np.concatenate([[last_cpc], cpc.mean])
        factors["index"][v] = price
    years = tuple(int(y) for y in future)
    projection = Projection(names, domains, years, cost, clients, cost_draws, history.gemeenten, history.names)
    components = Components(tuple(int(y) for y in span), **factors)
    return Baseline(
        dataset_name=dataset.naam, last_year=dataset.last_year, history=history, projection=projection,
        components=components, growth=growth_parts(components, projection),
        variants={variant: projection.with_cost(values, np.full(shape, np.nan)) for variant, values in
                  variant_cost.items()},
        choices=pd.DataFrame(choices), evaluations=evaluation_frame(evaluations), indexation=percentages,
        excluded_years=excluded, warnings=tuple(warnings),
    )


def pooled_factors(evaluations: Evaluations, names, domains) -> dict[tuple[str, str], float]:
    """One band widening per domein and series for `auto`: from the pooled backtest points of its voorzieningen
    (steadier than one series' handful of points)."""
    return {(domein, reeks): pooled_band_factor(
        evaluations.get((v, reeks)) for v, d in zip(names, domains) if d == domein)
        for domein in set(domains) for reeks in SERIES}


def growth_parts(components: Components, projection: Projection) -> dict[str, Projection]:
    """Per factor, the LMDI part of the change in cost between the last realised year and each forecast year.

    demografie (population), gebruik (use rate), kosten_per_client (real cost per client) and indexatie
    (price level); the four parts add up exactly to the change.
    """
    c = components
    start_cost = np.where(np.isnan(c.real_cost[:, :1]), c.real_cost[:, 1:], c.real_cost[:, :1])
    start = {"demografie": c.population[:, :1], "gebruik": c.rate[:, :1], "kosten_per_client": start_cost,
             "indexatie": c.index[:, :1]}
    end = {"demografie": c.population[:, 1:], "gebruik": c.rate[:, 1:], "kosten_per_client": c.real_cost[:, 1:],
           "indexatie": c.index[:, 1:]}
    parts = lmdi.decompose({k: np.broadcast_to(v, end[k].shape) for k, v in start.items()}, end)
    nothing = np.full(projection.cost.shape, np.nan)
    return {factor: projection.with_cost(parts[factor], nothing) for factor in FACTORS}


def evaluation_frame(evaluations: Evaluations) -> pd.DataFrame:
    frames = []
    for (voorziening, reeks), evaluation in evaluations.items():
        if evaluation is None:
            continue
        table = evaluation.scores.copy()
        table.insert(0, "reeks", reeks)
        table.insert(0, "voorziening", voorziening)
        table["auto"] = table["model"] == evaluation.chosen
        frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
