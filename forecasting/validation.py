"""Turn raw tables into a typed Dataset, collecting every problem in Dutch.

Each problem names the file or sheet, the spreadsheet row (header is row 1), the
column and the offending value, and says what to do. Errors make the data unusable;
warnings do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from forecasting.dataset import DEFAULT_HORIZON, DOMAINS, WHOLE_POPULATION, Dataset, population_of
from forecasting.numbers import parse_column
from forecasting.problems import Problems
from forecasting.reading import TABLE_NAMES, RawTable, read_path, read_sources

MIN_YEARS = 4
FIRST_VALID_YEAR = 1990
LAST_VALID_YEAR = 2100


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, domein, jaar, aantal (>= 0), bedrag (>= 0), percentage (any sign)
    required: bool = True  # the column must be present
    optional_value: bool = False  # an empty cell is allowed


SPECS: dict[str, tuple[Column, ...]] = {
    "voorzieningen": (
        Column("voorziening", "text"),
        Column("domein", "domein"),
        Column("doelgroep", "text"),
        Column("taakveld", "text", required=False, optional_value=True),
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
        Column("bedrag", "percentage"),
    ),
}
REQUIRED_TABLES = ("voorzieningen", "realisatie", "bevolking")

_NUMBER_HELP = {
    "jaar": "Vul een jaartal in, zoals 2024.",
    "aantal": "Vul een getal van 0 of meer in, zoals 1234 of 1.234,5.",
    "bedrag": "Vul een bedrag in euro's van 0 of meer in, zoals 1234567 of 1.234.567,89.",
    "percentage": "Vul een getal in, zoals 3,5 (voor 3,5%).",
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


def _typed_cells(raw: RawTable, column: Column, cells: list[object], problems: Problems) -> list[object]:
    out: list[object] = []
    if column.kind in ("text", "domein"):
        for number, cell in zip(raw.row_numbers, cells):
            text = None if cell is None else str(cell).strip()
            if isinstance(cell, float) and cell.is_integer():
                text = str(int(cell))
            if not text:
                if not column.optional_value:
                    problems.error(raw.source, number, column.name, "", f"De cel '{column.name}' is leeg. Vul deze in.")
                out.append(None)
                continue
            if column.kind == "domein":
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
    parsed = parse_column(cells, prefer_comma=raw.decimal_comma)
    for number, cell, value in zip(raw.row_numbers, cells, parsed):
        if value is None:
            if not column.optional_value:
                problems.error(
                    raw.source, number, column.name, "",
                    f"De cel '{column.name}' is leeg. {_NUMBER_HELP[column.kind]}",
                )
            out.append(None)
            continue
        if isinstance(value, str):
            problems.error(raw.source, number, column.name, value, f"Dit is geen getal. {_NUMBER_HELP[column.kind]}")
            out.append(None)
            continue
        if column.kind == "jaar" and (
            not float(value).is_integer() or not FIRST_VALID_YEAR <= value <= LAST_VALID_YEAR
        ):
            problems.error(
                raw.source, number, column.name, cell,
                f"Dit is geen geldig jaartal (verwacht een heel jaar tussen {FIRST_VALID_YEAR} en "
                f"{LAST_VALID_YEAR}). {_NUMBER_HELP['jaar']}",
            )
            out.append(None)
            continue
        if column.kind in ("aantal", "bedrag") and value < 0:
            problems.error(
                raw.source, number, column.name, cell,
                f"Een negatief getal kan hier niet. {_NUMBER_HELP[column.kind]}",
            )
            out.append(None)
            continue
        out.append(int(value) if column.kind == "jaar" else float(value))
    return out


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


def _check_voorzieningen(frame, raw, problems) -> None:
    _report_duplicates(frame, ["voorziening"], raw.source, problems, "deze voorziening")


def _known(name, known_names) -> str | None:
    lookup = {k.lower(): k for k in known_names}
    return lookup.get(str(name).lower()) if name is not None else None


def _check_realisatie(frame, raw, voorzieningen, problems) -> None:
    names = list(voorzieningen["voorziening"])
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
                raw.source, None, "jaar", voorziening,
                f"Voor '{voorziening}' zijn maar {len(years)} jaren gerealiseerd ({_years_text(years)}); "
                f"met minder dan {MIN_YEARS} jaren valt de prognose terug op een eenvoudige trend.",
            )
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            problems.warning(
                raw.source, None, "jaar", voorziening,
                f"Voor '{voorziening}' ontbreken jaren in de realisatie: {_years_text(gaps)}. "
                "De modellen gaan over het gat heen; vul de jaren aan als ze bekend zijn.",
            )
    zero_clients = valid.loc[(valid["clienten"] == 0) & (valid["kosten"] > 0)]
    for _, row in zero_clients.iterrows():
        problems.warning(
            raw.source, int(row["_rij"]), "clienten", "0",
            "Er zijn kosten maar geen cliënten; de kosten per cliënt van dit jaar tellen niet mee in de prognose.",
        )


def _check_bevolking(frame, raw, voorzieningen, realisatie, horizon, problems) -> None:
    _report_duplicates(frame, ["jaar", "leeftijd"], raw.source, problems, "dit jaar en deze leeftijdsgroep")
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


def _check_domain_detail(frame, raw, voorzieningen, problems, what) -> None:
    """Optional voorziening column: known name, and its domein must match the row's domein."""
    names = list(voorzieningen["voorziening"])
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
    small = valid.loc[(valid["percentage"] != 0) & (valid["percentage"].abs() < 0.2)]
    for _, row in small.iterrows():
        problems.warning(
            raw.source, int(row["_rij"]), "percentage", row["percentage"],
            f"Dit lijkt een fractie: {row['percentage']} betekent hier {row['percentage']}%, niet "
            f"{row['percentage'] * 100:g}%. Schrijf 3,5 voor 3,5%.",
        )
    realised = realisatie.dropna(subset=["jaar", "voorziening"])
    if realised.empty:
        return
    domain_of = dict(zip(voorzieningen["voorziening"], voorzieningen["domein"]))
    for domein in DOMAINS:
        in_domain = [v for v, d in domain_of.items() if d == domein]
        years = set(int(y) for y in realised.loc[realised["voorziening"].isin(in_domain), "jaar"])
        if not years:
            continue
        years.discard(min(years))  # the first year's index is never needed
        given = set(int(y) for y in valid.loc[valid["domein"] == domein, "jaar"])
        lacking = sorted(years - given)
        if lacking:
            problems.warning(
                raw.source, None, "jaar", domein,
                f"Indexatie voor {domein} ontbreekt voor gerealiseerde jaren {_years_text(lacking)}; "
                "die jaren tellen als 0%.",
            )


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


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c.name: pd.Series(dtype="object") for c in SPECS[name]} | {"_rij": []})


def build_dataset(
    tables: dict[str, RawTable], problems: Problems, naam: str = "gegevens", horizon: int = DEFAULT_HORIZON
) -> Dataset | None:
    """Validate raw tables; returns a Dataset when there are no errors (problems are collected)."""
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
    if not problems.ok:
        return None
    return Dataset(
        naam=naam,
        voorzieningen=_finish(voorzieningen, {"voorziening": str, "domein": str, "doelgroep": str}),
        realisatie=_finish(realisatie, {"jaar": int, "voorziening": str, "clienten": float, "kosten": float}),
        bevolking=_finish(bevolking, {"jaar": int, "leeftijd": str, "aantal": float}),
        indexatie=_finish(indexatie, {"jaar": int, "domein": str, "percentage": float}),
        begroting=_finish(begroting, {"jaar": int, "domein": str, "bedrag": float}),
        warnings=list(problems.warnings),
    )


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
