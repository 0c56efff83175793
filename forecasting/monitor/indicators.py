"""Indicators with a base year, start value and target, and the ones Grip computes from its own data.

Computed per voorziening, per domein and overall (clients are summed over voorzieningen, so a person with two
voorzieningen counts twice; costs come from the projection's own totals):
    Cliënten per 1.000 inwoners <doelgroep>: <selectie>   = clients / inhabitants of the doelgroep x 1000
                                                            (a domein whose voorzieningen have different
                                                            doelgroepen: all inhabitants)
    Aandeel jeugdigen met jeugdhulp                       = Jeugd clients / inhabitants of its doelgroep x 100 (%)
    Reële kosten per cliënt: <selectie>                   = sum of cost / price index over sum of clients
                                                            (prices of the last realised year)
    Kosten per inwoner: <selectie>                        = cost / all inhabitants (current prices)
for the realised years, and for the forecast years under the baseline and under the scenario.

Status against the straight path (the rule, STATUS_RULE, is shown with every status):
    path(t)  = startwaarde + (streefwaarde - startwaarde) * (t - basisjaar) / (streefjaar - basisjaar),
               and streefwaarde after streefjaar
    behind   = (value(t) - path(t)) * (+1 when lower is better, -1 when higher is better)
    share    = behind / |streefwaarde - startwaarde|    (|startwaarde| when the two are equal)
    status   = op koers when share <= let_op, let op when share <= uit_koers, else uit koers
with the thresholds let_op = 10% and uit_koers = 25% by default. A year before basisjaar gets no status.
The target is reached in the first year whose value is on the right side of streefwaarde.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecasting.input.dataset import WHOLE_POPULATION, Dataset
from forecasting.model.baseline import Baseline, realised_price_index
from forecasting.model.projection import TOTAL, Projection

LOWER, HIGHER = "lager is beter", "hoger is beter"
ON_TRACK, WATCH, OFF_TRACK, NO_STATUS = "op koers", "let op", "uit koers", "geen oordeel"
STATUS_COLOURS = {ON_TRACK: "#1a7f37", WATCH: "#b35c00", OFF_TRACK: "#c62828", NO_STATUS: "#6b7280"}
YOUTH_SHARE = "Aandeel jeugdigen met jeugdhulp"


@dataclass(frozen=True)
class Thresholds:
    """Share of the planned change a value may lag behind the path: up to let_op on course, up to uit_koers
    'let op', beyond that off course."""

    let_op: float = 0.10
    uit_koers: float = 0.25


def status_rule(thresholds: Thresholds = Thresholds()) -> str:
    low, high = round(thresholds.let_op * 100), round(thresholds.uit_koers * 100)
    return (f"Regel: de rechte lijn loopt van de startwaarde in het basisjaar naar de streefwaarde in het streefjaar. "
            f"Ligt de waarde hoogstens {low}% van de beoogde verandering aan de verkeerde kant van die lijn, dan is "
            f"de indicator op koers; tot {high}% let op; meer dan {high}% uit koers.")


@dataclass(frozen=True)
class Target:
    basisjaar: int
    startwaarde: float
    streefwaarde: float
    streefjaar: int
    richting: str = LOWER

    def path(self, year: int) -> float:
        if year >= self.streefjaar:
            return self.streefwaarde
        step = (self.streefwaarde - self.startwaarde) / (self.streefjaar - self.basisjaar)
        return self.startwaarde + step * (year - self.basisjaar)

    def behind(self, year: int, value: float) -> float:
        """How far `value` lies on the wrong side of the path, as a share of the planned change."""
        sign = 1.0 if self.richting == LOWER else -1.0
        scale = abs(self.streefwaarde - self.startwaarde) or abs(self.startwaarde) or 1.0
        return sign * (value - self.path(year)) / scale

    def status(self, year: int, value: float, thresholds: Thresholds = Thresholds()) -> str:
        if value is None or not np.isfinite(value) or year < self.basisjaar:
            return NO_STATUS
        share = self.behind(year, value)
        if not np.isfinite(share):  # never a status from an overflow (the input limits prevent it)
            return NO_STATUS
        if share <= thresholds.let_op:
            return ON_TRACK
        return WATCH if share <= thresholds.uit_koers else OFF_TRACK

    def met(self, value: float) -> bool:
        return value <= self.streefwaarde if self.richting == LOWER else value >= self.streefwaarde


@dataclass(frozen=True)
class Indicator:
    naam: str
    eenheid: str
    richting: str
    realised: dict[int, float] = field(default_factory=dict)
    baseline: dict[int, float] = field(default_factory=dict)
    scenario: dict[int, float] = field(default_factory=dict)
    target: Target | None = None
    bron: str = ""
    actualisatie: str = ""
    computed: bool = False

    @property
    def latest(self) -> tuple[int, float] | None:
        if not self.realised:
            return None
        year = max(self.realised)
        return year, self.realised[year]

    def status(self, thresholds: Thresholds = Thresholds()) -> str:
        """The status of the latest realised value against the path."""
        if self.target is None or self.latest is None:
            return NO_STATUS
        return self.target.status(*self.latest, thresholds)

    def projected_status(self, thresholds: Thresholds = Thresholds(), series: str = "scenario") -> str:
        """The status of the projection in the target year (or the last projected year before it)."""
        values = getattr(self, series)
        if self.target is None or not values:
            return NO_STATUS
        year = min(self.target.streefjaar, max(values)) if min(values) <= self.target.streefjaar else min(values)
        return self.target.status(year, values[year], thresholds)

    def values(self, series: str = "scenario") -> dict[int, float]:
        """The realised values followed by the projected ones of `series` ('scenario' or 'baseline')."""
        return {**self.realised, **getattr(self, series)}

    def reached_in(self, series: str = "scenario") -> int | None:
        """The first year (realised, then projected) whose value meets the target; None when none does."""
        if self.target is None:
            return None
        values = self.values(series)
        return next((year for year in sorted(values) if year >= self.target.basisjaar
                     and self.target.met(values[year])), None)


def _population(dataset: Dataset, doelgroep: str, years) -> np.ndarray:
    series = dataset.population(doelgroep)
    return np.array([series.get(year, np.nan) for year in years], dtype=float)


def _price_index(dataset: Dataset, baseline: Baseline, names, years) -> np.ndarray:
    """[V, T] price level relative to the last realised year, for realised and forecast years."""
    realised = realised_price_index(dataset).pivot(index="voorziening", columns="jaar", values="index")
    span = list(baseline.components.years)
    out = np.full((len(names), len(years)), np.nan)
    for t, year in enumerate(years):
        if year in span:
            out[:, t] = baseline.components.index[:, span.index(year)]
        elif year in realised.columns:
            out[:, t] = realised.loc[list(names), year].to_numpy(dtype=float)
    return out


def computed_values(dataset: Dataset, baseline: Baseline, projection: Projection) -> dict[str, tuple[str, dict]]:
    """{name: (eenheid, {year: value})} of every computed indicator over `projection`'s years."""
    names, domains, years = projection.voorzieningen, projection.domains, list(projection.years)
    groups = dict(zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["doelgroep"]))
    everyone = _population(dataset, WHOLE_POPULATION, years)
    index = _price_index(dataset, baseline, names, years)
    out: dict[str, tuple[str, dict]] = {}

    def by_year(values) -> dict[int, float]:
        return {year: float(value) for year, value in zip(years, values) if np.isfinite(value)}

    selections = [(d, v) for d, v in zip(domains, names)] + [(d, TOTAL) for d in projection.domain_names]
    for domein, voorziening in selections + [(TOTAL, TOTAL)]:
        mask = projection.mask(domein, voorziening)
        label = voorziening if voorziening != TOTAL else domein
        clients = projection.clients[mask].sum(axis=0)
        cost = projection.point(domein, voorziening)
        mine = {groups[n] for n in np.array(names)[mask]}
        if domein != TOTAL:
            group = next(iter(mine)) if len(mine) == 1 else WHOLE_POPULATION
            population = _population(dataset, group, years)
            shown = f" {group}" if group != WHOLE_POPULATION else ""
            with np.errstate(divide="ignore", invalid="ignore"):
                out[f"Cliënten per 1.000 inwoners{shown}: {label}"] = (
                    "per 1.000 inwoners", by_year(clients / population * 1000))
                if domein == "Jeugd" and voorziening == TOTAL and group != WHOLE_POPULATION:
                    out[YOUTH_SHARE] = ("%", by_year(clients / population * 100))
        with np.errstate(divide="ignore", invalid="ignore"):
            real = (projection.cost[mask] / index[mask]).sum(axis=0) / clients
            out[f"Reële kosten per cliënt: {label}"] = (f"€ (prijzen {dataset.last_year})", by_year(real))
            out[f"Kosten per inwoner: {label}"] = ("€ per inwoner", by_year(cost / everyone))
    return out


def indicators(dataset: Dataset, baseline: Baseline, scenario: Projection) -> list[Indicator]:
    """The user's indicators (with their targets; values from Grip where Grip computes them, a value in
    `indicatorwaarden` winning), then every computed indicator without a target."""
    realised = computed_values(dataset, baseline, baseline.history)
    ahead = computed_values(dataset, baseline, baseline.projection)
    planned = computed_values(dataset, baseline, scenario)
    lookup = {name.lower(): name for name in realised}
    given = dataset.indicatorwaarden
    out, used = [], set()
    for row in dataset.indicatoren.itertuples(index=False):
        key = lookup.get(str(row.indicator).lower())
        values = dict(realised[key][1]) if key else {}
        mine = given.loc[given["indicator"] == row.indicator]
        values.update({int(j): float(w) for j, w in zip(mine["jaar"], mine["waarde"])})
        target = Target(int(row.basisjaar), float(row.startwaarde), float(row.streefwaarde), int(row.streefjaar),
                        row.richting)
        out.append(Indicator(row.indicator, _text(row.eenheid) or (realised[key][0] if key else ""), row.richting,
                             values, ahead[key][1] if key else {}, planned[key][1] if key else {}, target,
                             _text(row.bron), _text(row.actualisatie), computed=key is not None))
        if key:
            used.add(key)
    for name, (unit, values) in realised.items():
        if name not in used:
            out.append(Indicator(name, unit, LOWER, values, ahead[name][1], planned[name][1], None,
                                 "Grip (realisatie, prognose en bevolking)", "bij nieuwe gegevens", True))
    return out


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def values_frame(items: list[Indicator]) -> pd.DataFrame:
    """indicator, eenheid, jaar, reeks (realisatie / basisprognose / scenario / streefpad), waarde."""
    rows = []
    for item in items:
        for reeks, values in (("realisatie", item.realised), ("basisprognose", item.baseline),
                              ("scenario", item.scenario)):
            rows += [(item.naam, item.eenheid, year, reeks, value) for year, value in sorted(values.items())]
        if item.target is not None:
            target = item.target
            rows += [(item.naam, item.eenheid, year, "streefpad", target.path(year))
                     for year in range(target.basisjaar, target.streefjaar + 1)]
    return pd.DataFrame(rows, columns=["indicator", "eenheid", "jaar", "reeks", "waarde"])
