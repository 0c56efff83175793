"""What the Terugblik shows (screen Begroting, sheet Terugblik, the raad report): the numbers of
scenarios/hindsight.py as one sentence, a table and a chart.

The sentence, for the total (or the one domein with past budgets):
    'De begroting zat de afgelopen vijf jaar gemiddeld 9% te laag; de prognose van Grip, met wat toen bekend was,
     2% te hoog.'
with 9% = |mean of (begroting - realisatie) / realisatie| and 2% = |mean of (grip - realisatie) / realisatie| over
the same years (whole percents), 'te laag' for a negative mean and 'te hoog' for a positive one, 'de afgelopen N jaar'
for N of the last consecutive years up to the last realised year (N = 5: 'vijf'; one year: 'in 2024'), and 'in N
jaren tussen A en B' when the years have gaps.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd

from forecasting.model.projection import TOTAL
from presentation.formatting import euro, number
from scenarios.hindsight import Hindsight, hindsight

HOW_TO_ADD = ("Geen eerdere begrotingen ingelezen. Zet de begroting van eerdere jaren (tot en met {last}) in de tabel "
              "'begroting' om hier te zien hoe ver die ernaast zat, naast wat Grip toen had voorspeld.")
DOMAIN_SUBJECT = {TOTAL: "De begroting", "Wmo": "De begroting voor Wmo", "Jeugd": "De begroting voor jeugd"}
HOW_IT_WORKS = ("Grip rekent terug alsof het de begroting voor elk jaar maakte in het najaar ervoor: met alleen de "
                "jaarrekeningen tot twee jaar terug, dezelfde modelkeuze en weggelaten jaren. Fout = (bedrag − "
                "realisatie) / realisatie; negatief is te laag.")

_CACHE: OrderedDict[tuple, Hindsight] = OrderedDict()
_LOCK = threading.Lock()
_CACHE_SIZE = 16


def hindsight_of(run) -> Hindsight:
    """The Terugblik of a run's dataset and settings (grip/service.py Run), computed once per data and settings."""
    settings = run.settings
    key = (run.dataset.content_key(), run.dataset.naam, settings.model, settings.models,
           tuple(sorted(settings.excluded_years)), settings.continuation_pct)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = hindsight(run.dataset, settings.model, dict(settings.models), tuple(settings.excluded_years),
                       settings.continuation_pct)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _direction(mean_error: float) -> str:
    """'9% te laag', '2% te hoog', or 'goed (minder dan een half procent ernaast)'."""
    whole = round(abs(mean_error) * 100)
    if whole == 0:
        return "goed (minder dan een half procent ernaast)"
    return f"{number(whole)}% te {'laag' if mean_error < 0 else 'hoog'}"


def period_words(years: tuple[int, ...], last_realised: int) -> str:
    """'de afgelopen vijf jaar', 'de afgelopen 3 jaar', 'in 2024', or 'in 3 jaren tussen 2018 en 2024'."""
    years = tuple(sorted(years))
    if len(years) == 1:
        return f"in {years[0]}"
    if years == tuple(range(last_realised - len(years) + 1, last_realised + 1)):
        return f"de afgelopen {'vijf' if len(years) == 5 else len(years)} jaar"
    return f"in {len(years)} jaren tussen {years[0]} en {years[-1]}"


def summary_row(result: Hindsight, selection: str = TOTAL) -> pd.Series | None:
    """The summary of `selection`, else of the one domein that has one (a gemeente with past budgets for one
    domein only); None when there is nothing to summarise."""
    summary = result.summary
    chosen = summary.loc[summary["domein"] == selection]
    if chosen.empty and selection == TOTAL and len(summary) == 1:
        chosen = summary
    return None if chosen.empty else chosen.iloc[0]


def hindsight_sentence(result: Hindsight, last_realised: int, selection: str = TOTAL) -> str | None:
    """One sentence for the raad (see the module docstring); None without a year that has both errors."""
    row = summary_row(result, selection)
    if row is None:
        return None
    subject = DOMAIN_SUBJECT.get(row["domein"], f"De begroting voor {row['domein']}")
    return (f"{subject} zat {period_words(row['jaren'], last_realised)} gemiddeld "
            f"{_direction(row['gemiddelde_fout_begroting'])}; de prognose van Grip, met wat toen bekend was, "
            f"{_direction(row['gemiddelde_fout_grip'])}.")


def _signed_whole_pct(fraction: float) -> str:
    """-0.093 -> '−9%', 0.021 -> '+2%', NaN -> ''."""
    if pd.isna(fraction):
        return ""
    whole = round(fraction * 100)
    return f"{'−' if whole < 0 else '+' if whole > 0 else ''}{number(abs(whole))}%"


def display_table(result: Hindsight, selection: str | None = None) -> pd.DataFrame:
    """The rows for a screen or report: amounts in euros, errors in whole signed percents ('−9%'), and whether the
    year counts in the sentence's mean (the last five years with both errors)."""
    rows = result.rows if selection is None else result.rows.loc[result.rows["domein"] == selection]
    counted = {(d, int(y)) for d, years in zip(result.summary["domein"], result.summary["jaren"]) for y in years}
    frame = pd.DataFrame({
        "Jaar": rows["jaar"].astype(str), "Domein": rows["domein"], "Begroting": rows["begroting"].map(euro),
        "Realisatie": rows["realisatie"].map(euro), "Begroting ernaast": rows["fout_begroting"].map(_signed_whole_pct),
        "Grip toen": rows["grip"].map(euro), "Grip ernaast": rows["fout_grip"].map(_signed_whole_pct),
        "In gemiddelde": ["ja" if (d, int(y)) in counted else "nee" for d, y in zip(rows["domein"], rows["jaar"])],
    })
    return frame.drop(columns="Domein") if selection is not None else frame


def chart_frame(result: Hindsight, selection: str = TOTAL) -> pd.DataFrame:
    """jaar, reeks, bedrag of one selection for charts.hindsight_lines."""
    from presentation.charts import HINDSIGHT_GRIP

    rows = result.rows.loc[result.rows["domein"] == selection]
    labels = {"realisatie": "Realisatie", "begroting": "Begroting", "grip": HINDSIGHT_GRIP}
    long = rows.melt(id_vars="jaar", value_vars=list(labels), var_name="reeks", value_name="bedrag")
    return long.assign(reeks=long["reeks"].map(labels))


def chart_selection(result: Hindsight, wanted: str = TOTAL) -> str | None:
    """The selection to draw: `wanted` when it has rows, else the total, else the first domein with rows."""
    present = list(dict.fromkeys(result.rows["domein"]))
    for choice in (wanted, TOTAL, *present):
        if choice in present:
            return choice
    return None


def workbook_frames(result: Hindsight) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sheet's two tables with their values: per year and domein, and the summary (years as 'A-B' text)."""
    rows = result.rows.assign(grip=result.rows["grip"].round(0)).rename(
        columns={"fout_begroting": "fout begroting", "fout_grip": "fout Grip", "grip": "Grip toen"})
    summary = result.summary.assign(jaren=result.summary["jaren"].map(lambda years: ", ".join(map(str, years))))
    summary = summary.rename(columns=lambda c: c.replace("_", " ").replace("grip", "Grip"))
    return rows, summary
