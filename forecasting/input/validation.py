"""Turn raw tables into a typed Dataset, collecting every problem in Dutch.

Each problem names the file or sheet, the spreadsheet row (header is row 1), the
column and the offending value, and says what to do. Errors make the data unusable;
warnings do not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.input.cells import (
    COST_PER_CLIENT_IMPLAUSIBLE,
    COST_PER_CLIENT_SPIKE,
    INDEXATION_ERROR_RANGE,
    INDEXATION_WARNING_RANGE,
    MIN_USABLE_YEARS,
    MIN_YEARS,
    REQUIRED_TABLES,
    SPECS,
    known,
    name_problem,
    report_duplicates,
    typed_frame,
    years_text,
)
from forecasting.input.dataset import (
    DEFAULT_HORIZON,
    MIDDLE,
    WHOLE_POPULATION,
    Dataset,
    population_of,
)
from forecasting.input.dutch import euro, number  # Dutch amounts in the messages
from forecasting.input.in_year_checks import finish_optional, optional_frames
from forecasting.input.problems import Problems
from forecasting.input.reading import (
    TABLE_NAMES,
    RawTable,
    gemeente_name_problem,
    gemeente_names,
    read_path,
    read_sources,
    shown_name,
)


def _check_voorzieningen(frame, raw, problems) -> None:
    report_duplicates(frame, ["voorziening"], raw.source, problems, "deze voorziening")
    for _, row in frame.iterrows():
        if row["voorziening"] is None:
            continue
        message = name_problem(row["voorziening"], "De naam van de voorziening")
        if message is not None:
            problems.error(raw.source, int(row["_rij"]), "voorziening", row["voorziening"], message)


def _check_realisatie(frame, raw, voorzieningen, problems) -> None:
    names = [n for n in voorzieningen["voorziening"] if n is not None]
    for index, row in frame.iterrows():
        if row["voorziening"] is None:
            continue
        match = known(row["voorziening"], names)
        if match is None:
            problems.error(
                raw.source, int(row["_rij"]), "voorziening", row["voorziening"],
                "Deze voorziening staat niet in de tabel 'voorzieningen'. Voeg haar daar toe of corrigeer de naam.",
            )
        frame.at[index, "voorziening"] = match
    report_duplicates(frame, ["jaar", "voorziening"], raw.source, problems, "dit jaar en deze voorziening")
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
                f"Voor '{voorziening}' zijn maar {len(years)} jaren gerealiseerd ({years_text(years)}); "
                f"met minder dan {MIN_YEARS} jaren is er geen backtest en is de onzekerheidsband niet getoetst.",
            )
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            problems.warning(
                raw.source, None, "voorziening", voorziening,
                f"Voor '{voorziening}' ontbreken jaren in de realisatie: {years_text(gaps)}. "
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
                f"{first_overall}. Totalen over {years_text(range(first_overall, first))} bevatten '{voorziening}' "
                "niet, zodat de groei sindsdien te hoog lijkt. Vul die jaren aan als ze bekend zijn.",
            )
        last = int(rows["jaar"].max())
        if last_overall is not None and last < last_overall:
            problems.error(
                raw.source, None, "jaar", voorziening,
                f"De realisatie van '{voorziening}' loopt tot {last}, die van andere voorzieningen tot "
                f"{last_overall}. De prognose begint voor alle voorzieningen na {last_overall}: vul "
                f"{years_text(range(last + 1, last_overall + 1))} aan, of haal de voorziening uit "
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
    report_duplicates(frame.assign(variant=frame["variant"].fillna(MIDDLE)) if "variant" in frame.columns
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
                f"{years_text(lacking_realised)}. Vul deze jaren aan.",
            )
        if lacking_forecast:
            problems.error(
                raw.source, None, "jaar", group_label,
                f"Bevolkingsprognose van doelgroep '{group_label}' ontbreekt voor prognosejaren "
                f"{years_text(lacking_forecast)} (horizon {horizon} jaar na {last}). "
                "Vul de prognose van de gemeente aan of kies een kortere horizon.",
            )
        population = population_of(valid, group_label)
        used = (needed_realised | forecast) & set(int(y) for y in population.index)
        empty_years = sorted(y for y in used if not population.loc[y] > 0)
        if empty_years:
            problems.error(
                raw.source, None, "aantal", group_label,
                f"Doelgroep '{group_label}' heeft 0 inwoners in {years_text(empty_years)}; het gebruik per inwoner "
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
        match = known(row["voorziening"], names)
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
    report_duplicates(frame, ["jaar", "domein", "voorziening"], raw.source, problems, "dit jaar en domein")
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
    """What forecasting/model/indexation.py does with realised years that have no percentage, in Dutch."""
    lacking = sorted(needed - set(given))
    if not lacking:
        return []
    if not given:
        return [f"Indexatie voor {what} ontbreekt voor gerealiseerde jaren {years_text(lacking)}; "
                "die jaren tellen als 0%."]
    last = max(given)
    after = [y for y in lacking if y > last]
    before = [y for y in lacking if y < last]
    messages = []
    if before:
        messages.append(f"Indexatie voor {what} ontbreekt voor gerealiseerde jaren {years_text(before)}; "
                        "die jaren tellen als 0%.")
    if after:
        messages.append(f"Indexatie voor {what} ontbreekt voor gerealiseerde jaren {years_text(after)}; die jaren "
                        f"krijgen het laatst opgegeven percentage ({given[last]:g}% van {last}).")
    return messages


def _report_missing_indexation(valid, source, voorzieningen, realisatie, problems) -> None:
    """Per domein (or per voorziening with its own rows): realised years without a percentage, worded as
    forecasting/model/indexation.py treats them (INDEXATION_RULE)."""
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
    report_duplicates(frame, ["jaar", "domein", "voorziening"], raw.source, problems, "dit jaar en domein")
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
    """Validate raw tables; returns a Dataset when there are no errors (problems are collected).

    The tables of one gemeente: when their `gemeente` columns name several, this is an error pointing at the
    batch (forecasting/region/regional.py splits such input into one set of tables per gemeente)."""
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
        frames[name] = typed_frame(name, tables[name], problems) if name in tables else None
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
    optional = optional_frames(frames, tables, realisatie, voorzieningen, problems)
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
        **finish_optional(optional),
    )
    _check_cost_per_client(dataset, tables["realisatie"], realisatie, problems)
    if not problems.ok:  # an implausible cost per client: refused before anything is forecast
        return None
    dataset.warnings = list(problems.warnings)
    return dataset


def real_cost_per_client(dataset: Dataset) -> pd.DataFrame:
    """Columns jaar, voorziening, kosten_per_client: kosten / clienten in prices of the last realised year,
    deflated exactly as the baseline does (forecasting/model/indexation.py). Years without clients are left out."""
    from forecasting.model.indexation import cumulative_index, yearly_percentages

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
        problems.warning(source, None, None, years_text(unknown),
                         f"Deze jaren komen niet voor in de realisatie ({years_text(known)}) en doen niets.")
    if known and known <= excluded:
        problems.error(source, None, None, years_text(sorted(excluded & known)),
                       "Alle gerealiseerde jaren worden uitgesloten; dan valt er niets te schatten. Sluit minder "
                       "jaren uit.")
        return problems
    usable = realised.loc[(realised["clienten"] > 0) & (realised["kosten"] > 0) & ~realised["jaar"].isin(excluded)]
    for voorziening in dataset.voorzieningen["voorziening"]:
        left = sorted(int(y) for y in usable.loc[usable["voorziening"] == voorziening, "jaar"])
        if len(left) < MIN_USABLE_YEARS:
            kept = f"alleen {years_text(left)}" if left else "geen enkel jaar"
            problems.error(
                source, None, None, voorziening,
                f"Na het uitsluiten van {years_text(sorted(excluded & known))} houdt '{voorziening}' {kept} "
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
