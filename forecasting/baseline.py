"""The baseline prognosis: what Wmo and jeugd cost in the coming years if nothing changes.

Per voorziening:
    use rate            = clienten / population of the doelgroep
    real cost / client  = kosten / clienten / price index (prices of the last realised year)
    clients (forecast)  = forecast rate x population forecast
    cost (forecast)     = clients x forecast real cost per client x cumulative future indexation

Each of the two series is forecast with a model family (chosen by backtest with `auto`).
Uncertainty is simulated: per voorziening a path for the rate and for the real cost per
client is drawn from each family's (backtest-widened) 80% band; totals are sums of the drawn
paths, never sums of bounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from forecasting import lmdi
from forecasting.backtest import MIN_TRAIN, Evaluation, evaluate
from forecasting.dataset import DEFAULT_HORIZON, Dataset
from forecasting.families import FAMILIES, Z80, SeriesForecast
from forecasting.indexation import cumulative_index, yearly_percentages

SERIES_LABELS = {"gebruik": "gebruik per inwoner", "kosten_per_client": "kosten per cliënt (reëel)"}
FACTORS = ("demografie", "gebruik", "kosten_per_client", "indexatie")
DRAWS = 2000
SEED = 20241231
TOTAL = "Totaal"
REALISED = "realisatie"
BASELINE = "basisprognose"
OUTPUT_COLUMNS = ["jaar", "domein", "voorziening", "reeks", "clienten", "bedrag", "ondergrens", "bovengrens"]


@dataclass
class SeriesInput:
    """One series of one voorziening, ready to fit."""

    voorziening: str
    reeks: str
    years: np.ndarray
    values: np.ndarray


@dataclass
class Baseline:
    """The fitted baseline: long frames for output and arrays for the scenario arithmetic."""

    dataset_name: str
    last_year: int
    years: list[int]  # forecast years
    voorzieningen: list[str]
    domains: list[str]  # domein of each voorziening, same order
    components: pd.DataFrame  # jaar, voorziening, domein, bevolking, gebruik, kosten_per_client, index, ...
    cost_draws: np.ndarray  # [draw, voorziening, year]
    client_draws: np.ndarray  # [draw, voorziening, year]
    output: pd.DataFrame  # OUTPUT_COLUMNS, realisation and baseline, with totals
    growth: pd.DataFrame  # jaar, domein, voorziening, factor, bedrag
    choices: pd.DataFrame  # voorziening, reeks, model, reden, bandfactor
    evaluations: pd.DataFrame  # voorziening, reeks, model, mape, mase, bias, dekking, ...
    indexation: pd.DataFrame  # jaar, domein, voorziening, percentage, bron
    excluded_years: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def point_cost(self) -> np.ndarray:
        """[voorziening, year] point forecast of cost (computed once: the components never change)."""
        return self._pivot("bedrag")

    @cached_property
    def point_clients(self) -> np.ndarray:
        return self._pivot("clienten")

    def _pivot(self, column: str) -> np.ndarray:
        future = self.components.loc[self.components["jaar"].isin(self.years)]
        table = future.pivot(index="voorziening", columns="jaar", values=column)
        return table.loc[self.voorzieningen, self.years].to_numpy(dtype=float)


def _series_inputs(dataset: Dataset, index: pd.DataFrame, excluded: set[int]) -> dict[str, list[SeriesInput]]:
    """Use rate and real cost per client per voorziening, excluded years left out."""
    out: dict[str, list[SeriesInput]] = {}
    for voorziening, doelgroep in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["doelgroep"]):
        real = dataset.realisatie.loc[dataset.realisatie["voorziening"] == voorziening].sort_values("jaar")
        real = real.loc[~real["jaar"].isin(excluded)]
        population = dataset.population(doelgroep)
        years = real["jaar"].to_numpy(dtype=int)
        rate = real["clienten"].to_numpy(dtype=float) / population.loc[years].to_numpy(dtype=float)
        price = index.loc[index["voorziening"] == voorziening].set_index("jaar")["index"]
        with_clients = real["clienten"].to_numpy() > 0
        cost_years = years[with_clients]
        cpc = (real["kosten"].to_numpy(dtype=float)[with_clients] / real["clienten"].to_numpy(dtype=float)[with_clients]
               / price.loc[cost_years].to_numpy(dtype=float))
        out[voorziening] = [
            SeriesInput(voorziening, "gebruik", years, rate),
            SeriesInput(voorziening, "kosten_per_client", cost_years, cpc),
        ]
    return out


def _evaluate_series(series: SeriesInput, families: tuple[str, ...]) -> tuple[str, str, Evaluation | None]:
    if len(series.years) <= MIN_TRAIN:
        return series.voorziening, series.reeks, None
    return series.voorziening, series.reeks, evaluate(series.years, series.values, list(families))


def evaluate_all(
    dataset: Dataset, excluded_years: list[int] | tuple[int, ...] = (), families: tuple[str, ...] | None = None,
    progress=None,
) -> dict[tuple[str, str], Evaluation | None]:
    """Backtest every family on every series (the expensive step; cache its result on the data).

    `progress(done, total, label)` is called before each series when given.
    """
    families = families or tuple(FAMILIES)
    _, index = _price_levels(dataset, DEFAULT_HORIZON)
    inputs = [s for pair in _series_inputs(dataset, index, set(excluded_years)).values() for s in pair]
    # Sequential on purpose: threads gain nothing (GIL) and process pools lose more to start-up and
    # re-imports than the ~12 s of fitting they would split (measured in benchmarks/README.md).
    results = []
    for done, series in enumerate(inputs):
        if progress is not None:
            progress(done, len(inputs), f"{series.voorziening}: {SERIES_LABELS[series.reeks]}")
        results.append(_evaluate_series(series, families))
    return {(v, r): e for v, r, e in results}


def _price_levels(dataset: Dataset, horizon: int, continuation_pct: float | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indexation per year (with its source) and the price level relative to the last realised year."""
    years = list(range(dataset.first_year, dataset.last_year + horizon + 1))
    percentages = yearly_percentages(dataset, years, continuation_pct)
    return percentages, cumulative_index(percentages, dataset.last_year)


def _widen(result: SeriesForecast, factor: float) -> SeriesForecast:
    return SeriesForecast(
        result.mean,
        result.mean - factor * (result.mean - result.lower),
        result.mean + factor * (result.upper - result.mean),
    ).clipped()


def _choose(series: SeriesInput, requested: str, evaluation: Evaluation | None, warnings: list[str]):
    """The family to use, why, and the band factor from its backtest."""
    if evaluation is None:
        fallback = "linear" if len(series.years) >= 3 else "flat"
        warnings.append(
            f"{series.voorziening}: maar {len(series.years)} bruikbare jaren voor {SERIES_LABELS[series.reeks]}; "
            f"prognose met '{fallback}' zonder backtest."
        )
        return fallback, f"te weinig jaren ({len(series.years)}) voor een backtest", 1.0
    scores = evaluation.scores.set_index("model")
    if requested == "auto":
        name, reason = evaluation.chosen, evaluation.reason
    else:
        name, reason = requested, "gekozen door de gebruiker"
    factor = float(scores.loc[name, "bandfactor"]) if name in scores.index else 1.0
    return name, reason, factor


def _split_lognormal(mean: np.ndarray, lower: np.ndarray, upper: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Draws whose 10th and 90th percentiles are `lower` and `upper` (z: [draws, 1] standard normals)."""
    safe_mean = np.maximum(mean, 1e-12)
    sigma_up = np.log(np.maximum(upper, safe_mean) / safe_mean) / Z80
    sigma_down = np.log(safe_mean / np.maximum(lower, safe_mean * 1e-3)) / Z80
    sigma = np.where(z > 0, sigma_up, sigma_down)
    return safe_mean * np.exp(z * sigma)


def build_baseline(
    dataset: Dataset,
    horizon: int = DEFAULT_HORIZON,
    model: str | dict[str, str] = "auto",
    excluded_years: list[int] | tuple[int, ...] = (),
    evaluations: dict[tuple[str, str], Evaluation | None] | None = None,
    continuation_pct: float | None = None,
) -> Baseline:
    """Fit the baseline; `model` is one family for all voorzieningen or a choice per voorziening."""
    excluded = sorted(set(int(y) for y in excluded_years))
    warnings: list[str] = []
    if evaluations is None:
        # a choice per voorziening may leave others on auto, so that backtests every family
        families = (model,) if isinstance(model, str) and model != "auto" else tuple(FAMILIES)
        evaluations = evaluate_all(dataset, excluded, families)
    future = np.array(dataset.forecast_years(horizon))
    percentages, index = _price_levels(dataset, horizon, continuation_pct)
    inputs = _series_inputs(dataset, index, set(excluded))
    rng = np.random.default_rng(SEED)
    names = list(dataset.voorzieningen["voorziening"])
    domains = list(dataset.voorzieningen["domein"])
    cost_draws = np.zeros((DRAWS, len(names), len(future)))
    client_draws = np.zeros_like(cost_draws)
    components, choices = [], []
    for position, (voorziening, doelgroep) in enumerate(zip(names, dataset.voorzieningen["doelgroep"])):
        requested = model.get(voorziening, "auto") if isinstance(model, dict) else model
        fitted = {}
        for series in inputs[voorziening]:
            evaluation = evaluations.get((voorziening, series.reeks))
            name, reason, factor = _choose(series, requested, evaluation, warnings)
            if len(series.years) == 0:
                raise ValueError(f"{voorziening}: geen bruikbare jaren voor {SERIES_LABELS[series.reeks]}")
            family = FAMILIES[name] if len(series.years) >= 2 else FAMILIES["flat"]
            result = family.forecast(series.years, series.values, future)
            fitted[series.reeks] = _widen(result, factor)
            choices.append({"voorziening": voorziening, "reeks": series.reeks, "model": name,
                            "model_label": FAMILIES[name].label, "reden": reason, "bandfactor": factor})
        population = dataset.population(doelgroep)
        price = index.loc[index["voorziening"] == voorziening].set_index("jaar")["index"]
        pop_future = population.loc[future].to_numpy(dtype=float)
        price_future = price.loc[future].to_numpy(dtype=float)
        z_rate = rng.standard_normal((DRAWS, 1))
        z_cost = rng.standard_normal((DRAWS, 1))
        rate, cpc = fitted["gebruik"], fitted["kosten_per_client"]
        rate_draws = _split_lognormal(rate.mean, rate.lower, rate.upper, z_rate)
        cpc_draws = _split_lognormal(cpc.mean, cpc.lower, cpc.upper, z_cost)
        client_draws[:, position, :] = rate_draws * pop_future
        cost_draws[:, position, :] = client_draws[:, position, :] * cpc_draws * price_future
        components.append(_components(dataset, voorziening, domains[position], population, price, future, rate, cpc))
    components_frame = pd.concat(components, ignore_index=True)
    baseline = Baseline(
        dataset_name=dataset.naam, last_year=dataset.last_year, years=[int(y) for y in future],
        voorzieningen=names, domains=domains, components=components_frame,
        cost_draws=cost_draws, client_draws=client_draws,
        output=pd.DataFrame(), growth=pd.DataFrame(), choices=pd.DataFrame(choices),
        evaluations=_evaluation_frame(evaluations), indexation=percentages,
        excluded_years=excluded, warnings=warnings,
    )
    baseline.output = _output(baseline)
    baseline.growth = growth_decomposition(baseline)
    return baseline


def _components(dataset, voorziening, domein, population, price, future, rate, cpc) -> pd.DataFrame:
    real = dataset.realisatie.loc[dataset.realisatie["voorziening"] == voorziening].sort_values("jaar")
    years = real["jaar"].to_numpy(dtype=int)
    clients = real["clienten"].to_numpy(dtype=float)
    costs = real["kosten"].to_numpy(dtype=float)
    pop = population.loc[years].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        real_cpc = np.where(clients > 0, costs / clients / price.loc[years].to_numpy(dtype=float), np.nan)
    history = pd.DataFrame({
        "jaar": years, "voorziening": voorziening, "domein": domein, "reeks": REALISED,
        "bevolking": pop, "gebruik": clients / pop, "kosten_per_client": real_cpc,
        "index": price.loc[years].to_numpy(dtype=float), "clienten": clients, "bedrag": costs,
    })
    pop_future = population.loc[future].to_numpy(dtype=float)
    price_future = price.loc[future].to_numpy(dtype=float)
    forecast = pd.DataFrame({
        "jaar": future, "voorziening": voorziening, "domein": domein, "reeks": BASELINE,
        "bevolking": pop_future, "gebruik": rate.mean, "kosten_per_client": cpc.mean, "index": price_future,
        "clienten": rate.mean * pop_future, "bedrag": rate.mean * pop_future * cpc.mean * price_future,
        "gebruik_p10": rate.lower, "gebruik_p90": rate.upper,
        "kosten_per_client_p10": cpc.lower, "kosten_per_client_p90": cpc.upper,
    })
    return pd.concat([history, forecast], ignore_index=True)


def _evaluation_frame(evaluations) -> pd.DataFrame:
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


def _bands(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.percentile(draws, 10, axis=0), np.percentile(draws, 90, axis=0)


def _output(baseline: Baseline) -> pd.DataFrame:
    """The long output: realisation and baseline per voorziening, with totals per domein and overall."""
    comp = baseline.components
    rows = []
    history = comp.loc[comp["reeks"] == REALISED]
    for _, row in history.iterrows():
        rows.append((row["jaar"], row["domein"], row["voorziening"], REALISED, row["clienten"], row["bedrag"],
                     np.nan, np.nan))
    for (jaar, domein), group in history.groupby(["jaar", "domein"]):
        rows.append((jaar, domein, TOTAL, REALISED, np.nan, group["bedrag"].sum(), np.nan, np.nan))
    for jaar, group in history.groupby("jaar"):
        rows.append((jaar, TOTAL, TOTAL, REALISED, np.nan, group["bedrag"].sum(), np.nan, np.nan))
    rows.extend(forecast_rows(baseline, baseline.point_cost, baseline.cost_draws, baseline.point_clients, BASELINE))
    frame = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    frame["jaar"] = frame["jaar"].astype(int)
    return sort_output(frame)


def forecast_rows(baseline: Baseline, point_cost, cost_draws, point_clients, reeks) -> list[tuple]:
    """Rows of the long output for forecast years: per voorziening, per domein total, overall total."""
    rows = []
    low, high = _bands(cost_draws)
    for v, (voorziening, domein) in enumerate(zip(baseline.voorzieningen, baseline.domains)):
        for t, year in enumerate(baseline.years):
            rows.append((year, domein, voorziening, reeks, point_clients[v, t], point_cost[v, t],
                         low[v, t], high[v, t]))
    domains = np.array(baseline.domains)
    for domein in dict.fromkeys(baseline.domains):
        mask = domains == domein
        low_d, high_d = _bands(cost_draws[:, mask, :].sum(axis=1))
        for t, year in enumerate(baseline.years):
            rows.append((year, domein, TOTAL, reeks, np.nan, point_cost[mask, t].sum(), low_d[t], high_d[t]))
    low_all, high_all = _bands(cost_draws.sum(axis=1))
    for t, year in enumerate(baseline.years):
        rows.append((year, TOTAL, TOTAL, reeks, np.nan, point_cost[:, t].sum(), low_all[t], high_all[t]))
    return rows


def sort_output(frame: pd.DataFrame) -> pd.DataFrame:
    order = {"Wmo": 0, "Jeugd": 1, TOTAL: 9}
    return (
        frame.assign(_d=frame["domein"].map(order).fillna(5), _t=(frame["voorziening"] == TOTAL).astype(int))
        .sort_values(["_d", "_t", "voorziening", "jaar", "reeks"], kind="stable")
        .drop(columns=["_d", "_t"])
        .reset_index(drop=True)
    )


def growth_decomposition(baseline: Baseline) -> pd.DataFrame:
    """Per forecast year, the change in cost against the last realised year split with LMDI.

    demografie (population), gebruik (use rate), kosten_per_client (real cost per client) and
    indexatie (price level); the four parts add up exactly to the change.
    """
    comp = baseline.components
    start = comp.loc[comp["jaar"] == baseline.last_year].set_index("voorziening")
    rows = []
    for year in baseline.years:
        end = comp.loc[(comp["jaar"] == year) & (comp["reeks"] == BASELINE)].set_index("voorziening")
        s = start.loc[end.index]
        parts = lmdi.decompose(
            {"demografie": s["bevolking"], "gebruik": s["gebruik"],
             "kosten_per_client": s["kosten_per_client"].fillna(end["kosten_per_client"]), "indexatie": s["index"]},
            {"demografie": end["bevolking"], "gebruik": end["gebruik"],
             "kosten_per_client": end["kosten_per_client"], "indexatie": end["index"]},
        )
        for factor in FACTORS:
            for voorziening, value in zip(end.index, parts[factor]):
                rows.append((year, end.loc[voorziening, "domein"], voorziening, factor, float(value)))
    frame = pd.DataFrame(rows, columns=["jaar", "domein", "voorziening", "factor", "bedrag"])
    per_domain = frame.groupby(["jaar", "domein", "factor"], as_index=False, sort=False)["bedrag"].sum()
    per_domain["voorziening"] = TOTAL
    overall = frame.groupby(["jaar", "factor"], as_index=False, sort=False)["bedrag"].sum()
    overall["domein"] = TOTAL
    overall["voorziening"] = TOTAL
    columns = ["jaar", "domein", "voorziening", "factor", "bedrag"]
    return pd.concat([frame, per_domain[columns], overall[columns]], ignore_index=True)
