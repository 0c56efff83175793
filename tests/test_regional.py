"""Several gemeenten in one input (forecasting/region/regional.py) and expected versus actual on hand-made numbers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from benchmarks import synthetic_country
from forecasting.input.problems import Problems
from forecasting.input.reading import read_path
from forecasting.input.validation import build_dataset, load_dataset
from forecasting.region.regional import (
    EXPECTED_NOTE,
    LAYOUT_COLUMN,
    LAYOUT_FOLDERS,
    LAYOUT_SINGLE,
    LAYOUT_WORKBOOKS,
    expected_vs_actual,
    load_region,
    read_region,
)
from presentation.workbook import to_xlsx
from tests.factories import SAMPLE


@pytest.fixture(scope="module")
def country():
    return synthetic_country.generate(3, seed=7)


def test_three_gemeenten_read_the_same_from_a_column_folders_or_workbooks(tmp_path, country):
    folders = synthetic_country.write_folders(country, tmp_path / "mappen")
    combined = synthetic_country.write_combined(country, tmp_path / "kolom")
    books = tmp_path / "werkmappen"
    books.mkdir()
    for gemeente in country:
        frames = {name: pd.DataFrame(rows[1:], columns=rows[0]) for name, rows in gemeente.tables.items()}
        (books / f"{gemeente.naam}.xlsx").write_bytes(to_xlsx(frames))
    regions = {path: load_region(path) for path in (folders, combined, books)}
    assert [r.layout for r in regions.values()] == [LAYOUT_FOLDERS, LAYOUT_COLUMN, LAYOUT_WORKBOOKS]
    names = [g.naam for g in country]
    for region in regions.values():
        assert list(region.datasets) == names and not region.failed, region.report()
    for gemeente in names:
        alone, problems = load_dataset(folders / gemeente)
        assert problems.ok
        keys = {region.datasets[gemeente].content_key() for region in regions.values()}
        assert keys == {alone.content_key()}
        assert region.datasets[gemeente].naam == gemeente


def test_one_gemeente_without_a_column_is_read_as_before():
    region = load_region(SAMPLE)
    assert region.layout == LAYOUT_SINGLE and list(region.datasets) == ["voorbeeldgemeente"]
    alone, _ = load_dataset(SAMPLE)
    assert region.datasets["voorbeeldgemeente"].content_key() == alone.content_key()


def test_every_message_names_the_gemeente_and_the_others_stay_usable(tmp_path, country):
    combined = synthetic_country.write_combined(country, tmp_path / "kolom")
    text = (combined / "realisatie.csv").read_text(encoding="utf-8").splitlines()
    bad = next(i for i, line in enumerate(text) if line.startswith("Gemeente 002;2018;Begeleiding"))
    text[bad] = text[bad].rsplit(";", 2)[0] + ";veel;123"  # clienten is text
    (combined / "realisatie.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    (combined / "bevolking.csv").write_text("\n".join(
        line for line in (combined / "bevolking.csv").read_text(encoding="utf-8").splitlines()
        if not line.startswith("Gemeente 003;2027;")) + "\n", encoding="utf-8")
    region = load_region(combined)
    assert sorted(region.failed) == ["Gemeente 002", "Gemeente 003"]
    assert list(region.datasets) == ["Gemeente 001"]
    for gemeente, problems in region.failed.items():
        assert problems.items and all(p.describe().count(f"gemeente '{gemeente}'") == 1 for p in problems.items)
    error = region.failed["Gemeente 002"].errors[0]
    assert error.rij == bad + 1 and error.kolom == "clienten" and error.waarde == "veel"  # the combined file's row
    assert "2027" in region.failed["Gemeente 003"].report()


def test_a_row_without_a_gemeente_makes_the_input_unusable(tmp_path, country):
    combined = synthetic_country.write_combined(country, tmp_path / "kolom")
    lines = (combined / "realisatie.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = ";" + lines[5].split(";", 1)[1]
    (combined / "realisatie.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = read_region(combined)
    assert not source.problems.ok
    assert "De cel 'gemeente' is leeg" in source.problems.report() and "rij 6" in source.problems.report()


def test_the_single_gemeente_commands_refuse_several_gemeenten_and_point_at_the_batch(tmp_path, country):
    combined = synthetic_country.write_combined(country, tmp_path / "kolom")
    dataset, problems = load_dataset(combined)
    assert dataset is None and "python -m forecasting batch" in problems.report()
    one = synthetic_country.write_combined(country[:1], tmp_path / "een")
    dataset, problems = load_dataset(one)
    assert problems.ok
    alone, _ = load_dataset(synthetic_country.write_folders(country[:1], tmp_path / "map") / country[0].naam)
    assert dataset.content_key() == alone.content_key()


def test_a_gemeente_column_with_one_gemeente_changes_nothing():
    problems = Problems()
    tables = read_path(SAMPLE, problems)
    plain = build_dataset(tables, Problems())
    for table in tables.values():
        table.columns = ["gemeente", *table.columns]
        table.rows = [["Voorbeeld", *row] for row in table.rows]
    with_column = build_dataset(tables, Problems())
    assert with_column.content_key() == plain.content_key()


# --- expected versus actual ----------------------------------------------------------------------------------


def profiles(rows):
    return pd.DataFrame(rows, columns=["gemeente", "voorziening", "domein", "doelgroep", "jaar", "clienten",
                                       "inwoners", "kosten"])


HAND_MADE = profiles([
    # A: 1,000 inhabitants 75+, 100 clients at € 1,000; B: 3,000 inhabitants, 200 clients at € 1,500
    ("A", "Hulp bij het huishouden", "Wmo", "75+", 2023, 90, 1000, 80_000),
    ("A", "Hulp bij het huishouden", "Wmo", "75+", 2024, 100, 1000, 100_000),
    ("B", "Hulp bij het huishouden", "Wmo", "75+", 2024, 200, 3000, 300_000),
    # one gemeente exactly at the region's rate and cost: ratio 1
    ("A", "Jeugdhulp", "Jeugd", "0-17", 2024, 50, 500, 500_000),
    ("B", "Jeugdhulp", "Jeugd", "0-17", 2024, 100, 1000, 1_000_000),
])


def test_expected_versus_actual_on_hand_made_numbers():
    table = expected_vs_actual(HAND_MADE)  # the last year every gemeente realised: 2024
    hbh = table.loc[table["voorziening"] == "Hulp bij het huishouden"].set_index("gemeente")
    # region rate 300 / 4,000 = 0.075 per inhabitant 75+: A expects 75, B 225
    assert hbh.loc["A", "verwacht_clienten"] == pytest.approx(75)
    assert hbh.loc["B", "verwacht_clienten"] == pytest.approx(225)
    assert hbh.loc["A", "verhouding_gebruik"] == pytest.approx(100 / 75)
    assert hbh.loc["B", "verhouding_gebruik"] == pytest.approx(200 / 225)
    # region cost per client 400,000 / 300; A pays 1,000, B 1,500
    assert hbh.loc["A", "verwacht_kosten_per_client"] == pytest.approx(400_000 / 300)
    assert hbh.loc["A", "verhouding_kosten_per_client"] == pytest.approx(1000 / (400_000 / 300))
    assert hbh.loc["B", "verhouding_kosten_per_client"] == pytest.approx(1500 / (400_000 / 300))
    assert hbh.loc["A", "verwachte_kosten"] == pytest.approx(75 * 400_000 / 300)
    assert hbh.loc["A", "signaal"] == "hoger dan verwacht" and hbh.loc["B", "signaal"] == ""
    assert list(hbh.index) == ["A", "B"] and list(hbh["rang"]) == [1, 2]  # ranked: highest ratio first
    jeugd = table.loc[table["voorziening"] == "Jeugdhulp"]
    assert jeugd["verhouding_gebruik"].tolist() == pytest.approx([1.0, 1.0])
    assert jeugd["verhouding_kosten_per_client"].tolist() == pytest.approx([1.0, 1.0])
    assert set(table["jaren"]) == {"2024"}


def test_expected_versus_actual_over_several_years_and_against_a_given_reference():
    both = expected_vs_actual(HAND_MADE, years=[2023, 2024])
    a = both.loc[(both["gemeente"] == "A") & (both["voorziening"] == "Hulp bij het huishouden")].iloc[0]
    assert a["clienten"] == 190 and a["inwoners_doelgroep"] == 2000 and a["jaren"] == "2023-2024"
    reference = pd.DataFrame({"voorziening": ["Hulp bij het huishouden"], "gebruik_per_inwoner": [0.05],
                              "kosten_per_client": [2000.0]})
    table = expected_vs_actual(HAND_MADE, reference=reference).set_index(["gemeente", "voorziening"])
    assert table.loc[("A", "Hulp bij het huishouden"), "verhouding_gebruik"] == pytest.approx(2.0)
    assert table.loc[("B", "Hulp bij het huishouden"), "verhouding_kosten_per_client"] == pytest.approx(0.75)
    assert table.loc[("B", "Hulp bij het huishouden"), "signaal"] == "hoger dan verwacht"  # 200 / 150
    assert table.loc[("A", "Jeugdhulp"), "verhouding_gebruik"] == pytest.approx(1.0)  # not in the reference


def test_the_workbook_sheet_says_a_high_ratio_is_a_question():
    from presentation.export import EXPECTED_SHEET, expected_workbook_bytes

    book = openpyxl.load_workbook(io.BytesIO(expected_workbook_bytes(expected_vs_actual(HAND_MADE))))
    assert book.sheetnames == [EXPECTED_SHEET]
    values = [c for row in book[EXPECTED_SHEET].iter_rows(values_only=True) for c in row if c is not None]
    assert EXPECTED_NOTE in values and "vraag om te stellen, geen oordeel" in EXPECTED_NOTE
    assert "hoger dan verwacht" in values


def test_the_expected_sheet_comes_last_in_the_controllers_workbook():
    from grip import service
    from presentation.export import EXPECTED_SHEET, workbook_bytes

    dataset, _ = load_dataset(SAMPLE)
    run = service.run(dataset, service.Settings(model="flat"))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(run, with_scenario=False,
                                                            expected=expected_vs_actual(HAND_MADE))))
    assert book.sheetnames[-1] == EXPECTED_SHEET and book.sheetnames[:-1] == [
        "Samenvatting", "Prognose", "Groei", "Maatregelen", "Aannames", "Gegevens", "Jaareinde", "Indicatoren",
        "Terugblik"]  # the sample has budgets for 2019-2024
