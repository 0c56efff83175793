"""Maatregelen at 1024x768 (#24 point 3): no switch label and no amount of the effect-per-year table is cut off.

The switch labels and the effect-per-year table are HTML, so 'cut off' is measurable: an element whose content
is wider than its box (scrollWidth > clientWidth) hides part of it. The editor is drawn on a canvas; its columns
got fixed widths that fit (screens/maatregelen.py) and are checked on the screenshot."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until_done

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAMES = ["Poortwachter begeleiding", "Algemene voorziening huishoudelijke hulp", "Tariefafspraken jeugdhulp",
         "Besparing vervoer"]  # the sample package (data/voorbeeldscenario.json), written out


def test_nothing_of_a_label_or_an_amount_is_cut_off_at_1024(browser, app_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
    context.set_default_timeout(180_000)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/maatregelen")
        page.get_by_text("Effect per maatregel per jaar").wait_for()
        wait_until_done(page, settle=1000)
        labels = page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stMain"] [data-testid="stCheckbox"] [data-testid="stMarkdownContainer"] p')].map(p => ({
            text: p.innerText, cut: p.scrollWidth > p.clientWidth + 1,
            right: p.getBoundingClientRect().right}))""")
        assert [label["text"] for label in labels] == NAMES  # whole names, not shortened
        assert not any(label["cut"] for label in labels), labels
        assert all(label["right"] <= 1024 for label in labels)
        table = page.locator('[data-testid="stTable"]').filter(has_text="Poortwachter begeleiding").last
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "maatregelen_1024_effect_table.png"))
        geometry = table.evaluate("""t => ({scroll: t.scrollWidth, client: t.clientWidth,
            right: t.getBoundingClientRect().right,
            cells: [...t.querySelectorAll('th, td')].map(c => ({
                text: c.innerText, cut: c.scrollWidth > c.clientWidth + 1, right: c.getBoundingClientRect().right}))
            })""")
        assert geometry["scroll"] <= geometry["client"] + 1, geometry  # no sideways scrolling needed
        last_year = next(cell for cell in geometry["cells"] if cell["text"].strip() == "2029")
        assert last_year["right"] <= min(geometry["right"], 1024) + 1
        assert not any(cell["cut"] for cell in geometry["cells"]), [c for c in geometry["cells"] if c["cut"]]
        amounts = [cell["text"].strip() for cell in geometry["cells"] if "€" in cell["text"]]
        assert len(amounts) == 4 * 5 and all(re.fullmatch(r"-?€ \d{1,3}(\.\d{3})*", a) for a in amounts), amounts
    finally:
        context.close()
