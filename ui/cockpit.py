"""The cockpit's signals on a screen (Overzicht and Monitor): thresholds from session state, coloured words, links.

The signals themselves are computed in presentation/monitor.py (`cockpit_rows`).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from forecasting.monitor.indicators import Thresholds
from presentation import monitor
from presentation.story import unbroken
from ui import navigation

DEFAULTS = {"monitor_let_op": 10, "monitor_uit_koers": 25, "monitor_budget_let_op": 0.0, "monitor_tekort": 2.0}


def signal_thresholds() -> monitor.SignalThresholds:
    """The thresholds chosen on this screen (session state), for the Monitor and the Overzicht cockpit alike."""
    values = {key: st.session_state.get(key, default) for key, default in DEFAULTS.items()}
    return monitor.SignalThresholds(
        let_op=values["monitor_budget_let_op"] / 100, tekort=values["monitor_tekort"] / 100,
        indicatoren=Thresholds(values["monitor_let_op"] / 100, values["monitor_uit_koers"] / 100))


def render_cockpit(rows: pd.DataFrame) -> None:
    """The cockpit's signals: per subject a coloured word (never colour alone), what it rests on in full (wrapped,
    never cut off) and a short link to the screen that explains it."""
    for subject, signals in rows.groupby("onderwerp", sort=False):
        columns = st.columns([2] + [3] * len(signals))
        columns[0].markdown(f"**{html.escape(subject)}**")
        for column, (_, row) in zip(columns[1:], signals.iterrows()):
            column.markdown(f"{html.escape(row['signaal'])}: <span style='color:{row['kleur']};font-weight:600'>"
                            f"&#9679; {html.escape(row['woord'])}</span>", unsafe_allow_html=True)
            column.caption(unbroken(html.escape(row["toelichting"])))  # '€ 373.325 N' never breaks
            screen = str(row["link"]).split("/")[-1].removesuffix(".py").capitalize()
            navigation.link(column, row["link"], f"Uitleg op {screen}", ":material/arrow_forward:")
