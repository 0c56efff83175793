"""Several gemeenten in one input, and expected versus actual use across them.

Input for a region comes in one of three shapes (data/README.md, "Meer gemeenten"):
- every table may carry a `gemeente` column (a table without it holds for every gemeente, for example one
  `indexatie` for the whole region);
- a folder holds one sub-folder per gemeente (the sub-folder's name is the gemeente);
- a folder holds one workbook per gemeente (the file's name is the gemeente).
Without any of these the input is one gemeente, read exactly as before.

    read_region(path)              -> RegionSource: the raw tables per gemeente (cheap: no validation)
    validate_gemeente(name, ...)   -> (Dataset | None, Problems) for one gemeente; every message names it
    load_region(path)              -> Region: every gemeente validated (for the app and tests; the batch
                                      validates on its workers instead, grip/batch.py)

Expected versus actual (`expected_vs_actual`): per gemeente and voorziening, the clients expected if the
gemeente used the voorziening at the region's rate per inhabitant of the doelgroep (or a given reference
rate), against the actual clients; the same for the cost per client. A high ratio is a question to ask,
not a verdict (EXPECTED_NOTE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.input.dataset import DEFAULT_HORIZON, Dataset
from forecasting.input.problems import Problems
from forecasting.input.reading import (
    TABLE_NAMES,
    RawTable,
    gemeente_key,
    gemeente_name_problem,
    read_path,
    read_sources,
    shown_name,
    split_by_gemeente,
)
from forecasting.input.validation import build_dataset

LAYOUT_SINGLE = "één gemeente"
LAYOUT_COLUMN = "kolom gemeente"
LAYOUT_FOLDERS = "map per gemeente"
LAYOUT_WORKBOOKS = "werkmap per gemeente"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SUFFIXES = (".csv", ".txt")

# Expected versus actual: a ratio at or beyond these bounds is signalled (a question, not a verdict).
HIGH_RATIO = 1.2
LOW_RATIO = 0.8
EXPECTED_NOTE = (
    "Een hoge verhouding is een vraag om te stellen, geen oordeel. Verwacht = het gebruik als de gemeente "
    "dezelfde kans per inwoner van de doelgroep had als de referentie (standaard de regio samen). Verschillen "
    "in de inwoners zelf (gezondheid, inkomen, alleenstaande ouderen), in registratie, in het aanbod of in "
    "bewuste beleidskeuzes kunnen een verschil verklaren; vraag ernaar voordat u conclusies trekt."
)


# --- reading -----------------------------------------------------------------------------------------------


@dataclass
class RegionSource:
    """The raw tables per gemeente, before validation."""

    layout: str
    tables: dict[str, dict[str, RawTable]]  # gemeente -> table name -> raw table
    read_problems: dict[str, Problems]  # gemeente -> problems found while reading its files
    problems: Problems  # the input as a whole: no usable gemeente at all makes it unusable

    @property
    def gemeenten(self) -> list[str]:
        return list(self.tables)


def _table_files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith((".", "~$"))
            and p.suffix.lower() in TABLE_SUFFIXES + WORKBOOK_SUFFIXES]


def _visible_files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith((".", "~$"))]


def _no_tables_message(folder: Path) -> str:
    old_excel = [p.name for p in _visible_files(folder) if p.suffix.lower() == ".xls"]
    if old_excel:
        return (f"In deze map staan alleen bestanden die Grip niet leest ({', '.join(old_excel[:3])}: het oude "
                "Excel-formaat .xls). Sla ze in Excel op als .xlsx-werkmap of als CSV.")
    return "In deze map staan geen tabellen (CSV-bestanden of een Excel-werkmap .xlsx)."


def _units(path: Path) -> tuple[str, list[tuple[str, Path]]]:
    """The layout and its units: (name, path) per sub-folder or workbook, or the path itself."""
    if not path.is_dir():
        return LAYOUT_SINGLE, [(path.stem, path)]
    files = _table_files(path)
    loose_tables = [p for p in files if p.suffix.lower() in TABLE_SUFFIXES and Path(p.name.lower()).stem.strip()
                    in TABLE_NAMES]
    workbooks = [p for p in files if p.suffix.lower() in WORKBOOK_SUFFIXES]
    folders = [p for p in sorted(path.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))
               and _visible_files(p)]  # a gemeente whose files cannot be read (.xls) is named, never skipped
    if folders and not loose_tables and not workbooks:
        return LAYOUT_FOLDERS, [(p.name, p) for p in folders]
    if len(workbooks) >= 2 and not loose_tables:
        return LAYOUT_WORKBOOKS, [(p.stem, p) for p in workbooks]
    return LAYOUT_SINGLE, [(path.stem if path.is_dir() else path.stem, path)]


def read_region(path: str | Path) -> RegionSource:
    """Read every gemeente's raw tables from a folder or workbook (see the module's docstring)."""
    path = Path(path)
    overall = Problems()
    if not path.exists():
        overall.error(str(path), None, None, None, "Deze map of dit bestand bestaat niet.")
        return RegionSource(LAYOUT_SINGLE, {}, {}, overall)
    layout, units = _units(path)
    if layout == LAYOUT_SINGLE and path.is_dir() and not _table_files(path):  # an empty folder: unusable input
        overall.error(str(path), None, None, None, _no_tables_message(path))
        return RegionSource(layout, {}, {}, overall)
    tables: dict[str, dict[str, RawTable]] = {}
    read_problems: dict[str, Problems] = {}
    seen: dict[str, str] = {}

    def add(name: str, unit_tables: dict[str, RawTable], problems: Problems, where: str) -> None:
        key = gemeente_key(name)
        if key in seen:
            overall.error(where, None, "gemeente", name,
                          f"Gemeente '{name}' komt twee keer voor ({seen[key]} en {where}). Houd er één over.")
            return
        seen[key] = where
        tables[name] = unit_tables
        read_problems[name] = problems

    for name, unit in units:
        problems = Problems()
        if unit.is_dir() and not _table_files(unit):
            problems.error(shown_name(unit.name), None, None, None, _no_tables_message(unit))
            add(name, {}, problems, shown_name(unit.name))  # named in every report, never skipped silently
            continue
        unit_tables = read_path(unit, problems)
        split = split_by_gemeente(unit_tables, problems)
        if split is None:
            refused = gemeente_name_problem(name)
            if refused is not None:  # the folder's or workbook's name is the gemeente's: refused on its own
                problems = Problems()
                problems.error(shown_name(unit.name), None, "gemeente", shown_name(name), refused)
                unit_tables = {}
            add(name, unit_tables, problems, shown_name(unit.name))
            continue
        if layout == LAYOUT_SINGLE:
            layout = LAYOUT_COLUMN
        if not problems.ok:  # a row without a gemeente: it belongs to none, so the input is unusable
            overall.extend(problems)
            continue
        for gemeente, own in split.items():
            add(gemeente, own, _copy(problems), unit.name)
    if not tables and overall.ok:
        overall.error(str(path), None, None, None, "Er zijn geen gemeenten met tabellen gevonden.")
    return RegionSource(layout, tables, read_problems, overall)


def _copy(problems: Problems) -> Problems:
    out = Problems()
    out.extend(problems)
    return out


def labelled(problems: Problems, gemeente: str) -> Problems:
    """The same problems with the gemeente named in front of the file or sheet of every message."""
    out = Problems()
    for p in problems.items:
        out.add(p.ernst, f"gemeente '{shown_name(gemeente)}', {p.bestand}", p.rij, p.kolom, p.waarde, p.melding)
    for source, counts in problems.suppressed.items():
        out.suppressed[f"gemeente '{shown_name(gemeente)}', {source}"] = dict(counts)
    return out


def validate_gemeente(gemeente: str, tables: dict[str, RawTable], horizon: int = DEFAULT_HORIZON,
                      read_problems: Problems | None = None) -> tuple[Dataset | None, Problems]:
    """One gemeente's tables validated into a Dataset named after it; every message names the gemeente."""
    problems = Problems()
    if read_problems is not None:
        problems.extend(read_problems)
    dataset = build_dataset(tables, problems, gemeente, horizon) if tables or problems.ok else None
    if not tables and problems.ok:
        problems.error("gegevens", None, None, None, "Er zijn geen tabellen gevonden voor deze gemeente.")
    named = labelled(problems, gemeente)
    if dataset is not None:
        dataset.warnings = list(named.warnings)
    return dataset, named


@dataclass
class Region:
    """Every gemeente of an input, validated: the usable datasets and the problems per gemeente."""

    layout: str
    datasets: dict[str, Dataset]
    problems: dict[str, Problems]
    overall: Problems = field(default_factory=Problems)

    @property
    def failed(self) -> dict[str, Problems]:
        return {name: p for name, p in self.problems.items() if not p.ok}

    def all_problems(self) -> Problems:
        """Every problem of the input as a whole and of each gemeente (each message names its gemeente)."""
        combined = _copy(self.overall)
        for problems in self.problems.values():
            combined.extend(problems)
        return combined

    def report(self) -> str:
        """All problems in one Dutch report."""
        return self.all_problems().report()


def load_region(path: str | Path, horizon: int = DEFAULT_HORIZON) -> Region:
    """Read and validate every gemeente (sequentially; the batch does this on its workers)."""
    return _validated(read_region(path), horizon)


def uploaded_region(files: dict[str, bytes], horizon: int = DEFAULT_HORIZON) -> Region | None:
    """Uploaded files (name -> bytes) as a region: tables with a `gemeente` column, or two or more workbooks (one
    per gemeente, named after the file); None when they hold one gemeente (read them with load_uploaded)."""
    workbooks = [n for n in files if Path(n).suffix.lower() in WORKBOOK_SUFFIXES]
    overall = Problems()
    tables: dict[str, dict[str, RawTable]] = {}
    read_problems: dict[str, Problems] = {}
    if len(workbooks) >= 2 and len(workbooks) == len(files):
        layout = LAYOUT_WORKBOOKS
        for name in sorted(workbooks):
            problems = Problems()
            gemeente = Path(name).stem.strip()
            refused = gemeente_name_problem(gemeente)
            if refused is not None:
                overall.error(shown_name(name), None, "gemeente", shown_name(gemeente), refused)
                continue
            gemeente = " ".join(gemeente.split())
            if gemeente_key(gemeente) in {gemeente_key(g) for g in tables}:
                overall.error(name, None, "gemeente", gemeente, f"Gemeente '{gemeente}' komt twee keer voor. "
                              "Houd één werkmap per gemeente over.")
                continue
            tables[gemeente] = read_sources({name: files[name]}, problems)
            read_problems[gemeente] = problems
    else:
        problems = Problems()
        split = split_by_gemeente(read_sources(files, problems), problems)
        if split is None:
            return None
        layout = LAYOUT_COLUMN
        if not problems.ok:
            overall.extend(problems)
        else:
            tables = split
            read_problems = {gemeente: _copy(problems) for gemeente in split}
    return _validated(RegionSource(layout, tables, read_problems, overall), horizon)


def _validated(source: RegionSource, horizon: int) -> Region:
    datasets, problems = {}, {}
    for gemeente, tables in source.tables.items():
        dataset, found = validate_gemeente(gemeente, tables, horizon, source.read_problems.get(gemeente))
        problems[gemeente] = found
        if dataset is not None:
            datasets[gemeente] = dataset
    return Region(source.layout, datasets, problems, source.problems)


# --- expected versus actual ----------------------------------------------------------------------------------

PROFILE_COLUMNS = ["gemeente", "voorziening", "domein", "doelgroep", "jaar", "clienten", "inwoners", "kosten"]


def profile(dataset: Dataset, gemeente: str | None = None) -> pd.DataFrame:
    """Per voorziening and realised year: clients, inhabitants of its doelgroep and costs (PROFILE_COLUMNS).

    Small enough to send back from a batch worker; `expected_vs_actual` compares the profiles of a region."""
    rows = []
    real = dataset.realisatie
    for voorziening, domein, doelgroep in zip(dataset.voorzieningen["voorziening"], dataset.voorzieningen["domein"],
                                              dataset.voorzieningen["doelgroep"]):
        population = dataset.population(doelgroep)
        own = real.loc[real["voorziening"] == voorziening]
        for year, clients, cost in zip(own["jaar"], own["clienten"], own["kosten"]):
            rows.append((gemeente or dataset.naam, voorziening, domein, doelgroep, int(year), float(clients),
                         float(population.get(int(year), np.nan)), float(cost)))
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


EXPECTED_COLUMNS = [
    "rang", "gemeente", "voorziening", "domein", "doelgroep", "jaren", "inwoners_doelgroep", "clienten",
    "verwacht_clienten", "verhouding_gebruik", "kosten_per_client", "verwacht_kosten_per_client",
    "verhouding_kosten_per_client", "kosten", "verwachte_kosten", "signaal",
]


def _years_label(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def expected_vs_actual(profiles: pd.DataFrame, years: list[int] | None = None,
                       reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ranked table of expected versus actual use and cost per client (EXPECTED_COLUMNS).

    profiles: `profile()` of every gemeente, concatenated. years: the years compared (default the last
    year that every gemeente realised); counts and amounts are summed over them. reference: optional, with
    columns voorziening, gebruik_per_inwoner and/or kosten_per_client (for example national figures);
    without it (or for a voorziening it lacks) the region itself is the reference:

        rate_v        = Σ_g clients_gv / Σ_g inhabitants of the doelgroep_gv
        expected_gv   = rate_v × inhabitants of the doelgroep_gv          (the gemeente's own age structure)
        kpc_v         = Σ_g kosten_gv / Σ_g clients_gv
        verhouding    = actual / expected

    Amounts are in the prices of the years compared, the same for every gemeente; deflating with each
    gemeente's own indexation would hide differences in tariffs, which belong in this comparison.
    Sorted by voorziening and then the use ratio, highest first (`rang` 1 = highest within the voorziening).
    """
    frame = profiles.dropna(subset=["clienten", "inwoners"])
    if frame.empty:
        return pd.DataFrame(columns=EXPECTED_COLUMNS)
    if years is None:
        last = int(frame.groupby("gemeente")["jaar"].max().min())
        years = [last]
    years = sorted(int(y) for y in years)
    chosen = frame.loc[frame["jaar"].isin(years)]
    keys = ["gemeente", "voorziening", "domein", "doelgroep"]
    per = chosen.groupby(keys, as_index=False, sort=False)[["clienten", "inwoners", "kosten"]].sum()
    region = per.groupby("voorziening")[["clienten", "inwoners", "kosten"]].sum()
    rate = region["clienten"] / region["inwoners"]
    cpc = (region["kosten"] / region["clienten"]).where(region["clienten"] > 0)
    if reference is not None:
        given = reference.set_index("voorziening")
        if "gebruik_per_inwoner" in given:
            rate = given["gebruik_per_inwoner"].reindex(rate.index).fillna(rate)
        if "kosten_per_client" in given:
            cpc = given["kosten_per_client"].reindex(cpc.index).fillna(cpc)
    per["verwacht_clienten"] = per["voorziening"].map(rate) * per["inwoners"]
    with np.errstate(divide="ignore", invalid="ignore"):
        per["verhouding_gebruik"] = per["clienten"] / per["verwacht_clienten"]
        per["kosten_per_client"] = (per["kosten"] / per["clienten"]).where(per["clienten"] > 0)
    per["verwacht_kosten_per_client"] = per["voorziening"].map(cpc)
    per["verhouding_kosten_per_client"] = per["kosten_per_client"] / per["verwacht_kosten_per_client"]
    per["verwachte_kosten"] = per["verwacht_clienten"] * per["verwacht_kosten_per_client"]
    per["signaal"] = [signal(r) for r in per["verhouding_gebruik"]]
    per["jaren"] = _years_label(years)
    per = per.rename(columns={"inwoners": "inwoners_doelgroep"})
    order = {name: i for i, name in enumerate(dict.fromkeys(profiles["voorziening"]))}
    per = per.assign(_v=per["voorziening"].map(order)).sort_values(
        ["_v", "verhouding_gebruik"], ascending=[True, False], kind="stable", na_position="last")
    per["rang"] = per.groupby("voorziening").cumcount() + 1
    return per[EXPECTED_COLUMNS].reset_index(drop=True)


def signal(ratio: float) -> str:
    """'hoger dan verwacht' at HIGH_RATIO or more, 'lager dan verwacht' at LOW_RATIO or less, else ''."""
    if not np.isfinite(ratio):
        return ""
    if ratio >= HIGH_RATIO:
        return "hoger dan verwacht"
    if ratio <= LOW_RATIO:
        return "lager dan verwacht"
    return ""


def region_expected_vs_actual(region: Region, years: list[int] | None = None,
                              reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """`expected_vs_actual` over the usable gemeenten of a loaded region."""
    profiles = [profile(dataset, name) for name, dataset in region.datasets.items()]
    if not profiles:
        return pd.DataFrame(columns=EXPECTED_COLUMNS)
    return expected_vs_actual(pd.concat(profiles, ignore_index=True), years, reference)
