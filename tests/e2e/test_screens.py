"""Every screen at the sizes of a laptop and a raadzaal projector; own data never mixed with the example; a reload
keeps the work. Headless Chromium against `streamlit run`; screenshots go to test-artifacts/ (look at them)."""

from __future__ import annotations

import re

import openpyxl
import pytest

from forecasting.input.validation import load_dataset
from presentation.workbook import tables_of, to_xlsx
from tests.e2e.conftest import ARTIFACTS, MENU, choose_file, wait_until_done
from tests.factories import SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"1024x768": {"width": 1024, "height": 768}, "1440x900": {"width": 1440, "height": 900}}
SCREENS = ["Overzicht", "Gegevens", "Prognose", "Maatregelen", "Begroting", "Sessie"]
# the last tile of each screen, and how many tiles it has (the sample gemeente, horizon 5)
TILES = {"Overzicht": ("Kans op overschrijding", 8), "Gegevens": ("Waarschuwingen", 4),
         "Prognose": ("Band 2029 (P10–P90)", 3), "Maatregelen": ("Opbrengst maatregelen 2029", 3),
         "Begroting": ("Kans op overschrijding 2029", 2), "Sessie": ("Kans op overschrijding 2029", 3)}
EXAMPLE_MEASURES = ["Pakket 2026", "Poortwachter begeleiding", "Algemene voorziening huishoudelijke hulp",
                    "Tariefafspraken jeugdhulp", "Besparing vervoer"]
WAIT = 300_000  # the first backtest on a busy 2-core machine

# For every metric value: does its text fit its box, and is its last letter (N or V) inside the tile?
MEASURE_METRICS = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(el => {
  const box = el.closest('[data-testid="stMetric"]').getBoundingClientRect();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) if (walker.currentNode.textContent.trim()) last = walker.currentNode;
  let inside = true;
  if (last) {
    const text = last.textContent.trimEnd();
    const range = document.createRange();
    range.setStart(last, text.length - 1); range.setEnd(last, text.length);
    const c = range.getBoundingClientRect();
    inside = c.width > 0 && c.right <= box.right + 1 && c.left >= box.left - 1 && c.bottom <= box.bottom + 1;
  }
  const clipped = [el, ...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1);
  const label = el.closest('[data-testid="stMetric"]').querySelector('[data-testid="stMetricLabel"]');
  return {label: label ? label.innerText : '', text: el.innerText, clipped, inside};
})"""

BUTTONS_CUT = """() => [...document.querySelectorAll('.stMainBlockContainer button')].filter(b => b.offsetParent)
  .map(b => ({text: b.innerText, cut: [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)}))
  .filter(b => b.cut)"""


def shot(page, name: str) -> None:
    page.wait_for_timeout(800)  # charts finish drawing
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_screen(page, name: str) -> None:
    item = page.locator(MENU).get_by_text(name, exact=True)
    if not item.is_visible():  # Sessie (projector mode) starts with the sidebar collapsed: open it as a user does
        page.locator('[data-testid="stExpandSidebarButton"]').click()
    item.click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    wait_until_done(page, timeout=WAIT)




def check_metrics(page, where: str) -> list[dict]:
    metrics = page.evaluate(MEASURE_METRICS)
    for metric in metrics:
        assert not metric["clipped"], f"{where}: '{metric['label']}' is cut off: {metric['text']!r}"
        assert metric["inside"], f"{where}: the last letter of '{metric['label']}' falls outside its tile"
        if metric["label"].startswith("Tekort/overschot") and metric["text"] not in ("–", "geen begroting", "€ 0"):
            assert re.search(r"[NV]$", metric["text"].strip()), f"{where}: no N/V in {metric['text']!r}"
    return metrics


@pytest.mark.parametrize("size", list(SIZES))
def test_no_amount_sign_or_nv_is_cut_off_on_any_screen(browser, app_url, size):
    context = browser.new_context(viewport=SIZES[size], locale="nl-NL")
    context.set_default_timeout(WAIT)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/")
        page.get_by_role("heading", name="Overzicht", exact=True).wait_for()
        wait_until_done(page, timeout=WAIT)
        seen = {}
        for screen in SCREENS:
            if screen != "Overzicht":
                open_screen(page, screen)
            if screen == "Sessie":
                for step in range(3):
                    assert page.evaluate(BUTTONS_CUT) == [], f"Sessie stap {step + 1}: a button is cut off"
                    page.get_by_role("button", name="Volgende ▶").click()
                    page.get_by_text(f"Stap {step + 2} van 4").wait_for()
                    wait_until_done(page, timeout=WAIT)
                page.get_by_role("heading", name="Wat er overblijft").wait_for()
                wait_until_done(page, timeout=WAIT)
                assert page.evaluate(BUTTONS_CUT) == []
            label, count = TILES[screen]
            if label:
                page.locator('[data-testid="stMetricLabel"]').filter(has_text=label).last.wait_for()
                wait_until_done(page, timeout=WAIT)
            seen[screen] = len(check_metrics(page, f"{screen} {size}"))
            shot(page, f"scherm_{screen.lower()}_{size}")
        assert seen == {screen: count for screen, (_, count) in TILES.items()}
    finally:
        context.close()


def upload(page, path, naam: str) -> None:
    page.locator(MENU).get_by_text("Gegevens", exact=True).click()
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    choose_file(page, path)
    field = page.get_by_role("textbox", name="Naam van de gemeente (of gegevensset)")
    field.fill(naam)
    field.press("Tab")
    page.get_by_role("button", name="Controleren en inlezen").click()
    page.get_by_text("De gegevens zijn ingelezen").wait_for()
    page.get_by_text(f"{naam} (eigen upload)").wait_for()  # the sidebar names the data in use


def own_workbook(tmp_path):
    dataset, _ = load_dataset(SAMPLE)
    path = tmp_path / "eigen_gemeente.xlsx"
    path.write_bytes(to_xlsx(tables_of(dataset)))
    return path


def test_own_data_never_shows_the_examples_measures_on_any_screen_or_in_the_workbook(page, app_url, tmp_path):
    page.set_viewport_size(SIZES["1440x900"])
    page.goto(f"{app_url}/gegevens")
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    upload(page, own_workbook(tmp_path), "Gemeente Eigen")
    for screen in SCREENS:
        open_screen(page, screen)
        text = page.locator("body").inner_text()
        for name in EXAMPLE_MEASURES:
            assert name not in text, f"{screen} shows the example's '{name}'"
        assert "Gemeente Eigen (eigen upload)" in page.locator('[data-testid="stSidebar"]').inner_text()
    open_screen(page, "Begroting")
    wait_until_done(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Excel-werkmap (alle tabellen)").click()
    assert "Gemeente_Eigen" in download.value.suggested_filename
    saved = tmp_path / "werkmap.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book["Samenvatting"]["A1"].value.startswith("Meerjarenprognose sociaal domein — Gemeente Eigen — "
                                                       "scenario 'Basisprognose (geen maatregelen)'")
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None)
    for name in EXAMPLE_MEASURES:
        assert name not in cells
    with page.expect_download() as download:
        page.get_by_role("button", name="Rapport voor de raad (HTML)").click()
    assert "Gemeente_Eigen" in download.value.suggested_filename
    shot(page, "eigen_gegevens_begroting")


def test_a_reload_brings_back_the_upload_a_new_measure_and_the_choices(page, app_url, tmp_path):
    page.set_viewport_size(SIZES["1440x900"])
    page.goto(f"{app_url}/gegevens")
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    upload(page, own_workbook(tmp_path), "Gemeente Herlaad")
    assert re.search(r"[?&]sessie=[A-Za-z0-9_-]{22,}", page.url)
    open_screen(page, "Maatregelen")
    page.get_by_role("button", name="Maatregel toevoegen").click()
    page.get_by_label("Naam van de maatregel").fill("Wijkteam eerder erbij")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    page.get_by_text("Scenario: Eigen maatregelen").wait_for()  # the baseline itself stays without measures
    page.locator('[data-testid="stCheckbox"] label, [data-testid="stToggle"] label').filter(
        has_text="Wijkteam eerder erbij").first.wait_for()
    wait_until_done(page, timeout=WAIT)
    before = page.locator('[data-testid="stMetric"]').first.inner_text()
    shot(page, "herlaad_voor")
    page.reload()
    page.get_by_role("heading", name="Maatregelen", exact=True).wait_for()
    wait_until_done(page, timeout=WAIT)
    assert "Gemeente Herlaad (eigen upload)" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.locator('[data-testid="stCheckbox"] label, [data-testid="stToggle"] label').filter(
        has_text="Wijkteam eerder erbij").first.wait_for()
    assert page.locator('[data-testid="stMetric"]').first.inner_text() == before
    shot(page, "herlaad_na")
    # the same link in another browser (another device) opens nothing of this work until the owner shares it,
    # and then a copy (ui/sessions.py: a planted link never shows anyone's uploads)
    link = page.url
    other = page.context.browser.new_context(viewport=SIZES["1024x768"], locale="nl-NL")
    try:
        second = other.new_page()
        second.set_default_timeout(WAIT)
        second.goto(link)
        second.get_by_text("hoort bij een sessie die in een andere browser is begonnen").wait_for()
        wait_until_done(second, timeout=WAIT)
        assert "Gemeente Herlaad" not in second.locator('[data-testid="stSidebar"]').inner_text()
        page.locator('[data-testid="stSidebar"]').get_by_text("Deel deze sessie", exact=True).click()
        page.get_by_text("Gedeeld: wie de link opent, krijgt een kopie van uw werk.").wait_for()
        wait_until_done(page, timeout=WAIT)
        second.goto(link)
        second.get_by_text("kopie van een gedeelde sessie").wait_for()
        second.get_by_text("Gemeente Herlaad (eigen upload)").wait_for()
        second.locator('[data-testid="stCheckbox"] label, [data-testid="stToggle"] label').filter(
            has_text="Wijkteam eerder erbij").first.wait_for()
        # the copy has an id of its own; the link is rewritten at the end of the run, after the switches are drawn
        old_id = link.split("sessie=")[1][:44]
        second.wait_for_function("old => location.href.includes('sessie=') && !location.href.includes(old)",
                                 arg=old_id, timeout=WAIT)
        assert old_id not in second.url
    finally:
        other.close()
