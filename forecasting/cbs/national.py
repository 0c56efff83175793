"""National comparison: a gemeente's use against all gemeenten, similar ones, and what its age structure predicts.

Reference (one year, every gemeente, fetched with the same client or read from StatLine exports, cached as
`GRIP_DATA_DIR/cbs/landelijk.csv` with its download date): Wmo clients (85043NED), young people with jeugdzorg and
CBS's percentage of the 0-22 age group (85099NED), realised jeugdzorg costs (83454NED, x 1.000) and inhabitants by
age (85383NED: under 18, under 65, 75+, total; so 0-17, 18-64, 65-74 and 75+). The year is the latest in which at
least MIN_GEMEENTEN gemeenten have all of them.

Indicators per gemeente g: Wmo clients per 1.000 inhabitants = 1000 x wmo_g / inw_g; share of young people with
jeugdzorg = CBS's percentage (of the 0-22 age group); jeugd cost per inhabitant = kosten_g / inw_g.

- landelijk: sum of numerators / sum of denominators over all gemeenten with the figure (for the jeugd share the
  denominator is the 0-22 age group CBS used: clients / percentage);
- vergelijkbare omvang: the same over the other gemeenten of the same CBS size class (inhabitants);
- vergelijkbare leeftijdsopbouw: the same over the other gemeenten in the same fifth of the share of 75+;
- verwacht op grond van de leeftijdsopbouw: national use per age group r_a, estimated over all gemeenten by
  non-negative least squares (CBS publishes these counts per gemeente, not per age group):
      minimise sum_g (count_g - sum_a r_a x inw_{g,a})^2 with r_a >= 0,
  then expected_g = sum_a r_a x inw_{g,a}, shown as the indicator (per 1.000, %, euro per inhabitant).
  A ratio far from 1 is a question to ask, not a verdict (see the regional comparison).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from forecasting.cbs import client, gemeenten
from forecasting.cbs.tables import number, period_year, region_code, stem

NATIONAL_TABLES = ("85043NED", "85099NED", "83454NED", "85383NED")
MIN_GEMEENTEN = 20
AGE_GROUPS = ("0-17", "18-64", "65-74", "75+")
SIZE_CLASSES = ((0, 10_000, "minder dan 10.000 inwoners"), (10_000, 20_000, "10.000 tot 20.000 inwoners"),
                (20_000, 50_000, "20.000 tot 50.000 inwoners"), (50_000, 100_000, "50.000 tot 100.000 inwoners"),
                (100_000, 150_000, "100.000 tot 150.000 inwoners"), (150_000, 250_000, "150.000 tot 250.000 inwoners"),
                (250_000, float("inf"), "250.000 inwoners of meer"))
COLUMNS = ["gemeente_code", "gemeente", "jaar", "inwoners", "inw_0_17", "inw_18_64", "inw_65_74", "inw_75plus",
           "wmo_clienten", "jeugd_clienten", "jeugd_pct", "jeugd_kosten"]
# (table, value key stem) -> field; jeugd rows only for the total of all forms
FIELDS = {("85043NED", "WmoClienten"): "wmo_clienten", ("85099NED", "JongerenMetJeugdzorg"): "jeugd_clienten",
          ("85099NED", "JongerenMetJeugdzorgRelatief"): "jeugd_pct",
          ("83454NED", "GerealiseerdeKosten"): "jeugd_kosten", ("85383NED", "InwonersTotaal"): "inwoners",
          ("85383NED", "InwonersJongerDan18"): "_under18", ("85383NED", "InwonersJongerDan65"): "_under65",
          ("85383NED", "Inwoners75Plus"): "inw_75plus"}
INDICATORS = {  # name -> (numerator, denominator, factor, unit shown)
    "Wmo-cliënten per 1.000 inwoners": ("wmo_clienten", "inwoners", 1000.0, "per 1.000 inwoners"),
    "Jongeren met jeugdzorg (% van 0-22 jaar)": ("jeugd_clienten", "jeugd_0_22", 100.0, "%"),
    "Kosten jeugdzorg per inwoner": ("jeugd_kosten", "inwoners", 1.0, "euro per inwoner"),
}


def cache_path() -> Path:
    return Path(os.environ.get("GRIP_DATA_DIR", "grip-data")) / "cbs" / "landelijk.csv"


def _is_total_row(row: dict) -> bool:
    for key, value in row.items():
        lower = str(key).lower()
        if lower.startswith("typemaatwerk") and not str(value).strip().lower().startswith("totaal"):
            return False
        if lower.startswith("vormenvanjeugdzorg"):
            text = str(value).lower()
            if "totaal" not in text or "natura" in text:
                return False
    return True


def reference_of(rows: dict[str, list[dict]], downloaded: date | None = None) -> pd.DataFrame:
    """Rows of NATIONAL_TABLES (all gemeenten) -> one row per gemeente for the latest complete year."""
    values: dict[tuple[str, int], dict[str, float]] = {}
    for table, table_rows in rows.items():
        provisional_first = sorted(table_rows, key=lambda r: not str(r.get("StatusCijfer", "")).lower().startswith(
            "voorlopig"))  # a final figure overwrites a provisional one
        for row in provisional_first:
            code = region_code(row.get("RegioS"), gemeenten.code_of_name)
            period = period_year(row.get("Perioden"))
            if code is None or period is None or not _is_total_row(row):
                continue
            for key, value in row.items():
                field = FIELDS.get((table.upper(), stem(key)))
                amount = number(value)
                if field is not None and amount is not None:
                    values.setdefault((code, period[0]), {})[field] = amount
    frame = pd.DataFrame([{"gemeente_code": c, "jaar": y, **v} for (c, y), v in values.items()])
    needed = ["inwoners", "_under18", "_under65", "inw_75plus", "wmo_clienten", "jeugd_clienten", "jeugd_pct"]
    if frame.empty or any(c not in frame.columns for c in needed):
        raise client.CbsError("De landelijke tabellen bevatten niet alle cijfers (Wmo, jeugdzorg, inwoners naar "
                              f"leeftijd); nodig: {', '.join(NATIONAL_TABLES)}.")
    complete = frame.dropna(subset=needed)
    counts = complete.groupby("jaar").size()
    years = counts[counts >= MIN_GEMEENTEN]
    if years.empty:
        raise client.CbsError(f"Geen jaar met cijfers van minstens {MIN_GEMEENTEN} gemeenten in de landelijke "
                              "tabellen.")
    year = int(years.index.max())
    chosen = complete.loc[complete["jaar"] == year].copy()
    chosen["inw_0_17"] = chosen["_under18"]
    chosen["inw_18_64"] = chosen["_under65"] - chosen["_under18"]
    chosen["inw_65_74"] = chosen["inwoners"] - chosen["_under65"] - chosen["inw_75plus"]
    chosen["gemeente"] = chosen["gemeente_code"].map(gemeenten.name_of)
    if "jeugd_kosten" not in chosen.columns:
        chosen["jeugd_kosten"] = np.nan
    chosen["jeugd_kosten"] = chosen["jeugd_kosten"] * 1000.0
    chosen = chosen[COLUMNS].sort_values("gemeente_code").reset_index(drop=True)
    chosen["downloaddatum"] = (downloaded or date.today()).isoformat()
    return chosen


def fetch_reference(progress=None, fetch=None) -> pd.DataFrame:
    """Every gemeente's figures from CBS (the same client; the filter is every GM region)."""
    getter = fetch or (lambda table, codes: client.fetch_rows(table, codes))
    rows = {}
    for number_, table in enumerate(NATIONAL_TABLES, start=1):
        if progress is not None:
            progress(number_, len(NATIONAL_TABLES), table)
        rows[table] = getter(table, ["GM"])
    return reference_of(rows)


def save(reference: pd.DataFrame, path: Path | None = None) -> Path:
    path = path or cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    reference.to_csv(path, index=False)
    return path


def load(path: Path | None = None) -> pd.DataFrame | None:
    """The cached reference, or None when it has not been fetched yet (or is unreadable)."""
    path = path or cache_path()
    try:
        frame = pd.read_csv(path, dtype={"gemeente_code": str, "gemeente": str, "downloaddatum": str})
    except (OSError, ValueError):
        return None
    return frame if set(COLUMNS) <= set(frame.columns) else None


def size_class(inhabitants: float) -> str:
    return next(label for low, high, label in SIZE_CLASSES if low <= inhabitants < high)


def _with_derived(reference: pd.DataFrame) -> pd.DataFrame:
    frame = reference.copy()
    frame["jeugd_0_22"] = frame["jeugd_clienten"] / frame["jeugd_pct"] * 100.0
    frame["klasse"] = frame["inwoners"].map(size_class)
    frame["aandeel_75plus"] = frame["inw_75plus"] / frame["inwoners"]
    frame["vijfde_75plus"] = pd.qcut(frame["aandeel_75plus"].rank(method="first"), 5, labels=False)
    return frame


def age_rates(reference: pd.DataFrame, count: str) -> pd.Series:
    """National use per inhabitant of each age group (non-negative least squares over all gemeenten)."""
    rows = reference.dropna(subset=[count])
    matrix = rows[["inw_0_17", "inw_18_64", "inw_65_74", "inw_75plus"]].to_numpy(float)
    rates, _ = nnls(matrix, rows[count].to_numpy(float))
    return pd.Series(rates, index=list(AGE_GROUPS))


def _ratio(rows: pd.DataFrame, numerator: str, denominator: str, factor: float) -> float:
    rows = rows.dropna(subset=[numerator, denominator])
    total = rows[denominator].sum()
    return float(rows[numerator].sum() / total * factor) if total > 0 else float("nan")


@dataclass(frozen=True)
class Comparison:
    gemeente: str
    code: str
    jaar: int
    klasse: str
    downloaddatum: str
    table: pd.DataFrame  # indicator, eenheid, gemeente, landelijk, vergelijkbare omvang, ... leeftijdsopbouw, verwacht


def compare(reference: pd.DataFrame, code: str) -> Comparison:
    """The gemeente against all gemeenten, similar ones and its expected use (module docstring)."""
    frame = _with_derived(reference)
    own = frame.loc[frame["gemeente_code"] == code]
    if own.empty:
        raise client.CbsError(f"{gemeenten.name_of(code) or code} staat niet in de landelijke cijfers "
                              f"({int(frame['jaar'].iloc[0])}).")
    me = own.iloc[0]
    others = frame.loc[frame["gemeente_code"] != code]
    same_size = others.loc[others["klasse"] == me["klasse"]]
    same_age = others.loc[others["vijfde_75plus"] == me["vijfde_75plus"]]
    ages = me[["inw_0_17", "inw_18_64", "inw_65_74", "inw_75plus"]].to_numpy(float)
    rows = []
    for name, (numerator, denominator, factor, unit) in INDICATORS.items():
        expected_count = float(age_rates(frame, numerator).to_numpy() @ ages) if me[numerator] == me[numerator] \
            else float("nan")
        rows.append({"indicator": name, "eenheid": unit,
                     "gemeente": float(me[numerator] / me[denominator] * factor),
                     "landelijk": _ratio(frame, numerator, denominator, factor),
                     "vergelijkbare omvang": _ratio(same_size, numerator, denominator, factor),
                     "vergelijkbare leeftijdsopbouw": _ratio(same_age, numerator, denominator, factor),
                     "verwacht": expected_count / me[denominator] * factor})
    return Comparison(str(me["gemeente"]), code, int(me["jaar"]), str(me["klasse"]),
                      str(me.get("downloaddatum", "")), pd.DataFrame(rows))


def _shown(value: float, unit: str) -> str:
    if value != value:
        return "onbekend"
    if unit == "%":
        return f"{value:.1f}%".replace(".", ",")
    if unit.startswith("euro"):
        return f"€ {value:,.0f}".replace(",", ".")
    return f"{value:.0f}"


def sentences(comparison: Comparison) -> list[str]:
    """'Zwolle heeft 90 Wmo-cliënten per 1.000 inwoners; gemeenten van vergelijkbare omvang 68; ...'."""
    out = []
    for values in comparison.table.to_dict("records"):
        unit = values["eenheid"]
        what = {"Wmo-cliënten per 1.000 inwoners": f"{_shown(values['gemeente'], unit)} Wmo-cliënten per 1.000 "
                                                   "inwoners",
                "Jongeren met jeugdzorg (% van 0-22 jaar)": f"{_shown(values['gemeente'], unit)} van de jongeren "
                                                            "(0-22 jaar) met jeugdzorg",
                "Kosten jeugdzorg per inwoner": f"{_shown(values['gemeente'], unit)} kosten voor jeugdzorg per "
                                                "inwoner"}[values["indicator"]]
        out.append(f"{comparison.gemeente} heeft {what}; landelijk {_shown(values['landelijk'], unit)}; gemeenten "
                   f"van vergelijkbare omvang {_shown(values['vergelijkbare omvang'], unit)}; met een vergelijkbare "
                   f"leeftijdsopbouw {_shown(values['vergelijkbare leeftijdsopbouw'], unit)}; verwacht op grond van "
                   f"de leeftijdsopbouw {_shown(values['verwacht'], unit)}.")
    return out
