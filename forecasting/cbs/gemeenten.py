"""Which gemeente: codes, names, mergers (herindelingen), and the closest names for a typing error.

`gemeenten.csv` is every GM code of CBS's "Gebieden in Nederland" tables 2015-2024 with its newest name and the first
and last year it appears (recorded from ../shared/realdata/nationaal/gemeente_codes.csv; Bron: CBS, CC BY 4.0).
`herindelingen.csv` records, per merger, the first year CBS counts the gemeente in its new boundaries, the gemeente
and each predecessor (`deel` = ja when only part of the predecessor went to it; such a part is never added up). The
predecessor relations are written by hand from the herindelingen 2016-2023 and can be edited.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
LAST_LISTED_YEAR = 2024


class UnknownGemeente(ValueError):
    """A name or code that is no gemeente; the message is Dutch and names the closest gemeenten."""


@dataclass(frozen=True)
class Predecessor:
    code: str
    naam: str
    deel: bool  # only part of it went to the gemeente


@dataclass(frozen=True)
class Merger:
    jaar: int  # first year in the new boundaries
    voorgangers: tuple[Predecessor, ...]


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    eerste_jaar: int
    laatste_jaar: int
    herindelingen: tuple[Merger, ...] = ()

    @property
    def whole_predecessors(self) -> list[tuple[int, Predecessor]]:
        return [(m.jaar, p) for m in self.herindelingen for p in m.voorgangers if not p.deel]


def key(name: str) -> str:
    """Compare names without case, accents, punctuation and the words 'gemeente'/'(gemeente)'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(.*?\)|\bgemeente\b", " ", text)
    return re.sub(r"[^a-z0-9]+", "", text)


@cache
def codes() -> pd.DataFrame:
    return pd.read_csv(HERE / "gemeenten.csv", dtype=str).astype(
        {"eerste_jaar": int, "laatste_jaar": int})


@cache
def mergers() -> pd.DataFrame:
    return pd.read_csv(HERE / "herindelingen.csv", dtype=str).astype({"jaar": int})


def name_of(code: str) -> str | None:
    rows = codes().loc[codes()["gemeente_code"] == code]
    return None if rows.empty else str(rows.iloc[0]["gemeente"])


def code_of_name(name: str) -> str | None:
    """The GM code of a name (the newest code when a name was used twice), None when unknown."""
    wanted = key(name)
    rows = codes().loc[codes()["gemeente"].map(key) == wanted]
    return None if rows.empty else str(rows.sort_values("laatste_jaar").iloc[-1]["gemeente_code"])


def closest(name: str, n: int = 5) -> list[str]:
    names = list(codes().sort_values("laatste_jaar", ascending=False)["gemeente"].drop_duplicates())
    by_key = {key(x): x for x in reversed(names)}
    found = difflib.get_close_matches(key(name), list(by_key), n=n, cutoff=0.6)
    starts = [k for k in by_key if key(name) and k.startswith(key(name))][:n]
    return list(dict.fromkeys(by_key[k] for k in found + starts))[:n]


def find(text: str) -> Gemeente:
    """A gemeente by name or code ('Zwolle', 'GM0193', 'gm193'); UnknownGemeente (Dutch, with suggestions)."""
    raw = str(text or "").strip()
    if not raw:
        raise UnknownGemeente("Geef een gemeente op: een naam (zoals Zwolle) of een CBS-code (zoals GM0193).")
    match = re.fullmatch(r"(?i)gm\s*(\d{1,4})", raw)
    code = f"GM{int(match.group(1)):04d}" if match else code_of_name(raw)
    rows = codes().loc[codes()["gemeente_code"] == code] if code else codes().iloc[0:0]
    if rows.empty:
        suggestions = closest(raw)
        hint = f" Bedoelt u: {', '.join(suggestions)}?" if suggestions else ""
        raise UnknownGemeente(f"Gemeente '{raw}' is onbekend bij CBS (gemeenten 2015-{LAST_LISTED_YEAR}).{hint}")
    row = rows.iloc[0]
    own = mergers().loc[mergers()["gemeente_code"] == code]
    merged = tuple(
        Merger(int(year), tuple(Predecessor(r.voorganger_code, r.voorganger, r.deel.strip().lower() == "ja")
                                for r in group.itertuples()))
        for year, group in own.groupby("jaar"))
    return Gemeente(code, str(row["gemeente"]), int(row["eerste_jaar"]), int(row["laatste_jaar"]), merged)


def successor_of(code: str) -> list[str]:
    """The gemeenten a code (wholly or partly) went into."""
    rows = mergers().loc[mergers()["voorganger_code"] == code]
    return list(rows["gemeente"])
