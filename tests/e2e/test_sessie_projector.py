"""Sessie as a projector mode at 1024x768 (#24 point 5): the sidebar collapsed and not over the content, the
content at least 900 px wide, the step kept after a reload (F5), and the sidebar back on the next screen."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, MENU, wait_until_done

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GEOMETRY = """() => {
  const side = document.querySelector('[data-testid="stSidebar"]');
  const text = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"]');
  const s = side ? side.getBoundingClientRect() : null;
  return {sidebarRight: s ? s.right : 0, sidebarWidth: s ? s.width : 0,
          contentLeft: text.getBoundingClientRect().left, contentWidth: text.getBoundingClientRect().width};
}"""


def test_sessie_fills_a_1024_projector_and_keeps_its_step_after_a_reload(browser, app_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
    context.set_default_timeout(180_000)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/sessie")
        page.get_by_role("heading", name="Waar we staan").wait_for()
        wait_until_done(page, settle=1000)
        shape = page.evaluate(GEOMETRY)
        assert shape["contentWidth"] >= 900, shape
        assert shape["sidebarRight"] <= shape["contentLeft"], shape  # the sidebar covers nothing
        assert shape["sidebarRight"] <= 0 or shape["sidebarWidth"] == 0, shape  # collapsed
        page.get_by_role("button", name="Volgende ▶").click()
        step_two = "Waar het heen gaat zonder maatregelen, en waarom"
        page.get_by_role("heading", name=step_two).wait_for()
        wait_until_done(page)
        page.wait_for_url(lambda url: "stap=2" in url, timeout=30_000)  # the address follows the rerun's end
        page.reload()
        page.get_by_role("heading", name=step_two).wait_for()
        wait_until_done(page, settle=1000)
        assert page.get_by_text("Stap 2 van 4").is_visible()
        page.screenshot(path=str(ARTIFACTS / "sessie_1024_na_herladen.png"))
        assert page.evaluate(GEOMETRY)["contentWidth"] >= 900
        page.goto(f"{app_url}/begroting")  # another screen: the sidebar is there again
        page.locator(MENU).first.wait_for()
        wait_until_done(page, settle=1000)
        assert page.evaluate(GEOMETRY)["sidebarRight"] > 200
    finally:
        context.close()
