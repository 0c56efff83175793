"""The budget (meerjarenbegroting) in the long format, with totals per domein and overall."""

from __future__ import annotations

import pandas as pd

from forecasting.baseline import TOTAL
from forecasting.dataset import Dataset


def budget_long(dataset: Dataset) -> pd.DataFrame:
    """Columns jaar, domein, voorziening, bedrag: per voorziening where given, Totaal per domein and overall."""
    table = dataset.begroting
    columns = ["jaar", "domein", "voorziening", "bedrag"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    detail = table.loc[table["voorziening"].notna(), columns]
    per_domain = table.groupby(["jaar", "domein"], as_index=False)["bedrag"].sum().assign(voorziening=TOTAL)
    overall = per_domain.groupby("jaar", as_index=False)["bedrag"].sum().assign(domein=TOTAL, voorziening=TOTAL)
    # an overall total only where every domein with a budget has one that year
    domains = table["domein"].nunique()
    complete = per_domain.groupby("jaar")["domein"].nunique() == domains
    overall = overall.loc[overall["jaar"].map(complete)]
    return pd.concat([detail, per_domain[columns], overall[columns]], ignore_index=True)
