"""Start from public figures in a real browser: choose a gemeente, read its saved StatLine exports (the offline
route, so no network in the test), get its dataset as a zip and see its prognosis. The exports are made from the
recorded responses in tests/fixtures/cbs (published CBS figures of Zwolle)."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.cbs_support import iv3_bytes, write_exports
from tests.e2e.conftest import MENU, metric, shot, wait_until_done

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_adviser_starts_from_her_gemeentes_public_figures(page, app_url, tmp_path):
    exports = sorted(write_exports(tmp_path / "statline").iterdir())
    iv3 = tmp_path / "iv3_zwolle.csv"
    iv3.write_bytes(iv3_bytes())
    page.goto(f"{app_url}/gegevens")
    page.get_by_role("heading", name="Begin met de openbare cijfers van uw gemeente").wait_for()
    wait_until_done(page, settle=500)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Gemeente").first
    box.click()
    page.keyboard.type("Zwolle")
    page.get_by_role("option", name="Zwolle", exact=True).click()  # not Enter: that may come before the filter
    page.locator("button:not([disabled])", has_text="Openbare cijfers ophalen").wait_for()  # Zwolle is chosen
    wait_until_done(page)
    page.get_by_text("Geen internet vanaf deze server?").click()
    uploaders = page.locator('[data-testid="stFileUploader"]')
    uploaders.nth(1).locator('input[type="file"]').set_input_files([str(p) for p in exports])
    uploaders.nth(1).locator('[data-testid="stFileChipName"]').first.wait_for()
    wait_until_done(page)
    uploaders.nth(2).locator('input[type="file"]').set_input_files(str(iv3))
    uploaders.nth(2).locator('[data-testid="stFileChipName"]').first.wait_for()
    wait_until_done(page)
    page.get_by_role("button", name="Cijfers uit de bestanden gebruiken").click()
    page.get_by_text("De openbare cijfers van Zwolle zijn ingelezen").wait_for()
    page.get_by_role("heading", name="In gebruik: Zwolle (CBS)").wait_for()
    shot(page, "4a_openbare_cijfers")
    with page.expect_download() as download:
        page.get_by_role("button", name="Gegevensset als zip (met bronnen)").click()
    names = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())).namelist()
    assert {"realisatie.csv", "bevolking.csv", "_toelichting/bronnen.csv"} <= set(names)

    page.locator(MENU).get_by_text("Prognose", exact=True).click()
    page.get_by_role("heading", name="Prognose", exact=True).wait_for()
    page.get_by_text("Basisprognose 2028").wait_for(timeout=180_000)
    assert metric(page, "Realisatie 2023").startswith("€ ")
    shot(page, "4b_prognose_openbare_cijfers")
