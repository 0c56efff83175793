"""Start `streamlit run app.py` on a free local port and Debian's Chromium (never `playwright install`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, REPO, start_streamlit, stop

ARTIFACTS = REPO / "test-artifacts"
MENU = '[data-testid="stSidebar"] [data-testid="stPageLink"]'  # Grip's own menu (ui/navigation.py)


@pytest.fixture(scope="session")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "streamlit.log", "w")
    process, url = start_streamlit(log)
    if url is None:
        stop(process)
        pytest.fail("streamlit run startte niet binnen 90 s; zie test-artifacts/streamlit.log")
    yield url
    stop(process)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt op /usr/bin/chromium: `make test` installeert het met apt-get.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="nl-NL")
    context.set_default_timeout(120_000)
    page = context.new_page()
    yield page
    context.close()


def shot(page, name: str) -> None:
    """A full-page screenshot in test-artifacts/ (for looking at the screens after a run)."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def metric(page, label: str) -> str:
    """The value of the first tile called exactly `label`."""
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$")))
    return box.locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def wait_until_done(page, settle: int = 300, timeout: int = 300_000) -> None:
    """Until no script run is going and no backtest is waited for, then `settle` ms for late updates."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
                           "!document.body.innerText.includes('Grip toetst de rekenmodellen')", timeout=timeout)
    page.wait_for_timeout(settle)


def choose_file(page, path) -> None:
    """Put a file in the screen's (first) uploader once the screen's run is over, and wait until it shows: a file
    given to an uploader that a still-running rerun replaces would be lost."""
    wait_until_done(page, settle=500)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').first.get_by_text(Path(path).name).wait_for()
    wait_until_done(page)

