"""The validated input of one gemeente, as typed long-format frames."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from forecasting.input.problems import Problem

DOMAINS = ("Wmo", "Jeugd")
VARIANTS = ("laag", "midden", "hoog")  # of a population forecast (CBS/PBL regional forecasts, Primos)
MIDDLE = "midden"
WHOLE_POPULATION = "totaal"
DEFAULT_HORIZON = 5

# The optional tables of the monitor, in their input form (so a dataset can be written back and read again).
TUSSENTIJDS_COLUMNS = ["jaar", "periode", "voorziening", "clienten", "kosten"]
INDICATOREN_COLUMNS = ["indicator", "eenheid", "basisjaar", "startwaarde", "streefwaarde", "streefjaar", "richting",
                       "bron", "actualisatie"]
INDICATORWAARDEN_COLUMNS = ["jaar", "indicator", "waarde"]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass
class Dataset:
    """Typed tables: voorzieningen, realisatie, bevolking, indexatie, begroting.

    - voorzieningen: voorziening, domein, doelgroep, taakveld
    - realisatie: jaar, voorziening, clienten, kosten
    - bevolking: jaar, leeftijd, aantal
    - indexatie: jaar, domein, voorziening (None for the whole domein), percentage
    - begroting: jaar, domein, voorziening (None for a domain-level budget), bedrag
    - tussentijds (optional): jaar, periode ('1'-'12' or 'K1'-'K4'), voorziening, clienten (NaN when not given),
      kosten; figures per period (cumulative input is turned into per-period figures when read)
    - indicatoren (optional): indicator, eenheid, basisjaar, startwaarde, streefwaarde, streefjaar, richting
      ('lager is beter' / 'hoger is beter'), bron, actualisatie
    - indicatorwaarden (optional): jaar, indicator, waarde

    The optional tables do not change the baseline, so content_key() leaves them out: adding in-year figures
    never refits the models.
    """

    naam: str
    voorzieningen: pd.DataFrame
    realisatie: pd.DataFrame
    bevolking: pd.DataFrame
    indexatie: pd.DataFrame
    begroting: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    tussentijds: pd.DataFrame = field(default_factory=lambda: empty_frame(TUSSENTIJDS_COLUMNS))
    indicatoren: pd.DataFrame = field(default_factory=lambda: empty_frame(INDICATOREN_COLUMNS))
    indicatorwaarden: pd.DataFrame = field(default_factory=lambda: empty_frame(INDICATORWAARDEN_COLUMNS))
    gemeenten: tuple[str, ...] = ()  # a region's gemeenten (forecasting/region/region_total.py); () for one gemeente

    @property
    def gemeente_names(self) -> list[str]:
        """The gemeenten this dataset covers: a region's, or just its own name."""
        return list(self.gemeenten) or [self.naam]

    @property
    def voorziening_names(self) -> list[str]:
        """Each voorziening once, as a measure names it (a region's rows carry the gemeente in front)."""
        return list(dict.fromkeys(self.row_names() or self.voorzieningen["voorziening"]))

    @property
    def first_year(self) -> int:
        return int(self.realisatie["jaar"].min())

    @property
    def last_year(self) -> int:
        """The last realised year: forecasts start the year after."""
        return int(self.realisatie["jaar"].max())

    @property
    def max_horizon(self) -> int:
        """How many years after the last realised year the population forecast covers for every doelgroep."""
        reach = [int(self.population(d).index.max()) for d in dict.fromkeys(self.voorzieningen["doelgroep"])]
        return max(0, min(reach, default=self.last_year) - self.last_year)

    def forecast_years(self, horizon: int = DEFAULT_HORIZON) -> list[int]:
        return list(range(self.last_year + 1, self.last_year + horizon + 1))

    def row_gemeenten(self) -> tuple[str, ...]:
        """A region's rows: the gemeente of every voorziening row (in table order); () for one gemeente."""
        frame = self.voorzieningen
        return tuple(frame["gemeente"]) if "gemeente" in frame.columns else ()

    def row_names(self) -> tuple[str, ...]:
        """A region's rows: every voorziening row's own name, without its gemeente; () for one gemeente."""
        frame = self.voorzieningen
        return tuple(frame["basis"]) if "basis" in frame.columns else ()

    def population(self, doelgroep: str, variant: str = MIDDLE) -> pd.Series:
        """Inhabitants of a doelgroep per year (index jaar), in a variant of the population forecast."""
        return population_of(self.bevolking, doelgroep, variant)

    @property
    def other_variants(self) -> list[str]:
        """The variants besides midden that the population forecast holds (laag, hoog), in that order."""
        if "variant" not in self.bevolking.columns:
            return []
        given = set(self.bevolking["variant"].dropna())
        return [v for v in VARIANTS if v != MIDDLE and v in given]

    def content_key(self) -> str:
        """A hash of the tables' contents, for caching fitted models on content."""
        import hashlib

        digest = hashlib.sha256()
        for frame in (self.voorzieningen, self.realisatie, self.bevolking, self.indexatie, self.begroting):
            digest.update(pd.util.hash_pandas_object(frame, index=False).values.tobytes())
            digest.update(",".join(frame.columns).encode())
        return digest.hexdigest()[:16]


def population_of(bevolking: pd.DataFrame, doelgroep: str, variant: str = MIDDLE) -> pd.Series:
    """Population of one age group per year; `totaal` sums all groups unless a `totaal` row exists.

    Rows without a variant count for every variant (usually the realised years); where a year has no row of
    the asked variant, the midden row is used.
    """
    if "variant" in bevolking.columns:
        own = bevolking["variant"] == variant
        common = bevolking["variant"].isna() | (bevolking["variant"] == MIDDLE)
        key = bevolking["jaar"].astype(str) + "|" + bevolking["leeftijd"].str.lower()
        bevolking = bevolking.loc[own | (common & ~key.isin(set(key[own])))]
    labels = bevolking["leeftijd"].str.lower()
    if doelgroep.lower() == WHOLE_POPULATION and not (labels == WHOLE_POPULATION).any():
        rows = bevolking
    else:
        rows = bevolking.loc[labels == doelgroep.lower()]
    return rows.groupby("jaar")["aantal"].sum().astype(float).sort_index()
