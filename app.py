"""Grip: the Streamlit frame. Page config, navigation and the sidebar shared by all screens."""

import streamlit as st

st.set_page_config(page_title="Grip op het sociaal domein", page_icon="📈", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon="🧭", default=True),
    st.Page("pages/gegevens.py", title="Gegevens", icon="🗂️"),
    st.Page("pages/prognose.py", title="Prognose", icon="📈"),
    st.Page("pages/maatregelen.py", title="Maatregelen", icon="🎚️"),
    st.Page("pages/begroting.py", title="Begroting", icon="📊"),
    st.Page("pages/sessie.py", title="Sessie", icon="🖥️"),
]

navigation = st.navigation(PAGES)
navigation.run()
