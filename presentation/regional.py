"""The region at the edges: growth per gemeente, expected versus actual as a chart, and its cockpit signal.

    groei[g]          = prognose[g, laatste planjaar] - realisatie[g, laatste realisatiejaar]   (cost, current prices)
    aandeel[g]        = groei[g] / Σ_g groei[g]                   (which gemeente drives the region's growth)
    verhouding[g, v]  = actual clients / expected clients at the region's use rate (forecasting/region/regional.py)

A high ratio is a question to ask, not a verdict (forecasting.region.regional.EXPECTED_NOTE).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from forecasting.model.projection import TOTAL
from forecasting.region.region_total import by_gemeente
from forecasting.region.regional import HIGH_RATIO, LOW_RATIO
from presentation import rounding
from presentation.formatting import euro, number, pct
from presentation.monitor import ATTENTION, GOOD


def growth_frame(run) -> pd.DataFrame:
    """Per gemeente of the run (and Totaal): `realisatie` in the last realised year, `basisprognose` in the final
    year, the growth between them and each gemeente's share of the region's growth."""
    last, final = run.baseline.last_year, run.final_year
    history = by_gemeente(run.baseline.history, run.dataset.naam)
    ahead = by_gemeente(run.baseline.projection, run.dataset.naam)
    rows = []
    for gemeente in ahead.domain_names + [TOTAL]:
        start = float(history.total(gemeente)[history.year_index(last)])
        end = float(ahead.total(gemeente)[ahead.year_index(final)])
        rows.append({"gemeente": gemeente, "realisatie": start, "basisprognose": end, "groei": end - start,
                     "groei_pct": (end - start) / start if start else np.nan})
    frame = pd.DataFrame(rows)
    region_growth = frame["groei"].iloc[-1]
    frame["aandeel_groei"] = frame["groei"] / region_growth if region_growth else np.nan
    return frame


def growth_display(frame: pd.DataFrame, last: int, final: int) -> pd.DataFrame:
    """`growth_frame` for a screen or report: Dutch headings, amounts in euros, shares in %, 'Samen' for the total."""
    money = {"realisatie": f"Realisatie {last}", "basisprognose": f"Basisprognose {final}", "groei": "Groei"}
    shown = pd.DataFrame({"Gemeente": frame["gemeente"].replace({TOTAL: "Samen"})})
    # whole euros that add up (presentation/rounding.py): the gemeenten split from the rounded total, growth as
    # the difference of the euros shown
    euros = {column: _split_euros(frame, column) for column in ("realisatie", "basisprognose")}
    euros["groei"] = euros["basisprognose"] - euros["realisatie"]
    for column, heading in money.items():
        shown[heading] = euros[column].map(euro)
    shown["Groei %"] = frame["groei_pct"].map(pct)
    shown["Aandeel groei"] = frame["aandeel_groei"].map(pct)
    return shown


def _split_euros(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column of `growth_frame` in whole euros whose gemeenten add up to the total row (the last)."""
    values = frame[column].astype(float).tolist()
    return pd.Series([*rounding.split(values[-1], values[:-1], "eur"), rounding.rounded(values[-1], "eur")],
                     index=frame.index)


def growth_sentence(frame: pd.DataFrame, final: int) -> str:
    """'Waterhoven draagt 62% bij aan de groei van de basisprognose tot 2029.' (the largest contributor)."""
    gemeenten = frame.loc[frame["gemeente"] != TOTAL]
    if len(gemeenten) < 2 or not np.isfinite(gemeenten["aandeel_groei"]).any():
        return ""
    top = gemeenten.loc[gemeenten["aandeel_groei"].idxmax()]
    region = frame.iloc[-1]  # the growth as the table beside it writes it: the difference of the euros shown
    _, _, together = rounding.change(region["realisatie"], region["basisprognose"], "eur")
    return (f"{top['gemeente']} draagt {pct(top['aandeel_groei'])} bij aan de groei van de basisprognose tot {final} "
            f"({len(gemeenten)} gemeenten samen: {euro(together)}).")


def expected_chart(table: pd.DataFrame, voorziening: str, chosen: list[str]) -> alt.LayerChart:
    """Gemeenten as points: expected clients (x) against actual clients (y), the line where they are equal and
    the lines at HIGH_RATIO and LOW_RATIO; the chosen gemeenten stand out."""
    rows = table.loc[table["voorziening"] == voorziening].dropna(subset=["verwacht_clienten", "clienten"]).copy()
    rows["keuze"] = np.where(rows["gemeente"].isin(chosen), "in uw keuze", "overige gemeenten")
    rows["signaal_tekst"] = rows["signaal"].replace("", "binnen 20% van verwacht")
    top = float(max(rows["verwacht_clienten"].max(), rows["clienten"].max(), 1.0)) * 1.08
    lines = pd.DataFrame([{"lijn": label, "x": 0.0, "y": 0.0, "x2": top, "y2": top * factor}
                          for label, factor in (("zoals verwacht", 1.0), (f"{ratio_text(HIGH_RATIO)} verwacht",
                                                                          HIGH_RATIO),
                                                (f"{ratio_text(LOW_RATIO)} verwacht", LOW_RATIO))])
    guide = alt.Chart(lines).mark_rule(strokeDash=[4, 3], color="#6b7280").encode(
        x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q", tooltip=[alt.Tooltip("lijn:N", title="Lijn")])
    axis = alt.Axis(format=",.0f")
    points = alt.Chart(rows).mark_circle(size=140, opacity=0.9).encode(
        x=alt.X("verwacht_clienten:Q", title="Verwacht aantal cliënten (leeftijdsopbouw × gebruik in de regio)",
                scale=alt.Scale(domain=[0, top]), axis=axis),
        y=alt.Y("clienten:Q", title="Werkelijk aantal cliënten", scale=alt.Scale(domain=[0, top * HIGH_RATIO]),
                axis=axis),
        color=alt.Color("keuze:N", title="", scale=alt.Scale(domain=["in uw keuze", "overige gemeenten"],
                                                             range=["#0072B2", "#9ca3af"])),
        tooltip=[alt.Tooltip("gemeente:N", title="Gemeente"), alt.Tooltip("clienten:Q", title="Werkelijk",
                                                                          format=",.0f"),
                 alt.Tooltip("verwacht_clienten:Q", title="Verwacht", format=",.0f"),
                 alt.Tooltip("verhouding_gebruik:Q", title="Verhouding", format=".2f"),
                 alt.Tooltip("signaal_tekst:N", title="Signaal")])
    names = points.mark_text(align="left", dx=9, dy=-6).encode(text="gemeente:N", color=alt.value("#111827"))
    ends = alt.Chart(lines).mark_text(align="right", dx=-4, dy=-6, color="#4b5563").encode(
        x="x2:Q", y="y2:Q", text="lijn:N")
    return (guide + ends + points + names).properties(title=f"{voorziening}: werkelijk tegenover verwacht gebruik")


def ratio_text(value: float) -> str:
    """1.25 -> '1,25×', 1.2 -> '1,2×'; '–' when not a number."""
    if not np.isfinite(value):
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "×"


def expected_signal(table: pd.DataFrame, chosen: list[str], largest: int = 3) -> tuple[str, str, str]:
    """(word, colour, explanation) for the cockpit: how many voorzieningen of the chosen gemeenten use clearly
    more than expected, naming the largest ratios."""
    mine = table.loc[table["gemeente"].isin(chosen)]
    high = mine.loc[mine["verhouding_gebruik"] >= HIGH_RATIO].sort_values("verhouding_gebruik", ascending=False)
    if mine.empty:
        return "geen vergelijking", GOOD, "Geen cijfers om te vergelijken."
    if high.empty:
        return "zoals verwacht", GOOD, (f"Geen voorziening met meer dan {ratio_text(HIGH_RATIO)} het verwachte "
                                        "gebruik bij de leeftijdsopbouw.")
    named = "; ".join(f"{r.gemeente}: {r.voorziening} {ratio_text(r.verhouding_gebruik)}"
                      for r in high.head(largest).itertuples())
    count = "1 voorziening" if len(high) == 1 else f"{len(high)} combinaties van gemeente en voorziening"
    return "hoger dan verwacht", ATTENTION, (f"{count} boven {ratio_text(HIGH_RATIO)} het verwachte gebruik: "
                                             f"{named}. Een vraag om te stellen, geen oordeel.")


def expected_display(table: pd.DataFrame, costs: bool = True) -> pd.DataFrame:
    """The ranked table for a screen: Dutch headings and numbers, ratios as '1,25×', amounts in euros; without
    `costs` only the use (narrow enough for a 1024 px screen)."""
    shown = pd.DataFrame({
        "Rang": table["rang"], "Gemeente": table["gemeente"], "Voorziening": table["voorziening"],
        "Cliënten": table["clienten"].map(number), "Verwacht": table["verwacht_clienten"].map(number),
        "Gebruik t.o.v. verwacht": table["verhouding_gebruik"].map(ratio_text),
        "Kosten per cliënt": table["kosten_per_client"].map(euro),
        "Kosten per cliënt t.o.v. regio": table["verhouding_kosten_per_client"].map(ratio_text),
        "Signaal": table["signaal"],
    })
    if not costs:
        shown = shown.drop(columns=["Voorziening", "Kosten per cliënt", "Kosten per cliënt t.o.v. regio"])
    return shown
