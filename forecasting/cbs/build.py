"""One gemeente's Grip dataset from CBS tables (and optionally Iv3 lasten): what goes where, and what is marked.

- voorzieningen: per Wmo type when CBS publishes clients per type, else one line 'Wmo maatwerk'; one line
  'Jeugdzorg' (CBS's total of jeugdhulp, jeugdbescherming and jeugdreclassering). Doelgroep `totaal` (the
  population forecast is published as a total only).
- realisatie: per line and year, clients (CBS) and kosten: Jeugd from 83454NED (realised, x 1.000), else the Iv3
  rekening split over the lines (iv3.py). Only years with both are rows; years with clients but no costs go to
  `_toelichting/realisatie_zonder_kosten.csv` for the user to complete. A suppressed or missing year stays missing
  (no row, never 0). All lines end in the same year (the last year every line has), as `check` requires.
- bevolking: `totaal` per year: the published inhabitants (history, rows without variant); after the last
  published year the newest PBL/CBS forecast (x 1.000) as variant `midden` (and `laag`/`hoog` when the table has
  its interval). A year between two known years is interpolated linearly, a year past the last known one is held
  at that level: both are named in `bron` and in a warning.
- begroting: Jeugd from 83454NED (budgeted, x 1.000); Wmo (and Jeugd years 83454NED lacks) from the Iv3 begroting
  of the mapped taakvelden.
- indexatie: the public defaults of ../shared/domain.md (VNG index, mostly OVA), `bron` says so: replace them with
  the gemeente's own contract indexation.
- herindeling: without `optellen` a warning; with it, years before the merger are the gemeente's own figure plus
  each whole predecessor's (a year where one of them is missing stays missing). Forecasts are never added.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.cbs import gemeenten, iv3
from forecasting.cbs.client import CbsError
from forecasting.cbs.tables import (
    FORECAST,
    INHABITANTS,
    JEUGD_BREAK_YEAR,
    JEUGD_BUDGET,
    JEUGD_CLIENTS,
    JEUGD_COSTS,
    RECORD_COLUMNS,
    SPEC_OF,
    TABLE_IDS,
    TABLES,
    TOTAL,
    WMO_CLIENTS,
    records_of,
)

WMO_LINE = "Wmo maatwerk"
JEUGD_LINE = "Jeugdzorg"
WHOLE = "totaal"
EXTRA_FOLDER = "_toelichting"  # ignored by Grip's reader (a folder starting with '_')
HOLD_YEARS = 10  # without a forecast, the last known population is held this many years past the realisation
ATTRIBUTION = "Bron: CBS"
LICENCE = "CC BY 4.0"
DEFAULT_INDEX_SOURCE = ("standaardwaarde (openbaar), geen CBS-cijfer: VNG-index (90% OVA, 10% PPC) volgens "
                        "vng.nl zoals samengevat in domain.md; vervang door de eigen contractindexatie")
# percentage per year, from ../shared/domain.md "Indexation of care contracts"
DEFAULT_INDEXATION = {
    2020: (3.28, "OVA 2020 definitief"),
    2021: (2.35, "2021: bronnen noemen 1,5-3,2%; hier het midden"),
    2022: (2.2, "2022 ongeveer 2,2%"),
    2023: (6.36, "OVA 2023 definitief"),
    2024: (6.0, "OVA 2024 definitief (6,30% aan aanbieders inclusief correctie 2023)"),
    2025: (4.96, "2025 totaal ongeveer 4,96% (inclusief correctie 2024)"),
}
WMO_TYPE_NAMES = (  # a word in CBS's type title -> the voorziening's name (the names of data/iv3_taakvelden.csv)
    ("huishoud", "Hulp bij het huishouden"),
    ("ondersteuning thuis", "Begeleiding en dagbesteding"),
    ("begeleiding", "Begeleiding"),
    ("dagbesteding", "Dagbesteding"),
    ("hulpmiddel", "Hulpmiddelen en woonvoorzieningen"),
    ("woonvoorziening", "Hulpmiddelen en woonvoorzieningen"),
    ("verblijf", "Beschermd wonen en opvang"),
    ("opvang", "Beschermd wonen en opvang"),
)


@dataclass
class CbsDataset:
    gemeente: gemeenten.Gemeente
    tables: dict[str, pd.DataFrame]
    extras: dict[str, pd.DataFrame]
    warnings: list[str] = field(default_factory=list)

    def files(self) -> dict[str, bytes]:
        """Grip's tables as CSV (`;` and decimal comma, as Dutch Excel writes)."""
        return {f"{name}.csv": to_csv(frame) for name, frame in self.tables.items()}

    def all_files(self) -> dict[str, bytes]:
        extra = {f"{EXTRA_FOLDER}/{name}.csv": to_csv(frame) for name, frame in self.extras.items()}
        if self.warnings:
            extra[f"{EXTRA_FOLDER}/waarschuwingen.txt"] = ("\n".join(self.warnings) + "\n").encode("utf-8")
        return {**self.files(), **extra}

    def write(self, folder: str | Path) -> list[Path]:
        written = []
        for name, data in self.all_files().items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
        return written

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.all_files().items():
                archive.writestr(name, data)
        return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_float_dtype(values) and values.dropna().eq(values.dropna().round()).all():
            shown[column] = values.astype("Int64")
    return shown.to_csv(sep=";", decimal=",", index=False).encode("utf-8")


def all_records(rows: dict[str, list[dict]]) -> pd.DataFrame:
    frames = [records_of(SPEC_OF[table_id.upper()], table_rows, gemeenten.code_of_name)
              for table_id, table_rows in rows.items() if table_id.upper() in SPEC_OF]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    records = pd.concat(frames, ignore_index=True)
    order = {t: i for i, t in enumerate(TABLE_IDS)}
    records = records.assign(_order=records["tabel"].map(order), _final=~records["voorlopig"].astype(bool))
    # per region, year, reeks and soort: a final figure over a provisional one, then the newest table
    records = records.sort_values(["_final", "_order"]).drop_duplicates(["regio", "jaar", "reeks", "soort"],
                                                                          keep="last")
    return records.drop(columns=["_order", "_final"]).sort_values(["regio", "reeks", "soort", "jaar"])


def series_of(records: pd.DataFrame, code: str, reeks: str, soort: str = TOTAL) -> pd.Series:
    rows = records.loc[(records["regio"] == code) & (records["reeks"] == reeks) & (records["soort"] == soort)]
    return pd.Series(rows["waarde"].to_numpy(float), index=rows["jaar"].astype(int).to_numpy()).sort_index()


class Merging:
    """The gemeente's own series, or (optellen) its own plus its whole predecessors' before each merger."""

    def __init__(self, gemeente: gemeenten.Gemeente, records: pd.DataFrame, optellen: bool) -> None:
        self.gemeente, self.records, self.optellen = gemeente, records, optellen
        self.incomplete: dict[str, set[int]] = {}

    def series(self, reeks: str, soort: str = TOTAL) -> pd.Series:
        own = series_of(self.records, self.gemeente.code, reeks, soort)
        if not self.optellen or not self.gemeente.whole_predecessors:
            return own
        predecessors = [(year, series_of(self.records, p.code, reeks, soort))
                        for year, p in self.gemeente.whole_predecessors]
        years = sorted(set(own.index).union(*[set(s.index) for _, s in predecessors]))
        values = {}
        for year in years:
            parts = [s for merge_year, s in predecessors if year < merge_year]
            if not parts:
                if year in own.index:
                    values[year] = own[year]
                continue
            existed = year >= self.gemeente.eerste_jaar
            total = own.get(year, np.nan if existed else 0.0)
            for part in parts:
                total += part.get(year, np.nan)
            if np.isnan(total):
                self.incomplete.setdefault(reeks, set()).add(year)
                continue
            values[year] = total
        return pd.Series(values, dtype=float).sort_index()


def wmo_name(title: str) -> str:
    lower = title.lower()
    return next((name for word, name in WMO_TYPE_NAMES if word in lower), title.strip())


def years_text(years) -> str:
    years = sorted(int(y) for y in years)
    if not years:
        return "geen"
    parts, start, prev = [], years[0], years[0]
    for year in years[1:] + [None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)


def merger_warnings(gemeente: gemeenten.Gemeente, optellen: bool, merging: Merging) -> list[str]:
    out = []
    for merger in gemeente.herindelingen:
        whole = [p.naam for p in merger.voorgangers if not p.deel]
        part = [p.naam for p in merger.voorgangers if p.deel]
        text = f"Herindeling: {gemeente.naam} is in {merger.jaar} heringedeeld"
        if whole:
            text += f" (samen met {', '.join(whole)})"
        if part:
            text += f"; een deel van {', '.join(part)} kwam erbij (dat deel wordt nooit opgeteld)"
        if optellen and whole:
            text += (f". De jaren voor {merger.jaar} zijn opgeteld: {gemeente.naam} plus {', '.join(whole)}; "
                     "de prognose wordt niet opgeteld.")
        elif whole:
            text += (f". De cijfers voor {merger.jaar} gaan over de oude gemeente, zodat {merger.jaar} een sprong "
                     "laat zien die geen groei is. Tel de voorgangers op met --optellen-voorgangers (of het vinkje "
                     f"op Gegevens), of sluit de jaren voor {merger.jaar} uit bij het schatten.")
        else:
            text += ". Tel de jaren ervoor niet op: alleen een deel van de voorganger hoort erbij."
        out.append(text)
    for reeks, years in merging.incomplete.items():
        out.append(f"Herindeling: voor {reeks} ontbreekt in {years_text(years)} het cijfer van {gemeente.naam} of "
                   "van een voorganger; die jaren blijven leeg (niet opgeteld uit een deel).")
    if gemeente.laatste_jaar < gemeenten.LAST_LISTED_YEAR:
        into = gemeenten.successor_of(gemeente.code)
        out.append(f"{gemeente.naam} bestaat sinds {gemeente.laatste_jaar + 1} niet meer"
                   + (f" (opgegaan in {', '.join(into)})" if into else "") + ": er komen geen nieuwe cijfers bij.")
    return out


def population(merging: Merging, records: pd.DataFrame, code: str, first: int, last_needed: int,
               warnings: list[str]) -> pd.DataFrame:
    """Rows jaar, leeftijd, aantal, variant, bron (see the module docstring)."""
    history = merging.series(INHABITANTS)
    history_source = {int(y): "CBS " + ", ".join(sorted(set(records.loc[
        (records["reeks"] == INHABITANTS) & (records["jaar"] == y), "tabel"]))) for y in history.index}
    forecast_rows = records.loc[(records["regio"] == code) & (records["reeks"] == FORECAST)]
    last_history = int(history.index.max()) if len(history) else None
    forecast: dict[str, pd.Series] = {}
    forecast_table = None
    if not forecast_rows.empty:
        order = {t: i for i, t in enumerate(TABLE_IDS)}
        forecast_table = max(forecast_rows["tabel"].unique(), key=order.get)  # the newest forecast
        chosen = forecast_rows.loc[forecast_rows["tabel"] == forecast_table]
        if last_history is not None:
            chosen = chosen.loc[chosen["jaar"] > last_history]
        for variant_name, rows in chosen.groupby("soort"):
            label = "midden" if variant_name == TOTAL else variant_name
            forecast[label] = pd.Series(rows["waarde"].to_numpy(float), index=rows["jaar"].astype(int).to_numpy())
    if last_history is None and not forecast:
        raise CbsError("Voor deze gemeente staan geen inwonertallen in de CBS-tabellen (60039fvw, 85383NED, "
                       "84525NED, 85171NED); zonder bevolking kan Grip niet rekenen. Voeg 'bevolking.csv' zelf toe.")
    middle = forecast.get("midden", pd.Series(dtype=float))
    known = pd.concat([history, middle]).sort_index()
    known = known[~known.index.duplicated(keep="first")]
    first_year = min(first, int(known.index.min()))
    years = range(first_year, max(last_needed, int(known.index.max())) + 1)
    rows, filled, held = [], [], []
    for year in years:
        if year in history.index:
            value, source = history[year], history_source[year]
        elif year in middle.index:
            value, source = middle[year], f"CBS {forecast_table} (prognose, x 1.000)"
        else:
            before = known.loc[known.index < year]
            after = known.loc[known.index > year]
            if len(before) and len(after):
                y0, y1 = int(before.index[-1]), int(after.index[0])
                value = before.iloc[-1] + (after.iloc[0] - before.iloc[-1]) * (year - y0) / (y1 - y0)
                source = f"interpolatie tussen {y0} en {y1} (geen CBS-cijfer)"
                filled.append(year)
            else:
                value = (before if len(before) else after).iloc[-1 if len(before) else 0]
                source = "aanname: gelijk aan het dichtstbijzijnde bekende jaar (geen CBS-cijfer)"
                held.append(year)
        is_forecast = last_history is None or year > last_history
        rows.append((year, WHOLE, round(float(value)), "midden" if is_forecast else "", source))
        for label in ("laag", "hoog"):
            if is_forecast and label in forecast and year in forecast[label].index:
                rows.append((year, WHOLE, round(float(forecast[label][year])), label,
                             f"CBS {forecast_table} (prognose-interval, x 1.000)"))
    if filled:
        warnings.append(f"Bevolking: CBS-tabellen geven geen inwonertal voor {years_text(filled)}; die jaren zijn "
                        "lineair geïnterpoleerd (kolom bron). Vervang ze door de eigen BRP-cijfers.")
    if held:
        warnings.append(f"Bevolking: voor {years_text(held)} is er geen CBS-cijfer of prognose; het dichtstbijzijnde "
                        "bekende inwonertal is aangehouden (kolom bron). Voeg de eigen bevolkingsprognose toe.")
    return pd.DataFrame(rows, columns=["jaar", "leeftijd", "aantal", "variant", "bron"])


def indexation(domeinen: list[str]) -> pd.DataFrame:
    rows = [(year, domein, pct, f"{DEFAULT_INDEX_SOURCE} ({note})")
            for domein in domeinen for year, (pct, note) in DEFAULT_INDEXATION.items()]
    return pd.DataFrame(rows, columns=["jaar", "domein", "percentage", "bron"])


def build(rows: dict[str, list[dict]], gemeente: gemeenten.Gemeente, *, optellen: bool = False,
          iv3_lasten: pd.DataFrame | None = None, mapping: pd.DataFrame | None = None,
          downloaded: date | None = None, herkomst: str = "CBS StatLine (cbsodata)",
          iv3_source: str = "", warnings: list[str] | None = None) -> CbsDataset:
    """The dataset of one gemeente from the tables' rows (as fetched or read from exports)."""
    warnings = list(warnings or [])
    downloaded = downloaded or date.today()
    records = all_records(rows)
    merging = Merging(gemeente, records, optellen)
    own = records.loc[records["regio"] == gemeente.code]
    if own.empty:
        raise CbsError(f"In de CBS-tabellen staat niets over {gemeente.naam} ({gemeente.code}). Controleer of de "
                       "bestanden deze gemeente bevatten (StatLine: kies de gemeente bij 'Regio's').")

    # lines and their clients
    clients: dict[str, pd.Series] = {}
    domein_of: dict[str, str] = {}
    client_source: dict[str, str] = {}
    wmo_types = sorted(set(own.loc[(own["reeks"] == WMO_CLIENTS) & (own["soort"] != TOTAL), "soort"]))
    if wmo_types:
        for title in wmo_types:
            name = wmo_name(title)
            series = merging.series(WMO_CLIENTS, title)
            clients[name] = clients[name].add(series, fill_value=0) if name in clients else series
            domein_of[name], client_source[name] = "Wmo", "CBS 83262NED/85043NED"
    elif not merging.series(WMO_CLIENTS).empty:
        clients[WMO_LINE] = merging.series(WMO_CLIENTS)
        domein_of[WMO_LINE], client_source[WMO_LINE] = "Wmo", "CBS 83262NED/85043NED"
    jeugd = merging.series(JEUGD_CLIENTS)
    if not jeugd.empty:
        clients[JEUGD_LINE] = jeugd
        domein_of[JEUGD_LINE], client_source[JEUGD_LINE] = "Jeugd", "CBS 84134NED/85099NED"
        if jeugd.index.min() < JEUGD_BREAK_YEAR <= jeugd.index.max():
            warnings.append(f"Jeugdzorg: CBS telt tot en met {JEUGD_BREAK_YEAR - 1} in tabel 84134NED en vanaf "
                            f"{JEUGD_BREAK_YEAR} in 85099NED. Dat is een breuk in de reeks (landelijk +7,8% in "
                            f"{JEUGD_BREAK_YEAR} tegen -1,8% een jaar eerder). In voorzieningen.csv staat daarom "
                            f"breuk = {JEUGD_BREAK_YEAR}: de prognose rekent met de jaren vanaf {JEUGD_BREAK_YEAR}; "
                            "de eerdere jaren blijven in de realisatie staan.")
    if not clients:
        raise CbsError(f"CBS publiceert voor {gemeente.naam} geen Wmo- of jeugdzorgcliënten in de gelezen tabellen.")

    # costs: CBS 83454NED for jeugd, else the Iv3 rekening split over the lines
    costs: dict[str, pd.Series] = {JEUGD_LINE: merging.series(JEUGD_COSTS)} if JEUGD_LINE in clients else {}
    cost_source = {JEUGD_LINE: "CBS 83454NED"}
    budget_iv3 = pd.DataFrame(columns=["jaar", "domein", "bedrag"])
    detail = None
    if iv3_lasten is not None and not iv3_lasten.empty:
        mapping = mapping if mapping is not None else iv3.read_mapping()
        by_domein: dict[str, list[str]] = {}
        for name, domein in domein_of.items():
            by_domein.setdefault(domein, []).append(name)
        verzamel = {d: names[0] for d, names in by_domein.items() if len(names) == 1}
        per_line, detail = iv3.split(iv3_lasten, mapping, domein_of, verzamel)
        for line, rows_of_line in per_line.loc[per_line["soort"] == iv3.REKENING].groupby("voorziening"):
            amounts = pd.Series(rows_of_line["bedrag"].to_numpy(float), index=rows_of_line["jaar"].to_numpy(int))
            known = costs.get(line, pd.Series(dtype=float))
            extra = amounts.loc[~amounts.index.isin(known.index)]
            costs[line] = pd.concat([known, extra]).sort_index()
            if not extra.empty:
                cost_source[line] = (cost_source[line] + "; " if line in cost_source and len(known) else "") + \
                    f"Iv3 rekening {years_text(extra.index)} ({iv3_source or 'eigen bestand'})"
        planned = per_line.loc[per_line["soort"] == iv3.BEGROTING].assign(
            domein=lambda f: f["voorziening"].map(domein_of))
        budget_iv3 = planned.groupby(["jaar", "domein"], as_index=False)["bedrag"].sum()

    realised, without_costs = [], []
    for line, series in clients.items():
        line_costs = costs.get(line, pd.Series(dtype=float))
        for year, count in series.items():
            cost = line_costs.get(year, np.nan)
            if np.isnan(cost):
                without_costs.append((int(year), line, count, None, client_source[line]))
            else:
                realised.append((int(year), line, count, cost, f"{client_source[line]}; kosten {cost_source[line]}"))
    realisatie = pd.DataFrame(realised, columns=["jaar", "voorziening", "clienten", "kosten", "bron"])
    usable = realisatie.loc[(realisatie["clienten"] > 0) & (realisatie["kosten"] > 0)]
    dropped = [line for line in clients if line not in set(usable["voorziening"])]
    for line in dropped:
        warnings.append(f"'{line}': CBS geeft cliënten maar geen kosten (ook niet via Iv3), dus kan Grip er geen "
                        f"kosten voor voorspellen. De cliënten staan in {EXTRA_FOLDER}/realisatie_zonder_kosten.csv: "
                        "vul daar de kosten per jaar in en zet de rijen in realisatie.csv (en de voorziening in "
                        "voorzieningen.csv)." + (" Of geef een Iv3-bestand mee (--iv3)." if iv3_lasten is None else ""))
        moved = realisatie.loc[realisatie["voorziening"] == line]
        without_costs += [(r.jaar, r.voorziening, r.clienten, r.kosten, r.bron) for r in moved.itertuples()]
    realisatie = realisatie.loc[~realisatie["voorziening"].isin(dropped)]
    if realisatie.empty:
        raise CbsError(f"Voor {gemeente.naam} is er geen jaar met zowel cliënten als kosten; Grip kan zo niet "
                       "rekenen. Geef een Iv3-bestand mee of vul de kosten in realisatie_zonder_kosten.csv in.")
    last = int(realisatie.groupby("voorziening")["jaar"].max().min())
    later = realisatie.loc[realisatie["jaar"] > last]
    if not later.empty:
        warnings.append(f"Niet elke voorziening heeft cijfers na {last}; de realisatie stopt voor alle voorzieningen "
                        f"in {last} (de prognose begint voor alle voorzieningen in hetzelfde jaar). Weggelaten: "
                        + "; ".join(f"{v} {years_text(r['jaar'])}" for v, r in later.groupby("voorziening")) + ".")
        without_costs += [(r.jaar, r.voorziening, r.clienten, r.kosten, r.bron) for r in later.itertuples()]
        realisatie = realisatie.loc[realisatie["jaar"] <= last]
    for line, rows_of_line in realisatie.groupby("voorziening"):
        present = set(rows_of_line["jaar"])
        gaps = sorted(set(range(min(present), max(present) + 1)) - present)
        if gaps:
            warnings.append(f"'{line}': geen cijfer voor {years_text(gaps)} (onderdrukt of niet geleverd aan CBS); "
                            "die jaren blijven leeg, niet 0.")
    lines = list(dict.fromkeys(realisatie["voorziening"]))
    voorzieningen = pd.DataFrame({"voorziening": lines, "domein": [domein_of[v] for v in lines],
                                  "doelgroep": WHOLE})
    jeugd_years = realisatie.loc[realisatie["voorziening"] == JEUGD_LINE, "jaar"]
    if len(jeugd_years) and jeugd_years.min() < JEUGD_BREAK_YEAR <= jeugd_years.max():
        # the table change is a declared break: the forecast fits the years from 2021 on (forecasting/model/robust.py)
        voorzieningen["breuk"] = [JEUGD_BREAK_YEAR if line == JEUGD_LINE else None for line in lines]

    bevolking = population(merging, records, gemeente.code, int(realisatie["jaar"].min()), last + HOLD_YEARS,
                           warnings)

    budget = merging.series(JEUGD_BUDGET) if JEUGD_LINE in lines else pd.Series(dtype=float)
    budget_rows = [(int(y), "Jeugd", v, "CBS 83454NED (begroot, x 1.000)") for y, v in budget.items()]
    for row in budget_iv3.itertuples():
        if row.domein not in set(voorzieningen["domein"]):
            continue
        if row.domein == "Jeugd" and row.jaar in budget.index:
            continue
        budget_rows.append((int(row.jaar), row.domein, row.bedrag,
                            f"Iv3 begroting, gekoppelde taakvelden ({iv3_source or 'eigen bestand'})"))
    tables = {"voorzieningen": voorzieningen, "realisatie": realisatie.reset_index(drop=True), "bevolking": bevolking,
              "indexatie": indexation(list(dict.fromkeys(voorzieningen["domein"])))}
    if budget_rows:
        tables["begroting"] = pd.DataFrame(budget_rows, columns=["jaar", "domein", "bedrag", "bron"]).sort_values(
            ["domein", "jaar"]).reset_index(drop=True)
    warnings = merger_warnings(gemeente, optellen, merging) + warnings
    warnings.append("Indexatie: de percentages zijn openbare standaardwaarden (VNG-index), geen CBS-cijfers en niet "
                    "de contracten van de gemeente; vervang ze door de eigen indexatie (kolom bron).")

    extras = {"bronnen": sources(records, gemeente, downloaded, herkomst, iv3_lasten, iv3_source),
              "cbs_reeksen": records.loc[records["regio"].isin(
                  [gemeente.code] + [p.code for _, p in gemeente.whole_predecessors])].reset_index(drop=True)}
    if without_costs:
        extras["realisatie_zonder_kosten"] = pd.DataFrame(
            sorted(without_costs), columns=["jaar", "voorziening", "clienten", "kosten", "bron"])
    if detail is not None:
        extras["iv3_kosten"] = detail
    return CbsDataset(gemeente, tables, extras, warnings)


def sources(records: pd.DataFrame, gemeente: gemeenten.Gemeente, downloaded: date, herkomst: str,
            iv3_lasten: pd.DataFrame | None, iv3_source: str) -> pd.DataFrame:
    """bronnen.csv: per table its id, subject, years for this gemeente, download date, attribution and notes."""
    rows = []
    when = downloaded.isoformat() if herkomst.startswith("CBS") else f"onbekend (ingelezen {downloaded.isoformat()})"
    for spec in TABLES:
        years = records.loc[records["tabel"] == spec.id, "jaar"]
        if years.empty:
            continue
        rows.append((spec.id, spec.onderwerp, f"{int(years.min())}-{int(years.max())}", when,
                     herkomst, ATTRIBUTION, LICENCE, spec.note))
    if iv3_lasten is not None and not iv3_lasten.empty:
        years = iv3_lasten["jaar"]
        rows.append(("Iv3", "Lasten per taakveld (x 1.000 euro), gekoppeld via iv3_taakvelden.csv",
                     f"{int(years.min())}-{int(years.max())}", downloaded.isoformat(), iv3_source or "eigen bestand",
                     "Iv3 (informatie voor derden)", "", "zie iv3_kosten.csv: welke taakvelden zijn gebruikt"))
    rows.append(("indexatie", "Standaardindexatie (VNG-index)", f"{min(DEFAULT_INDEXATION)}-{max(DEFAULT_INDEXATION)}",
                 "", "domain.md", "geen CBS-cijfer", "", DEFAULT_INDEX_SOURCE))
    if gemeente.herindelingen:
        rows.append(("herindelingen", "Voorgangers van de gemeente (CBS Gebieden in Nederland, vastgelegd)",
                     ", ".join(str(m.jaar) for m in gemeente.herindelingen), "", "forecasting/cbs/herindelingen.csv",
                     ATTRIBUTION, LICENCE, ""))
    return pd.DataFrame(rows, columns=["tabel", "onderwerp", "perioden", "downloaddatum", "herkomst", "bron",
                                       "licentie", "opmerking"])
