"""A session link in a second browser (its own cookie jar) never shows the first browser's upload; in the same
browser, F5 brings the upload back (the cookie written by ui/session_keeping.keep_token is read back)."""

from __future__ import annotations

import re

from tests.e2e.conftest import wait_until_done
from tests.e2e.test_screens import own_workbook, upload

WAIT = 300_000


def test_a_link_opened_in_a_second_browser_does_not_see_the_first_ones_upload(browser, page, app_url, tmp_path):
    page.goto(f"{app_url}/gegevens")
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    upload(page, own_workbook(tmp_path), "Gemeente Vertrouwelijk")
    wait_until_done(page, timeout=WAIT)
    link = page.url
    session = re.search(r"sessie=([A-Za-z0-9_-]+)", link).group(1)
    assert any(c["name"] == "grip_browser" for c in page.context.cookies())

    page.reload()  # the same browser: its cookie opens its own session
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    page.get_by_text("Gemeente Vertrouwelijk (eigen upload)").wait_for(timeout=WAIT)
    assert f"sessie={session}" in page.url

    other = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    try:
        second = other.new_page()
        second.set_default_timeout(120_000)
        second.goto(link)
        second.get_by_role("heading", name="Gegevens", exact=True).wait_for()
        second.get_by_text("hoort bij een sessie die in een andere browser is begonnen").wait_for(timeout=WAIT)
        wait_until_done(second, timeout=WAIT)
        sidebar = second.locator('[data-testid="stSidebar"]').inner_text()
        assert "Gemeente Vertrouwelijk" not in sidebar
        assert "Voorbeeldgemeente" in sidebar
        # a new id of its own: the link is rewritten at the end of the run, after the sidebar is drawn
        second.wait_for_function("old => location.href.includes('sessie=') && !location.href.includes(old)",
                                 arg=f"sessie={session}", timeout=WAIT)
        assert f"sessie={session}" not in second.url
    finally:
        other.close()
