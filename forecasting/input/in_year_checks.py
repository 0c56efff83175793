"""Checks of the monitor's optional tables: in-year figures (tussentijds: periods, cumulative, limits per cell and per
year, unusual months, coverage) and the indicators with their values."""
from __future__ import annotations

import pandas as pd

from forecasting.input.cells import MAX_AMOUNT, RESERVED_NAMES, known, name_problem, report_duplicates
from forecasting.input.dataset import (
    INDICATOREN_COLUMNS,
    INDICATORWAARDEN_COLUMNS,
    TUSSENTIJDS_COLUMNS,
    empty_frame,
)
from forecasting.input.dutch import euro, number  # Dutch amounts in the messages
from forecasting.monitor.yearend import (
    MONTH_NAMES,
    complete_years,
    month_shares,
    one_off_factor,
    parse_period,
    period_months,
    unusual_note,
    unusual_periods,
    yardstick,
)

WHOLE_YEARS = 10  # one period above ten years of the whole realisation is a unit or typing error
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
            match = known(row["voorziening"], names)
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
    report_duplicates(frame.dropna(subset=["_nummer"]), ["jaar", "voorziening", "periode"], source, problems,
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
    _report_beyond_whole_years(frame, source, realisatie, problems)
    if projected is not None:
        _report_tussentijds_coverage(frame, source, realisatie, projected, problems)
        _report_unusual_periods(frame, source, realisatie, projected, problems)
    return frame.drop(columns=["_soort", "_nummer", "_cum", "cumulatief"])


def _report_beyond_whole_years(frame, source, realisatie, problems) -> None:
    """Error: one period costing more than WHOLE_YEARS times the realised cost of all voorzieningen together in
    their most expensive year: a unit or typing error (cents, digits too many), never a booking to count, not even
    once. The whole realisation is the yardstick, so a voorziening that started late in its first year is never
    refused for growing; a period far above its own share is the one-off warning's business."""
    totals = {}
    for j, k in zip(realisatie["jaar"], realisatie["kosten"]):
        if j is not None and k is not None:
            totals[int(j)] = totals.get(int(j), 0.0) + float(k)
    if not totals or max(totals.values()) <= 0:
        return
    year, whole = max(totals.items(), key=lambda item: item[1])
    valid = frame.dropna(subset=["jaar", "voorziening", "_nummer", "kosten"])
    for _, row in valid.loc[valid["kosten"].astype(float) > WHOLE_YEARS * whole].iterrows():
        problems.error(source, int(row["_rij"]), "kosten", row["kosten"],
                       f"Deze periode van {row['voorziening']} kost {euro(float(row['kosten']))}: meer dan "
                       f"{WHOLE_YEARS} keer wat alle voorzieningen samen in {year} kostten ({euro(whole)}). Controleer "
                       "de eenheid (euro's, niet centen) en tik- of plakfouten.")


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
    """Warning: a period of the projected year far above its usual share of the year (forecasting/monitor/yearend.py
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
        measured = yardstick(len(now), f"de realisatie van {projected - 1}" if voorziening in last else None)
        for item in found:
            row = now.loc[now["periode"] == item.periode].iloc[0]
            problems.warning(source, int(row["_rij"]), "kosten", row["kosten"],
                             unusual_note(voorziening, projected, item, measured, counted=False))


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
    report_duplicates(frame, ["indicator"], raw.source, problems, "deze indicator")
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
        match = known(row["indicator"], names)
        if match is None:
            problems.error(raw.source, int(row["_rij"]), "indicator", row["indicator"],
                           "Deze indicator staat niet in de tabel 'indicatoren'. Voeg haar daar toe (met basisjaar, "
                           "startwaarde en streefwaarde) of corrigeer de naam.")
        frame.at[index, "indicator"] = match
    report_duplicates(frame, ["jaar", "indicator"], raw.source, problems, "dit jaar en deze indicator")


def optional_frames(frames, tables, realisatie, voorzieningen, problems) -> dict[str, pd.DataFrame]:
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


def finish_optional(optional: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
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
