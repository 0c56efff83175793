"""Navigation between Grip's screens: one browser-history entry per screen change, Dutch for unknown paths.

Streamlit's own sidebar menu drops every query parameter that is not bound to a widget when the user changes
screen. Grip's `?sessie=` and `?scenario=` were then set again one at a time, and every change of the query
string is a `history.pushState`: three history entries per screen change, and Back landed on the same screen.
So Grip draws its own menu of `st.page_link`s that carry these parameters (the screen change is then one
entry), and writes the parameters once at the end of a run, only when they changed (`keep_in_link`,
`write_link`).

A path that is no screen (`/bestaatniet`) would make Streamlit show its English "Page not found" dialog.
`pages()` therefore registers the asked path as a page of its own: a differently-cased screen (`/PROGNOSE`)
shows that screen, anything else a Dutch message with links to the screens.
"""

from __future__ import annotations

from typing import NoReturn
from urllib.parse import unquote, urlparse

import streamlit as st

# (file, title, icon); the first is the default screen at '/'
SCREENS = [
    ("screens/overzicht.py", "Overzicht", ":material/dashboard:"),
    ("screens/gegevens.py", "Gegevens", ":material/table_view:"),
    ("screens/prognose.py", "Prognose", ":material/trending_up:"),
    ("screens/maatregelen.py", "Maatregelen", ":material/tune:"),
    ("screens/begroting.py", "Begroting", ":material/account_balance:"),
    ("screens/monitor.py", "Monitor", ":material/monitor_heart:"),
    ("screens/regio.py", "Regio", ":material/location_city:"),
    ("screens/sessie.py", "Sessie", ":material/co_present:"),
]
# The default screen lives at '/'; Streamlit names a page internally by its url_path, so the default gets one
# that nobody types, and '/overzicht' can then be registered as a page of its own (see `pages`).
DEFAULT_NAME = "grip-start"
KEPT = ("sessie", "scenario")  # query parameters that travel with every screen change
_WANTED = "_link_wanted"


class ScreenEnd(Exception):
    """Raised by `end_screen` and caught in app.py."""


def end_screen() -> NoReturn:
    """End the screen here, as st.stop() would, but keep the menu: after st.stop() Streamlit drops every element
    the run still draws, so app.py's menu (drawn after the screen) would vanish."""
    raise ScreenEnd


def screens() -> list[st.Page]:
    """Grip's screens as pages, in menu order."""
    return [st.Page(file, title=title, icon=icon, default=number == 0, url_path=DEFAULT_NAME if number == 0 else None)
            for number, (file, title, icon) in enumerate(SCREENS)]


def asked_path(known: set[str]) -> str | None:
    """The path in the address bar when it is no screen of Grip ('' and the screens' paths are); None else."""
    url = st.context.url
    if not url:
        return None
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    path = unquote(urlparse(url).path).strip("/")
    if base and path.startswith(base):
        path = path[len(base):].strip("/")
    return None if path in known or "/" in path else path


def pages(frame=lambda: None) -> tuple[list[st.Page], list[st.Page]]:
    """(the screens for the menu, every page for st.navigation).

    An unknown path in the address bar becomes a page of its own, so Streamlit finds it and shows no English
    dialog: the screen itself when only the case differs, else the Dutch 'bestaat niet' page.
    """
    menu = screens()
    asked = asked_path({page.url_path for page in menu})
    if asked is None or asked == DEFAULT_NAME:
        return menu, menu
    same = next((number for number, (file, *_) in enumerate(SCREENS)
                 if menu[number].url_path.lower() == asked.lower()
                 or (number == 0 and asked.lower() == file.split("/")[-1].removesuffix(".py"))), None)
    if same is not None:
        file, title, icon = SCREENS[same]
        extra = st.Page(file, title=title, icon=icon, url_path=asked)
    else:
        extra = st.Page(lambda: not_found(asked, menu, frame), title="Pagina bestaat niet", icon=":material/help:",
                        url_path=asked)
    return menu, [*menu, extra]


def not_found(asked: str, menu: list[st.Page], frame=lambda: None) -> None:
    """The Dutch answer to a path that is no screen, with a link to every screen."""
    frame()  # the sidebar every screen has (ui/sidebar.py, passed in by app.py: it imports this module)
    st.title("Pagina bestaat niet")
    st.error(f"De pagina '{asked}' bestaat niet in Grip.", icon=":material/help:")
    st.markdown("Kies een van de schermen:")
    for page in menu:
        link(st, page, page.title, page.icon)


# --- the query parameters in the link ---------------------------------------------------------------------

def keep_in_link(key: str, value: str) -> None:
    """Have `?key=value` in the address bar after this run (written once, by `write_link`)."""
    st.session_state.setdefault(_WANTED, {})[key] = value


def carried() -> dict[str, str]:
    """The parameters that travel with a screen change: the address bar's, with this run's wishes applied."""
    params = {key: st.query_params[key] for key in KEPT if key in st.query_params}
    params.update({key: value for key, value in st.session_state.get(_WANTED, {}).items() if key in KEPT})
    return params


def write_link() -> None:
    """Write the wished parameters in one go, and only when they differ: each change is a history entry."""
    wanted = st.session_state.pop(_WANTED, {})
    changed = {key: value for key, value in wanted.items() if st.query_params.get(key) != value}
    if changed:
        st.query_params.update(changed)


def link(container, page: st.Page | str, label: str, icon: str | None = None) -> None:
    """A link to a screen that keeps the session and scenario in the address bar."""
    container.page_link(page, label=label, icon=icon, query_params=carried() or None)


def menu(container, screens_: list[st.Page]) -> None:
    """The sidebar menu: one link per screen."""
    with container:
        for page in screens_:
            link(st, page, page.title, page.icon)
        st.divider()
