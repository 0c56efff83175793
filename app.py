"""Grip: the Streamlit frame. Page config, navigation and the sidebar shared by all screens.

Streamlit runs this file as `__main__`. The guard keeps it inert when a process started by multiprocessing
(spawn or forkserver, for example the store's stress test after an AppTest) re-imports the main module as
`__mp_main__`: outside Streamlit there is no page to draw.
"""

import streamlit as st

from ui import auth, navigation, session_keeping, sidebar

if __name__ == "__main__":
    st.set_page_config(page_title="Grip op het sociaal domein", page_icon=":material/trending_up:", layout="wide",
                       initial_sidebar_state="auto")  # Sessie asks for 'collapsed' (projector mode)
    if not auth.gate():  # a shared installation ([auth] in secrets.toml): nothing but the sign-in screen
        st.stop()
    # an unknown path is a page of its own: Dutch, never Streamlit's English dialog
    MENU, PAGES = navigation.pages(sidebar.sidebar)
    current = st.navigation(PAGES, position="hidden")  # Grip's own menu carries ?sessie= (ui/navigation.py)
    menu_slot = st.sidebar.container()  # first in the sidebar; filled after the screen chose its parameters
    try:
        current.run()
    except navigation.ScreenEnd:  # a screen that ends early (navigation.end_screen) still gets its menu
        pass
    finally:  # also after st.rerun(): every screen keeps its menu, the link is written once
        navigation.write_link()
        navigation.menu(menu_slot, MENU)
        with st.sidebar:
            auth.sidebar_line()  # who is signed in, or that this installation is not protected
    if session_keeping.persist():  # choices made further down a screen are kept for a reload as well
        st.rerun()  # a refused save is said at the top of the screen (a next refusal waits for the user)
