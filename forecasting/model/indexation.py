"""Contract indexation per voorziening and year, with the continuation rule.

The percentage of year y lifts prices of y over y-1. For a voorziening, a row that names
it wins over its domein's row. Past the last year given, the last given percentage
continues (or the user's own assumption), and a realised year without a percentage counts
as 0%. Every year carries its source (`bron`) so screens and exports can say which years
are assumed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.input.dataset import Dataset

GIVEN = "opgegeven"
CONTINUED = "voortgezet"
MISSING = "ontbreekt (0%)"


def given_percentages(table: pd.DataFrame, voorziening: str, domein: str) -> pd.Series:
    """The percentages given for one voorziening by year: its domein's rows, overridden by rows that name it."""
    own = table.loc[table["voorziening"] == voorziening].set_index("jaar")["percentage"]
    domain = table.loc[(table["domein"] == domein) & table["voorziening"].isna()].set_index("jaar")["percentage"]
    return pd.concat([domain, own]).groupby(level=0).last()


def yearly_percentages(
    dataset: Dataset, years: list[int], continuation_pct: float | None = None
) -> pd.DataFrame:
    """Columns jaar, domein, voorziening, percentage, bron for every voorziening and year."""
    rows = []
    for voorziening, domein in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["domein"]):
        given = given_percentages(dataset.indexatie, voorziening, domein)
        last_given = int(given.index.max()) if len(given) else None
        for year in years:
            if year in given.index:
                rows.append((year, domein, voorziening, float(given[year]), GIVEN))
            elif last_given is not None and year > last_given:
                value = float(given[last_given]) if continuation_pct is None else float(continuation_pct)
                rows.append((year, domein, voorziening, value, CONTINUED))
            else:
                rows.append((year, domein, voorziening, 0.0, MISSING))
    return pd.DataFrame(rows, columns=["jaar", "domein", "voorziening", "percentage", "bron"])


def cumulative_index(percentages: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Price level per voorziening and year relative to `base_year` (= 1.0).

    `percentages` must hold every year between the first and last year asked for.
    Returns columns jaar, voorziening, index.
    """
    out = []
    for voorziening, rows in percentages.groupby("voorziening", sort=False):
        rows = rows.sort_values("jaar")
        years = rows["jaar"].to_numpy()
        growth = 1 + rows["percentage"].to_numpy() / 100.0
        level = np.cumprod(growth)  # level[i] = prices of years[i] relative to years[0] - 1
        base_position = np.searchsorted(years, base_year)
        if base_position >= len(years) or years[base_position] != base_year:
            raise ValueError(f"indexatie mist het basisjaar {base_year}")
        index = level / level[base_position]
        out.append(pd.DataFrame({"jaar": years, "voorziening": voorziening, "index": index}))
    return pd.concat(out, ignore_index=True)
