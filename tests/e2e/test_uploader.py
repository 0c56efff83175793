"""The file uploader on Gegevens shows Dutch only: no 'Drag and drop file here', 'Limit 200MB per file', 'Browse
files' or a file size like '55.0B' (CSS in ui/sidebar.py STYLE). Headless Chromium against `streamlit run`."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ENGLISH = re.compile(r"Drag and drop|Browse files|Limit \d+|per file|\b\d+(\.\d+)?\s?[KMG]?B\b|Upload")
SIZES = {"1024x768": {"width": 1024, "height": 768}, "1440x900": {"width": 1440, "height": 900}}


def visible_text(locator) -> str:
    return locator.inner_text()  # innerText leaves out what CSS hides (font-size 0 keeps ::after only)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_uploader_speaks_dutch_before_and_after_a_file_is_chosen(browser, app_url, tmp_path, size):
    context = browser.new_context(viewport=SIZES[size], locale="nl-NL")
    context.set_default_timeout(300_000)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/gegevens")
        page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
        uploader = page.locator('[data-testid="stFileUploader"]').first
        dropzone = uploader.locator('[data-testid="stFileUploaderDropzone"]')
        dropzone.wait_for()
        page.wait_for_timeout(500)
        shown = dropzone.evaluate("""el => [...el.querySelectorAll('*')].filter(e => e.offsetParent !== null)
            .map(e => [getComputedStyle(e).fontSize === '0px' ? '' : [...e.childNodes]
              .filter(n => n.nodeType === 3).map(n => n.textContent).join(''),
              getComputedStyle(e, '::after').content].join(' ')).join(' ')""")
        assert "Bestanden kiezen" in shown and "of sleep ze hierheen" in shown
        assert not ENGLISH.search(shown.replace('"', "")), shown
        page.screenshot(path=str(ARTIFACTS / f"uploader_leeg_{size}.png"))

        csv = tmp_path / "realisatie.csv"
        csv.write_text("jaar;voorziening;clienten;kosten\n2024;Begeleiding;1;10\n", encoding="utf-8")
        uploader.locator('input[type="file"]').set_input_files(str(csv))
        uploader.locator('[data-testid="stFileChipName"]').wait_for()
        page.wait_for_timeout(500)
        text = visible_text(uploader)
        assert "realisatie.csv" in text
        assert not ENGLISH.search(text.replace("add icon", "").replace("\nadd", "")), text
        uploader.screenshot(path=str(ARTIFACTS / f"uploader_bestand_{size}.png"))
    finally:
        context.close()
