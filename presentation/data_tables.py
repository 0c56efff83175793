"""The optional input tables as Gegevens shows them: in-year figures per year and voorziening with the months (or
quarters) side by side, and the indicators with their values.

in_year_frame: one row per jaar and voorziening; a column per period that any row has (jan ... dec, then K1 ... K4),
'Totaal' = the sum of that row's periods, 'Realisatie' = the year's `realisatie` cost of that voorziening (blank when
the year is not realised yet), so a complete earlier year can be read against its accounts.
"""

from __future__ import annotations

import pandas as pd

from forecasting.monitor.yearend import parse_period
from presentation.formatting import euro, number

MONTH_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def period_column(period) -> str:
    """'3' -> 'mrt', 'K2' -> 'K2'."""
    kind, value = parse_period(period)
    return MONTH_SHORT[value - 1] if kind == "maand" else f"K{value}"


def in_year_frame(tussentijds: pd.DataFrame, realisatie: pd.DataFrame) -> pd.DataFrame:
    """Jaar, Voorziening, the period columns, Totaal and Realisatie as Dutch amounts (module docstring)."""
    if tussentijds.empty:
        return pd.DataFrame(columns=["Jaar", "Voorziening", "Totaal", "Realisatie"])
    frame = tussentijds.assign(kolom=tussentijds["periode"].map(period_column))
    wide = frame.pivot_table(index=["jaar", "voorziening"], columns="kolom", values="kosten", aggfunc="sum",
                             sort=False)
    order = [c for c in (*MONTH_SHORT, "K1", "K2", "K3", "K4") if c in wide.columns]
    wide = wide[order]
    totals = wide.sum(axis=1, min_count=1)
    realised = realisatie.set_index(["jaar", "voorziening"])["kosten"]
    keys = wide.index
    shown = wide.map(euro).assign(Totaal=totals.map(euro),
                                  Realisatie=[euro(realised.get(k)) if k in realised.index else "" for k in keys])
    shown = shown.reset_index().rename(columns={"jaar": "Jaar", "voorziening": "Voorziening"})
    shown["Jaar"] = shown["Jaar"].astype(int).astype(str)
    return shown.sort_values(["Jaar"], kind="stable", ascending=False).reset_index(drop=True)


def decimals_of(values) -> int:
    """The decimals the most precise of `values` needs (up to 3): [20.3, 19.0] -> 1, [78, 85] -> 0."""
    needed = [len(number(v, 3).rstrip("0").partition(",")[2]) for v in values if not pd.isna(v)]
    return max(needed, default=0)


def shown_values(values) -> list[str]:
    """Numbers of one indicator with the same decimals, as precise as the most precise: 20.3, 19.0 -> '20,3', '19,0'."""
    decimals = decimals_of(values)
    return ["" if pd.isna(v) else number(v, decimals) for v in values]


def indicator_frame(indicatoren: pd.DataFrame) -> pd.DataFrame:
    """The indicators as given, with Dutch column names and numbers."""
    pairs = [shown_values([a, b]) for a, b in zip(indicatoren["startwaarde"], indicatoren["streefwaarde"])]
    return pd.DataFrame({
        "Indicator": indicatoren["indicator"], "Eenheid": indicatoren["eenheid"],
        "Basisjaar": indicatoren["basisjaar"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        "Startwaarde": [start for start, _ in pairs], "Streefwaarde": [target for _, target in pairs],
        "Streefjaar": indicatoren["streefjaar"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        "Richting": indicatoren["richting"], "Bron": indicatoren["bron"], "Actualisatie": indicatoren["actualisatie"],
    })


def indicator_values_frame(indicatorwaarden: pd.DataFrame) -> pd.DataFrame:
    """Per indicator a row, the years as columns: the measured values given in `indicatorwaarden`."""
    if indicatorwaarden.empty:
        return pd.DataFrame(columns=["Indicator"])
    wide = indicatorwaarden.pivot_table(index="indicator", columns="jaar", values="waarde", aggfunc="first",
                                        sort=False)
    wide.columns = [str(int(c)) for c in wide.columns]
    shown = pd.DataFrame([shown_values(row) for row in wide.to_numpy()], index=wide.index, columns=wide.columns)
    return shown.reset_index().rename(columns={"indicator": "Indicator"})
