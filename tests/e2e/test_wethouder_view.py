"""The wethouder's view (#24 point 2): on Maatregelen and Begroting a switch and the gap it moves are both on
screen without scrolling at 1024x768 and 1440x900, and switching a measure off moves the 2029 gap by exactly
that measure's effect (the one under its switch, and the one computed here independently)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, metric, wait_until_done
from tests.e2e.test_journeys import euros, expected_effect_of_switching_off

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEASURE = "Tariefafspraken jeugdhulp"
GAP = "Tekort/overschot 2029"


def inside(box: dict, width: int, height: int) -> bool:
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width \
        and box["y"] + box["height"] <= height


@pytest.mark.parametrize("screen", ["maatregelen", "begroting"])
@pytest.mark.parametrize("size", [(1024, 768), (1440, 900)])
def test_a_switch_and_the_gap_it_moves_are_on_screen_together(browser, app_url, screen, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    context.set_default_timeout(180_000)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/{screen}")
        page.get_by_text(GAP).first.wait_for()
        wait_until_done(page, settle=800)
        switch = page.locator('[data-testid="stCheckbox"]').filter(
            has=page.locator("label", has_text=re.compile(f"^{MEASURE}$"))).first
        tile = page.locator('[data-testid="stMetric"]').filter(has_text=GAP).first
        page.screenshot(path=str(ARTIFACTS / f"wethouder_{screen}_{width}.png"))
        assert inside(switch.bounding_box(), width, height), switch.bounding_box()
        assert inside(tile.bounding_box(), width, height), tile.bounding_box()
        shown_effect = switch.locator("xpath=following::*[@data-testid='stCaptionContainer'][1]").inner_text()
        effect = euros(shown_effect.split(" in ")[0])  # '-€ 261.445 in 2029' -> 261445 (sign in the words)
        assert shown_effect.startswith("-€")  # a saving
        before_text = metric(page, GAP)
        before = euros(before_text)
        switch.locator("label").first.click()
        page.wait_for_function(
            "([label, before]) => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => "
            "m.innerText.includes(label) && !m.innerText.includes(before))", arg=[GAP, before_text])
        wait_until_done(page)
        after = euros(metric(page, GAP))
        assert inside(switch.bounding_box(), width, height) and inside(tile.bounding_box(), width, height)
        assert after - before == pytest.approx(effect, abs=1)  # off: the saving no longer lowers the gap
        assert after - before == pytest.approx(expected_effect_of_switching_off(MEASURE), abs=1.5)
        assert "uit" in switch.locator("xpath=following::*[@data-testid='stCaptionContainer'][1]").inner_text()
    finally:
        context.close()
