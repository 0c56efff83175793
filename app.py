"""Grip: the Streamlit frame. Page config, navigation and the sidebar shared by all screens."""

from urllib.parse import unquote, urlparse

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
    st.Page("pages/regio.py", title="Regio", icon=":material/location_city:"),
    st.Page("pages/sessie.py", title="Sessie", icon=":material/co_present:"),
]


def unknown_path() -> str | None:
    """The path in the address bar when it is no screen of Grip ('' and the screens' paths are)."""
    url = st.context.url
    if not url:
        return None
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    path = unquote(urlparse(url).path).strip("/")
    if base and path.startswith(base):
        path = path[len(base):].strip("/")
    known = {page.url_path for page in PAGES}
    return None if path in known else path


navigation = st.navigation(PAGES)
asked = unknown_path() if navigation.url_path == PAGES[0].url_path else None  # Streamlit fell back to the first
if asked is not None:
    links = " · ".join(f"[{page.title}](/{page.url_path})" for page in PAGES)
    st.error(f"**De pagina '{asked}' bestaat niet.** U ziet nu het Overzicht. Andere schermen: {links}",
             icon=":material/help:")
navigation.run()
state.persist()  # choices made further down a screen are kept for a reload as well
