"""A three-gemeente dataset through every screen (streamlit AppTest): the sidebar's gemeente choice, the Regio
screen, measures for one gemeente, and the workbook's expected-versus-actual sheet."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from forecasting.region.region_total import combine
from forecasting.region.regional import load_region
from grip import service
from presentation.export import EXPECTED_SHEET, workbook_bytes
from presentation.formatting import euro_short
from tests.factories import REPO, give_work, work_of

TIMEOUT = 180
REGION = REPO / "data" / "voorbeeldregio"
PAGES = ["overzicht", "gegevens", "prognose", "maatregelen", "begroting", "monitor", "regio", "sessie"]


def budget_2025(gemeenten: list[str]) -> float:
    """The budget for 2025 summed straight from the CSV file, without Grip."""
    table = pd.read_csv(REGION / "begroting.csv", sep=";")
    return float(table.loc[(table["jaar"] == 2025) & table["gemeente"].isin(gemeenten), "bedrag"].sum())


@pytest.fixture
def region_app() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    give_work(at, region=True)
    at.run()
    assert not at.exception, at.exception
    return at


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_gegevens_offers_the_way_back_but_not_the_region_already_in_use(region_app):
    at = region_app
    at.switch_page("screens/gegevens.py").run()
    labels = [b.label for b in at.button]
    assert "Terug naar de voorbeeldgemeente" in labels
    assert not any(label.startswith("Voorbeeldregio proberen") for label in labels)


def test_every_screen_works_for_the_region_and_for_one_gemeente(region_app):
    at = region_app
    assert "3 gemeenten" in at.sidebar.markdown[0].value
    assert tiles(at)["Begroting"] == euro_short(budget_2025(["Beekdal", "Heuvelrade", "Waterhoven"]))
    for page in PAGES:
        at.switch_page(f"screens/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
    at.multiselect(key="gemeenten_widget").set_value(["Heuvelrade"]).run()
    at.switch_page("screens/overzicht.py").run()
    assert tiles(at)["Begroting"] == euro_short(budget_2025(["Heuvelrade"]))
    for page in PAGES:
        at.switch_page(f"screens/{page}.py").run()
        assert not at.exception, (page, at.exception)
    at.multiselect(key="gemeenten_widget").set_value(["Beekdal", "Waterhoven"]).run()
    at.switch_page("screens/overzicht.py").run()
    assert tiles(at)["Begroting"] == euro_short(budget_2025(["Beekdal", "Waterhoven"]))


def test_regio_shows_growth_per_gemeente_and_expected_versus_actual(region_app):
    at = region_app
    at.switch_page("screens/regio.py").run()
    growth = at.dataframe[0].value
    assert list(growth["Gemeente"]) == ["Beekdal", "Heuvelrade", "Waterhoven", "Samen"]
    assert growth["Aandeel groei"].iloc[-1] == "100,0%"
    ranked = at.dataframe[1].value
    assert set(ranked["Gemeente"]) == {"Beekdal", "Heuvelrade", "Waterhoven"} and list(ranked["Rang"]) == [1, 2, 3]
    assert any("geen oordeel" in i.value for i in at.info)
    at.switch_page("screens/overzicht.py").run()
    assert any("Verwacht en werkelijk" in m.value for m in at.markdown)


def test_a_measure_for_one_gemeente_counts_only_where_that_gemeente_is_chosen(region_app):
    at = region_app
    at.switch_page("screens/maatregelen.py").run()
    at.text_input(key="nm_naam").input("Wijkteam Beekdal")
    at.selectbox(key="nm_doel").select("Begeleiding")
    at.selectbox(key="nm_gemeente").select("Beekdal")
    at.button[[b.label for b in at.button].index("Toevoegen")].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    scenario = work_of(at).scenarios[work_of(at).scenario_name]
    assert [(m.naam, m.gemeente, m.doel) for m in scenario.maatregelen] == [("Wijkteam Beekdal", "Beekdal",
                                                                             "Begeleiding")]
    at.multiselect(key="gemeenten_widget").set_value(["Heuvelrade"]).run()
    assert any("buiten uw keuze" in i.value and "Wijkteam Beekdal" in i.value for i in at.info)


def test_an_uploaded_region_is_named_and_starts_without_measures():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    files = {path.name: path.read_bytes() for path in sorted(REGION.glob("*.csv"))}
    give_work(at, upload=(files, "Mijn regio"))
    at.run()
    assert not at.exception, at.exception
    assert "Mijn regio" in at.sidebar.markdown[0].value and "3 gemeenten" in at.sidebar.markdown[0].value
    at.switch_page("screens/gegevens.py").run()
    status = at.dataframe[0].value
    assert list(status["Gemeente"]) == ["Beekdal", "Heuvelrade", "Waterhoven"]
    assert any("Mijn regio: hele regio, 3 gemeenten" in s.value for s in at.subheader)


def test_the_region_workbook_and_report_name_the_region_and_hold_every_gemeente():
    from forecasting.region.regional import region_expected_vs_actual
    from presentation.report import render

    region = load_region(REGION)
    dataset, _ = combine(region.datasets, "Voorbeeldregio")
    run = service.run(dataset, service.Settings(model="flat"))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(run, expected=region_expected_vs_actual(region))))
    assert EXPECTED_SHEET in book.sheetnames
    rows = list(book["Prognose"].iter_rows(values_only=True))
    header = next(row for row in rows if row and "gemeente" in row)
    at, voorziening = header.index("gemeente"), header.index("voorziening")
    assert voorziening == at + 1
    body = rows[rows.index(header) + 1:]
    assert {row[at] for row in body if row[at]} == set(region.datasets)
    assert ("Beekdal", "Begeleiding") in {(row[at], row[voorziening]) for row in body}
    report = render(run)
    assert "Voorbeeldregio" in report and "<h2>Gemeenten</h2>" in report and "bij aan de groei" in report
    assert all(gemeente in report for gemeente in region.datasets)


def test_the_expected_chart_draws_each_gemeente_once_with_the_chosen_ones_apart():
    from forecasting.region.regional import region_expected_vs_actual
    from presentation.regional import expected_chart

    table = region_expected_vs_actual(load_region(REGION))
    spec = expected_chart(table, "Begeleiding", ["Beekdal"]).to_dict()
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")
    rows = spec["datasets"][points["data"]["name"]]
    assert sorted((r["gemeente"], r["keuze"]) for r in rows) == [
        ("Beekdal", "in uw keuze"), ("Heuvelrade", "overige gemeenten"), ("Waterhoven", "overige gemeenten")]
    guides = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    labelled = any(layer["mark"]["type"] == "text" and layer["encoding"]["text"]["field"] == "lijn"
                   for layer in spec["layer"])
    assert labelled and [r["lijn"] for r in spec["datasets"][(guides.get("data") or spec["data"])["name"]]] == [
        "zoals verwacht", "1,2× verwacht", "0,8× verwacht"]


def test_begroting_shows_one_gemeentes_voorzieningen_at_a_time_with_the_region_totals(region_app):
    at = region_app
    at.switch_page("screens/begroting.py").run()
    at.toggle[0].set_value(False).run()
    at.selectbox(key="begroting_gemeente").select("Heuvelrade").run()
    assert not at.exception
    table = at.dataframe[1].value
    names = set(table["Voorziening"])
    assert "Begeleiding" in names and "Totaal" in names and not any("·" in name for name in names)
    years = table["Jaar"].nunique()
    assert len(table) == years * (9 + 3)  # 9 voorzieningen of Heuvelrade, Wmo, Jeugd and overall totals


def test_prognose_shows_one_gemeente_with_its_own_totals(region_app):
    at = region_app
    at.switch_page("screens/prognose.py").run()
    assert len(at.selectbox(key="prognose_keuze").options) == 3 + 27  # the region's totals and every row
    at.selectbox(key="prognose_gemeente").select("Beekdal").run()
    assert not at.exception, at.exception
    choice = at.selectbox(key="prognose_keuze_Beekdal")
    assert choice.options[:3] == ["Beekdal: Totaal sociaal domein", "Beekdal: Wmo totaal", "Beekdal: Jeugd totaal"]
    assert "Begeleiding (Wmo)" in choice.options and len(choice.options) == 3 + 9
    realised = pd.read_csv(REGION / "realisatie.csv", sep=";")
    own = realised.loc[(realised["gemeente"] == "Beekdal") & (realised["jaar"] == 2024), "kosten"].sum()
    assert tiles(at)["Realisatie 2024"] == euro_short(own)  # Beekdal alone, straight from the CSV
    alone = service.run(load_region(REGION).datasets["Beekdal"], service.Settings())
    assert tiles(at)["Basisprognose 2029"] == euro_short(alone.baseline.projection.total()[-1])
    choice.select("Begeleiding (Wmo)").run()
    assert not at.exception, at.exception
    line = realised.loc[(realised["gemeente"] == "Beekdal") & (realised["jaar"] == 2024)
                        & (realised["voorziening"] == "Begeleiding"), "kosten"].sum()
    assert tiles(at)["Realisatie 2024"] == euro_short(line)
