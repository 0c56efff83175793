"""Several gemeenten as one dataset: the region's total (or a chosen few) built from their own series.

For gemeente g and its voorziening v the combined dataset holds the series `g · v` (label(g, v)) with g's own
doelgroep population (`g · 65+`), g's own indexation and g's own realisation. Everything downstream (the fit per
series, measures, the budget comparison, the LMDI split) runs unchanged on it, so the numbers of one gemeente
inside the region are exactly those of the gemeente alone, and the region's totals are sums over its rows
(forecasting/model/projection.py):

    cost_region[domein, t]   = Σ_g Σ_{v in domein of g} cost[g · v, t]
    budget_region[domein, t] = Σ_g budget[g, domein, t]   only in years where every chosen gemeente with that
                                                            domein has a budget for it (else no region budget:
                                                            a partial sum would look like a surplus)
    population[doelgroep, t] = Σ_g population[g · doelgroep, t]   (plain rows, for region-wide indicators)

The label is the row's key only; every row also carries its gemeente and own name explicitly (the voorzieningen
table's `gemeente` and `basis` columns, and Projection.gemeenten and .names), so a measure on `Begeleiding` reaches
`Begeleiding` in every gemeente (scenarios/measures.py). `split_label` is for the edges: the output's gemeente
column (presentation/output.py) and the order of a long frame's rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.input.dataset import MIDDLE, VARIANTS, WHOLE_POPULATION, Dataset
from forecasting.input.dutch import listing
from forecasting.input.problems import Problem, Problems
from forecasting.input.reading import gemeente_key
from forecasting.model.indexation import given_percentages
from forecasting.model.projection import Projection

SEPARATOR = " · "


def label(gemeente: str, name: str) -> str:
    """The row of voorziening (or doelgroep, indicator) `name` of `gemeente` in a combined dataset."""
    return f"{gemeente}{SEPARATOR}{name}"


def split_label(text: str) -> tuple[str | None, str]:
    """(gemeente, name) of a combined row label; (None, text) for the row of a single gemeente."""
    gemeente, found, name = str(text).partition(SEPARATOR)
    return (gemeente, name) if found else (None, str(text))


def base_name(text: str) -> str:
    return split_label(text)[1]


def selection_name(region_name: str, chosen: list[str], total: int) -> str:
    """How the sidebar and every export name a selection: the region, or the chosen gemeenten."""
    if len(chosen) == total:
        return f"{region_name}: hele regio, {total} gemeenten"
    if len(chosen) <= 3:
        return listing(chosen)
    return f"{region_name}: {len(chosen)} van {total} gemeenten"


def combine(datasets: dict[str, Dataset], naam: str) -> tuple[Dataset | None, Problems]:
    """One dataset of the given gemeenten (a single one is returned as it is); see the module docstring.

    Refused (with a Dutch message naming the gemeenten) when their last realised years differ: a region total
    would then add one gemeente's forecast to another's realisation."""
    problems = Problems()
    if not datasets:
        problems.error("gemeenten", None, "gemeente", None, "Kies ten minste één gemeente.")
        return None, problems
    if len(datasets) == 1:
        return next(iter(datasets.values())), problems
    last = {g: d.last_year for g, d in datasets.items()}
    if len(set(last.values())) > 1:
        latest = max(last.values())
        behind = sorted(g for g, year in last.items() if year < latest)
        problems.error("realisatie", None, "jaar", None,
                       f"De gemeenten hebben niet hetzelfde laatste realisatiejaar: {listing(behind)} tot "
                       f"{', '.join(str(last[g]) for g in behind)}, de andere tot {latest}. Samen tellen zou de "
                       "prognose van de een bij de realisatie van de ander optellen. Kies gemeenten met hetzelfde "
                       "laatste jaar, of vul de realisatie aan.")
        return None, problems
    for g in datasets:
        if SEPARATOR in g:
            problems.error("gemeente", None, "gemeente", g,
                           f"De gemeentenaam '{g}' bevat '{SEPARATOR.strip()}'; Grip gebruikt dat teken om gemeente "
                           "en voorziening te scheiden. Kies een naam zonder dat teken.")
    if not problems.ok:
        return None, problems
    parts = [_relabelled(g, d) for g, d in datasets.items()]
    tables = {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in parts[0]}
    tables["bevolking"] = _population(datasets)
    tables["begroting"] = _budget(datasets)
    warnings: list[Problem] = [w for d in datasets.values() for w in d.warnings]
    combined = Dataset(naam=naam, warnings=warnings, gemeenten=tuple(datasets), **tables)
    return combined, problems


def _relabelled(gemeente: str, dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The gemeente's tables with its own names for voorzieningen, doelgroepen and indicators."""

    def relabel(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        out = frame.copy()
        out[column] = [label(gemeente, v) if isinstance(v, str) else v for v in out[column]]
        return out

    voorzieningen = relabel(relabel(dataset.voorzieningen, "voorziening"), "doelgroep")
    voorzieningen["gemeente"] = gemeente
    voorzieningen["basis"] = list(dataset.voorzieningen["voorziening"])
    return {
        "voorzieningen": voorzieningen,
        "realisatie": relabel(dataset.realisatie, "voorziening"),
        "indexatie": _indexation(gemeente, dataset),
        "tussentijds": relabel(dataset.tussentijds, "voorziening"),
        "indicatoren": relabel(dataset.indicatoren, "indicator"),
        "indicatorwaarden": relabel(dataset.indicatorwaarden, "indicator"),
    }


def _indexation(gemeente: str, dataset: Dataset) -> pd.DataFrame:
    """Every voorziening's own indexation rows, so that gemeenten with different contracts keep their own
    percentages (read by the one rule of forecasting/model/indexation.py, given_percentages)."""
    rows = []
    for voorziening, domein in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["domein"]):
        given = given_percentages(dataset.indexatie, voorziening, domein)
        rows += [(int(year), domein, label(gemeente, voorziening), float(pct)) for year, pct in given.items()]
    return pd.DataFrame(rows, columns=["jaar", "domein", "voorziening", "percentage"])


def _variants(datasets: dict[str, Dataset]) -> list[str]:
    given = {v for d in datasets.values() for v in d.other_variants}
    return [v for v in VARIANTS if v == MIDDLE or v in given]


def _population(datasets: dict[str, Dataset]) -> pd.DataFrame:
    """Each gemeente's doelgroepen exactly as it computes them alone (`g · doelgroep`), plus plain region rows
    per doelgroep and `totaal`, per variant of the population forecast (only midden when none has variants)."""
    variants = _variants(datasets)
    rows = []
    region: dict[tuple[str, str], pd.Series] = {}
    for gemeente, dataset in datasets.items():
        used = list(dict.fromkeys(dataset.voorzieningen["doelgroep"]))
        for group in dict.fromkeys(used + [WHOLE_POPULATION]):  # totaal for the region's rows in any case
            for variant in variants:
                series = dataset.population(group, variant)
                if group in used:
                    rows += [(int(y), label(gemeente, group), variant, float(n)) for y, n in series.items()]
                key = (group.lower(), variant)
                region[key] = series if key not in region else region[key].add(series, fill_value=np.nan)
    for (group, variant), series in region.items():
        rows += [(int(y), group, variant, float(n)) for y, n in series.dropna().items()]
    frame = pd.DataFrame(rows, columns=["jaar", "leeftijd", "variant", "aantal"])
    if variants == [MIDDLE]:
        frame = frame.drop(columns="variant")
    return frame


def _budget(datasets: dict[str, Dataset]) -> pd.DataFrame:
    """Budget lines per voorziening (relabelled) and per domein (summed over the gemeenten), kept only in
    (year, domein) pairs where every gemeente that has that domein budgets it."""
    frames = []
    for gemeente, dataset in datasets.items():
        table = dataset.begroting.copy()
        table["gemeente"] = gemeente
        frames.append(table)
    table = pd.concat(frames, ignore_index=True)
    if table.empty:
        return table.drop(columns="gemeente")
    having = {domein: {g for g, d in datasets.items() if domein in set(d.voorzieningen["domein"])}
              for domein in table["domein"].unique()}
    covered = table.groupby(["jaar", "domein"])["gemeente"].agg(set)
    complete = {key for key, who in covered.items() if having[key[1]] <= who}
    keep = [(int(j), d) in complete for j, d in zip(table["jaar"], table["domein"])]
    table = table.loc[keep].copy()
    table["voorziening"] = [label(g, v) if isinstance(v, str) else None
                            for g, v in zip(table["gemeente"], table["voorziening"])]
    return table.drop(columns="gemeente").reset_index(drop=True)


def by_gemeente(projection: Projection, single: str = "") -> Projection:
    """The same rows grouped by gemeente instead of domein: `total(g)` and `band(domein=g)` are then gemeente g's
    sums (draw by draw), by the one rule of forecasting/model/projection.py. A single gemeente's own rows (no
    gemeente) are grouped under `single`."""
    gemeenten = tuple(g or single for g in projection.row_gemeenten)
    return Projection(projection.voorzieningen, gemeenten, projection.years, projection.cost, projection.clients,
                      projection.draws)


def in_selection(measure_gemeente: str, row_gemeente: str) -> bool:
    """Whether a measure for `measure_gemeente` ('' = every gemeente) reaches a row of `row_gemeente`
    ('': a single gemeente's own dataset, which the service has already matched to the measure)."""
    return not measure_gemeente or not row_gemeente or gemeente_key(measure_gemeente) == gemeente_key(row_gemeente)
