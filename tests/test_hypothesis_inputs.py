"""Property-based tests: reading never raises anything but Problems, numbers parse the same in Dutch and
English notation, and scenario JSON either parses into a sane Scenario or raises ScenarioError."""

from __future__ import annotations

import datetime as dt
import io
import json
import math

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecasting.input.numbers import parse_column
from forecasting.input.problems import Problems
from forecasting.input.reading import read_csv_bytes, read_xlsx_bytes
from forecasting.input.validation import build_dataset, load_uploaded
from scenarios.measures import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_NAME_LENGTH,
    Scenario,
    ScenarioError,
    loads,
    parse_scenario,
)
from tests.factories import base_tables

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VOORZIENINGEN = ["Hulp bij het huishouden", "Jeugdhulp"]


# --- numbers ----------------------------------------------------------------------------------------


def dutch(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def english(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


@SETTINGS
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=2),
       st.sampled_from(["", "€ ", "€"]))
def test_dutch_and_english_notation_parse_to_the_same_number(cents, decimals, prefix):
    value = round(cents / 100, decimals)
    nl = parse_column([prefix + dutch(value, decimals), "12,5"], prefer_comma=True)[0]
    en = parse_column([prefix + english(value, decimals), "12.5"], prefer_comma=False)[0]
    plain_nl = parse_column([f"{value:.{decimals}f}".replace(".", ",")], prefer_comma=True)[0]
    assert nl == en == plain_nl
    assert math.isclose(nl, value, rel_tol=1e-12, abs_tol=1e-9)


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), st.integers(min_value=-10**30, max_value=10**30),
                          st.floats(allow_nan=True, allow_infinity=True), st.booleans()), max_size=20),
       st.booleans())
def test_parse_column_returns_a_float_none_or_the_text_for_any_cell(cells, prefer_comma):
    parsed = parse_column(cells, prefer_comma)
    assert len(parsed) == len(cells)
    for value in parsed:
        assert value is None or isinstance(value, (float, str))


# --- reading and validating -------------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.sampled_from(["", " ", "2024", "1.234,5", "1,234.5", "-3", "(12)", "€ 1.000", "3,5%", "nan", "inf", "1e400",
                     "9" * 400, "2024-01-01", "=SUM(A1)", "Totaal", "Wmo", "jeugd", "75+", "0", "\u2212 5", "𝟙𝟚"]),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)


def csv_text(rows: list[list[object]], separator: str) -> str:
    def cell(value):
        text = "" if value is None else str(value)
        if any(c in text for c in (separator, '"', "\n", "\r")):
            text = '"' + text.replace('"', '""') + '"'
        return text

    return "\n".join(separator.join(cell(v) for v in row) for row in rows) + "\n"


@SETTINGS
@given(st.sampled_from(sorted(base_tables())), st.lists(st.lists(CELL, min_size=0, max_size=6), max_size=8),
       st.sampled_from([";", ",", "\t"]))
def test_garbage_rows_in_any_table_give_problems_never_an_exception(table, garbage, separator):
    tables = {name: text.encode("utf-8") for name, text in base_tables().items()}
    header = base_tables()[table].split("\n")[0].replace(";", separator)
    body = [line.replace(";", separator) for line in base_tables()[table].strip().split("\n")[1:]]
    tables[table] = (header + "\n" + "\n".join(body) + "\n" + csv_text(garbage, separator)).encode("utf-8")
    dataset, problems = load_uploaded({f"{name}.csv": data for name, data in tables.items()}, "test")
    assert isinstance(problems, Problems)
    assert dataset is not None or not problems.ok
    problems.report()
    problems.to_frame()
    if dataset is not None:
        for column in ("clienten", "kosten"):
            values = dataset.realisatie[column].to_numpy(dtype=float)
            assert all(math.isfinite(v) and v >= 0 for v in values)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_as_a_csv_file_never_raise(data):
    problems = Problems()
    table = read_csv_bytes("realisatie.csv", data, problems)
    assert table is not None or not problems.ok
    if table is not None:
        build_dataset({"realisatie": table}, problems)
        assert not problems.ok  # the other tables are missing


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_workbook_never_raise(data):
    problems = Problems()
    assert read_xlsx_bytes("gemeente.xlsx", data, problems) == {} or problems.items
    assert not problems.ok


XLSX_CELL = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(XLSX_CELL, min_size=1, max_size=5), min_size=1, max_size=5))
def test_random_cells_in_a_workbook_give_problems_never_an_exception(garbage):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in base_tables().items():
        sheet = book.create_sheet(name)
        for line in text.strip().split("\n"):
            sheet.append(line.split(";"))
    for row in garbage:
        book["realisatie"].append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    dataset, problems = load_uploaded({"gemeente.xlsx": buffer.getvalue()}, "test")
    assert dataset is not None or not problems.ok
    problems.report()


# --- scenario JSON ----------------------------------------------------------------------------------

JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**50, max_value=10**50),
              st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=20,
)
MEASURE_FIELD = st.sampled_from(["naam", "doel", "hefboom", "effect_pct", "effect_min_pct", "effect_max_pct",
                                 "bedrag", "startjaar", "ingroei_jaren", "eindjaar", "kosten_per_jaar", "toelichting",
                                 "actief"])
PLAUSIBLE = st.one_of(
    JSON_VALUE,
    st.sampled_from(["Wmo", "Jeugd", "Hulp bij het huishouden", "volume", "prijs", "bedrag", "ja", "nee", "false",
                     "-10", "2026", 2026, -10, 5.5, 1e300, -1e300, 10**400, "Totaal"]),
)
MEASURE = st.dictionaries(MEASURE_FIELD, PLAUSIBLE, max_size=13)


def assert_sane(scenario: Scenario) -> None:
    assert isinstance(scenario, Scenario)
    assert 0 < len(scenario.naam) <= MAX_NAME_LENGTH
    for m in scenario.maatregelen:
        assert isinstance(m.actief, bool)
        assert FIRST_YEAR <= m.startjaar <= LAST_YEAR
        assert m.eindjaar is None or m.startjaar <= m.eindjaar <= LAST_YEAR
        assert 1 <= m.ingroei_jaren <= 50
        assert m.doel in ("Wmo", "Jeugd", *VOORZIENINGEN)
        assert len(m.naam) <= MAX_NAME_LENGTH and "\n" not in m.naam
        for value in (m.effect_pct, m.effect_min_pct, m.effect_max_pct, m.bedrag, m.kosten_per_jaar):
            assert value is None or math.isfinite(value)
        if m.hefboom in ("volume", "prijs"):
            assert -100 < m.effect_pct <= 100
    for year, amount in scenario.taakstelling.items():
        assert FIRST_YEAR <= year <= LAST_YEAR and math.isfinite(amount)


@SETTINGS
@given(JSON_VALUE)
def test_any_json_value_is_a_scenario_or_a_scenario_error(value):
    try:
        assert_sane(parse_scenario(value, VOORZIENINGEN))
    except ScenarioError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)


@SETTINGS
@given(st.text(max_size=40), st.lists(MEASURE, max_size=4),
       st.dictionaries(st.text(max_size=6), PLAUSIBLE, max_size=3))
def test_measures_with_any_field_values_are_sane_or_refused(naam, measures, taakstelling):
    text = json.dumps({"naam": naam, "maatregelen": measures, "taakstelling": taakstelling})
    try:
        scenario = loads(text, VOORZIENINGEN)
    except ScenarioError as error:
        assert error.problems
        return
    assert_sane(scenario)
    assert scenario.dumps()  # round-trips to JSON
    assert_sane(loads(scenario.dumps(), VOORZIENINGEN))


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_as_a_scenario_file_is_a_scenario_or_a_scenario_error(text):
    try:
        assert_sane(loads(text, VOORZIENINGEN))
    except ScenarioError as error:
        assert error.problems


@SETTINGS
@given(st.sampled_from(["ja", "Nee", "TRUE", "false", " waar ", "onwaar", "aan", "uit", True, False, 1, 0, None]))
def test_actief_words_are_booleans(word):
    data = {"naam": "s", "maatregelen": [{"naam": "m", "doel": "Wmo", "hefboom": "volume", "effect_pct": -5,
                                          "startjaar": 2026, "actief": word}]}
    (measure,) = parse_scenario(data, VOORZIENINGEN).maatregelen
    expected = word is None or word is True or word == 1 or str(word).strip().lower() in ("ja", "true", "waar", "aan")
    assert measure.actief is expected
