"""The CBS StatLine tables Grip reads, what each maps to, and how one table row becomes long records.

A row is what the CBS client returns (`cbsodata.get_data`: one dict per row) or one line of a StatLine CSV export:
the dimension keys `RegioS` (a code such as 'GM0394  ', or the region's title) and `Perioden` ('2019JJ00', '2019'
or '2019*' for a provisional year), other dimensions (their title), and value keys such as `WmoClienten_1`. A value
key is matched on its stem (`WmoClienten_1` -> `WmoClienten`), so CBS renumbering a column does not break reading.
A suppressed or missing cell (None, '', '.') becomes no record: it stays missing, never 0.

| table | years | maps to (reeks) | Grip table |
|---|---|---|---|
| 83262NED | 2015-2020 | Wmo clients (persons with a maatwerkvoorziening), per type if published | realisatie (Wmo) |
| 85043NED | 2021- | the same (successor; identical values for shared years) | realisatie.clienten (Wmo) |
| 84134NED | 2015-2020 | young people 0-22 with jeugdzorg (total) | realisatie.clienten (Jeugd) |
| 85099NED | 2021- | the same, new definition: a break between 2020 and 2021 | realisatie.clienten (Jeugd) |
| 83454NED | 2015- | jeugdzorg costs realised and budgeted, x 1.000 euro | realisatie.kosten (Jeugd), begroting |
| 60039fvw | 2007-2017 | inhabitants on 1 January (gemeentefonds, provisional) | bevolking (history) |
| 85383NED | 2023- | inhabitants on 1 January (gemeentefonds, final) | bevolking (history) |
| 84525NED | 2020-2050 | PBL/CBS regional population forecast 2019, x 1.000 | bevolking (forecast, variant) |
| 85171NED | 2023-2050 | PBL/CBS regional population forecast 2022, x 1.000 | bevolking (forecast, variant) |
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

WMO_CLIENTS = "wmo_clienten"
JEUGD_CLIENTS = "jeugd_clienten"
JEUGD_COSTS = "jeugd_kosten"
JEUGD_BUDGET = "jeugd_begroot"
INHABITANTS = "inwoners"
FORECAST = "prognose"
TOTAL = "totaal"

RECORD_COLUMNS = ["tabel", "regio", "jaar", "reeks", "soort", "voorlopig", "waarde"]


def wmo_type(title: str) -> str | None:
    """'Totaal' (any case, also 'Totaal maatwerkarrangementen') is the total; every other title is a type."""
    return TOTAL if title.strip().lower().startswith("totaal") else title.strip()


def jeugd_total(title: str) -> str | None:
    """Only the total of all forms of jeugdzorg ('Totaal jeugdzorg'), not the in-natura subset or single forms."""
    lower = title.lower()
    return TOTAL if "totaal" in lower and "natura" not in lower else None


def status(title: str) -> str | None:
    return title.strip().lower()


def variant(title: str) -> str | None:
    """A forecast's interval: the lower bound is `laag`, the upper bound `hoog`, the forecast itself `midden`."""
    lower = title.lower()
    if "onder" in lower or "laag" in lower:
        return "laag"
    if "boven" in lower or "hoog" in lower:
        return "hoog"
    return "midden"


@dataclass(frozen=True)
class TableSpec:
    id: str
    onderwerp: str  # Dutch, as shown in bronnen.csv
    values: dict[str, str]  # value key stem -> reeks
    dimensions: dict[str, Callable[[str], str | None]] = field(default_factory=dict)  # key prefix -> label
    factor: float = 1.0  # thousands of euros or inhabitants -> units
    note: str = ""


TABLES: tuple[TableSpec, ...] = (
    TableSpec("83262NED", "Wmo-cliënten met een maatwerkvoorziening, per type (2015-2020)",
              {"WmoClienten": WMO_CLIENTS}, {"TypeMaatwerk": wmo_type}),
    TableSpec("85043NED", "Wmo-cliënten met een maatwerkvoorziening, per type (vanaf 2021)",
              {"WmoClienten": WMO_CLIENTS}, {"TypeMaatwerk": wmo_type}),
    TableSpec("84134NED", "Jongeren (0-22 jaar) met jeugdzorg (2015-2020)",
              {"JongerenMetJeugdzorg": JEUGD_CLIENTS}, {"VormenVanJeugdzorg": jeugd_total},
              note="Tabelwissel: vanaf 2021 telt CBS de jeugdzorg in 85099NED; 2020-2021 is een breuk in de reeks."),
    TableSpec("85099NED", "Jongeren (0-22 jaar) met jeugdzorg (vanaf 2021)",
              {"JongerenMetJeugdzorg": JEUGD_CLIENTS}, {"VormenVanJeugdzorg": jeugd_total},
              note="Tabelwissel: opvolger van 84134NED; 2020-2021 is een breuk in de reeks."),
    TableSpec("83454NED", "Kosten jeugdzorg van de gemeente, begroot en gerealiseerd (x 1.000 euro)",
              {"GerealiseerdeKosten": JEUGD_COSTS, "BegroteKosten": JEUGD_BUDGET},
              {"VormenVanJeugdzorg": jeugd_total}, factor=1000.0),
    TableSpec("60039fvw", "Inwoners op 1 januari (gemeentefonds, voorlopig; 2007-2017)",
              {"TotaalMannenEnVrouwen": INHABITANTS}, {"StatusCijfer": status}),
    TableSpec("85383NED", "Inwoners op 1 januari (gemeentefonds, definitief; vanaf 2023)",
              {"InwonersTotaal": INHABITANTS}, {"StatusCijfer": status}),
    TableSpec("84525NED", "Regionale bevolkingsprognose PBL/CBS 2019 (x 1.000 inwoners)",
              {"TotaleBevolking": FORECAST}, {"Prognoseinterval": variant, "Interval": variant}, factor=1000.0),
    TableSpec("85171NED", "Regionale bevolkingsprognose PBL/CBS 2022 (x 1.000 inwoners)",
              {"TotaleBevolking": FORECAST}, {"Prognoseinterval": variant, "Interval": variant}, factor=1000.0),
)
TABLE_IDS = tuple(spec.id for spec in TABLES)
SPEC_OF = {spec.id.upper(): spec for spec in TABLES}
JEUGD_BREAK_YEAR = 2021  # first year of 85099NED

_PERIOD = re.compile(r"^\s*(\d{4})\s*(JJ00)?\s*(\*)?\s*$", re.IGNORECASE)
_CODE = re.compile(r"^\s*(GM\d{4})\s*$", re.IGNORECASE)
_MISSING = {"", ".", "x", "-", "?", "none", "nan"}


def stem(key: str) -> str:
    """`WmoClienten_1` -> `WmoClienten` (CBS numbers its value columns)."""
    return re.sub(r"_\d+$", "", str(key).strip())


def period_year(value: object) -> tuple[int, bool] | None:
    """('2019JJ00' | '2019' | '2019*') -> (2019, provisional?); None for a month, quarter or anything else."""
    match = _PERIOD.match(str(value))
    if match is None:
        return None
    return int(match.group(1)), match.group(3) is not None


def number(value: object) -> float | None:
    """A CBS cell as a float; None when suppressed or empty ('.', '', None). '1.234,5' and '1234.5' both work."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return None if pd.isna(value) else float(value)
    text = str(value).strip().replace(" ", "")
    if text.lower() in _MISSING:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def region_code(value: object, code_of_name: Callable[[str], str | None]) -> str | None:
    """'GM0394  ' -> 'GM0394'; a title ('Haarlemmermeer') through `code_of_name`; None for other regions."""
    text = str(value or "").strip()
    match = _CODE.match(text)
    if match:
        return match.group(1).upper()
    if text[:2].upper() in ("PV", "NL", "CR", "LD", "JZ", "WK", "BU"):
        return None
    return code_of_name(text)


def records_of(spec: TableSpec, rows: list[dict], code_of_name: Callable[[str], str | None]) -> pd.DataFrame:
    """One record per region, year, reeks and soort with a published value (suppressed cells leave no record)."""
    out = []
    for row in rows:
        code = region_code(row.get("RegioS"), code_of_name)
        period = period_year(row.get("Perioden"))
        if code is None or period is None:
            continue
        year, provisional = period
        soort, keep = TOTAL, True
        for key, value in row.items():
            for prefix, label_of in spec.dimensions.items():
                if str(key).lower().startswith(prefix.lower()):
                    label = label_of(str(value or ""))
                    if label is None:
                        keep = False
                    elif label_of is status:
                        provisional = provisional or label.startswith("voorlopig")
                    else:
                        soort = label
        if not keep:
            continue
        for key, value in row.items():
            reeks = spec.values.get(stem(key))
            if reeks is None:
                continue
            amount = number(value)
            if amount is None:
                continue
            out.append((spec.id, code, year, reeks, soort, provisional, amount * spec.factor))
    return pd.DataFrame(out, columns=RECORD_COLUMNS)
