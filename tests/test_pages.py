"""Every screen renders with the sample gemeente and reacts to its main inputs (streamlit AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import REPO, change_work, give_work, work_of
from ui import workspace

TIMEOUT = 120


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_overzicht_opens_on_the_sample_gemeente(app):
    assert app.title[0].value == "Overzicht"
    assert app.metric[0].label == "Prognose (scenario)"
    assert app.metric[1].value == "€ 16,2 mln"  # the sample's budget: Wmo € 8.622.000 + Jeugd € 7.553.000
    assert app.metric[2].value.endswith(" N")


def test_gegevens_shows_period_tables_and_no_warnings_for_the_sample(app):
    at = open_page(app, "gegevens")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Realisatiejaren"] == "2015–2024"
    assert metrics["Voorzieningen"] == "9"
    assert metrics["Bevolking"] == "2015–2035"
    assert metrics["Waarschuwingen"] == "0"
    assert "Voorbeeldgemeente (fictief)" in at.markdown[-1].value or any(
        "Voorbeeldgemeente" in s.value for s in at.subheader
    )
    tables = {tuple(f.value.columns): f.value for f in at.dataframe}
    indexatie = tables[("jaar", "domein", "voorziening", "percentage")]
    assert indexatie["percentage"].iloc[0] == "1,6%" and set(indexatie["voorziening"]) == {"(hele domein)"}
    begroting = tables[("jaar", "domein", "voorziening", "bedrag")]
    assert begroting["bedrag"].iloc[0] == "€ 5.131.000"  # the sample's first line (2019 Jeugd), whole euros
    assert tables[("jaar", "voorziening", "clienten", "kosten")]["kosten"].iloc[0] == "€ 1.697.108"
    # the in-year figures, months side by side, newest year first; a complete year next to its accounts
    in_year = next(f for f in tables.values() if "Realisatie" in f.columns and "jan" in f.columns)
    assert list(in_year["Jaar"].iloc[[0, -1]]) == ["2025", "2022"]
    assert in_year["dec"].iloc[0] == "" and in_year["Realisatie"].iloc[0] == ""  # 2025: through September
    complete = in_year.loc[in_year["Jaar"] == "2024"]
    assert (complete["Totaal"] == complete["Realisatie"]).all()  # the sample's months add up to its accounts
    assert tables[("Indicator", "Eenheid", "Basisjaar", "Startwaarde", "Streefwaarde", "Streefjaar", "Richting",
                   "Bron", "Actualisatie")]["Streefwaarde"].iloc[0] == "19,0"


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def euros(text: str) -> float:
    """'€ 3.891.193 N' -> 3891193 (N positive, V negative); '€ 1.234' -> 1234; '€ 1,7 mln' -> 1700000."""
    millions = "mln" in text
    digits = text.replace("€", "").replace("mln", "").replace("N", "").replace("V", "").replace(".", "").strip()
    amount = float(digits.replace(",", ".") or 0) * (1e6 if millions else 1)
    return -amount if text.endswith("V") else amount


def precision(text: str) -> float:
    """The rounding step of an amount as written: € 0,1 mln or whole thousands (the Sessie's reading units)."""
    return 1e5 if "mln" in text else 1e3 if text.endswith(".000") else 1.0


def chart_spec(at: AppTest, which: int = 0) -> tuple[str, list]:
    """The Vega-Lite spec of a chart on the page (JSON text, non-ASCII unescaped) and its datasets as DataFrames."""
    import json

    import pyarrow as pa

    proto = at.get("vega_lite_chart")[which].proto
    datasets = [pa.ipc.open_stream(d.data.data).read_pandas() for d in proto.datasets]
    return json.dumps(json.loads(proto.spec), ensure_ascii=False), datasets


@pytest.fixture(scope="module")
def sample_baseline():
    """The sample's baseline as the app computes it (auto, horizon 5): the amounts the formulas below start from."""
    from forecasting.input.validation import load_dataset
    from grip import service
    from tests.factories import SAMPLE

    dataset, _ = load_dataset(SAMPLE)
    return service.baseline(dataset, service.Settings())


def test_prognose_shows_the_total_baseline_with_its_band(app):
    at = open_page(app, "prognose")
    metrics = metric_values(at)
    assert metrics["Realisatie 2024"] == "€ 15,7 mln"
    assert metrics["Basisprognose 2029"].startswith("€ ")
    low, high = metrics["Band 2029 (P10–P90)"].removeprefix("€ ").removesuffix(" mln").split(" – ")
    as_number = lambda text: float(text.removeprefix("€ ").removesuffix(" mln").replace(",", "."))  # noqa: E731
    assert as_number(low) < as_number(metrics["Basisprognose 2029"]) < as_number(high)
    assert any("Waar komt de groei" in s.value for s in at.subheader)
    assert "Bevolkingsprognose" not in chart_spec(at)[0]  # the sample has no population variants: no variant band


def test_prognose_reacts_to_a_voorziening_a_model_override_and_excluded_years(app):
    at = open_page(app, "prognose")
    at.selectbox(key="prognose_keuze").select_index(3).run()  # Hulp bij het huishouden
    assert not at.exception
    assert metric_values(at)["Realisatie 2024"] == "€ 2,4 mln"
    auto_value = metric_values(at)["Basisprognose 2029"]
    picker = at.selectbox(key="model_Hulp bij het huishouden")
    assert picker.value == "auto" and picker.format_func("auto") == (
        "Automatisch (aanbevolen): gemiddelde van gelijk gebruik, Theta en gedempte trend")
    assert any("Combinatie" in m.value and "gemiddelde fout in de backtest" in m.value for m in at.markdown)
    picker.set_value("flat").run()
    assert not at.exception
    flat_value = metric_values(at)["Basisprognose 2029"]
    assert flat_value != auto_value
    assert work_of(at).models == {"Hulp bij het huishouden": "flat"}
    at.multiselect(key="excluded_years_widget").set_value([2020]).run()
    assert not at.exception
    assert any("Niet meegenomen bij het schatten: 2020" in c.value for c in at.caption)


def test_maatregelen_shows_the_sample_package_against_the_budget(app):
    at = open_page(app, "maatregelen")
    metrics = metric_values(at)
    assert metrics["Tekort/overschot 2029"].endswith(" N")
    assert metrics["Opbrengst maatregelen 2029"].startswith("€ ")
    assert any(s.value == "Scenario: Pakket 2026" for s in at.subheader)


def test_switching_a_measure_off_changes_the_gap_by_its_effect(app, sample_baseline):
    at = open_page(app, "maatregelen")
    before = euros(metric_values(at)["Tekort/overschot 2029"])
    at.toggle(key="aan_Pakket 2026_Tariefafspraken jeugdhulp").set_value(False).run()
    assert not at.exception
    # the only measure on jeugd: prices -3% from 2026, so switching it off adds 3% of jeugd's 2029 baseline
    expected = 0.03 * sample_baseline.projection.total("Jeugd")[-1]
    assert euros(metric_values(at)["Tekort/overschot 2029"]) - before == pytest.approx(expected, abs=1.0)
    package = work_of(at).scenarios["Pakket 2026"]
    assert [m.actief for m in package.maatregelen] == [True, True, False, True]


def test_the_sidebar_switches_scenario_for_every_screen(app):
    at = open_page(app, "maatregelen")
    at.selectbox(key="scenario_picker").set_value("Basisprognose (geen maatregelen)").run()
    assert not at.exception
    assert metric_values(at)["Opbrengst maatregelen 2029"] == "€ 0"
    assert any(s.value == "Scenario: Basisprognose (geen maatregelen)" for s in at.subheader)


def test_overzicht_shows_tiles_for_this_year_and_the_last_horizon_year(app):
    labels = [m.label for m in app.metric]
    assert labels.count("Tekort/overschot") == 2  # 2026 and 2029
    values = metric_values(app)
    assert values["Begroting"] == "€ 16,2 mln"
    assert any("Grootste stijgers" == s.value for s in app.subheader)
    assert any("Gegevens: **Voorbeeldgemeente (fictief)**" in m.value for m in app.markdown)


def test_begroting_lists_the_gap_per_year_and_offers_downloads(app):
    at = open_page(app, "begroting")
    table = at.dataframe[1].value
    assert list(table["Jaar"]) == ["2025", "2026", "2027", "2028", "2029"] * 3
    assert table["Verschil (N/V)"].str.endswith(("N", "V")).all()
    assert "Realisatie 2024" not in table  # the same amount every year: said once above the table
    assert any(c.value.startswith("Realisatie 2024: Wmo €") and "totaal €" in c.value for c in at.caption)
    # 2025's row is the prognosis; the in-year figures' expected year-end is said beside it, as the Monitor says it
    note = next(i.value for i in at.info if i.value.startswith("De tabel toont voor 2025 de prognose."))
    first = table.loc[(table["Jaar"] == "2025") & (table["Domein"] == "Totaal")].iloc[0]
    at.radio(key="begroting_domein").set_value("Jeugd").run()
    assert set(at.dataframe[1].value["Domein"]) == {"Jeugd"}
    jeugd_note = next(i.value for i in at.info if i.value.startswith("De tabel toont voor 2025 de prognose."))
    assert "t/m september 2025 verwacht Grip voor Jeugd €" in jeugd_note
    labels = {b.label for b in at.get("download_button")}
    assert labels == {"Excel-werkmap (alle tabellen)", "CSV voor Nederlandse Excel", "CSV (standaard)",
                      "Rapport voor de raad (HTML)", "Rapport voor de raad (PDF)",
                      "PNG", "SVG"}  # the Terugblik chart's (the sample has budgets for 2019-2024)
    monitor = open_page(at, "monitor")
    sentence = next(m.value for m in monitor.markdown if m.value.startswith("Met de cijfers t/m september 2025"))
    expected = sentence.split("is de verwachte jaarrekening ")[1].split(" (")[0]
    assert f"verwacht Grip voor het sociaal domein {expected} (" in note
    assert euros(expected) != euros(first["Basisprognose"])  # the in-year figures moved it off the prognosis
    gap = sentence.split("is dat ")[1].split(";")[0]
    assert f"{gap} tegenover de begroting" in note


def test_sessie_steps_through_to_the_end_with_plain_sentences(app):
    at = open_page(app, "sessie")
    assert at.header[0].value == "Waar we staan"
    assert any("In 2024 waren de kosten van Wmo en jeugd samen €\u00a015,7\u00a0mln" in m.value for m in at.markdown)
    for _ in range(3):
        at.button(key="sessie_volgende").click().run()
        assert not at.exception
    assert at.header[0].value == "Wat er overblijft"
    assert any(s.value == "Einde van de rondgang." for s in at.success)


def test_a_session_slider_changes_what_the_measures_deliver(app, sample_baseline):
    at = open_page(app, "sessie")
    for _ in range(2):
        at.button(key="sessie_volgende").click().run()
    before = metric_values(at)["Opbrengst maatregelen 2029"]
    slider = at.select_slider(key="schuif_Poortwachter begeleiding")
    assert slider.format_func(-10.0) == "−10%"  # Dutch labels, a true minus sign
    slider.set_value(-30.0).run()
    assert not at.exception
    # volume on Begeleiding from -10% to -30% (fully ramped up by 2029): 20% more of its 2029 baseline saved
    begeleiding = sample_baseline.projection.point(voorziening="Begeleiding")[-1]
    after = metric_values(at)["Opbrengst maatregelen 2029"]
    # the tile is rounded as the sentence above it (presentation/rounding.py): the same amount, written the same way
    assert any(f"in 2029 met {after.replace(' ', chr(160))}" in m.value for m in at.markdown), after
    assert euros(after) - euros(before) == pytest.approx(0.2 * begeleiding,
                                                         abs=(precision(before) + precision(after)) / 2)


def test_one_sessions_upload_is_never_visible_in_another():
    from tests.factories import base_tables

    first = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    second = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    files = {f"{name}.csv": text.encode("utf-8") for name, text in base_tables().items()}
    give_work(first, upload=(files, "Gemeente A"))
    first.switch_page("screens/gegevens.py").run()
    second.switch_page("screens/gegevens.py").run()
    assert not first.exception and not second.exception
    assert any(s.value == "In gebruik: Gemeente A" for s in first.subheader)
    assert any(s.value == "In gebruik: Voorbeeldgemeente (fictief)" for s in second.subheader)


def test_saving_twice_from_a_stale_version_shows_the_conflict_and_keeps_the_edits(app):
    from scenarios.store import ScenarioStore

    at = open_page(app, "maatregelen")
    at.text_input(key="new_scenario_name").set_value("Opslagproef").run()
    at.button[1].click().run()  # "Kopie van huidig"
    assert work_of(at).scenario_name == "Opslagproef"
    at.text_input(key="auteur").set_value("Adviseur").run()
    save = next(b for b in at.button if b.label.startswith("Opslaan: 'Opslagproef'"))
    save.click().run()
    assert any("Opgeslagen als versie 1" in s.value for s in at.success)

    other = ScenarioStore().scoped("Voorbeeldgemeente (fictief)")  # someone else of this gemeente saves v2
    scenario, _ = other.open("Opslagproef")
    other.save(scenario, "Wethouder", "tussendoor", based_on=1)

    at.toggle(key="aan_Opslagproef_Besparing vervoer").set_value(False).run()
    next(b for b in at.button if b.label.startswith("Opslaan: 'Opslagproef'")).click().run()
    assert any("Iemand anders heeft 'Opslagproef' intussen opgeslagen (versie 2" in e.value for e in at.error)
    assert not work_of(at).scenarios["Opslagproef"].maatregelen[3].actief  # the edit is still there
    assert other.current_version("Opslagproef") == 2


def test_adding_a_measure_with_the_form_changes_what_the_package_delivers(app, sample_baseline):
    from presentation.formatting import euro_short

    at = open_page(app, "maatregelen")
    package = work_of(at).scenarios["Pakket 2026"]
    at.text_input(key="nm_naam").set_value("Wijkteam jeugd")
    at.selectbox(key="nm_doel").set_value("Jeugdhulp zonder verblijf")
    at.selectbox(key="nm_hefboom").set_value("volume")
    at.number_input(key="nm_effect").set_value(-10.0)
    at.number_input(key="nm_start").set_value(2026)
    at.button(key="FormSubmitter:new_measure-Toevoegen").click().run()
    assert not at.exception, at.exception
    names = [m.naam for m in work_of(at).scenarios["Pakket 2026"].maatregelen]
    assert names[-1] == "Wijkteam jeugd"
    assert [t.value for t in at.toast] == ["Maatregel 'Wijkteam jeugd' toegevoegd aan 'Pakket 2026'."]
    assert at.text_input(key="nm_naam").value == ""  # the form is ready for the next measure
    # before: the package's saving; added: 10% fewer clients on a voorziening whose price the package already
    # cuts by 3%, so 0.97 x 10% of its 2029 baseline more
    from scenarios.apply import apply_scenario

    base = sample_baseline.projection
    before = base.total()[-1] - apply_scenario(sample_baseline, package, simulate=False).projection.total()[-1]
    added = 0.97 * 0.10 * base.point(voorziening="Jeugdhulp zonder verblijf")[-1]
    assert metric_values(at)["Opbrengst maatregelen 2029"] == euro_short(before + added)
    assert at.toggle(key="aan_Pakket 2026_Wijkteam jeugd").value is True


def test_a_horizon_past_the_uploaded_population_forecast_is_explained_not_swapped_for_other_data():
    from tests.factories import base_tables

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    files = {f"{name}.csv": text.encode("utf-8") for name, text in base_tables().items()}
    give_work(at, upload=(files, "Gemeente A"), horizon=7)  # the population forecast ends in 2029 = last year + 5
    at.switch_page("screens/gegevens.py").run()
    assert not at.exception
    assert any("dekken een horizon van 7 jaar niet" in e.value and "2030-2031" in e.value for e in at.error)
    assert not any("Voorbeeldgemeente" in s.value for s in at.subheader)


def test_the_horizon_chosen_on_one_screen_holds_on_the_next(app):
    app.selectbox(key="horizon_widget").set_value(4).run()
    at = open_page(app, "prognose")
    assert "Basisprognose 2028" in metric_values(at)
    at = open_page(at, "begroting")
    assert list(at.dataframe[1].value["Jaar"].unique()) == ["2025", "2026", "2027", "2028"]


@pytest.mark.parametrize("page", ["overzicht", "gegevens", "prognose", "maatregelen", "begroting", "sessie"])
def test_every_screen_works_on_uploaded_data_without_budget_or_indexation(page):
    from tests.factories import base_tables

    tables = {k: v for k, v in base_tables().items() if k not in ("begroting", "indexatie")}
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    give_work(at, upload=({f"{k}.csv": v.encode("utf-8") for k, v in tables.items()}, "Zonder begroting"))
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value.lower() == page


@pytest.mark.parametrize("page", ["overzicht", "prognose", "maatregelen", "sessie"])
def test_screens_work_with_only_three_realised_years(page):
    from tests.factories import synthetic_tables

    tables = synthetic_tables(years=range(2022, 2025))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    give_work(at, upload=({f"{k}.csv": v.encode("utf-8") for k, v in tables.items()}, "Kort"))
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, at.exception


def upload_files() -> dict[str, bytes]:
    from tests.factories import base_tables

    return {f"{name}.csv": text.encode("utf-8") for name, text in base_tables().items()}


def test_an_accepted_upload_starts_without_the_examples_measures_and_the_sidebar_names_it(app):
    at = open_page(app, "gegevens")
    assert work_of(at).scenario_name == "Pakket 2026"
    with_upload = at.session_state["sessie_id"]
    from ui import sessions
    from ui.session_work import make_upload

    # accept the upload as the button does (AppTest cannot drop files on the uploader)
    change_work(at, workspace.load_upload, make_upload(upload_files(), "Gemeente Proef"))
    at.run()
    assert not at.exception, at.exception
    assert list(work_of(at).scenarios) == ["Basisprognose (geen maatregelen)"]
    assert any("Gemeente Proef (eigen upload)" in m.value for m in at.sidebar.markdown)
    assert at.session_state["sessie_id"] == with_upload and sessions.valid_id(with_upload)
    at = open_page(at, "overzicht")
    assert not any("Poortwachter" in m.value for m in at.markdown)


def test_a_reload_with_the_session_link_brings_back_upload_choices_and_measures():
    from ui import sessions

    token = sessions.new_token()  # this browser's cookie
    session = sessions.new_id(token)
    version = sessions.save_upload(session, token, upload_files(), "Gemeente Terug", 0)
    package = {"naam": "Eigen pakket", "maatregelen": [
        {"naam": "Minder jeugdhulp", "doel": "Jeugdhulp", "hefboom": "volume", "effect_pct": -7, "startjaar": 2026,
         "actief": False}]}
    sessions.save_choices(session, token, {"horizon": 4, "excluded_years": [2020], "models": {"Jeugdhulp": "linear"},
                                           "continuation_pct": 2.5, "scenario_name": "Eigen pakket",
                                           "scenarios": {"Eigen pakket": package}}, version)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.session_state["_browser_token"] = token
    at.query_params["sessie"] = session
    at.switch_page("screens/maatregelen.py").run()
    assert not at.exception, at.exception
    assert any("Gemeente Terug (eigen upload)" in m.value for m in at.sidebar.markdown)
    assert work_of(at).horizon == 4 and work_of(at).excluded_years == (2020,)
    assert work_of(at).models == {"Jeugdhulp": "linear"} and work_of(at).continuation_pct == 2.5
    restored = work_of(at).scenarios["Eigen pakket"]
    assert work_of(at).scenario_name == "Eigen pakket"
    assert restored.maatregelen[0].effect_pct == -7 and restored.maatregelen[0].actief is False
    assert at.subheader[0].value == "Scenario: Eigen pakket"


def test_a_session_link_that_is_not_an_id_reads_nothing():
    from ui import sessions

    assert sessions.load("../scenarios") == sessions.Kept()
    assert not sessions.valid_id("../../etc") and not sessions.valid_id("kort")


def test_the_add_measure_form_refuses_an_empty_name_and_a_start_in_the_past(app):
    at = open_page(app, "maatregelen")
    count = len(work_of(at).scenarios["Pakket 2026"].maatregelen)
    at.text_input(key="nm_naam").set_value("")
    at.button(key="FormSubmitter:new_measure-Toevoegen").click().run()
    assert any("geef de maatregel een naam" in e.value for e in at.error)
    at.text_input(key="nm_naam").set_value("Te laat")
    at.number_input(key="nm_start").set_value(2023)
    at.button(key="FormSubmitter:new_measure-Toevoegen").click().run()
    assert any("vóór het eerste prognosejaar 2025" in e.value for e in at.error)
    at.number_input(key="nm_start").set_value(2026)
    at.number_input(key="nm_effect").set_value(-150.0)
    at.button(key="FormSubmitter:new_measure-Toevoegen").click().run()
    assert any("Effect moet tussen −100% en +100% liggen" in e.value for e in at.error)
    assert not any("effect_pct" in e.value for e in at.error)
    assert len(work_of(at).scenarios["Pakket 2026"].maatregelen) == count


def test_a_measure_added_to_the_baseline_starts_a_package_of_its_own(app):
    at = open_page(app, "maatregelen")
    change_work(at, workspace.choose_scenario, "Basisprognose (geen maatregelen)")
    at.run()
    at.text_input(key="nm_naam").set_value("Wijkteam")
    at.button(key="FormSubmitter:new_measure-Toevoegen").click().run()
    assert not at.exception, at.exception
    assert work_of(at).scenario_name == "Eigen maatregelen"
    assert work_of(at).scenarios["Basisprognose (geen maatregelen)"].maatregelen == []
    assert [m.naam for m in work_of(at).scenarios["Eigen maatregelen"].maatregelen] == ["Wijkteam"]


def test_prognose_shows_the_population_variants_of_an_upload():
    from tests.factories import base_tables

    tables = base_tables()
    rows = tables["bevolking"].strip().split("\n")
    tables["bevolking"] = "\n".join(["jaar;leeftijd;aantal;variant"] + [r + ";" for r in rows[1:]]
                                    + [f"{y};75+;{900 + 30 * (y - 2019)};laag" for y in range(2025, 2030)]
                                    + [f"{y};0-17;{1800 - 10 * (y - 2019)};laag" for y in range(2025, 2030)]) + "\n"
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    give_work(at, upload=({f"{n}.csv": t.encode("utf-8") for n, t in tables.items()}, "Gemeente A"))
    at.switch_page("screens/prognose.py").run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("Bevolkingsvarianten 2029") and "laag €\u00a0" in c.value for c in at.caption)
    # the chart shows laag–midden as a band of its own, joined to the last realised year, below the prognosis
    spec, datasets = chart_spec(at)
    assert "Bevolkingsprognose laag–midden" in spec
    band = next(d for d in datasets if {"laag", "hoog"} <= set(d.columns)).set_index("jaar")
    prognosis = next(d for d in datasets if "bedrag" in d.columns)
    prognosis = prognosis.loc[prognosis["reeks"] == "Basisprognose"].set_index("jaar")["bedrag"]
    assert list(band.index) == list(range(2024, 2030))
    assert band.loc[2029, "laag"] < band.loc[2029, "hoog"] == pytest.approx(prognosis.loc[2029])


def test_overzichts_tiles_and_growers_add_up_as_written(app):
    """Prognose − Begroting = Tekort/overschot as the tiles write them (presentation/rounding.py), and every
    grower's start + change = end."""
    import re

    values = [m.value for m in app.metric]
    labels = [m.label for m in app.metric]
    for first in (i for i, label in enumerate(labels) if label == "Prognose (scenario)"):
        forecast, budget, gap = values[first:first + 3]
        assert euros(forecast) - euros(budget) == pytest.approx(euros(gap), abs=1e-6), (forecast, budget, gap)
    growers = [m.value.replace("\u00a0", " ") for m in app.markdown if "→" in m.value]  # amounts kept unbroken
    assert growers
    for line in growers:
        start, end, change = re.findall(r"[+−-]?€ [0-9.]+(?:,[0-9])?(?: mln)?", line)[:3]
        sign = -1 if change.startswith(("−", "-")) else 1
        assert euros(start.lstrip("+−-")) + sign * euros(change.lstrip("+−-")) == pytest.approx(euros(end)), line


def test_the_sessie_growth_chart_writes_the_sentences_amounts(app):
    at = open_page(app, "sessie")
    at.button(key="sessie_volgende").click().run()
    assert at.header[0].value.startswith("Waar het heen gaat")
    sentence = next(m.value for m in at.markdown if "Zonder maatregelen" in m.value).replace("\u00a0", " ")
    _, datasets = chart_spec(at)
    labels = next(d for d in datasets if "tekst" in d.columns)["tekst"].tolist()
    assert labels[0] in sentence and labels[-1] in sentence  # 'van € 15,7 mln naar € 19,9 mln'
    for label in labels[1:-1]:  # '+€ 0,5 mln' is '€ 0,5 mln door groei van de doelgroep'
        assert label.lstrip("+−") in sentence, (label, sentence)
    assert euros(labels[0]) + sum((-1 if t.startswith("−") else 1) * euros(t.lstrip("+−")) for t in labels[1:-1]) \
        == pytest.approx(euros(labels[-1]))


def test_sessie_keeps_its_step_in_the_link_so_a_reload_stays_on_it():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.query_params["stap"] = "4"  # F5 on step 4, or a link to it
    at.switch_page("screens/sessie.py").run()
    assert not at.exception, at.exception
    assert at.header[0].value == "Wat er overblijft"
    assert "Tekort (N) of overschot (V) 2029" in metric_values(at)
    assert any("N = nadelig" in c.value for c in at.caption)
    at.button(key="sessie_vorige").click().run()
    assert at.header[0].value == "Wat de maatregelen doen"
    assert at.query_params["stap"] == "3"
    labels = list(metric_values(at))
    assert labels == ["Opbrengst maatregelen 2029"]  # the shortfall waits for the step that explains it
