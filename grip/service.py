"""From a dataset, the user's settings and a scenario to everything a screen or a command line shows.

    backtests(dataset, settings)            the expensive step: every family tested on every series
    run(dataset, settings, scenario)        = baseline   (forecasting/model/baseline.py: rate x population x
                                                           real cost per client x index)
                                            -> scenario   (scenarios/apply.py: the measures' factors; measures for a
                                                           gemeente outside the dataset are left out)
                                            -> against the budget (scenarios/budget.py)

Both command lines and the Streamlit screens call this module; it has no Streamlit in it. The settings are
checked once here (settings_problems: the horizon against how far the population forecast reaches, the
excluded years against the realisation, the model names against the families), before anything is fitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.input.dataset import DEFAULT_HORIZON, Dataset
from forecasting.input.problems import Problem, Problems
from forecasting.input.validation import validate_exclusion
from forecasting.model.baseline import SEED, Baseline, Evaluations, build_baseline, evaluate_all, families_to_backtest
from forecasting.model.families import FAMILIES, MODEL_CHOICES
from forecasting.model.projection import TOTAL, Projection
from presentation import story, tables
from presentation.formatting import euro, number
from scenarios.apply import ScenarioResult, apply_scenario
from scenarios.budget import Budget, BudgetComparison, budget_of, compare
from scenarios.measures import Scenario

MIN_HORIZON, MAX_HORIZON = 1, 30
SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "voorbeeldgemeente"
SAMPLE_NAME = "Voorbeeldgemeente (fictief)"
SAMPLE_REGION_PATH = SAMPLE_PATH.parent / "voorbeeldregio"
SAMPLE_REGION_NAME = "Voorbeeldregio (fictief)"


def dataset_name(path: str | Path) -> str | None:
    """The name to show for a data folder: the sample is always called fictional; others by their folder."""
    resolved = Path(path).resolve()
    return {SAMPLE_PATH: SAMPLE_NAME, SAMPLE_REGION_PATH: SAMPLE_REGION_NAME}.get(resolved)
NO_MEASURES = "Basisprognose (geen maatregelen)"


@dataclass(frozen=True)
class Settings:
    """What the user chose: how far ahead, which model, which years to leave out, the indexation assumption."""

    horizon: int = DEFAULT_HORIZON
    model: str = "auto"  # for every voorziening without a choice of its own
    models: tuple[tuple[str, str], ...] = ()  # (voorziening, family) chosen per voorziening
    excluded_years: tuple[int, ...] = ()
    continuation_pct: float | None = None  # indexation per year after the last given year (None: the last one)
    seed: int = SEED

    @property
    def backtest_key(self) -> tuple:
        """What the backtest depends on (besides the data): the excluded years and the families to test."""
        return tuple(sorted(set(self.excluded_years))), families_to_backtest(self.model, dict(self.models))


def horizon_problems(dataset: Dataset, horizon: int) -> Problems:
    """The one check of the horizon: within the allowed range and covered by the population forecast."""
    problems = Problems()
    if not MIN_HORIZON <= horizon <= MAX_HORIZON:
        problems.error("instellingen", None, "horizon", horizon,
                       f"De horizon moet tussen {MIN_HORIZON} en {MAX_HORIZON} jaar liggen.")
    elif horizon > dataset.max_horizon:
        problems.error("bevolking", None, "jaar", dataset.last_year + horizon,
                       f"De bevolkingsprognose loopt tot {dataset.last_year + dataset.max_horizon}; een horizon van "
                       f"{horizon} jaar vraagt tot {dataset.last_year + horizon}. Kies hoogstens "
                       f"{dataset.max_horizon} jaar of vul de bevolkingsprognose aan.")
    return problems


def settings_problems(dataset: Dataset, settings: Settings) -> Problems:
    """The one check of the settings against the dataset: horizon, excluded years and model names (Dutch)."""
    problems = horizon_problems(dataset, settings.horizon)
    if settings.excluded_years:  # a dataset that is usable as read stays usable without exclusions
        problems.extend(validate_exclusion(dataset, settings.excluded_years))
    for voorziening, model in (("", settings.model), *settings.models):
        if model not in MODEL_CHOICES:
            problems.error("instellingen", None, "model", model,
                           f"Onbekend model '{model}'{f' voor {voorziening}' if voorziening else ''}; kies uit "
                           f"{', '.join(MODEL_CHOICES)}.")
    known = set(dataset.voorzieningen["voorziening"])
    for voorziening, _ in settings.models:
        if voorziening not in known:
            problems.warning("instellingen", None, "voorziening", voorziening,
                             f"Er is een model gekozen voor '{voorziening}', maar die voorziening staat niet in de "
                             "gegevens; die keuze doet niets.")
    return problems


def backtests(dataset: Dataset, settings: Settings, progress=None, every_family: bool = False) -> Evaluations:
    """Every family that the settings need (or `every_family`), backtested on every series (cache this on the
    data's content)."""
    excluded, families = settings.backtest_key
    if every_family:
        families = tuple(dict.fromkeys(families + tuple(FAMILIES)))
    return evaluate_all(dataset, excluded, families, progress)


def baseline(dataset: Dataset, settings: Settings, evaluations: Evaluations | None = None) -> Baseline:
    """The fitted baseline, with a Dutch warning for every voorziening that grows implausibly (`growth_warnings`);
    UnusableSettings (a Dutch report) when the settings do not fit the dataset."""
    problems = settings_problems(dataset, settings)
    if not problems.ok:
        raise UnusableSettings(problems)
    if evaluations is None:
        evaluations = backtests(dataset, settings)
    fitted = build_baseline(dataset, settings.horizon, settings.model, settings.excluded_years, evaluations,
                            settings.continuation_pct, settings.seed, dict(settings.models))
    flagged = growth_warnings(dataset, fitted)
    return replace(fitted, warnings=tuple(fitted.warnings) + flagged) if flagged else fitted


MAX_GROWTH = 10.0  # a forecast cost above 10x the last realised cost of its voorziening is flagged


def growth_warnings(dataset: Dataset, fitted: Baseline) -> tuple[Problem, ...]:
    """The plausibility guard on the output: per voorziening, a Dutch warning when its forecast cost in some year
    exceeds MAX_GROWTH x its last realised cost, naming the realised year whose cost per client lies furthest
    from the voorziening's median (the input that most likely causes it)."""
    problems = Problems()
    history, projection = fitted.history, fitted.projection
    last_t = list(history.years).index(fitted.last_year) if fitted.last_year in history.years else -1
    for v, name in enumerate(projection.voorzieningen):
        if name not in history.voorzieningen:
            continue
        last = float(history.cost[list(history.voorzieningen).index(name), last_t])
        costs = projection.cost[v]
        peak_t = int(np.nanargmax(costs)) if np.isfinite(costs).any() else None
        if peak_t is None or not last > 0 or not costs[peak_t] > MAX_GROWTH * last:
            continue
        peak = float(costs[peak_t])
        problems.warning("basisprognose", None, name, f"{peak:.0f}",
                         f"De basisprognose van '{name}' groeit tot {euro(peak)} in {projection.years[peak_t]}: "
                         f"{number(peak / last, 0)} keer de laatste realisatie ({euro(last)} in {fitted.last_year}). "
                         f"{_likely_cause(dataset, name)} Controleer de invoer voordat u deze prognose gebruikt.")
    return tuple(problems.items)


def _likely_cause(dataset: Dataset, voorziening: str) -> str:
    """The realised year whose cost per client lies furthest from the median (in Dutch), or the trend."""
    rows = dataset.realisatie.loc[(dataset.realisatie["voorziening"] == voorziening)
                                  & (dataset.realisatie["clienten"] > 0)]
    per_client = rows["kosten"] / rows["clienten"]
    median = float(per_client.median()) if len(per_client) else float("nan")
    if len(per_client) >= 2 and median > 0:
        distance = np.abs(np.log(per_client.clip(lower=1e-300) / median))
        worst = distance.idxmax()
        if distance[worst] > np.log(2):
            year, clients, cost = int(rows.at[worst, "jaar"]), float(rows.at[worst, "clienten"]), rows.at[worst,
                                                                                                           "kosten"]
            shown = f"{clients:g}".replace(".", ",")
            return (f"Vermoedelijke oorzaak in de invoer: in {year} staan {shown} cliënten bij {euro(cost)} kosten "
                    f"(kosten per cliënt {number(per_client[worst] / median, 1)} keer de mediaan).")
    return (f"De groei komt uit de trend van het gebruik of de kosten per cliënt van '{voorziening}' in de "
            "laatste gerealiseerde jaren.")


class UnusableResult(Exception):
    """A run whose numbers cannot be shown (a negative or non-finite cost); `problems` says why in Dutch."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems


class UnusableSettings(UnusableResult):
    """Settings that do not fit the dataset (a horizon beyond the population forecast, every year excluded, an
    unknown model); `problems` says which in Dutch."""


def result_problems(baseline_cost: Projection, scenario_cost: Projection) -> Problems:
    """The one check before anything is shown or written: every cost finite and not negative, else a Dutch error
    naming the voorziening and year (so no output ever holds NaN, inf or a negative cost)."""
    problems = Problems()
    for label, projection in (("basisprognose", baseline_cost), ("scenario", scenario_cost)):
        bad = ~np.isfinite(projection.cost) | (projection.cost < 0)
        if projection.draws is not None:
            bad |= ~np.isfinite(projection.draws).all(axis=0)
        for v, t in zip(*np.nonzero(bad)):
            value = projection.cost[v, t]
            reason = ("wordt negatief: een vaste besparing of een effect is groter dan de kosten zelf. Verklein de "
                      "maatregel of richt haar op meer voorzieningen." if np.isfinite(value) else
                      "is geen bruikbaar getal (te groot of onbepaald). Controleer de ingelezen bedragen.")
            problems.error(label, None, projection.voorzieningen[v], f"{value:.0f}" if np.isfinite(value) else
                           str(value), f"De {label} van '{projection.voorzieningen[v]}' in "
                           f"{projection.years[t]} {reason}")
    return problems


@dataclass(frozen=True, eq=False)
class Run:
    """Everything shown for one dataset, settings and scenario."""

    dataset: Dataset
    settings: Settings
    baseline: Baseline
    scenario: Scenario
    result: ScenarioResult
    comparison: BudgetComparison
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def years(self) -> list[int]:
        return self.baseline.years

    @property
    def final_year(self) -> int:
        return self.baseline.years[-1]

    def this_year(self, today: date | None = None) -> int:
        """The current calendar year when it is a forecast year, else the first forecast year."""
        year = (today or date.today()).year
        return year if year in self.baseline.years else self.baseline.years[0]

    # --- shared sentences -----------------------------------------------------------------------------------
    @cached_property
    def indexation_sentence(self) -> str:
        return story.indexation_assumption(self.baseline.indexation)

    @cached_property
    def model_summary(self) -> str:
        return story.model_summary(self.baseline.choices)

    # --- long frames for the edges (CSV, Excel, charts, tables) ---------------------------------------------
    @cached_property
    def output(self) -> pd.DataFrame:
        return tables.scenario_output(self.baseline, self.result, self.comparison.budget)

    @cached_property
    def comparison_frame(self) -> pd.DataFrame:
        return tables.comparison_frame(self.comparison)

    @cached_property
    def effects(self) -> pd.DataFrame:
        return tables.effects_frame(self.result)

    def gap(self, domein: str = TOTAL, voorziening: str = TOTAL) -> pd.DataFrame:
        rows = self.comparison_frame
        return rows.loc[(rows["domein"] == domein) & (rows["voorziening"] == voorziening)].set_index("jaar")

    @property
    def budget(self) -> Budget:
        """The dataset's meerjarenbegroting as the comparison uses it."""
        return self.comparison.budget

    def without(self, measure_naam: str) -> Projection:
        """The scenario's point projection with one measure switched off (what that measure changes)."""
        if measure_naam not in self._without:
            others = [replace(m, actief=False) if m.naam == measure_naam else m for m in self.scenario.maatregelen]
            self._without[measure_naam] = apply_scenario(self.baseline, replace(self.scenario, maatregelen=others),
                                                         simulate=False).projection
        return self._without[measure_naam]

    @cached_property
    def _without(self) -> dict[str, Projection]:
        return {}


def budget(dataset: Dataset) -> Budget:
    """The dataset's meerjarenbegroting as a projection of budget lines (scenarios/budget.py)."""
    return budget_of(dataset)


def compare_scenario(fitted: Baseline, scenario: Scenario, dataset: Dataset) -> BudgetComparison:
    """Another scenario on the same baseline against the budget, point values only (for a side-by-side view);
    measures for gemeenten outside the dataset do nothing."""
    mine = scenario.within(dataset.gemeente_names)
    return compare(fitted.projection, apply_scenario(fitted, mine, simulate=False).projection, dataset)


def run(dataset: Dataset, settings: Settings, scenario: Scenario | None = None,
        evaluations: Evaluations | None = None, fitted: Baseline | None = None) -> Run:
    """The whole chain; pass `evaluations` (or a `fitted` baseline) from a cache to skip the expensive step."""
    scenario = (scenario or Scenario(NO_MEASURES)).within(dataset.gemeente_names)  # measures for other gemeenten
    fitted = fitted or baseline(dataset, settings, evaluations)
    result = apply_scenario(fitted, scenario)
    problems = result_problems(fitted.projection, result.projection)
    if not problems.ok:
        raise UnusableResult(problems)
    comparison = compare(fitted.projection, result.projection, dataset)
    return Run(dataset, settings, fitted, scenario, result, comparison, tuple(dataset.warnings) + fitted.warnings)
