"""The wethouder's switchboard ("Schakelen"): the measures' switches and the gap they move, side by side.

Used at the top of Maatregelen and of Begroting, so a switch and the number it moves are on screen together
(also at 1024x768). Per measure its net effect in the final year is shown under its switch:
    net effect(m, final) = effect(m, final) + implementation costs(m, final)   (negative = saving)
and the gap per year is
    gap(year) = scenario(year) - begroting(year)   (positive = tekort (N), negative = overschot (V))
so switching a measure off moves the gap of the final year by minus its net effect.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from forecasting.model.projection import TOTAL
from presentation import monitor, quarterly
from presentation.formatting import chance_pct, euro, nv
from presentation.story import unbroken
from scenarios.measures import Scenario

SHORT_LABEL = 60  # characters of a switch label before it is shortened (the full name is on hover)
# Switch labels wrap instead of being cut off with '…' (Streamlit cuts a long label to one line).
WRAP = """<style>
[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"],
[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"] p,
[data-testid="stCheckbox"] label div:has(> [data-testid="stMarkdownContainer"]) {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
</style>"""


def board(title: str = "Schakelen") -> tuple:
    """A bordered block with two columns: (switches, gap). Fill them later in the run (containers keep their
    place on the screen)."""
    st.html(WRAP)
    box = st.container(border=True)
    box.markdown(f"**{title}**: zet maatregelen aan of uit; het tekort of overschot ernaast rekent direct mee "
                 "(onder elke maatregel wat die oplevert, negatief = besparing).")
    return tuple(box.columns([5, 7], gap="small"))


def short_label(name: str, limit: int = SHORT_LABEL) -> str:
    """A switch label that fits one line at 1024 px: the name, or its start with '…' (full name in the help)."""
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def net_effects(effects: pd.DataFrame, year: int) -> dict[str, float]:
    """Per active measure its effect plus implementation costs in `year` (negative = saving)."""
    if effects.empty:
        return {}
    at_year = effects.loc[effects["jaar"] == year].groupby("maatregel", sort=False)[
        ["effect", "uitvoeringskosten"]].sum()
    return {str(name): float(row["effect"] + row["uitvoeringskosten"]) for name, row in at_year.iterrows()}


def switches(column, names: list[str], switched_on: dict[str, bool], key_prefix: str,
             disabled: bool = False) -> tuple[dict[str, bool], dict]:
    """One switch per measure in one column, each with an empty line under it for its effect (`effect_captions`
    fills it once the run is known). Returns (name -> on/off, name -> slot). The label is shortened when long;
    the full name is in its help (hover)."""
    chosen, slots = dict(switched_on), {}
    if not names:
        column.caption("Dit scenario heeft geen maatregelen. Voeg ze toe op Maatregelen.")
        return chosen, slots
    for name in names:
        chosen[name] = column.toggle(short_label(name), value=switched_on.get(name, True), key=f"{key_prefix}_{name}",
                                     disabled=disabled, help=f"{name}: aan = telt mee in het scenario")
        slots[name] = column.empty()
    return chosen, slots


def effect_captions(slots: dict, switched_on: dict[str, bool], effects: dict[str, float], year: int) -> None:
    """Under each switch what that measure does in `year`, net of its implementation costs."""
    for name, slot in slots.items():
        if not switched_on.get(name, True):
            slot.caption("uit: telt niet mee")
        elif name in effects:
            slot.caption(unbroken(f"{euro(effects[name])} netto in {year}"))


def gap_view(column, gap: pd.DataFrame, label: str = "", in_year: str | None = None) -> None:
    """The gap of the final year as tiles and per year as a compact table (Jaar, N/V, kans); `in_year` what the
    in-year figures make of the first year (presentation/monitor.first_year_words), said under the table."""
    first, final = int(gap.index[0]), int(gap.index[-1])
    left, right = column.columns(2)
    left.metric(f"Tekort/overschot {final}", nv(gap.loc[final, "verschil"]) or "geen begroting",
                help="Scenario min begroting. N = nadelig (tekort), V = voordelig (overschot)")
    right.metric(f"Kans op overschrijding {final}", chance_pct(gap.loc[final, "kans_overschrijding"]) or "–")
    column.dataframe(pd.DataFrame({
        "Jaar": [str(y) for y in gap.index],
        "Tekort (N) / overschot (V)": gap["verschil"].map(nv),
        "Kans op overschrijding": gap["kans_overschrijding"].map(chance_pct),
    }), hide_index=True, width="stretch")
    if label:
        column.caption(unbroken(f"{label}, {first}–{final}." + (f" {in_year}" if in_year else "")))


def with_switches(scenario: Scenario, switched_on: dict[str, bool]) -> Scenario:
    """The scenario with each measure's `actief` set as switched (measures not named stay as they are)."""
    measures = [replace(m, actief=switched_on.get(m.naam, m.actief)) for m in scenario.maatregelen]
    return replace(scenario, maatregelen=measures)


def total_gap(run) -> pd.DataFrame:
    return run.gap(TOTAL, TOTAL)


def year_end_frame(run) -> pd.DataFrame:
    """The first year's expected year-end from the in-year figures as the Monitor shows it (its whole euros), for
    the words beside a gap table that shows the prognosis (presentation/monitor.first_year_words, budget_note)."""
    return quarterly.in_whole_euros(monitor.yearend_frame(monitor.yearend_of(run), run.budget))
