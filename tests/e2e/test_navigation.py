"""Navigation in a real browser: one history entry per screen change, Back returns to the previous screen, and a
path that is no screen is answered in Dutch only (ui/navigation.py). Headless Chromium against `streamlit run`."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS, MENU, wait_until_done
from ui.navigation import SCREENS as MENU_SCREENS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT = 300_000  # the first backtest on a busy 2-core machine
SETTLE = 1_500  # time for a late history.pushState (Streamlit writes the link after the run) to show up
ENGLISH = ["Page not found", "does not seem to exist", "Running the app's main page"]
SCREENS = [title for _, title, _ in MENU_SCREENS]




def on_screen(page, name: str) -> None:
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=WAIT)
    wait_until_done(page, SETTLE, WAIT)


def link_params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_every_screen_change_is_one_history_entry_and_back_returns_to_the_previous_screen(page, app_url):
    page.goto(app_url)
    on_screen(page, "Overzicht")
    page.wait_for_url(re.compile(r"[?&]scenario="), timeout=WAIT)  # the link carries the session and scenario
    session = link_params(page)["sessie"]
    start = page.evaluate("history.length")

    visited = ["Overzicht"]
    for name in ["Gegevens", "Prognose", "Maatregelen", "Begroting"]:
        page.locator(MENU).get_by_text(name, exact=True).click()
        on_screen(page, name)
        visited.append(name)
        assert page.evaluate("history.length") == start + len(visited) - 1, f"after {' → '.join(visited)}"
        assert urlparse(page.url).path == f"/{name.lower()}"
        assert link_params(page)["sessie"] == session, "the session link travels with every screen change"
        assert "scenario" in link_params(page)

    length = page.evaluate("history.length")
    for previous in reversed(visited[:-1]):
        page.go_back()
        on_screen(page, previous)
        assert urlparse(page.url).path == ("/" if previous == "Overzicht" else f"/{previous.lower()}")
        assert page.evaluate("history.length") == length, "Back may not add or drop entries"
        assert link_params(page)["sessie"] == session
    page.go_forward()
    on_screen(page, "Gegevens")
    assert page.evaluate("history.length") == length


def english_on_screen(page) -> list[str]:
    text = page.locator("body").inner_text()
    return [phrase for phrase in ENGLISH if phrase in text]


def test_a_path_that_is_no_screen_is_answered_in_dutch_with_links_to_every_screen(page, app_url):
    # no visit to '/' first: with screens/ (not pages/) Streamlit never enters its legacy mode and its English dialog
    for size, viewport in {"1024x768": {"width": 1024, "height": 768},
                           "1440x900": {"width": 1440, "height": 900}}.items():
        page.set_viewport_size(viewport)
        page.goto(f"{app_url}/bestaatniet")
        on_screen(page, "Pagina bestaat niet")
        page.get_by_text("De pagina 'bestaatniet' bestaat niet").wait_for()
        assert english_on_screen(page) == [] and page.get_by_role("dialog").count() == 0
        links = page.locator('[data-testid="stMain"] [data-testid="stPageLink"]')
        assert [text.split("\n")[-1].strip() for text in links.all_inner_texts()] == SCREENS
        page.screenshot(path=str(ARTIFACTS / f"navigatie_bestaat_niet_{size}.png"), full_page=True)
    links.get_by_text("Prognose", exact=True).click()
    on_screen(page, "Prognose")
    assert urlparse(page.url).path == "/prognose"


@pytest.mark.parametrize(("path", "screen"), [("PROGNOSE", "Prognose"), ("Gegevens", "Gegevens"),
                                              ("overzicht", "Overzicht")])
def test_a_differently_cased_path_opens_that_screen(page, app_url, path, screen):
    page.goto(app_url)
    on_screen(page, "Overzicht")
    page.goto(f"{app_url}/{path}")
    on_screen(page, screen)
    assert english_on_screen(page) == [] and page.get_by_role("dialog").count() == 0
    assert "bestaat niet" not in page.locator("body").inner_text()


def test_a_screen_that_ends_early_keeps_its_menu(page, app_url):
    """Regio on one gemeente ends after its message (navigation.end_screen); with st.stop() the menu vanished."""
    page.goto(f"{app_url}/regio")
    on_screen(page, "Regio")
    page.get_by_text("Deze gegevens bevatten één gemeente").wait_for(timeout=WAIT)
    assert page.locator(MENU).count() == len(SCREENS)
    page.locator(MENU).get_by_text("Prognose", exact=True).click()
    on_screen(page, "Prognose")
