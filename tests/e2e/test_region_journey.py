"""The adviser of a region tries the sample region, narrows it to one gemeente, reloads, and compares gemeenten."""

from __future__ import annotations

from datetime import date

import openpyxl
import pandas as pd
import pytest

from grip.service import SAMPLE_REGION_NAME, SAMPLE_REGION_PATH
from presentation.export import EXPECTED_SHEET
from presentation.formatting import euro_short
from tests.e2e.conftest import MENU, shot, wait_until_done

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLOW = 180_000  # a first run fits the models of three gemeenten on a shared machine


def wait_for_metric(page, label: str, value: str) -> None:
    """Until the first tile called `label` shows exactly `value` (a rerun replaces the tiles in place)."""
    page.wait_for_function(
        "([label, value]) => { const box = [...document.querySelectorAll('[data-testid=\"stMetric\"]')].find(m => "
        "m.querySelector('[data-testid=\"stMetricLabel\"]')?.innerText.trim() === label); "
        "return !!box && box.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === value; }",
        arg=[label, value], timeout=SLOW,
    )


def open_screen(page, name: str) -> None:
    page.locator(MENU).get_by_text(name, exact=True).click()
    page.get_by_role("heading", name=name, exact=True).wait_for()


def expected_budget(gemeenten: list[str] | None = None) -> str:
    """The Overzicht 'Begroting' tile, straight from the sample region's begroting.csv: the first tile is this
    calendar year when it is a budget year, else the first budget year."""
    budget = pd.read_csv(SAMPLE_REGION_PATH / "begroting.csv", sep=";", decimal=",")
    if gemeenten:
        budget = budget.loc[budget["gemeente"].isin(gemeenten)]
    years = sorted(budget["jaar"].unique())
    year = date.today().year if date.today().year in years else years[0]
    return euro_short(float(budget.loc[budget["jaar"] == year, "bedrag"].sum()))


def chosen_in_sidebar(page) -> list[str]:
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    return [tag.get_attribute("aria-label") for tag in picker.locator("[data-tag]").all()]


def test_the_adviser_tries_the_sample_region_chooses_one_gemeente_and_keeps_it_after_a_reload(page, app_url, tmp_path):
    region_total, heuvelrade = expected_budget(), expected_budget(["Heuvelrade"])
    assert region_total != heuvelrade  # otherwise the tile proves nothing

    page.goto(f"{app_url}/gegevens")
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for(timeout=SLOW)
    page.get_by_role("button", name="Voorbeeldregio proberen (fictief, 3 gemeenten)").click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(f"{SAMPLE_REGION_NAME}, 3 gemeenten").wait_for(timeout=SLOW)
    page.get_by_role("heading", name=f"In gebruik: {SAMPLE_REGION_NAME}").wait_for(timeout=SLOW)
    picker = sidebar.locator('[data-testid="stMultiSelect"]')
    picker.get_by_text("Gemeenten", exact=True).wait_for()
    assert chosen_in_sidebar(page) == []  # empty = the whole region
    shot(page, "6a_regio_gegevens")

    open_screen(page, "Overzicht")
    wait_for_metric(page, "Begroting", region_total)

    picker.locator("input").click()
    page.get_by_role("option", name="Heuvelrade", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_metric(page, "Begroting", heuvelrade)
    assert chosen_in_sidebar(page) == ["Heuvelrade"]
    shot(page, "6b_regio_heuvelrade")

    assert "sessie=" in page.url  # the link carries the session, so F5 brings it back
    page.reload()
    page.get_by_role("heading", name="Overzicht", exact=True).wait_for(timeout=SLOW)
    sidebar.get_by_text(f"{SAMPLE_REGION_NAME}, 3 gemeenten").wait_for(timeout=SLOW)
    wait_for_metric(page, "Begroting", heuvelrade)
    assert chosen_in_sidebar(page) == ["Heuvelrade"]

    open_screen(page, "Regio")
    page.get_by_role("heading", name="Verwacht en werkelijk gebruik").wait_for(timeout=SLOW)
    chart = page.locator('[data-testid="stVegaLiteChart"]').last
    chart.locator("canvas, svg").first.wait_for(timeout=SLOW)
    assert chart.bounding_box()["height"] > 200
    ranked = page.locator('[data-testid="stDataFrame"]').first  # one gemeente chosen: no growth table above it
    ranked.locator('table[role="grid"]').wait_for(state="attached")
    assert ranked.is_visible() and ranked.bounding_box()["height"] > 50
    headers = ranked.locator('th[role="columnheader"]').all_text_contents()
    assert headers[:3] == ["Rang", "Gemeente", "Cliënten"] and "Gebruik t.o.v. verwacht" in headers
    cells = ranked.locator('table[role="grid"]').text_content()
    assert all(name in cells for name in ("Beekdal", "Heuvelrade", "Waterhoven"))  # ranked against the region
    assert "Heuvelrade" in page.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text="de gemeenten in uw keuze").inner_text()
    page.wait_for_timeout(1000)  # let vega finish drawing for the screenshot only
    shot(page, "6c_regio_scherm")

    open_screen(page, "Begroting")  # the region's workbook carries the expected-versus-actual sheet
    wait_until_done(page)
    with page.expect_download(timeout=SLOW) as download:
        page.get_by_role("button", name="Excel-werkmap (alle tabellen)").click()
    saved = tmp_path / "regio.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert EXPECTED_SHEET in book.sheetnames
    rows = list(book[EXPECTED_SHEET].iter_rows(values_only=True))
    assert {"Beekdal", "Heuvelrade", "Waterhoven"} <= {cell for row in rows for cell in row}
