"""Grip: the Streamlit frame. Page config, navigation and the sidebar shared by all screens."""

import streamlit as st

from ui import state

st.set_page_config(page_title="Grip op het sociaal domein", page_icon=":material/trending_up:", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("pages/gegevens.py", title="Gegevens", icon=":material/table_view:"),
    st.Page("pages/prognose.py", title="Prognose", icon=":material/trending_up:"),
    st.Page("pages/maatregelen.py", title="Maatregelen", icon=":material/tune:"),
    st.Page("pages/begroting.py", title="Begroting", icon=":material/account_balance:"),
    st.Page("pages/monitor.py", title="Monitor", icon=":material/monitor_heart:"),
    st.Page("pages/sessie.py", title="Sessie", icon=":material/co_present:"),
]

navigation = st.navigation(PAGES)
navigation.run()
state.persist()  # choices made further down a screen are kept for a reload as well
