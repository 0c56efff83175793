"""Cell-level rules for every input table: the columns (`SPECS`), their kinds and limits, typed cells with a Dutch
message per bad cell (file or sheet, spreadsheet row, column, value), duplicates and names."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import pandas as pd

from forecasting.input.dataset import (
    DOMAINS,
    VARIANTS,
)
from forecasting.input.numbers import parse_column
from forecasting.input.problems import Problems
from forecasting.input.reading import (
    RawTable,
)

MIN_YEARS = 4
FIRST_VALID_YEAR = 1990
LAST_VALID_YEAR = 2100

# Plausibility (documented in data/README.md): beyond these bounds a number is a typing or unit error.
MIN_USABLE_YEARS = 2  # realised years with clients and costs a voorziening needs after exclusions
MAX_NAME_LENGTH = 120  # characters in a voorziening's name
RESERVED_NAMES = ("totaal", "total", "wmo", "jeugd")  # used by Grip for totals and domains
MAX_COUNT = 20_000_000  # clients or inhabitants: more than the Netherlands has
MAX_AMOUNT = 100_000_000_000  # euros in one year: more than the whole Dutch social domain costs
MAX_INDICATOR_VALUE = 1_000_000_000_000  # an indicator's start, target or value (any unit): beyond is a typing error
COST_PER_CLIENT_IMPLAUSIBLE = 100.0  # a year's real cost per client above 100x the median: an error (below: a warning)
INDEXATION_ERROR_RANGE = (-50.0, 50.0)  # percent: outside is an error
INDEXATION_WARNING_RANGE = (-5.0, 15.0)  # percent: outside is a warning
COST_PER_CLIENT_SPIKE = 5.0  # a year's real cost per client above 5x or below 1/5 of the median: warning

# How forecasting/model/indexation.py fills years without a percentage (one sentence, for screens and reports).
INDEXATION_RULE = (
    "Jaren na het laatste jaar in 'indexatie' krijgen het laatst opgegeven percentage; jaren zonder percentage "
    "vóór of tussen de opgegeven jaren tellen als 0%."
)
_DATE_TEXT = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}( \d{1,2}:\d{2}(:\d{2})?)?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, domein, variant, jaar, aantal (>= 0), bedrag (>= 0), percentage or getal (any sign)
    required: bool = True  # the column must be present
    optional_value: bool = False  # an empty cell is allowed


SPECS: dict[str, tuple[Column, ...]] = {
    "voorzieningen": (
        Column("voorziening", "text"),
        Column("domein", "domein"),
        Column("doelgroep", "text"),
        Column("taakveld", "text", required=False, optional_value=True),
        Column("breuk", "jaar", required=False, optional_value=True),  # first year of a new definition
    ),
    "realisatie": (
        Column("jaar", "jaar"),
        Column("voorziening", "text"),
        Column("clienten", "aantal"),
        Column("kosten", "bedrag"),
    ),
    "bevolking": (
        Column("jaar", "jaar"),
        Column("leeftijd", "text"),
        Column("aantal", "aantal"),
        Column("variant", "variant", required=False, optional_value=True),  # laag/midden/hoog; empty = midden
    ),
    "indexatie": (
        Column("jaar", "jaar"),
        Column("domein", "domein"),
        Column("voorziening", "text", required=False, optional_value=True),
        Column("percentage", "percentage"),
    ),
    "begroting": (
        Column("jaar", "jaar"),
        Column("domein", "domein"),
        Column("voorziening", "text", required=False, optional_value=True),
        Column("bedrag", "bedrag"),
    ),
    "tussentijds": (
        Column("jaar", "jaar"),
        Column("periode", "text"),
        Column("voorziening", "text"),
        Column("clienten", "aantal", required=False, optional_value=True),
        Column("kosten", "bedrag"),
        Column("cumulatief", "text", required=False, optional_value=True),
    ),
    "indicatoren": (
        Column("indicator", "text"),
        Column("eenheid", "text", required=False, optional_value=True),
        Column("basisjaar", "jaar"),
        Column("startwaarde", "getal"),
        Column("streefwaarde", "getal"),
        Column("streefjaar", "jaar"),
        Column("richting", "text"),
        Column("bron", "text", required=False, optional_value=True),
        Column("actualisatie", "text", required=False, optional_value=True),
    ),
    "indicatorwaarden": (
        Column("jaar", "jaar"),
        Column("indicator", "text"),
        Column("waarde", "getal"),
    ),
}
REQUIRED_TABLES = ("voorzieningen", "realisatie", "bevolking")

_NUMBER_HELP = {
    "jaar": "Vul een jaartal in, zoals 2024.",
    "aantal": "Vul een getal van 0 of meer in, zoals 1234 of 1.234,5.",
    "bedrag": "Vul een bedrag in euro's van 0 of meer in, zoals 1234567 of 1.234.567,89.",
    "percentage": "Vul een getal in, zoals 3,5 (voor 3,5%).",
    "getal": "Vul een getal in, zoals 12,5.",
}


def years_text(years) -> str:
    years = sorted(int(y) for y in years)
    if not years:
        return ""
    ranges, start, prev = [], years[0], years[0]
    for year in years[1:] + [None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        ranges.append(f"{start}" if start == prev else f"{start}-{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(ranges)


def typed_frame(name: str, raw: RawTable, problems: Problems) -> pd.DataFrame | None:
    """Check columns and cell types of one table; returns a frame with a `_rij` column."""
    spec = SPECS[name]
    missing = [c.name for c in spec if c.required and c.name not in raw.columns]
    if missing:
        found = ", ".join(f"'{c}'" for c in raw.original_columns if c) or "geen"
        for column in missing:
            problems.error(
                raw.source, 1, column, None,
                f"De kolom '{column}' ontbreekt (gevonden kolommen: {found}). "
                "Voeg de kolom toe; kijk in data/templates voor het juiste formaat.",
            )
        return None
    seen: set[str] = set()
    for column in raw.columns:
        if column in seen and column:
            problems.error(raw.source, 1, column, None, f"De kolom '{column}' komt twee keer voor. Houd er één over.")
        seen.add(column)
    frame = pd.DataFrame({"_rij": raw.row_numbers})
    for column in spec:
        if column.name not in raw.columns:
            frame[column.name] = pd.Series([None] * len(frame), dtype=object)
            continue
        position = raw.columns.index(column.name)
        cells = [row[position] for row in raw.rows]
        frame[column.name] = pd.Series(typed_cells(raw, column, cells, problems), dtype=object)
    return frame


def _in_workbook(raw: RawTable) -> bool:
    return ", blad '" in raw.source


def _empty_help(raw: RawTable) -> str:
    if not _in_workbook(raw):
        return ""
    return (" Is de cel samengevoegd met een cel erboven, of bevat ze een formule zonder berekende waarde? Maak "
            "samengevoegde cellen los en sla de werkmap in Excel opnieuw op.")


def _date_problem(raw: RawTable, number: int, column: Column, cell: object, problems: Problems) -> None:
    """A date where a year or number belongs: say what Excel did and what to type instead."""
    if isinstance(cell, (dt.date, dt.datetime)):
        moment = cell if isinstance(cell, dt.datetime) else dt.datetime(cell.year, cell.month, cell.day)
        serial = (moment - dt.datetime(1899, 12, 30)).days
        shown = moment.strftime("%d-%m-%Y")
        if column.kind == "jaar" and FIRST_VALID_YEAR <= serial <= LAST_VALID_YEAR:
            advice = (f"Excel toont het getal {serial} als datum ({shown}) omdat de cel als datum is opgemaakt. "
                      "Zet de celopmaak op 'Standaard' of 'Getal'.")
        elif column.kind == "jaar":
            advice = f"Dit is een datum ({shown}), geen jaartal. Vul alleen het jaartal in, zoals {moment.year}."
        else:
            advice = f"Dit is een datum ({shown}), geen getal. {_NUMBER_HELP[column.kind]}"
        problems.error(raw.source, number, column.name, shown, advice)
        return
    text = str(cell)
    if column.kind == "jaar":
        problems.error(raw.source, number, column.name, text,
                       f"Dit lijkt een datum, geen jaartal. Vul alleen het jaartal in. {_NUMBER_HELP['jaar']}")
    else:
        problems.error(raw.source, number, column.name, text, f"Dit lijkt een datum, geen getal. "
                       f"{_NUMBER_HELP[column.kind]}")


def _is_date(cell: object) -> bool:
    if isinstance(cell, (dt.date, dt.datetime, dt.time)):
        return True
    return isinstance(cell, str) and bool(_DATE_TEXT.match(cell.strip()))


def typed_cells(raw: RawTable, column: Column, cells: list[object], problems: Problems) -> list[object]:
    out: list[object] = []
    if column.kind in ("text", "domein", "variant"):
        for number, cell in zip(raw.row_numbers, cells):
            text = None if cell is None else str(cell).strip()
            if isinstance(cell, float) and cell.is_integer():
                text = str(int(cell))
            if not text:
                if not column.optional_value:
                    problems.error(raw.source, number, column.name, "",
                                   f"De cel '{column.name}' is leeg. Vul deze in.{_empty_help(raw)}")
                out.append(None)
                continue
            if column.kind == "variant":
                match = next((v for v in VARIANTS if v == text.lower()), None)
                if match is None:
                    problems.error(raw.source, number, column.name, text,
                                   "Onbekende variant. Gebruik 'laag', 'midden' of 'hoog' (zoals in de regionale "
                                   "bevolkingsprognose), of laat de cel leeg voor de middenvariant.")
                out.append(match)
            elif column.kind == "domein":
                match = next((d for d in DOMAINS if d.lower() == text.lower()), None)
                if match is None:
                    problems.error(
                        raw.source, number, column.name, text,
                        "Onbekend domein. Gebruik 'Wmo' of 'Jeugd'.",
                    )
                out.append(match)
            else:
                out.append(text)
        return out
    dates = [_is_date(cell) for cell in cells]
    parsed = parse_column([None if is_date else cell for cell, is_date in zip(cells, dates)],
                          prefer_comma=raw.decimal_comma)
    for number, cell, value, is_date in zip(raw.row_numbers, cells, parsed, dates):
        if is_date:
            _date_problem(raw, number, column, cell, problems)
            out.append(None)
            continue
        if value is None:
            if not column.optional_value:
                problems.error(
                    raw.source, number, column.name, "",
                    f"De cel '{column.name}' is leeg. {_NUMBER_HELP[column.kind]}{_empty_help(raw)}",
                )
            out.append(None)
            continue
        if isinstance(value, str):
            problems.error(raw.source, number, column.name, value, f"Dit is geen getal. {_NUMBER_HELP[column.kind]}")
            out.append(None)
            continue
        message = _number_problem(column.kind, value)
        if message is not None:
            problems.error(raw.source, number, column.name, cell, message)
            out.append(None)
            continue
        out.append(int(value) if column.kind == "jaar" else float(value))
    return out


def _number_problem(kind: str, value: float) -> str | None:
    """What is wrong with a parsed number in a column of this kind (Dutch), or None."""
    if not math.isfinite(value):
        return f"Dit getal is te groot om mee te rekenen. {_NUMBER_HELP[kind]}"
    if kind == "jaar" and (not float(value).is_integer() or not FIRST_VALID_YEAR <= value <= LAST_VALID_YEAR):
        return (f"Dit is geen geldig jaartal (verwacht een heel jaar tussen {FIRST_VALID_YEAR} en "
                f"{LAST_VALID_YEAR}). {_NUMBER_HELP['jaar']}")
    if kind in ("aantal", "bedrag") and value < 0:
        return f"Een negatief getal kan hier niet. {_NUMBER_HELP[kind]}"
    if kind == "getal" and abs(value) > MAX_INDICATOR_VALUE:
        return (f"Dit getal is onwaarschijnlijk groot (meer dan {MAX_INDICATOR_VALUE:,} in absolute waarde)"
                .replace(",", ".") + f". Controleer de eenheid en tik- of plakfouten. {_NUMBER_HELP[kind]}")
    limit = {"aantal": MAX_COUNT, "bedrag": MAX_AMOUNT}.get(kind)
    if limit is not None and value > limit:
        what = ("meer dan Nederland inwoners heeft" if kind == "aantal"
                else "meer dan het hele sociaal domein van Nederland kost")
        return (f"Dit getal is onwaarschijnlijk groot ({what}). Controleer de eenheid (euro's, niet centen) en "
                f"tik- of plakfouten. {_NUMBER_HELP[kind]}")
    return None


def report_duplicates(frame, keys, source, problems, what) -> None:
    """Report every row whose key (case-insensitive, empty voorziening allowed) appeared before."""
    required = [k for k in keys if k != "voorziening" or keys == ["voorziening"]]
    present = frame.dropna(subset=required)
    first_row: dict[tuple, int] = {}
    for _, row in present.iterrows():
        key = tuple("" if row[k] is None else str(row[k]).lower() for k in keys)
        if key in first_row:
            value = ", ".join(str(row[k]) for k in keys if row[k] is not None)
            problems.error(
                source, int(row["_rij"]), keys[-1] if len(keys) == 1 else None, value,
                f"Dubbele regel: {what} staat ook in rij {first_row[key]}. Houd één regel over.",
            )
        else:
            first_row[key] = int(row["_rij"])


def name_problem(name: str, what: str = "De naam") -> str | None:
    """A Dutch message when a name cannot be used (reserved, too long, line breaks), else None."""
    text = str(name).strip()
    if text.lower() in RESERVED_NAMES:
        return (f"{what} '{text}' is gereserveerd: Grip gebruikt 'Totaal', 'Wmo' en 'Jeugd' voor totalen en "
                "domeinen. Kies een andere naam.")
    if len(text) > MAX_NAME_LENGTH:
        return f"{what} is {len(text)} tekens lang; houd hem op {MAX_NAME_LENGTH} tekens of minder."
    if _CONTROL.search(text):
        return f"{what} bevat een regelovergang of ander stuurteken. Zet de naam op één regel."
    return None


def known(name, known_names) -> str | None:
    """The name as written in `known_names`, matched without regard to case; None when it is not there."""
    lookup = {str(k).lower(): k for k in known_names if k is not None}
    return lookup.get(str(name).lower()) if name is not None else None
