"""The national comparison as a table and a chart (numbers from forecasting/cbs/national.py).

    index[k] = value[k] / landelijk x 100   for k in gemeente, vergelijkbare omvang, vergelijkbare leeftijdsopbouw,
                                            verwacht (the three indicators have different units; the chart shows
                                            each against the national value, the table the values themselves)
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from presentation.formatting import euro, number

COMPARED = ("gemeente", "landelijk", "vergelijkbare omvang", "vergelijkbare leeftijdsopbouw", "verwacht")


def shown_value(value: float, unit: str) -> str:
    if value != value:
        return "onbekend"
    if unit == "%":
        return number(value, 1) + "%"
    if unit.startswith("euro"):
        return euro(value)
    return number(value, 0)


def national_display(table: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    headings = {"gemeente": gemeente, "landelijk": "Landelijk", "vergelijkbare omvang": "Vergelijkbare omvang",
                "vergelijkbare leeftijdsopbouw": "Vergelijkbare leeftijdsopbouw",
                "verwacht": "Verwacht (leeftijdsopbouw)"}
    shown = pd.DataFrame({"Indicator": table["indicator"]})
    for column, heading in headings.items():
        shown[heading] = [shown_value(v, u) for v, u in zip(table[column], table["eenheid"])]
    return shown


def index_frame(table: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    rows = []
    for record in table.to_dict("records"):
        for column in COMPARED:
            label = gemeente if column == "gemeente" else column.capitalize()
            rows.append({"indicator": record["indicator"], "vergelijking": label,
                         "index": record[column] / record["landelijk"] * 100 if record["landelijk"] else None})
    return pd.DataFrame(rows)


def national_chart(table: pd.DataFrame, gemeente: str) -> alt.LayerChart:
    """Grouped bars: per indicator the gemeente, the two similar groups and the expected use, against 100."""
    frame = index_frame(table, gemeente)
    order = [gemeente] + [c.capitalize() for c in COMPARED[1:]]
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("indicator:N", title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("vergelijking:N", sort=order),
        x=alt.X("index:Q", title="Index (landelijk = 100)"),
        color=alt.Color("vergelijking:N", sort=order, title=None),
        tooltip=["indicator", "vergelijking", alt.Tooltip("index:Q", format=".0f")],
    )
    rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    return alt.layer(bars, rule)
