"""Small input datasets written as files, for tests. Each test changes one table of a valid base."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "voorbeeldgemeente"


def base_tables() -> dict[str, str]:
    """A tiny valid dataset (two voorzieningen, 2019-2024, population to 2029), `;` and decimal comma."""
    realisatie = ["jaar;voorziening;clienten;kosten"]
    for i, year in enumerate(range(2019, 2025)):
        realisatie.append(f"{year};Hulp bij het huishouden;{100 + 5 * i};{300000 + 20000 * i}")
        realisatie.append(f"{year};Jeugdhulp;{50 + i};{400000 + 10000 * i}")
    bevolking = ["jaar;leeftijd;aantal"]
    for year in range(2019, 2030):
        bevolking.append(f"{year};75+;{1000 + 30 * (year - 2019)}")
        bevolking.append(f"{year};0-17;{2000 - 10 * (year - 2019)}")
    indexatie = ["jaar;domein;percentage"] + [
        f"{year};{domein};{pct}" for domein in ("Wmo", "Jeugd")
        for year, pct in zip(range(2020, 2027), ["3,3", "2,2", "3,0", "6,4", "6,3", "5,0", "3,5"])
    ]
    begroting = ["jaar;domein;bedrag"] + [
        f"{year};{domein};{amount}"
        for year in range(2025, 2030)
        for domein, amount in (("Wmo", 420000), ("Jeugd", 470000))
    ]
    return {
        "voorzieningen": "voorziening;domein;doelgroep;taakveld\nHulp bij het huishouden;Wmo;75+;6.71\n"
        "Jeugdhulp;Jeugd;0-17;6.72\n",
        "realisatie": "\n".join(realisatie) + "\n",
        "bevolking": "\n".join(bevolking) + "\n",
        "indexatie": "\n".join(indexatie) + "\n",
        "begroting": "\n".join(begroting) + "\n",
    }


def write_tables(folder: Path, tables: dict[str, str | bytes], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in tables.items():
        data = content if isinstance(content, bytes) else content.encode(encoding)
        (folder / f"{name}.csv").write_bytes(data)
    return folder


def tables_with(**changes: str | bytes | None) -> dict[str, str | bytes]:
    """The base dataset's tables with some replaced (or removed when None)."""
    tables: dict[str, str | bytes] = dict(base_tables())
    for name, content in changes.items():
        if content is None:
            tables.pop(name)
        else:
            tables[name] = content
    return tables


def dataset_with(folder: Path, **changes: str | bytes | None) -> Path:
    """Write the base dataset with some tables replaced (or removed when None)."""
    return write_tables(folder, tables_with(**changes))


def synthetic_tables(
    rate=lambda year: 0.10 + 0.01 * (year - 2015),
    real_cost=lambda year: 1000.0,
    percentage=2.0,
    years=range(2015, 2025),
    population=lambda year: 1000 + 20 * (year - 2015),
    last_population_year=2034,
) -> dict[str, str]:
    """One Wmo voorziening with a known use rate and real cost per client; constant indexation.

    Costs are in current prices: real cost times the price level relative to the last year.
    """
    years = list(years)
    last = years[-1]
    level = {year: (1 + percentage / 100) ** (year - last) for year in range(years[0], last_population_year + 1)}
    realisatie = ["jaar;voorziening;clienten;kosten"]
    for year in years:
        clients = rate(year) * population(year)
        realisatie.append(f"{year};Begeleiding;{clients!r};{clients * real_cost(year) * level[year]!r}")
    bevolking = ["jaar;leeftijd;aantal"] + [
        f"{year};18-64;{population(year)}" for year in range(years[0], last_population_year + 1)
    ]
    indexatie = ["jaar;domein;percentage"] + [f"{year};Wmo;{percentage}" for year in range(years[0] + 1, last + 3)]
    return {
        "voorzieningen": "voorziening;domein;doelgroep\nBegeleiding;Wmo;18-64\n",
        "realisatie": "\n".join(realisatie).replace(".", ",") + "\n",
        "bevolking": "\n".join(bevolking) + "\n",
        "indexatie": "\n".join(indexatie).replace(".", ",") + "\n",
    }


def load_tables(folder: Path, tables: dict[str, str], horizon: int = 5):
    from forecasting.input.validation import load_dataset

    dataset, problems = load_dataset(write_tables(folder, tables), horizon=horizon)
    assert dataset is not None, problems.report()
    return dataset


# --- projections and comparisons from small arrays, without fitting ----------------------------------------

def projection(cost, domains=("Wmo", "Wmo", "Jeugd"), years=None, draws=None, names=None, clients=None):
    """A Projection from a [V, T] list of amounts; names default to v0, v1, ..."""
    import numpy as np

    from forecasting.model.projection import Projection

    cost = np.asarray(cost, dtype=float)
    names = tuple(names or (f"v{i}" for i in range(cost.shape[0])))
    years = tuple(years or range(2025, 2025 + cost.shape[1]))
    clients = np.asarray(clients, dtype=float) if clients is not None else np.full(cost.shape, np.nan)
    draws = None if draws is None else np.asarray(draws, dtype=float)
    return Projection(names, tuple(domains), years, cost, clients, draws)


def budget(rows):
    """A Budget from (jaar, domein, voorziening or None, bedrag) rows."""
    import pandas as pd

    from scenarios.budget import budget_of

    table = pd.DataFrame(rows, columns=["jaar", "domein", "voorziening", "bedrag"])

    class Holder:  # budget_of reads `begroting` and, for a region, each row's gemeente (none here)
        begroting = table

        @staticmethod
        def row_gemeenten() -> tuple[str, ...]:
            return ()

        @staticmethod
        def row_names() -> tuple[str, ...]:
            return ()

    return budget_of(Holder)


def work_of(at):
    """The session's work (ui/workspace.py Workspace) of an AppTest."""
    from ui.session_work import KEY
    return at.session_state[KEY]


def give_work(at, upload: tuple[dict[str, bytes], str] | None = None, region: bool = False, **choices) -> None:
    """Start an AppTest's session with this work, as the Gegevens screen would after an accepted upload (files,
    name) or with the sample region; `choices` are other Workspace fields (horizon=7, ...)."""
    from dataclasses import replace

    from ui import workspace
    from ui.session_work import KEY, make_upload
    work = workspace.Workspace(source=workspace.SAMPLE_REGION if region else workspace.SAMPLE)
    if upload is not None:
        work = workspace.load_upload(work, make_upload(*upload))
    at.session_state[KEY] = replace(work, **choices)


def change_work(at, operation, *args) -> None:
    """Apply one of ui/workspace.py's operations to an AppTest's session work, as a screen would."""
    from ui.session_work import KEY
    at.session_state[KEY] = operation(work_of(at), *args)
