"""Beheersmaatregelen and scenarios: the JSON form, validation in Dutch, nothing applied half.

A scenario is a named list of measures. Each measure targets a voorziening or a whole domein
(`Wmo`, `Jeugd`) with a lever (`hefboom`): `volume` scales clients (and so cost), `prijs`
scales cost per client, `bedrag` adds a fixed amount per year (negative saves).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

import pandas as pd

from forecasting.dataset import DOMAINS

LEVERS = ("volume", "prijs", "bedrag")
LEVER_LABELS = {"volume": "Volume (cliënten)", "prijs": "Prijs (kosten per cliënt)", "bedrag": "Vast bedrag"}


@dataclass(frozen=True)
class Measure:
    naam: str
    doel: str  # a voorziening or a domein
    hefboom: str  # volume | prijs | bedrag
    startjaar: int
    effect_pct: float | None = None  # volume and prijs: -10 means 10% less
    effect_min_pct: float | None = None
    effect_max_pct: float | None = None
    bedrag: float | None = None  # bedrag: euros per year at full effect (negative saves)
    ingroei_jaren: int = 1
    eindjaar: int | None = None
    kosten_per_jaar: float = 0.0  # implementation cost in every year the measure is active
    toelichting: str = ""
    actief: bool = True

    @property
    def uncertain(self) -> bool:
        return self.effect_min_pct is not None and self.effect_max_pct is not None

    def to_json(self) -> dict:
        data = asdict(self)
        if self.hefboom == "bedrag":
            for key in ("effect_pct", "effect_min_pct", "effect_max_pct"):
                data.pop(key)
        else:
            data.pop("bedrag")
        return data


@dataclass
class Scenario:
    naam: str
    maatregelen: list[Measure] = field(default_factory=list)
    taakstelling: dict[int, float] = field(default_factory=dict)  # savings target per year, in euros (positive)

    @property
    def active(self) -> list[Measure]:
        return [m for m in self.maatregelen if m.actief]

    def to_json(self) -> dict:
        data = {"naam": self.naam, "maatregelen": [m.to_json() for m in self.maatregelen]}
        if self.taakstelling:
            data["taakstelling"] = {str(year): amount for year, amount in sorted(self.taakstelling.items())}
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


class ScenarioError(Exception):
    """A scenario that cannot be used; `problems` lists every Dutch message."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _number(value, label, where, problems, integer=False, required=True):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}: '{label}' ontbreekt.")
        return None
    if isinstance(value, bool):
        problems.append(f"{where}: '{label}' moet een getal zijn, niet '{value}'.")
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: '{label}' moet een getal zijn, niet '{value}'.")
        return None
    if not math.isfinite(number):
        problems.append(f"{where}: '{label}' moet een eindig getal zijn, niet '{value}'.")
        return None
    if integer and not number.is_integer():
        problems.append(f"{where}: '{label}' moet een heel jaartal zijn, niet '{value}'.")
        return None
    return int(number) if integer else number


def parse_measure(data, position: int, targets: dict[str, str], problems: list[str]) -> Measure | None:
    """Check one measure; `targets` maps lower-cased names of voorzieningen and domeinen to their spelling."""
    if not isinstance(data, dict):
        problems.append(f"Maatregel {position}: verwacht een object met sleutels zoals 'naam' en 'doel'.")
        return None
    naam = str(data.get("naam") or "").strip() or f"maatregel {position}"
    where = f"Maatregel '{naam}'"
    before = len(problems)
    doel_text = str(data.get("doel") or "").strip()
    doel = targets.get(doel_text.lower())
    if doel is None:
        problems.append(f"{where}: onbekend doel '{doel_text}'. Kies een voorziening of een domein (Wmo, Jeugd).")
    hefboom = str(data.get("hefboom") or "").strip().lower()
    if hefboom not in LEVERS:
        problems.append(f"{where}: onbekende hefboom '{data.get('hefboom')}'. Kies volume, prijs of bedrag.")
    startjaar = _number(data.get("startjaar"), "startjaar", where, problems, integer=True)
    eindjaar = _number(data.get("eindjaar"), "eindjaar", where, problems, integer=True, required=False)
    ingroei = _number(data.get("ingroei_jaren", 1), "ingroei_jaren", where, problems, integer=True, required=False)
    if ingroei is None:
        ingroei = 1
    if ingroei < 1:
        problems.append(f"{where}: 'ingroei_jaren' moet 1 of meer zijn, niet {ingroei}.")
    if startjaar is not None and eindjaar is not None and eindjaar < startjaar:
        problems.append(f"{where}: eindjaar {eindjaar} ligt vóór startjaar {startjaar}.")
    kosten = _number(data.get("kosten_per_jaar", 0) or 0, "kosten_per_jaar", where, problems)
    if kosten is not None and kosten < 0:
        problems.append(f"{where}: 'kosten_per_jaar' (uitvoeringskosten) kan niet negatief zijn.")
    effect = low = high = amount = None
    if hefboom in ("volume", "prijs"):
        effect = _number(data.get("effect_pct"), "effect_pct", where, problems)
        low = _number(data.get("effect_min_pct"), "effect_min_pct", where, problems, required=False)
        high = _number(data.get("effect_max_pct"), "effect_max_pct", where, problems, required=False)
        for label, value in (("effect_pct", effect), ("effect_min_pct", low), ("effect_max_pct", high)):
            if value is not None and not -100 < value <= 100:
                problems.append(f"{where}: '{label}' = {value:g} ligt buiten (-100, 100].")
        if (low is None) != (high is None):
            problems.append(f"{where}: geef zowel 'effect_min_pct' als 'effect_max_pct', of geen van beide.")
        if low is not None and high is not None:
            if low > high:
                problems.append(f"{where}: 'effect_min_pct' ({low:g}) is groter dan 'effect_max_pct' ({high:g}).")
            elif effect is not None and not low <= effect <= high:
                problems.append(f"{where}: 'effect_pct' ({effect:g}) ligt niet tussen minimum en maximum.")
    elif hefboom == "bedrag":
        amount = _number(data.get("bedrag"), "bedrag", where, problems)
    actief = data.get("actief", True)
    if len(problems) > before:
        return None
    return Measure(
        naam=naam, doel=doel, hefboom=hefboom, startjaar=startjaar, effect_pct=effect, effect_min_pct=low,
        effect_max_pct=high, bedrag=amount, ingroei_jaren=ingroei, eindjaar=eindjaar, kosten_per_jaar=kosten or 0.0,
        toelichting=str(data.get("toelichting") or ""), actief=bool(actief) if actief is not None else True,
    )


def target_names(voorzieningen: list[str]) -> dict[str, str]:
    names = {d.lower(): d for d in DOMAINS}
    names.update({v.lower(): v for v in voorzieningen})
    return names


def parse_scenario(data, voorzieningen: list[str]) -> Scenario:
    """Validate a scenario in its JSON form; raises ScenarioError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ScenarioError(["Het scenario moet een JSON-object zijn met 'naam' en 'maatregelen'."])
    naam = str(data.get("naam") or "").strip()
    if not naam:
        problems.append("Het scenario heeft geen naam ('naam').")
    items = data.get("maatregelen", [])
    if not isinstance(items, list):
        problems.append("'maatregelen' moet een lijst zijn.")
        items = []
    targets = target_names(voorzieningen)
    measures = [parse_measure(item, i + 1, targets, problems) for i, item in enumerate(items)]
    seen: set[str] = set()
    for measure in measures:
        if measure is not None:
            if measure.naam.lower() in seen:
                problems.append(f"Maatregel '{measure.naam}' komt twee keer voor; geef elke maatregel een eigen naam.")
            seen.add(measure.naam.lower())
    taakstelling = {}
    raw_target = data.get("taakstelling") or {}
    if not isinstance(raw_target, dict):
        problems.append("'taakstelling' moet per jaar een bedrag geven, bijvoorbeeld {\"2026\": 500000}.")
        raw_target = {}
    for year, amount in raw_target.items():
        year_value = _number(year, "jaar", "Taakstelling", problems, integer=True)
        amount_value = _number(amount, f"bedrag {year}", "Taakstelling", problems)
        if year_value is not None and amount_value is not None:
            taakstelling[year_value] = amount_value
    if problems:
        raise ScenarioError(problems)
    return Scenario(naam=naam, maatregelen=[m for m in measures if m is not None], taakstelling=taakstelling)


def loads(text: str, voorzieningen: list[str]) -> Scenario:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError([f"Het scenariobestand is geen geldige JSON (regel {error.lineno}, kolom {error.colno}): "
                             f"{error.msg}."]) from None
    return parse_scenario(data, voorzieningen)


EDITOR_COLUMNS = ["actief", "naam", "doel", "hefboom", "effect_pct", "effect_min_pct", "effect_max_pct", "bedrag",
                  "startjaar", "ingroei_jaren", "eindjaar", "kosten_per_jaar", "toelichting"]


def measures_frame(scenario: Scenario) -> pd.DataFrame:
    """The measures as a table (one row each) for editing."""
    rows = [{column: getattr(m, column) for column in EDITOR_COLUMNS} for m in scenario.maatregelen]
    frame = pd.DataFrame(rows, columns=EDITOR_COLUMNS)
    for column in ("effect_pct", "effect_min_pct", "effect_max_pct", "bedrag", "kosten_per_jaar"):
        frame[column] = frame[column].astype(float)
    for column in ("startjaar", "ingroei_jaren", "eindjaar"):
        frame[column] = frame[column].astype("Int64")
    frame["actief"] = frame["actief"].astype(bool)
    return frame


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def scenario_from_frame(naam: str, frame, voorzieningen: list[str], taakstelling: dict[int, float] | None = None
                        ) -> Scenario:
    """Validate an edited table of measures; raises ScenarioError (nothing is applied half)."""
    items = []
    for record in frame.to_dict("records"):
        item = {key: _cell(value) for key, value in record.items()}
        if all(item.get(k) in (None, "") for k in ("naam", "doel", "hefboom")):
            continue  # an empty row the editor added
        if item.get("actief") is None:
            item["actief"] = True
        items.append(item)
    return parse_scenario({"naam": naam, "maatregelen": items,
                           "taakstelling": {str(y): a for y, a in (taakstelling or {}).items()}}, voorzieningen)


def with_values(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with some measures' main value replaced (effect_pct, or bedrag for a fixed amount).

    The uncertainty range widens where needed so that it still holds the new effect.
    """
    from dataclasses import replace

    changed = []
    for m in scenario.maatregelen:
        if m.naam not in values:
            changed.append(m)
        elif m.hefboom == "bedrag":
            changed.append(replace(m, bedrag=float(values[m.naam])))
        else:
            value = float(values[m.naam])
            low = min(m.effect_min_pct, value) if m.uncertain else None
            high = max(m.effect_max_pct, value) if m.uncertain else None
            changed.append(replace(m, effect_pct=value, effect_min_pct=low, effect_max_pct=high))
    return Scenario(scenario.naam, changed, dict(scenario.taakstelling))
