"""The controller uploads new in-year figures on the Monitor screen and sees the expected year-end change."""

from __future__ import annotations

import re

import pytest

from forecasting.input.validation import load_dataset
from tests.e2e.conftest import ARTIFACTS, MENU, choose_file
from tests.factories import SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$")))
    return box.locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def euros(text: str) -> float:
    return float(re.sub(r"[^0-9]", "", text))


def test_the_controller_uploads_in_year_figures_and_sees_the_year_end(page, app_url, tmp_path):
    dataset, _ = load_dataset(SAMPLE)
    figures = dataset.tussentijds.copy()
    heavy = (figures["jaar"] == 2025) & figures["voorziening"].str.startswith("Jeugdhulp")
    figures.loc[heavy, "kosten"] *= 1.3  # jeugd runs 30% higher this year
    upload = tmp_path / "tussentijds.csv"
    figures.to_csv(upload, sep=";", decimal=",", index=False)

    page.goto(f"{app_url}/monitor")
    page.get_by_role("heading", name="Monitor", exact=True).wait_for(timeout=180_000)
    page.get_by_text("Verwacht Totaal 2025").wait_for(timeout=180_000)
    before = euros(metric(page, "Verwacht Jeugd 2025"))
    page.screenshot(path=str(ARTIFACTS / "5a_monitor.png"), full_page=True)

    choose_file(page, upload)
    page.get_by_role("button", name="Tussentijdse cijfers inlezen").click()
    page.get_by_text("De tussentijdse cijfers zijn ingelezen.").wait_for(timeout=180_000)
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => "
        "m.innerText.includes('Verwacht Jeugd 2025') && !m.innerText.includes(before))",
        arg=f"{before:,.0f}".replace(",", "."),
        timeout=180_000,
    )
    after = euros(metric(page, "Verwacht Jeugd 2025"))
    page.screenshot(path=str(ARTIFACTS / "5b_monitor_upload.png"), full_page=True)
    assert after > before * 1.15  # the realised part dominates in September
    assert "Jaareinde 2025: ● tekort" in page.inner_text("body")  # the signal names its word, not only a colour


def test_in_year_figures_join_the_work_and_keep_measures_exclusions_and_the_scenario(page, app_url, tmp_path):
    """#23: loading in-year figures on Monitor adds them to the current work; nothing else changes."""
    dataset, _ = load_dataset(SAMPLE)
    upload = tmp_path / "tussentijds.csv"
    dataset.tussentijds.to_csv(upload, sep=";", decimal=",", index=False)

    def open_screen(name: str) -> None:
        page.locator(MENU).get_by_text(name, exact=True).click()
        page.get_by_role("heading", name=name, exact=True).wait_for(timeout=180_000)

    page.goto(f"{app_url}/prognose")
    page.get_by_role("heading", name="Prognose", exact=True).wait_for(timeout=180_000)
    page.get_by_text("Instellingen en aannames", exact=True).click()
    years = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Jaren niet meenemen")
    years.wait_for(timeout=60_000)
    page.wait_for_timeout(1_000)  # the expander opens with an animation; a click during it closes the list again
    years.locator("input").click()
    page.get_by_role("option").filter(has_text="2020").click()
    page.keyboard.press("Escape")
    page.get_by_text("Niet meegenomen bij het schatten: 2020").wait_for(timeout=180_000)
    open_screen("Maatregelen")
    page.get_by_text("Scenario: Pakket 2026").wait_for(timeout=180_000)
    yield_before = metric(page, "Opbrengst maatregelen 2029")

    open_screen("Monitor")
    choose_file(page, upload)
    page.get_by_role("button", name="Tussentijdse cijfers inlezen").click()
    page.get_by_text("De tussentijdse cijfers zijn ingelezen.").wait_for(timeout=180_000)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Voorbeeldgemeente (fictief), met uw tussentijdse cijfers" in sidebar and "eigen upload" not in sidebar

    open_screen("Maatregelen")
    page.get_by_text("Scenario: Pakket 2026").wait_for(timeout=180_000)
    assert metric(page, "Opbrengst maatregelen 2029") == yield_before
    open_screen("Prognose")
    page.get_by_text("Niet meegenomen bij het schatten: 2020").wait_for(timeout=180_000)
