"""Terugblik: past budgets against the realisation and against Grip's forecast made with the accounts up to t-2.

The known answers are computed by hand below. With the model 'flat', a constant population and 0% indexation,
Grip's forecast for t made with the accounts up to t-2 is exactly the realised cost of t-2 (use per inhabitant
and real cost per client of t-2 held), so every amount and error can be checked with a pencil.
"""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from forecasting.model.projection import TOTAL
from presentation import hindsight as terugblik
from scenarios.hindsight import MIN_HISTORY, Hindsight, hindsight, hindsight_rows, summarise
from tests.factories import REPO, SAMPLE, base_tables, give_work, load_tables

YEARS = range(2010, 2021)
# realised cost per year: 2010-2015 rising evenly, then the years that matter chosen by hand
WMO = {**{y: 70000 + 5000 * (y - 2010) for y in range(2010, 2016)},
       2016: 100000, 2017: 110000, 2018: 120000, 2019: 125000, 2020: 130000}
JEUGD = {**{y: 150000 + 8000 * (y - 2010) for y in range(2010, 2016)},
         2016: 200000, 2017: 200000, 2018: 250000, 2019: 240000, 2020: 250000}
BUDGET = {2018: (108000, 225000), 2019: (125000, 228000), 2020: (143000, 275000),
          2021: (150000, 280000), 2022: (150000, 280000)}  # 2021-2022 lie ahead: not in the Terugblik


def hand_made_tables(budget: dict[int, tuple[int, int]] = BUDGET) -> dict[str, str]:
    realisatie = ["jaar;voorziening;clienten;kosten"]
    for year in YEARS:
        realisatie += [f"{year};Begeleiding;100;{WMO[year]}", f"{year};Jeugdhulp;50;{JEUGD[year]}"]
    bevolking = ["jaar;leeftijd;aantal"] + [f"{y};{g};1000" for y in range(2010, 2026) for g in ("18-64", "0-17")]
    indexatie = ["jaar;domein;percentage"] + [f"{y};{d};0" for y in range(2011, 2026) for d in ("Wmo", "Jeugd")]
    begroting = ["jaar;domein;bedrag"] + [f"{y};Wmo;{w}" for y, (w, _) in budget.items()] + [
        f"{y};Jeugd;{j}" for y, (_, j) in budget.items()]
    return {"voorzieningen": "voorziening;domein;doelgroep\nBegeleiding;Wmo;18-64\nJeugdhulp;Jeugd;0-17\n",
            "realisatie": "\n".join(realisatie) + "\n", "bevolking": "\n".join(bevolking) + "\n",
            "indexatie": "\n".join(indexatie) + "\n", "begroting": "\n".join(begroting) + "\n"}


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    dataset = load_tables(tmp_path_factory.mktemp("terugblik"), hand_made_tables())
    return dataset, hindsight(dataset, model="flat")


def test_each_past_year_has_the_budget_the_realisation_and_grips_forecast_from_t_minus_2(hand_made):
    _, result = hand_made
    rows = result.rows.set_index(["jaar", "domein"])
    assert sorted(set(result.rows["jaar"])) == [2018, 2019, 2020]  # 2021 and 2022 are not realised yet
    # by hand: budget, realisation, Grip = the realisation of t-2
    expected = {
        (2018, "Wmo"): (108000, 120000, 100000), (2018, "Jeugd"): (225000, 250000, 200000),
        (2018, TOTAL): (333000, 370000, 300000),
        (2019, "Wmo"): (125000, 125000, 110000), (2019, "Jeugd"): (228000, 240000, 200000),
        (2019, TOTAL): (353000, 365000, 310000),
        (2020, "Wmo"): (143000, 130000, 120000), (2020, "Jeugd"): (275000, 250000, 250000),
        (2020, TOTAL): (418000, 380000, 370000),
    }
    for key, (budget, actual, grip) in expected.items():
        row = rows.loc[key]
        assert row["begroting"] == budget and row["realisatie"] == actual
        assert row["grip"] == pytest.approx(grip, rel=1e-9)
        assert row["fout_begroting"] == pytest.approx((budget - actual) / actual)
        assert row["fout_grip"] == pytest.approx((grip - actual) / actual, abs=1e-9)
    assert rows.loc[(2018, "Wmo"), "fout_begroting"] == pytest.approx(-0.10)  # 108 against 120
    assert rows.loc[(2020, "Jeugd"), "fout_begroting"] == pytest.approx(0.10)  # 275 against 250
    assert rows.loc[(2019, TOTAL), "fout_grip"] == pytest.approx(-55 / 365)  # 310 against 365


def test_the_summary_and_the_sentence_computed_by_hand(hand_made):
    dataset, result = hand_made
    total = result.summary.set_index("domein").loc[TOTAL]
    assert total["jaren"] == (2018, 2019, 2020)
    budget_mean = (-37 / 370 - 12 / 365 + 38 / 380) / 3  # -1.1%
    grip_mean = (-70 / 370 - 55 / 365 - 10 / 380) / 3  # -12.2%
    assert total["gemiddelde_fout_begroting"] == pytest.approx(budget_mean)
    assert total["gemiddelde_fout_grip"] == pytest.approx(grip_mean)
    assert total["gemiddelde_absolute_fout_begroting"] == pytest.approx((37 / 370 + 12 / 365 + 38 / 380) / 3)
    assert terugblik.hindsight_sentence(result, dataset.last_year) == (
        "De begroting zat de afgelopen 3 jaar gemiddeld 1% te laag; de prognose van Grip, met wat toen bekend was, "
        "12% te laag.")
    # Wmo: -10%, 0% and +10% average out; jeugd: (-10% - 5% + 10%) / 3 = -1.7%, Grip (-20% - 16.7% + 0%) / 3
    assert terugblik.hindsight_sentence(result, dataset.last_year, "Wmo") == (
        "De begroting voor Wmo zat de afgelopen 3 jaar gemiddeld goed (minder dan een half procent ernaast); de "
        "prognose van Grip, met wat toen bekend was, 12% te laag.")  # (-16.7% - 12% - 7.7%) / 3 = -12.1%
    assert terugblik.hindsight_sentence(result, dataset.last_year, "Jeugd") == (
        "De begroting voor jeugd zat de afgelopen 3 jaar gemiddeld 2% te laag; de prognose van Grip, met wat toen "
        "bekend was, 12% te laag.")  # (-20% - 16.7% + 0%) / 3 = -12.2%


def test_the_summary_takes_the_last_five_years_and_the_sentence_says_too_high_and_five_in_words():
    years = list(range(2016, 2023))  # seven years: the summary looks at 2018-2022
    budgets = {y: {TOTAL: 110.0} for y in years}
    actuals = {y: {TOTAL: 100.0} for y in years}
    forecasts = {y: {TOTAL: 100.0 - (y - 2016)} for y in years}  # 100, 99, ..., 94
    forecasts[2016][TOTAL] = np.nan  # a year without Grip's forecast counts in neither mean
    rows = hindsight_rows(budgets, actuals, forecasts)
    assert rows.loc[rows["jaar"] == 2016, "fout_grip"].isna().all()
    summary = summarise(rows)
    assert summary.iloc[0]["jaren"] == (2018, 2019, 2020, 2021, 2022)
    assert summary.iloc[0]["gemiddelde_fout_begroting"] == pytest.approx(0.10)
    assert summary.iloc[0]["gemiddelde_fout_grip"] == pytest.approx(-(2 + 3 + 4 + 5 + 6) / 5 / 100)
    result = Hindsight(rows, summary)
    assert terugblik.hindsight_sentence(result, 2022) == (
        "De begroting zat de afgelopen vijf jaar gemiddeld 10% te hoog; de prognose van Grip, met wat toen "
        "bekend was, 4% te laag.")
    shown = terugblik.display_table(result)  # the table marks the five years the sentence averages
    assert list(shown.loc[shown["In gemiddelde"] == "ja", "Jaar"]) == ["2018", "2019", "2020", "2021", "2022"]
    assert terugblik.period_words((2024,), 2024) == "in 2024"
    assert terugblik.period_words((2018, 2020, 2022), 2024) == "in 3 jaren tussen 2018 en 2022"


def test_a_year_with_too_little_history_keeps_its_budget_error_without_grip(tmp_path):
    early = 2010 + MIN_HISTORY  # t - 2 = 2010 + MIN_HISTORY - 2: MIN_HISTORY - 1 realised years (2010 on)
    dataset = load_tables(tmp_path, hand_made_tables({early: (90000, 180000), 2020: (143000, 275000)}))
    result = hindsight(dataset, model="flat")
    first = result.rows.loc[(result.rows["jaar"] == early) & (result.rows["domein"] == "Wmo")].iloc[0]
    assert first["fout_begroting"] == pytest.approx((90000 - WMO[early]) / WMO[early])
    assert np.isnan(first["grip"]) and np.isnan(first["fout_grip"])
    assert result.summary.set_index("domein").loc[TOTAL, "jaren"] == (2020,)


def test_without_past_budgets_there_is_no_terugblik_in_the_workbook_or_report(tmp_path):
    from grip import service
    from presentation.export import workbook_bytes
    from presentation.report import render

    dataset = load_tables(tmp_path, base_tables())  # budgets for 2025-2029 only
    assert hindsight(dataset).empty
    run = service.run(dataset, service.Settings(model="flat"))
    assert terugblik.hindsight_sentence(terugblik.hindsight_of(run), dataset.last_year) is None
    assert "Terugblik" not in openpyxl.load_workbook(io.BytesIO(workbook_bytes(run))).sheetnames
    assert "Terugblik" not in render(run)


def test_the_sample_workbook_and_report_have_the_terugblik():
    from forecasting.input.validation import load_dataset
    from grip import service
    from presentation.export import workbook_bytes
    from presentation.report import render

    dataset, _ = load_dataset(SAMPLE)
    run = service.run(dataset, service.Settings(model="flat"))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(run, with_scenario=False)))
    assert book.sheetnames[-1] == "Terugblik"
    cells = [row for row in book["Terugblik"].iter_rows(values_only=True)]
    assert cells[2][0].startswith("De begroting zat de afgelopen vijf jaar gemiddeld ")
    header = cells.index(("jaar", "domein", "begroting", "realisatie", "Grip toen", "fout begroting", "fout Grip"))
    first = cells[header + 1]
    assert first[:4] == (2019, "Wmo", 5189000, 5702019)  # data/voorbeeldgemeente/begroting.csv, realisatie.csv
    assert first[5] == pytest.approx((5189000 - 5702019) / 5702019)
    assert book["Terugblik"].cell(row=header + 2, column=6).number_format == "0.0%"
    html = render(run)
    assert "<h2>Terugblik: de begroting van eerdere jaren</h2>" in html and "Grip toen" in html


def test_the_begroting_screen_shows_the_terugblik_or_how_to_add_past_budgets():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("screens/begroting.py").run()
    assert not at.exception, at.exception
    assert "Terugblik" in [h.value for h in at.subheader]
    assert any(m.value.startswith("**De begroting zat de afgelopen vijf jaar gemiddeld ") for m in at.markdown)
    table = at.dataframe[-1].value
    assert list(table["Jaar"]) == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert table["Begroting"].iloc[0] == "€ 10.320.000"  # 5.189.000 + 5.131.000 in the sample's begroting.csv
    at.radio(key="begroting_domein").set_value("Jeugd").run()
    assert any(m.value.startswith("**De begroting voor jeugd zat ") for m in at.markdown)

    empty = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    give_work(empty, upload=({f"{k}.csv": v.encode("utf-8") for k, v in base_tables().items()},
                             "Zonder eerdere begroting"))
    empty.switch_page("screens/begroting.py").run()
    assert not empty.exception, empty.exception
    assert any(c.value.startswith("Geen eerdere begrotingen ingelezen. Zet de begroting van eerdere jaren (tot en "
                                  "met 2024)") for c in empty.caption)
