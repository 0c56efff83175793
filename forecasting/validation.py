"""Turn raw tables into a typed Dataset, collecting every problem in Dutch.

Each problem names the file or sheet, the spreadsheet row (header is row 1), the
column and the offending value, and says what to do. Errors make the data unusable;
warnings do not.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.dataset import (
    DEFAULT_HORIZON,
    DOMAINS,
    INDICATOREN_COLUMNS,
    INDICATORWAARDEN_COLUMNS,
    MIDDLE,
    TUSSENTIJDS_COLUMNS,
    VARIANTS,
    WHOLE_POPULATION,
    Dataset,
    empty_frame,
    population_of,
)
from forecasting.dutch import euro, number  # Dutch amounts in the messages
from forecasting.numbers import parse_column
from forecasting.problems import Problems
from forecasting.reading import (
    TABLE_NAMES,
    RawTable,
    gemeente_name_problem,
    gemeente_names,
    read_path,
    read_sources,
    shown_name,
)
from forecasting.yearend import (
    MONTH_NAMES,
    complete_years,
    month_shares,
    one_off_factor,
    parse_period,
    period_months,
    unusual_note,
    unusual_periods,
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

# How forecasting/indexation.py fills years without a percentage (one sentence, for screens and reports).
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


def _years_text(years) -> str:
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


def _typed_frame(name: str, raw: RawTable, problems: Problems) -> pd.DataFrame | None:
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
        frame[column.name] = pd.Series(_typed_cells(raw, column, cells, problems), dtype=object)
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


def _typed_cells(raw: RawTable, column: Column, cells: list[object], problems: Problems) -> list[object]:
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


def _report_duplicates(frame, keys, source, problems, what) -> None:
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


def _check_voorzieningen(frame, raw, problems) -> None:
    _report_duplicates(frame, ["voorziening"], raw.source, problems, "deze voorziening")
    for _, row in frame.iterrows():
        if row["voorziening"] is None:
            continue
        message = name_problem(row["voorziening"], "De naam van de voorziening")
        if message is not None:
            problems.error(raw.source, int(row["_rij"]), "voorziening", row["voorziening"], message)


def _known(name, known_names) -> str | None:
    lookup = {str(k).lower(): k for k in known_names if k is not None}
    return lookup.get(str(name).lower()) if name is not None else None


def _check_realisatie(frame, raw, voorzieningen, problems) -> None:
    names = [n for n in voorzieningen["voorziening"] if n is not None]
    for index, row in frame.iterrows():
        if row["voorziening"] is None:
            continue
        match = _known(row["voorziening"], names)
        if match is None:
            problems.error(
                raw.source, int(row["_rij"]), "voorziening", row["voorziening"],
                "Deze voorziening staat niet in de tabel 'voorzieningen'. Voeg haar daar toe of corrigeer de naam.",
            )
        frame.at[index, "voorziening"] = match
    _report_duplicates(frame, ["jaar", "voorziening"], raw.source, problems, "dit jaar en deze voorziening")
    valid = frame.dropna(subset=["jaar", "voorziening"])
    for voorziening in names:
        if voorziening not in set(valid["voorziening"]) and frame["voorziening"].notna().any():
            problems.error(
                raw.source, None, "voorziening", voorziening,
                f"Voorziening '{voorziening}' staat in 'voorzieningen' maar heeft geen realisatie. "
                "Vul de gerealiseerde jaren aan of haal haar uit 'voorzieningen'.",
            )
    for voorziening, rows in valid.groupby("voorziening"):
        years = sorted(set(int(y) for y in rows["jaar"]))
        if len(years) < MIN_YEARS:
            problems.warning(
                raw.source, None, "voorziening", voorziening,
                f"Voor '{voorziening}' zijn maar {len(years)} jaren gerealiseerd ({_years_text(years)}); "
                f"met minder dan {MIN_YEARS} jaren is er geen backtest en is de onzekerheidsband niet getoetst.",
            )
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            problems.warning(
                raw.source, None, "voorziening", voorziening,
                f"Voor '{voorziening}' ontbreken jaren in de realisatie: {_years_text(gaps)}. "
                "De modellen gaan over het gat heen; vul de jaren aan als ze bekend zijn.",
            )
    last_overall = int(valid["jaar"].max()) if not valid.empty else None
    first_overall = int(valid["jaar"].min()) if not valid.empty else 0
    for voorziening, rows in valid.groupby("voorziening"):
        complete = rows.dropna(subset=["clienten", "kosten"])
        if len(complete) < len(rows):
            continue  # the empty or wrong cells are already errors
        usable = complete.loc[(complete["clienten"] > 0) & (complete["kosten"] > 0)]
        if usable.empty:
            problems.error(
                raw.source, None, "voorziening", voorziening,
                f"'{voorziening}' heeft geen bruikbare jaren: in geen enkel jaar zijn er zowel cliënten als kosten "
                "(alles is 0). Vul de echte cijfers in, of haal de voorziening uit 'voorzieningen' als ze (nog) "
                "geen realisatie heeft.",
            )
        first = int(rows["jaar"].min())
        if first > first_overall:
            problems.warning(
                raw.source, None, "jaar", voorziening,
                f"De realisatie van '{voorziening}' begint in {first}, die van andere voorzieningen in "
                f"{first_overall}. Totalen over {_years_text(range(first_overall, first))} bevatten '{voorziening}' "
                "niet, zodat de groei sindsdien te hoog lijkt. Vul die jaren aan als ze bekend zijn.",
            )
        last = int(rows["jaar"].max())
        if last_overall is not None and last < last_overall:
            problems.error(
                raw.source, None, "jaar", voorziening,
                f"De realisatie van '{voorziening}' loopt tot {last}, die van andere voorzieningen tot "
                f"{last_overall}. De prognose begint voor alle voorzieningen na {last_overall}: vul "
                f"{_years_text(range(last + 1, last_overall + 1))} aan, of haal de voorziening uit "
                "'voorzieningen' als ze is gestopt.",
            )
    zero_clients = valid.loc[(valid["clienten"] == 0) & (valid["kosten"] > 0)]
    for _, row in zero_clients.iterrows():
        problems.warning(
            raw.source, int(row["_rij"]), "clienten", "0",
            "Er zijn kosten maar geen cliënten; de kosten per cliënt van dit jaar tellen niet mee in de prognose.",
        )


def _check_bevolking(frame, raw, voorzieningen, realisatie, horizon, problems) -> None:
    keys = ["jaar", "leeftijd"] + (["variant"] if "variant" in frame.columns else [])
    _report_duplicates(frame.assign(variant=frame["variant"].fillna(MIDDLE)) if "variant" in frame.columns
                       else frame, keys, raw.source, problems, "dit jaar, deze leeftijdsgroep en variant")
    if "variant" in frame.columns:
        frame = frame.loc[frame["variant"].isna() | (frame["variant"] == MIDDLE)]  # the baseline uses midden
    valid = frame.dropna(subset=["jaar", "leeftijd", "aantal"])
    valid = valid.assign(leeftijd=valid["leeftijd"].astype(str))
    labels = set(valid["leeftijd"].str.lower())
    realised = realisatie.dropna(subset=["jaar"])
    if realised.empty:
        return
    last = int(realised["jaar"].max())
    forecast = set(range(last + 1, last + horizon + 1))
    for doelgroep, rows in voorzieningen.dropna(subset=["doelgroep"]).groupby("doelgroep"):
        group_label = str(doelgroep)
        users = ", ".join(f"'{v}'" for v in rows["voorziening"])
        if group_label.lower() != WHOLE_POPULATION and group_label.lower() not in labels:
            problems.error(
                raw.source, None, "leeftijd", group_label,
                f"Doelgroep '{group_label}' (van {users}) heeft geen rijen in 'bevolking'. "
                "Voeg de aantallen voor deze leeftijdsgroep toe of kies een bestaande groep in 'voorzieningen'.",
            )
            continue
        have = set(int(y) for y in population_of(valid, group_label).index)
        needed_realised = set(
            int(y) for y in realised.loc[realised["voorziening"].isin(list(rows["voorziening"])), "jaar"]
        )
        lacking_realised = sorted(needed_realised - have)
        lacking_forecast = sorted(forecast - have)
        if lacking_realised:
            problems.error(
                raw.source, None, "jaar", group_label,
                f"Bevolking van doelgroep '{group_label}' ontbreekt voor gerealiseerde jaren "
                f"{_years_text(lacking_realised)}. Vul deze jaren aan.",
            )
        if lacking_forecast:
            problems.error(
                raw.source, None, "jaar", group_label,
                f"Bevolkingsprognose van doelgroep '{group_label}' ontbreekt voor prognosejaren "
                f"{_years_text(lacking_forecast)} (horizon {horizon} jaar na {last}). "
                "Vul de prognose van de gemeente aan of kies een kortere horizon.",
            )
        population = population_of(valid, group_label)
        used = (needed_realised | forecast) & set(int(y) for y in population.index)
        empty_years = sorted(y for y in used if not population.loc[y] > 0)
        if empty_years:
            problems.error(
                raw.source, None, "aantal", group_label,
                f"Doelgroep '{group_label}' heeft 0 inwoners in {_years_text(empty_years)}; het gebruik per inwoner "
                "kan dan niet worden berekend. Vul het echte aantal inwoners in.",
            )
        mine = realised.loc[realised["voorziening"].isin(list(rows["voorziening"]))].dropna(subset=["clienten"])
        for _, real in mine.iterrows():
            year = int(real["jaar"])
            if year in population.index and population.loc[year] > 0 and real["clienten"] > population.loc[year]:
                problems.warning(
                    raw.source, None, "aantal", group_label,
                    f"'{real['voorziening']}' heeft in {year} meer cliënten ({real['clienten']:g}) dan doelgroep "
                    f"'{group_label}' inwoners ({population.loc[year]:g}). Controleer de doelgroep en de aantallen.",
                )


def _check_domain_detail(frame, raw, voorzieningen, problems, what) -> None:
    """Optional voorziening column: known name, and its domein must match the row's domein."""
    names = [n for n in voorzieningen["voorziening"] if n is not None]
    domain_of = dict(zip(voorzieningen["voorziening"], voorzieningen["domein"]))
    for index, row in frame.iterrows():
        if row["voorziening"] is None:
            continue
        match = _known(row["voorziening"], names)
        if match is None:
            problems.error(
                raw.source, int(row["_rij"]), "voorziening", row["voorziening"],
                f"Deze voorziening staat niet in de tabel 'voorzieningen'. Corrigeer de naam of laat de cel leeg "
                f"voor {what} van het hele domein.",
            )
        elif row["domein"] is not None and domain_of[match] != row["domein"]:
            problems.error(
                raw.source, int(row["_rij"]), "domein", row["domein"],
                f"Voorziening '{match}' hoort bij domein '{domain_of[match]}', niet bij '{row['domein']}'.",
            )
        frame.at[index, "voorziening"] = match


def _check_indexatie(frame, raw, voorzieningen, realisatie, problems) -> None:
    _check_domain_detail(frame, raw, voorzieningen, problems, "de indexatie")
    _report_duplicates(frame, ["jaar", "domein", "voorziening"], raw.source, problems, "dit jaar en domein")
    valid = frame.dropna(subset=["jaar", "domein", "percentage"])
    low, high = INDEXATION_ERROR_RANGE
    warn_low, warn_high = INDEXATION_WARNING_RANGE
    for index, row in valid.iterrows():
        pct = float(row["percentage"])
        if not low <= pct <= high:
            problems.error(
                raw.source, int(row["_rij"]), "percentage", row["percentage"],
                f"Een indexatie van {pct:g}% is onmogelijk als prijsstijging van één jaar (Grip aanvaardt "
                f"{low:g}% tot +{high:g}%). Vul het percentage in, zoals 3,5 voor 3,5%.",
            )
            frame.at[index, "percentage"] = None
        elif not warn_low <= pct <= warn_high:
            problems.warning(
                raw.source, int(row["_rij"]), "percentage", row["percentage"],
                f"Een indexatie van {pct:g}% is ongebruikelijk (meestal tussen {warn_low:g}% en +{warn_high:g}%). "
                "Controleer het percentage; 3,5 betekent 3,5%.",
            )
    valid = frame.dropna(subset=["jaar", "domein", "percentage"])
    small = valid.loc[(valid["percentage"] != 0) & (valid["percentage"].abs() < 0.2)]
    for _, row in small.iterrows():
        problems.warning(
            raw.source, int(row["_rij"]), "percentage", row["percentage"],
            f"Dit lijkt een fractie: {row['percentage']} betekent hier {row['percentage']}%, niet "
            f"{row['percentage'] * 100:g}%. Schrijf 3,5 voor 3,5%.",
        )
    _report_missing_indexation(valid, raw.source, voorzieningen, realisatie, problems)


def _missing_indexation_messages(what: str, needed: set[int], given: dict[int, float]) -> list[str]:
    """What forecasting/indexation.py does with realised years that have no percentage, in Dutch."""
    lacking = sorted(needed - set(given))
    if not lacking:
        return []
    if not given:
        return [f"Indexatie voor {what} ontbreekt voor gerealiseerde jaren {_years_text(lacking)}; "
                "die jaren tellen als 0%."]
    last = max(given)
    after = [y for y in lacking if y > last]
    before = [y for y in lacking if y < last]
    messages = []
    if before:
        messages.append(f"Indexatie voor {what} ontbreekt voor gerealiseerde jaren {_years_text(before)}; "
                        "die jaren tellen als 0%.")
    if after:
        messages.append(f"Indexatie voor {what} ontbreekt voor gerealiseerde jaren {_years_text(after)}; die jaren "
                        f"krijgen het laatst opgegeven percentage ({given[last]:g}% van {last}).")
    return messages


def _report_missing_indexation(valid, source, voorzieningen, realisatie, problems) -> None:
    """Per domein (or per voorziening with its own rows): realised years without a percentage, worded as
    forecasting/indexation.py treats them (INDEXATION_RULE)."""
    realised = realisatie.dropna(subset=["jaar", "voorziening"])
    if realised.empty:
        return
    domain_rows = valid.loc[valid["voorziening"].isna()]
    own_rows = valid.loc[valid["voorziening"].notna()]
    reported: set[tuple] = set()
    first_year = int(realised["jaar"].min())
    for voorziening, domein in zip(voorzieningen["voorziening"], voorzieningen["domein"]):
        if voorziening is None or domein is None:
            continue
        years = set(int(y) for y in realised.loc[realised["voorziening"] == voorziening, "jaar"])
        if not years:
            continue
        needed = set(range(first_year + 1, max(years) + 1))  # the first year's index is never needed
        given = {int(y): float(p) for y, p in zip(domain_rows.loc[domain_rows["domein"] == domein, "jaar"],
                                                  domain_rows.loc[domain_rows["domein"] == domein, "percentage"])}
        own = own_rows.loc[own_rows["voorziening"] == voorziening]
        given.update({int(y): float(p) for y, p in zip(own["jaar"], own["percentage"])})
        what = f"'{voorziening}' ({domein})" if len(own) else domein
        for message in _missing_indexation_messages(what, needed, given):
            if (what, message) not in reported:
                reported.add((what, message))
                problems.warning(source, None, "jaar", voorziening if len(own) else domein, message)


def _check_begroting(frame, raw, voorzieningen, problems) -> None:
    _check_domain_detail(frame, raw, voorzieningen, problems, "de begroting")
    _report_duplicates(frame, ["jaar", "domein", "voorziening"], raw.source, problems, "dit jaar en domein")
    valid = frame.dropna(subset=["domein"])
    for domein, rows in valid.groupby("domein"):
        detailed = rows["voorziening"].notna()
        if detailed.any() and not detailed.all():
            first_domain_row = int(rows.loc[~detailed, "_rij"].iloc[0])
            first_detail_row = int(rows.loc[detailed, "_rij"].iloc[0])
            problems.error(
                raw.source, first_domain_row, "voorziening", domein,
                f"De begroting voor {domein} mengt regels voor het hele domein (zoals rij {first_domain_row}) "
                f"met regels per voorziening (zoals rij {first_detail_row}); dat telt dubbel. Kies per domein "
                "één van beide.",
            )


# --- the optional tables of the monitor --------------------------------------------------------------------

TUSSENTIJDS_MISMATCH = 0.10  # a complete earlier year whose in-year total differs this much from realisatie: warning
DIRECTIONS = {"lager is beter": "lager is beter", "lager": "lager is beter",
              "hoger is beter": "hoger is beter", "hoger": "hoger is beter"}
_TRUE = ("ja", "j", "true", "waar", "1", "yes", "y")
_FALSE = ("nee", "n", "false", "onwaar", "0", "no")
_PERIOD_HELP = ("Gebruik een heel maandnummer 1-12 (zonder decimalen of e-notatie: 10, niet 10.0 of 1e1) "
                "of een kwartaal K1-K4.")


def _last_realised(realisatie: pd.DataFrame) -> int | None:
    years = realisatie["jaar"].dropna()
    return int(years.max()) if not years.empty else None


def _check_tussentijds(frame, raw, voorzieningen, realisatie, problems) -> pd.DataFrame:
    """Known voorziening and period, no period twice, one kind of period (months or quarters) and one way of
    counting (per period or cumulative) per year and voorziening, cumulative figures never going down, no year
    after the year being projected. Returns the rows as figures per period (cumulative ones differenced)."""
    source = raw.source
    names = [n for n in voorzieningen["voorziening"] if n is not None]
    last = _last_realised(realisatie)
    projected = None if last is None else last + 1
    frame = frame.copy()
    frame["_soort"], frame["_nummer"], frame["_cum"] = None, None, False
    for index, row in frame.iterrows():
        row_number = int(row["_rij"])
        if row["voorziening"] is not None:
            match = _known(row["voorziening"], names)
            if match is None:
                problems.error(source, row_number, "voorziening", row["voorziening"],
                               "Deze voorziening staat niet in de tabel 'voorzieningen'. Voeg haar daar toe of "
                               "corrigeer de naam.")
            frame.at[index, "voorziening"] = match
        if row["periode"] is not None:
            parsed = parse_period(row["periode"])
            if parsed is None:
                problems.error(source, row_number, "periode", row["periode"],
                               f"Deze periode bestaat niet. {_PERIOD_HELP}")
            else:
                frame.at[index, "_soort"], frame.at[index, "_nummer"] = parsed
                frame.at[index, "periode"] = f"K{parsed[1]}" if parsed[0] == "kwartaal" else str(parsed[1])
        word = row["cumulatief"]
        if word is not None:
            if str(word).strip().lower() in _TRUE:
                frame.at[index, "_cum"] = True
            elif str(word).strip().lower() not in _FALSE:
                problems.error(source, row_number, "cumulatief", word,
                               "Vul 'ja' in als de cijfers de stand sinds 1 januari zijn, 'nee' (of niets) als ze "
                               "per periode zijn.")
        if row["jaar"] is not None and projected is not None and int(row["jaar"]) > projected:
            problems.error(source, row_number, "jaar", row["jaar"],
                           f"Dit jaar ligt na {projected}, het jaar dat Grip nu projecteert (het jaar na de laatste "
                           f"realisatie, {last}). Haal de rij weg, of vul eerst de realisatie van {projected} aan.")
    _report_duplicates(frame.dropna(subset=["_nummer"]), ["jaar", "voorziening", "periode"], source, problems,
                       "deze periode van dit jaar en deze voorziening")
    valid = frame.dropna(subset=["jaar", "voorziening", "_nummer", "kosten"])
    for (year, voorziening), rows in valid.groupby(["jaar", "voorziening"], sort=False):
        first = int(rows["_rij"].iloc[0])
        if rows["_soort"].nunique() > 1:
            problems.error(source, first, "periode", f"{int(year)}, {voorziening}",
                           f"Voor {voorziening} in {int(year)} staan maanden en kwartalen door elkaar. Kies per jaar "
                           "en voorziening één van beide.")
            continue
        if rows["_cum"].nunique() > 1:
            problems.error(source, first, "cumulatief", f"{int(year)}, {voorziening}",
                           f"Voor {voorziening} in {int(year)} zijn sommige rijen cumulatief en andere niet. Kies per "
                           "jaar en voorziening één van beide.")
            continue
        if not bool(rows["_cum"].iloc[0]):
            continue
        ordered = rows.sort_values("_nummer", key=lambda s: s.astype(int))
        for column in ("kosten", "clienten"):
            previous = None
            for _, row in ordered.iterrows():
                value = row[column]
                if value is None or pd.isna(value):
                    continue
                if previous is not None and value < previous[0] - 1e-9:
                    problems.error(source, int(row["_rij"]), column, value,
                                   f"Cumulatieve cijfers kunnen niet dalen: periode {row['periode']} is lager dan "
                                   f"periode {previous[1]} ({number(previous[0], 2)}). Controleer de cijfers, of zet "
                                   "'cumulatief' op 'nee' als het cijfers per periode zijn.")
                previous = (value, row["periode"])
        for column in ("kosten", "clienten"):
            values = ordered[column].astype(float)
            frame.loc[ordered.index, column] = values.diff().fillna(values).where(values.notna(), None)
    _report_tussentijds_year_limit(frame, source, problems)
    if projected is not None:
        _report_tussentijds_coverage(frame, source, realisatie, projected, problems)
        _report_unusual_periods(frame, source, realisatie, projected, problems)
    return frame.drop(columns=["_soort", "_nummer", "_cum", "cumulatief"])


def _report_tussentijds_year_limit(frame, source, problems) -> None:
    """Error: a year's in-year costs of one voorziening adding up to more than MAX_AMOUNT (the limit of one cell
    holds for a whole year too); the row where the sum crosses it is named."""
    valid = frame.dropna(subset=["jaar", "voorziening", "_nummer", "kosten"])
    for (year, voorziening), rows in valid.groupby(["jaar", "voorziening"], sort=False):
        running = 0.0
        for _, row in rows.iterrows():
            running += float(row["kosten"])
            if running > MAX_AMOUNT:
                problems.error(source, int(row["_rij"]), "kosten", row["kosten"],
                               f"De tussentijdse kosten van {voorziening} in {int(year)} tellen tot en met deze rij op "
                               f"tot {euro(running)}: meer dan het hele sociaal domein van Nederland in een jaar kost. "
                               "Controleer de eenheid (euro's, niet centen) en tik- of plakfouten.")
                break


def _report_unusual_periods(frame, source, realisatie, projected, problems) -> None:
    """Warning: a period of the projected year far above its usual share of the year (forecasting/yearend.py
    unusual_periods: the earlier complete years' pattern, or 1/12 without one; the yardstick for the year is the
    last realised year's cost, as the prognosis is not known while checking)."""
    valid = frame.dropna(subset=["jaar", "voorziening", "_nummer", "kosten"])
    if valid.empty or valid["_soort"].isna().any():
        return
    last = {v: float(k) for j, v, k in zip(realisatie["jaar"], realisatie["voorziening"], realisatie["kosten"])
            if j is not None and v is not None and k is not None and int(j) == projected - 1}
    for voorziening, rows in valid.groupby("voorziening", sort=False):
        if rows.groupby("jaar")["_soort"].nunique().max() > 1:
            continue
        typed = rows.assign(kosten=rows["kosten"].astype(float), jaar=rows["jaar"].astype(int))
        now = typed.loc[typed["jaar"] == projected]
        if now.empty:
            continue
        history = complete_years(typed, projected)
        found = unusual_periods(list(now["periode"]), list(now["kosten"]), month_shares(history),
                                last.get(voorziening), one_off_factor(history))
        for item in found:
            row = now.loc[now["periode"] == item.periode].iloc[0]
            problems.warning(source, int(row["_rij"]), "kosten", row["kosten"],
                             unusual_note(voorziening, projected, item))


def _report_tussentijds_coverage(frame, source, realisatie, projected, problems) -> None:
    """Warnings: periods missing in the projected year before its last period; a complete earlier year whose
    in-year total is far from its realisation."""
    valid = frame.dropna(subset=["jaar", "voorziening", "_nummer", "kosten"])
    real = {(int(j), v): k for j, v, k in zip(realisatie["jaar"], realisatie["voorziening"], realisatie["kosten"])
            if j is not None and v is not None and k is not None}
    for (year, voorziening), rows in valid.groupby(["jaar", "voorziening"], sort=False):
        size = 3 if rows["_soort"].iloc[0] == "kwartaal" else 1
        numbers = set(int(n) for n in rows["_nummer"])
        leading = list(range(1, min(numbers)))
        missing = sorted(set(range(min(numbers), max(numbers) + 1)) - numbers)
        label = (lambda n: f"K{n}") if size == 3 else str
        if leading and int(year) == projected:
            first, last = period_months(label(min(numbers)))[0], max(numbers) * size
            span = (MONTH_NAMES[first - 1] if first == last else
                    f"{MONTH_NAMES[first - 1]} t/m {MONTH_NAMES[last - 1]}")
            problems.warning(source, None, "periode", f"{int(year)}, {voorziening}",
                             f"Voor {voorziening} zijn er over {int(year)} alleen cijfers van {span}, niets daarvoor. "
                             "Grip telt de perioden ervoor niet als 0 maar schat het jaareinde uit het gebruikelijke "
                             "patroon en de prognose, met een brede band. Vul de eerdere perioden aan als ze bekend "
                             "zijn.")
        if missing and int(year) == projected:
            problems.warning(source, None, "periode", f"{int(year)}, {voorziening}",
                             f"Voor {voorziening} in {int(year)} ontbreken perioden {', '.join(map(label, missing))} "
                             "vóór de laatste periode; Grip telt ze als 0. Vul ze aan als ze bekend zijn.")
        complete = max(numbers) * size == 12 and not missing and not leading
        total = float(rows["kosten"].astype(float).sum())
        realised = real.get((int(year), voorziening))
        if complete and realised and abs(total / realised - 1) > TUSSENTIJDS_MISMATCH:
            problems.warning(source, None, "kosten", f"{int(year)}, {voorziening}",
                             f"De tussentijdse cijfers van {voorziening} over heel {int(year)} tellen op tot "
                             f"{euro(total)}, de realisatie is {euro(realised)}. Grip gebruikt van dat jaar alleen "
                             "het patroon over het jaar; controleer of het om dezelfde kosten gaat.")


def _check_indicatoren(frame, raw, problems) -> None:
    _report_duplicates(frame, ["indicator"], raw.source, problems, "deze indicator")
    for index, row in frame.iterrows():
        row_number = int(row["_rij"])
        if row["indicator"] is not None:
            message = name_problem(row["indicator"], "De naam van de indicator")
            if message is not None and str(row["indicator"]).strip().lower() not in RESERVED_NAMES:
                problems.error(raw.source, row_number, "indicator", row["indicator"], message)
        if row["richting"] is not None:
            direction = DIRECTIONS.get(" ".join(str(row["richting"]).lower().split()))
            if direction is None:
                problems.error(raw.source, row_number, "richting", row["richting"],
                               "Vul 'lager is beter' of 'hoger is beter' in.")
            frame.at[index, "richting"] = direction
        if row["basisjaar"] is not None and row["streefjaar"] is not None and row["streefjaar"] <= row["basisjaar"]:
            problems.error(raw.source, row_number, "streefjaar", row["streefjaar"],
                           f"Het streefjaar moet na het basisjaar ({row['basisjaar']}) liggen.")


def _check_indicatorwaarden(frame, raw, indicatoren, problems) -> None:
    names = [] if indicatoren is None else [n for n in indicatoren["indicator"] if n is not None]
    for index, row in frame.iterrows():
        if row["indicator"] is None:
            continue
        match = _known(row["indicator"], names)
        if match is None:
            problems.error(raw.source, int(row["_rij"]), "indicator", row["indicator"],
                           "Deze indicator staat niet in de tabel 'indicatoren'. Voeg haar daar toe (met basisjaar, "
                           "startwaarde en streefwaarde) of corrigeer de naam.")
        frame.at[index, "indicator"] = match
    _report_duplicates(frame, ["jaar", "indicator"], raw.source, problems, "dit jaar en deze indicator")


def _optional_frames(frames, tables, realisatie, voorzieningen, problems) -> dict[str, pd.DataFrame]:
    """The monitor's optional tables, checked and typed; empty frames when not given."""
    out = {"tussentijds": empty_frame(TUSSENTIJDS_COLUMNS), "indicatoren": empty_frame(INDICATOREN_COLUMNS),
           "indicatorwaarden": empty_frame(INDICATORWAARDEN_COLUMNS)}
    if frames.get("tussentijds") is not None:
        checked = _check_tussentijds(frames["tussentijds"], tables["tussentijds"], voorzieningen, realisatie,
                                     problems)
        out["tussentijds"] = checked[["_rij"] + TUSSENTIJDS_COLUMNS]
    if frames.get("indicatoren") is not None:
        _check_indicatoren(frames["indicatoren"], tables["indicatoren"], problems)
        out["indicatoren"] = frames["indicatoren"]
    if frames.get("indicatorwaarden") is not None:
        _check_indicatorwaarden(frames["indicatorwaarden"], tables["indicatorwaarden"], frames.get("indicatoren"),
                                problems)
        out["indicatorwaarden"] = frames["indicatorwaarden"]
    return out


def _finish_optional(optional: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    done = {}
    for name, frame in optional.items():
        if "_rij" not in frame.columns:
            done[name] = frame.reset_index(drop=True)
            continue
        frame = frame.drop(columns="_rij").reset_index(drop=True)
        for column in frame.columns:
            if column in ("clienten", "kosten", "startwaarde", "streefwaarde", "waarde"):
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
            elif column in ("jaar", "basisjaar", "streefjaar"):
                frame[column] = frame[column].astype(int)
        done[name] = frame
    return done


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c.name: pd.Series(dtype="object") for c in SPECS[name]} | {"_rij": []})


def build_dataset(
    tables: dict[str, RawTable], problems: Problems, naam: str = "gegevens", horizon: int = DEFAULT_HORIZON
) -> Dataset | None:
    """Validate raw tables; returns a Dataset when there are no errors (problems are collected).

    The tables of one gemeente: when their `gemeente` columns name several, this is an error pointing at the
    batch (forecasting/regional.py splits such input into one set of tables per gemeente)."""
    names = gemeente_names(tables)
    if len(names) > 1:
        shown = ", ".join(names[:5]) + (f" en nog {len(names) - 5}" if len(names) > 5 else "")
        problems.error(
            "gemeente", None, "gemeente", None,
            f"Deze gegevens bevatten {len(names)} gemeenten ({shown}). Kies één gemeente, enkele of de hele regio "
            "met '--gemeente NAAM' of '--gemeente regio' (in de app: de keuze in de zijbalk), of maak een prognose "
            "per gemeente met 'python -m forecasting batch --data ... --out MAP'.",
        )
        return None
    for name in names:  # one gemeente named in a `gemeente` column: the same names as in a region are refused
        message = gemeente_name_problem(name)
        if message is not None:
            problems.error("gemeente", None, "gemeente", shown_name(name), message)
    for name in REQUIRED_TABLES:
        if name not in tables:
            problems.error(
                f"{name}.csv", None, None, None,
                f"De tabel '{name}' ontbreekt. Lever een bestand '{name}.csv' of een werkblad '{name}' aan "
                "(zie data/templates).",
            )
    frames: dict[str, pd.DataFrame | None] = {}
    for name in TABLE_NAMES:
        frames[name] = _typed_frame(name, tables[name], problems) if name in tables else None
    for name, raw in tables.items():
        if frames[name] is not None and frames[name].empty:
            problems.error(raw.source, None, None, None, "De tabel heeft geen gegevensrijen. Vul deze in.")
    if any(frames[name] is None or frames[name].empty for name in REQUIRED_TABLES):
        return None
    voorzieningen, realisatie, bevolking = (frames[n] for n in REQUIRED_TABLES)
    _check_voorzieningen(voorzieningen, tables["voorzieningen"], problems)
    _check_realisatie(realisatie, tables["realisatie"], voorzieningen, problems)
    _check_bevolking(bevolking, tables["bevolking"], voorzieningen, realisatie, horizon, problems)
    indexatie = frames["indexatie"] if frames["indexatie"] is not None else _empty("indexatie")
    begroting = frames["begroting"] if frames["begroting"] is not None else _empty("begroting")
    if "indexatie" in tables:
        _check_indexatie(indexatie, tables["indexatie"], voorzieningen, realisatie, problems)
    else:
        problems.warning(
            "indexatie.csv", None, None, None,
            "Er is geen indexatietabel; alle jaren tellen als 0% indexatie. Lever 'indexatie' aan voor een "
            "prognose in lopende prijzen.",
        )
    if "begroting" in tables:
        _check_begroting(begroting, tables["begroting"], voorzieningen, problems)
    optional = _optional_frames(frames, tables, realisatie, voorzieningen, problems)
    if not problems.ok:
        return None
    dataset = Dataset(
        naam=naam,
        voorzieningen=_finish(voorzieningen.drop(columns=["breuk"]) if voorzieningen["breuk"].isna().all() else
                              voorzieningen, {"voorziening": str, "domein": str, "doelgroep": str}),
        realisatie=_finish(realisatie, {"jaar": int, "voorziening": str, "clienten": float, "kosten": float}),
        bevolking=_finish(bevolking.drop(columns=["variant"]) if bevolking["variant"].isna().all() else bevolking,
                          {"jaar": int, "leeftijd": str, "aantal": float}),
        indexatie=_finish(indexatie, {"jaar": int, "domein": str, "percentage": float}),
        begroting=_finish(begroting, {"jaar": int, "domein": str, "bedrag": float}),
        **_finish_optional(optional),
    )
    _check_cost_per_client(dataset, tables["realisatie"], realisatie, problems)
    if not problems.ok:  # an implausible cost per client: refused before anything is forecast
        return None
    dataset.warnings = list(problems.warnings)
    return dataset


def real_cost_per_client(dataset: Dataset) -> pd.DataFrame:
    """Columns jaar, voorziening, kosten_per_client: kosten / clienten in prices of the last realised year,
    deflated exactly as the baseline does (forecasting/indexation.py). Years without clients are left out."""
    from forecasting.indexation import cumulative_index, yearly_percentages

    years = list(range(dataset.first_year, dataset.last_year + 1))
    index = cumulative_index(yearly_percentages(dataset, years), dataset.last_year)
    real = dataset.realisatie.loc[dataset.realisatie["clienten"] > 0]
    merged = real.merge(index, on=["jaar", "voorziening"], how="left")
    return merged.assign(kosten_per_client=merged["kosten"] / merged["clienten"] / merged["index"])[
        ["jaar", "voorziening", "kosten_per_client"]]


def _check_cost_per_client(dataset: Dataset, raw: RawTable, frame: pd.DataFrame, problems: Problems) -> None:
    """Warn about a year whose real cost per client is far from the voorziening's median (beyond
    COST_PER_CLIENT_SPIKE); refuse it above COST_PER_CLIENT_IMPLAUSIBLE (0,0001 cliënten with normal costs: the
    forecast would explode; a cost per client far too low only lowers it and stays a warning)."""
    table = real_cost_per_client(dataset)
    row_of = {(int(j), v): int(r) for j, v, r in zip(frame["jaar"], frame["voorziening"], frame["_rij"])
              if j is not None and v is not None}
    real = dataset.realisatie
    clients_of = {(int(j), v): (float(c), float(k)) for j, v, c, k in
                  zip(real["jaar"], real["voorziening"], real["clienten"], real["kosten"])}
    for voorziening, rows in table.groupby("voorziening", sort=False):
        values = rows["kosten_per_client"].to_numpy(dtype=float)
        if len(values) < 3:
            continue
        median = float(np.median(values))
        if not median > 0:
            continue
        for year, value in zip(rows["jaar"], values):
            ratio = value / median
            if 1 / COST_PER_CLIENT_SPIKE <= ratio <= COST_PER_CLIENT_SPIKE:
                continue
            if ratio > COST_PER_CLIENT_IMPLAUSIBLE:  # upward only: too few clients make the forecast explode
                clients, cost = clients_of.get((int(year), voorziening), (float("nan"), float("nan")))
                shown = f"{clients:g}".replace(".", ",")
                problems.error(
                    raw.source, row_of.get((int(year), voorziening)), "clienten", shown,
                    f"In {int(year)} staan bij '{voorziening}' {shown} cliënten en {euro(cost)} kosten: "
                    f"de kosten per cliënt zijn {number(ratio, 0)} keer de mediaan van {euro(median)} over de "
                    "jaren. Dat is vrijwel zeker een tik- of eenheidsfout, en de prognose zou erdoor tientallen "
                    "keren groeien. Corrigeer de cliënten of kosten van dit jaar.",
                )
                continue
            problems.warning(
                raw.source, row_of.get((int(year), voorziening)), "kosten", euro(value),
                f"In {int(year)} zijn de kosten per cliënt van '{voorziening}' {euro(value)}: {number(ratio, 1)} "
                f"keer de mediaan van {euro(median)} over de jaren (in prijzen van {dataset.last_year}). Corrigeer "
                f"de kosten of cliënten van {int(year)}, of sluit {int(year)} uit bij het schatten "
                "(--exclude-years, of 'jaren uitsluiten' in de app).",
            )


def validate_exclusion(dataset: Dataset, years) -> Problems:
    """Check years to leave out of the estimation: an error when a voorziening keeps fewer than
    MIN_USABLE_YEARS realised years with clients and costs; a warning for years not in the realisation.

    Call this before build_baseline with the same years (the command line's --exclude-years, the app's
    choice of years to exclude).
    """
    problems = Problems()
    source = "jaren uitsluiten"
    excluded = set()
    for year in years or ():
        try:
            excluded.add(int(year))
        except (TypeError, ValueError):
            problems.error(source, None, None, year, "Dit is geen jaartal. Schrijf bijvoorbeeld 2020.")
    realised = dataset.realisatie
    known = set(int(y) for y in realised["jaar"])
    unknown = sorted(excluded - known)
    if unknown:
        problems.warning(source, None, None, _years_text(unknown),
                         f"Deze jaren komen niet voor in de realisatie ({_years_text(known)}) en doen niets.")
    if known and known <= excluded:
        problems.error(source, None, None, _years_text(sorted(excluded & known)),
                       "Alle gerealiseerde jaren worden uitgesloten; dan valt er niets te schatten. Sluit minder "
                       "jaren uit.")
        return problems
    usable = realised.loc[(realised["clienten"] > 0) & (realised["kosten"] > 0) & ~realised["jaar"].isin(excluded)]
    for voorziening in dataset.voorzieningen["voorziening"]:
        left = sorted(int(y) for y in usable.loc[usable["voorziening"] == voorziening, "jaar"])
        if len(left) < MIN_USABLE_YEARS:
            kept = f"alleen {_years_text(left)}" if left else "geen enkel jaar"
            problems.error(
                source, None, None, voorziening,
                f"Na het uitsluiten van {_years_text(sorted(excluded & known))} houdt '{voorziening}' {kept} "
                f"met cliënten en kosten over; er zijn er minstens {MIN_USABLE_YEARS} nodig. Sluit minder jaren uit.",
            )
    return problems


def _finish(frame: pd.DataFrame, types: dict) -> pd.DataFrame:
    out = frame.drop(columns="_rij").reset_index(drop=True)
    for column, kind in types.items():
        out[column] = out[column].astype(kind if kind is not str else object)
    sort_keys = [c for c in ("jaar", "domein", "voorziening", "leeftijd") if c in out.columns]
    if "voorziening" in out.columns:
        out["voorziening"] = out["voorziening"].astype(object).where(out["voorziening"].notna(), None)
    return out.sort_values(sort_keys, na_position="first", kind="stable").reset_index(drop=True) if (
        "jaar" in out.columns
    ) else out


def load_dataset(
    path: str | Path, horizon: int = DEFAULT_HORIZON, naam: str | None = None
) -> tuple[Dataset | None, Problems]:
    """Read and validate a dataset folder or workbook."""
    problems = Problems()
    tables = read_path(path, problems)
    dataset = build_dataset(tables, problems, naam or Path(path).stem, horizon) if tables or problems.ok else None
    if not tables and problems.ok:
        problems.error(str(path), None, None, None, "Er zijn geen tabellen gevonden.")
    return dataset, problems


def load_uploaded(
    files: dict[str, bytes], naam: str, horizon: int = DEFAULT_HORIZON
) -> tuple[Dataset | None, Problems]:
    """Read and validate uploaded files (name -> bytes)."""
    problems = Problems()
    tables = read_sources(files, problems)
    dataset = build_dataset(tables, problems, naam, horizon)
    return dataset, problems
