"""Iv3 lasten per taakveld split over Grip's voorzieningen, with an editable mapping.

Formula, per year j and kind s (rekening or begroting):

    kosten(v, j, s) = sum over taakvelden t of lasten(t, j, s) x aandeel(t, v)

where `aandeel(t, v)` comes from the mapping (data/iv3_taakvelden.csv: taakveld, domein, voorziening, aandeel; a
taakveld may be split over several rows, its shares at most 1 together). A voorziening of the mapping that is not a
line of the dataset counts for the one line of its domein whose name contains it ('Begeleiding' -> 'Begeleiding en
dagbesteding'), else for the dataset's only line of that domein (`verzamel`, for example 'Wmo maatwerk' when CBS
gives Wmo clients only as a total), else it is reported as not assigned. A taakveld whose sub-taakvelden are in the
same year's data (6.71 next to 6.71a) is their sum and is skipped, so nothing counts twice. Taakvelden with share 0
(beschermd wonen, toegang, beleid) and taakvelden the mapping does not name are reported as not used. Iv3 amounts
are in thousands of euros; the result in euros.

Both numbering schemes are in the mapping: before 2025 (6.6, 6.71a-d, 6.72a-d, 6.73a-c, 6.74a-c, 6.81a/b, 6.82a/b)
and from 2025 (6.60, 6.711-6.714, 6.751-6.753, 6.761-6.763, 6.791/6.792, 6.811/6.812, 6.821/6.822).

A user's own Iv3 file (CSV) has the columns `jaar`, `taakveld` (a code, optionally followed by its name:
'6.71a Huishoudelijke hulp (WMO)') and `lasten` (x 1.000 euro), optionally `soort` (`rekening` or `begroting`,
default rekening) and `gemeente_code` or `gemeente` (other gemeenten's rows are skipped). Without `jaar` or `soort`
the file name gives them ('iv3_2023_begroting.csv'). Several rows of one
taakveld (for example per categorie) are added up.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from forecasting.input.dataset import DOMAINS

DEFAULT_MAPPING = Path(__file__).resolve().parents[2] / "data" / "iv3_taakvelden.csv"
REKENING, BEGROTING = "rekening", "begroting"
THOUSAND = 1000.0
_CODE = re.compile(r"^\s*(\d+\.\d+[a-z]?)", re.IGNORECASE)


class Iv3Error(ValueError):
    """A mapping or Iv3 file that cannot be used; the message is Dutch and names file, row and column."""


def _rows(name: str, data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader]


def _number(text: str, name: str, row: int, column: str) -> float:
    cleaned = text.replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise Iv3Error(f"{name}, rij {row}, kolom '{column}': '{text}' is geen getal.") from None


def code_of(text: str) -> str | None:
    match = _CODE.match(str(text))
    return match.group(1).lower() if match else None


def read_mapping(data: bytes | None = None, name: str = "iv3_taakvelden.csv") -> pd.DataFrame:
    """The mapping (taakveld, domein, voorziening, aandeel); the default file when `data` is None."""
    if data is None:
        data = DEFAULT_MAPPING.read_bytes()
    rows = _rows(name, data)
    needed = ("taakveld", "domein", "voorziening", "aandeel")
    if not rows or any(c not in rows[0] for c in needed):
        raise Iv3Error(f"{name}: de kolommen {', '.join(needed)} zijn nodig.")
    out = []
    for number, row in enumerate(rows, start=2):
        code = code_of(row["taakveld"])
        if code is None:
            raise Iv3Error(f"{name}, rij {number}, kolom 'taakveld': '{row['taakveld']}' is geen taakveldcode "
                           "zoals 6.71a.")
        share = _number(row["aandeel"], name, number, "aandeel")
        if not 0 <= share <= 1:
            raise Iv3Error(f"{name}, rij {number}, kolom 'aandeel': {row['aandeel']} ligt niet tussen 0 en 1.")
        domein = row["domein"].strip().capitalize()
        if domein not in DOMAINS:
            raise Iv3Error(f"{name}, rij {number}, kolom 'domein': '{row['domein']}' is geen Wmo of Jeugd.")
        out.append((code, domein, row["voorziening"], share, number))
    frame = pd.DataFrame(out, columns=["taakveld", "domein", "voorziening", "aandeel", "rij"])
    totals = frame.groupby("taakveld")["aandeel"].sum()
    for code, total in totals.items():
        if total > 1 + 1e-9:
            raise Iv3Error(f"{name}, kolom 'aandeel': de aandelen van taakveld {code} zijn samen {total:g}, meer "
                           "dan 1 (dan telt een deel van de lasten dubbel).")
    return frame.drop(columns="rij")


def _from_name(name: str) -> tuple[int | None, str | None]:
    """Year and kind from a file name such as 'iv3_2023_jaarrekening.csv' (for exports without those columns)."""
    year = re.search(r"(?<!\d)(20\d\d)(?!\d)", name)
    lower = name.lower()
    soort = BEGROTING if "begro" in lower else REKENING if "rekening" in lower else None
    return (int(year.group(1)) if year else None), soort


def read_iv3(name: str, data: bytes, gemeente: tuple[str, str] | None = None) -> pd.DataFrame:
    """A user's Iv3 CSV as (jaar, soort, taakveld, lasten in euros); `gemeente` = (code, name) keeps its rows.

    Without a `jaar` or `soort` column, the year and kind come from the file name ('iv3_2023_begroting.csv')."""
    rows = _rows(name, data)
    name_year, name_soort = _from_name(name)
    if not rows or any(c not in rows[0] for c in ("taakveld", "lasten")) or (
            "jaar" not in rows[0] and name_year is None):
        raise Iv3Error(f"{name}: een Iv3-bestand heeft de kolommen taakveld en lasten (x 1.000 euro), en jaar (of "
                       "een jaartal in de bestandsnaam), eventueel soort (rekening/begroting) en gemeente_code.")
    out = []
    for number, row in enumerate(rows, start=2):
        if gemeente is not None:
            if row.get("gemeente_code") and row["gemeente_code"].upper() != gemeente[0]:
                continue
            if not row.get("gemeente_code") and row.get("gemeente") and row["gemeente"].lower() != gemeente[1].lower():
                continue
        code = code_of(row["taakveld"])
        if code is None or not row["lasten"]:
            continue
        soort = (row.get("soort") or name_soort or REKENING).lower()
        soort = BEGROTING if soort.startswith("begro") else REKENING
        year = row.get("jaar") or str(name_year or "")
        if not year.isdigit():
            raise Iv3Error(f"{name}, rij {number}, kolom 'jaar': '{year}' is geen jaartal.")
        out.append((int(year), soort, code, _number(row["lasten"], name, number, "lasten") * THOUSAND))
    frame = pd.DataFrame(out, columns=["jaar", "soort", "taakveld", "lasten"])
    return frame.groupby(["jaar", "soort", "taakveld"], as_index=False)["lasten"].sum()


def without_aggregates(lasten: pd.DataFrame) -> pd.DataFrame:
    """Drop a taakveld when a sub-taakveld (6.71a under 6.71) is in the same year and kind: it is their sum."""
    keep = []
    for (_year, _soort), rows in lasten.groupby(["jaar", "soort"], sort=False):
        codes = set(rows["taakveld"])
        for index, code in rows["taakveld"].items():
            keep.append((index, not any(other != code and other.startswith(code) and other[len(code)].isalnum()
                                        for other in codes)))
    mask = pd.Series(dict(keep), dtype=bool).reindex(lasten.index, fill_value=True)
    return lasten.loc[mask]


def line_for(voorziening: str, domein: str, lines: dict[str, str], verzamel: dict[str, str]) -> str | None:
    """The dataset's line for a mapped voorziening: the same name; else the one line of that domein whose name
    contains it or is contained in it ('Begeleiding' -> 'Begeleiding en dagbesteding'); else the domein's only
    line (`verzamel`); else None (not assigned)."""
    if voorziening in lines:
        return voorziening
    wanted = voorziening.lower()
    near = [line for line, d in lines.items() if d == domein and (wanted in line.lower() or line.lower() in wanted)]
    if len(near) == 1:
        return near[0]
    return verzamel.get(domein)


def split(lasten: pd.DataFrame, mapping: pd.DataFrame, lines: dict[str, str],
          verzamel: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(kosten per jaar, soort and voorziening in euros, detail per taakveld: where its lasten went and why).

    `lines` = the dataset's voorzieningen (name -> domein); `verzamel` = the line per domein for mapped voorzieningen
    that are not a line of the dataset."""
    detail = []
    used = without_aggregates(lasten)
    skipped = lasten.loc[~lasten.index.isin(used.index)]
    for row in skipped.itertuples():
        detail.append((row.jaar, row.soort, row.taakveld, row.lasten, 0.0, "", "nee: som van de onderliggende "
                       "taakvelden (die tellen al)"))
    costs: dict[tuple[int, str, str], float] = {}
    for row in used.itertuples():
        targets = mapping.loc[mapping["taakveld"] == row.taakveld]
        if targets.empty:
            detail.append((row.jaar, row.soort, row.taakveld, row.lasten, 0.0, "", "nee: niet in de koppeltabel"))
            continue
        for target in targets.itertuples():
            if target.aandeel == 0:
                detail.append((row.jaar, row.soort, row.taakveld, row.lasten, 0.0, target.voorziening,
                               "nee: aandeel 0 in de koppeltabel"))
                continue
            line = line_for(target.voorziening, target.domein, lines, verzamel)
            if line is None:
                detail.append((row.jaar, row.soort, row.taakveld, row.lasten, target.aandeel, target.voorziening,
                               f"nee: geen voorziening van domein {target.domein} in de gegevens"))
                continue
            amount = row.lasten * target.aandeel
            costs[(row.jaar, row.soort, line)] = costs.get((row.jaar, row.soort, line), 0.0) + amount
            detail.append((row.jaar, row.soort, row.taakveld, row.lasten, target.aandeel, line, "ja"))
    per_line = pd.DataFrame([(j, s, v, b) for (j, s, v), b in sorted(costs.items())],
                            columns=["jaar", "soort", "voorziening", "bedrag"])
    detail_frame = pd.DataFrame(detail, columns=["jaar", "soort", "taakveld", "lasten", "aandeel", "voorziening",
                                                 "gebruikt"]).sort_values(["jaar", "soort", "taakveld"])
    return per_line, detail_frame.reset_index(drop=True)
