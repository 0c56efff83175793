"""The three main journeys in a real headless Chromium against `streamlit run`. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import openpyxl
import pytest

from forecasting.input.validation import load_dataset
from presentation.workbook import tables_of, to_xlsx
from tests.e2e.conftest import MENU, choose_file, metric, shot, wait_until_done
from tests.factories import SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def euros(text: str) -> float:
    """'€ 3.891.193 N' -> 3891193 (N positive, V negative)."""
    number = float(re.sub(r"[^0-9]", "", text))
    return -number if text.strip().endswith("V") else number


def open_screen(page, name: str) -> None:
    page.locator(MENU).get_by_text(name, exact=True).click()
    page.get_by_role("heading", name=name, exact=True).wait_for()


def test_the_adviser_uploads_a_workbook_sees_the_prognosis_and_downloads_the_result(page, app_url, tmp_path):
    dataset, _ = load_dataset(SAMPLE)
    workbook = tmp_path / "gemeente_upload.xlsx"
    workbook.write_bytes(to_xlsx(tables_of(dataset)))
    broken = tmp_path / "realisatie.csv"
    broken.write_text("jaar;voorziening;clienten;kosten\n2024;Onbekend;veel;10\n", encoding="utf-8")
    page.goto(f"{app_url}/gegevens")
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    choose_file(page, broken)
    page.get_by_role("button", name="Controleren en inlezen").click()
    page.get_by_text("De gegevens zijn niet ingelezen").wait_for()
    assert page.get_by_role("heading", name="In gebruik: Voorbeeldgemeente (fictief)").is_visible()  # unchanged
    shot(page, "1a_gegevens_fout")
    page.reload()  # a fresh session: the uploader keeps files, and this journey continues with the good one
    page.get_by_role("heading", name="Gegevens", exact=True).wait_for()
    choose_file(page, workbook)
    page.get_by_role("textbox", name="Naam van de gemeente (of gegevensset)").fill("Gemeente Proef")
    page.get_by_role("textbox", name="Naam van de gemeente (of gegevensset)").press("Enter")
    wait_until_done(page)
    page.get_by_role("button", name="Controleren en inlezen").click()
    page.get_by_text("De gegevens zijn ingelezen").wait_for()
    page.get_by_role("heading", name="In gebruik: Gemeente Proef").wait_for()
    shot(page, "1b_gegevens_upload")

    open_screen(page, "Prognose")
    page.get_by_text("Basisprognose 2029").wait_for(timeout=180_000)
    assert metric(page, "Realisatie 2024") == "€ 15,7 mln"
    assert metric(page, "Basisprognose 2029").startswith("€ ")
    page.wait_for_timeout(1500)
    shot(page, "1c_prognose")

    open_screen(page, "Begroting")
    wait_until_done(page)  # the screen's run is over: its download buttons are the ones that stay
    with page.expect_download() as download:
        page.get_by_role("button", name="Excel-werkmap (alle tabellen)").click()
    saved = tmp_path / "resultaat.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames == ["Samenvatting", "Prognose", "Groei", "Maatregelen", "Aannames", "Gegevens",
                               "Jaareinde", "Indicatoren", "Terugblik"]  # the sample has past budgets
    assert book["Prognose"].max_row > 100
    shot(page, "1d_begroting")


def expected_effect_of_switching_off(name: str) -> float:
    """What switching one measure off changes the 2029 total gap by, from the same engine as the app."""
    from dataclasses import replace

    from forecasting.model.baseline import build_baseline
    from scenarios.apply import apply_scenario
    from scenarios.measures import Scenario, loads

    dataset, _ = load_dataset(SAMPLE)
    baseline = build_baseline(dataset)
    package = loads((SAMPLE.parent / "voorbeeldscenario.json").read_text(encoding="utf-8"), baseline.voorzieningen)
    off = Scenario(package.naam, [replace(m, actief=m.naam != name) for m in package.maatregelen])
    return float(apply_scenario(baseline, off, simulate=False).projection.total()[-1]
                 - apply_scenario(baseline, package, simulate=False).projection.total()[-1])


def test_the_wethouder_switches_a_measure_off_and_the_gap_changes_by_its_effect(page, app_url):
    page.goto(f"{app_url}/maatregelen")
    page.get_by_text("Tekort/overschot 2029").wait_for(timeout=180_000)
    before = euros(metric(page, "Tekort/overschot 2029"))
    shot(page, "2a_maatregelen")
    page.locator('[data-testid="stCheckbox"] label').filter(
        has_text=re.compile("^Tariefafspraken jeugdhulp$")).click()
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => "
        "m.innerText.includes('Tekort/overschot 2029') && !m.innerText.includes(before))",
        arg=metric(page, "Tekort/overschot 2029"),
    )
    after = euros(metric(page, "Tekort/overschot 2029"))
    shot(page, "2b_maatregel_uit")
    assert after - before == pytest.approx(expected_effect_of_switching_off("Tariefafspraken jeugdhulp"), abs=1.5)


def test_a_link_reopens_the_same_scenario_and_screen(page, app_url):
    page.goto(f"{app_url}/maatregelen?scenario=Basisprognose (geen maatregelen)")
    page.get_by_role("heading", name="Scenario: Basisprognose (geen maatregelen)").wait_for(timeout=180_000)
    assert metric(page, "Opbrengst maatregelen 2029") == "€ 0"


def test_the_session_mode_steps_through_to_the_end(page, app_url):
    page.goto(f"{app_url}/sessie")
    titles = ["Waar we staan", "Waar het heen gaat zonder maatregelen, en waarom", "Wat de maatregelen doen",
              "Wat er overblijft"]
    page.get_by_role("heading", name=titles[0]).wait_for(timeout=180_000)
    page.wait_for_timeout(1000)
    shot(page, "3a_sessie_stap1")
    for number, title in enumerate(titles[1:], start=2):
        page.get_by_role("button", name="Volgende ▶").click()
        page.get_by_role("heading", name=title).wait_for()
        page.wait_for_timeout(1000)
        shot(page, f"3{chr(96 + number)}_sessie_stap{number}")
    page.get_by_text("Einde van de rondgang.").wait_for()
    assert page.get_by_text("Stap 4 van 4").is_visible()
