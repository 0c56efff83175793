"""Beheersmaatregelen and scenarios: the JSON form, validation in Dutch, nothing applied half.

A scenario is a named list of measures. Each measure targets a voorziening or a whole domein
(`Wmo`, `Jeugd`), optionally in one gemeente of a region (`gemeente`; empty = every gemeente), with a lever
(`hefboom`): `volume` scales clients (and so cost), `prijs`
scales cost per client, `bedrag` adds a fixed amount per year (negative saves).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field

import pandas as pd

from forecasting.input.dataset import DOMAINS
from forecasting.input.reading import gemeente_key

LEVERS = ("volume", "prijs", "bedrag")
LEVER_LABELS = {"volume": "Volume (cliënten)", "prijs": "Prijs (kosten per cliënt)", "bedrag": "Vast bedrag"}

# Limits on a scenario file (hostile or broken files get a Dutch ScenarioError, never a traceback).
MAX_SCENARIO_BYTES = 1_000_000  # a scenario with hundreds of measures is a few tens of kilobytes
MAX_MEASURES = 500
MAX_NAME_LENGTH = 120  # scenario and measure names (the same limit as a voorziening's name)
MAX_NOTE_LENGTH = MAX_SCENARIO_BYTES  # toelichting: free text, bounded only by the file limit
FIRST_YEAR, LAST_YEAR = 1990, 2100  # startjaar, eindjaar and taakstelling years
MAX_RAMP_YEARS = 50
MAX_AMOUNT = 100_000_000_000  # euros per year: more than the whole Dutch social domain costs
RESERVED_TARGETS = ("totaal", "total")
TRUE_WORDS = ("ja", "j", "true", "waar", "aan", "1", "yes", "y")
FALSE_WORDS = ("nee", "n", "false", "onwaar", "uit", "0", "no")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


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
    indicator: str = ""  # optional: the indicator this measure should move (forecasting/monitor/indicators.py)
    gemeente: str = ""  # optional: only in this gemeente of a region ('' = every gemeente in the data)

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
        for optional in ("indicator", "gemeente"):
            if not data[optional]:
                data.pop(optional)
        return data


@dataclass
class Scenario:
    naam: str
    maatregelen: list[Measure] = field(default_factory=list)
    taakstelling: dict[int, float] = field(default_factory=dict)  # savings target per year, in euros (positive)

    @property
    def active(self) -> list[Measure]:
        return [m for m in self.maatregelen if m.actief]

    def outside(self, gemeenten: list[str]) -> list[Measure]:
        """The measures for a gemeente that is not among `gemeenten` (they do nothing in that selection)."""
        keys = {gemeente_key(g) for g in gemeenten}
        return [m for m in self.maatregelen if m.gemeente and gemeente_key(m.gemeente) not in keys]

    def within(self, gemeenten: list[str]) -> Scenario:
        """The scenario for a selection of gemeenten: measures for other gemeenten left out."""
        left_out = self.outside(gemeenten)
        if not left_out:
            return self
        return Scenario(self.naam, [m for m in self.maatregelen if m not in left_out], dict(self.taakstelling))

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


def effect_within_limits(value: float) -> bool:
    """An effect, and its min and max, in percent lies in (-100, 100]: -100% would remove every euro."""
    return -100 < value <= 100


def range_in_part(low: float | None, high: float | None) -> bool:
    """Only one of min and max given: a band needs both, or neither."""
    return (low is None) != (high is None)


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
    except OverflowError:
        problems.append(f"{where}: '{label}' is te groot om mee te rekenen.")
        return None
    except (TypeError, ValueError):
        problems.append(f"{where}: '{label}' moet een getal zijn, niet '{_shown(value)}'.")
        return None
    if not math.isfinite(number):
        problems.append(f"{where}: '{label}' moet een eindig getal zijn, niet '{_shown(value)}'.")
        return None
    if integer and not number.is_integer():
        problems.append(f"{where}: '{label}' moet een heel getal zijn, niet '{_shown(value)}'.")
        return None
    return int(number) if integer else number


def _shown(value, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} tekens)"


def _year(value, label, where, problems, required=True) -> int | None:
    year = _number(value, label, where, problems, integer=True, required=required)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(f"{where}: '{label}' = {_shown(year)} is geen jaartal tussen {FIRST_YEAR} en {LAST_YEAR}.")
        return None
    return year


def _amount(value, label, where, problems, required=True) -> float | None:
    amount = _number(value, label, where, problems, required=required)
    if amount is not None and abs(amount) > MAX_AMOUNT:
        problems.append(f"{where}: '{label}' = {amount:g} euro is onwaarschijnlijk groot (meer dan het hele sociaal "
                        "domein van Nederland kost per jaar). Controleer het bedrag.")
        return None
    return amount


def _text(value, label, where, problems, limit=MAX_NAME_LENGTH, one_line=True) -> str:
    """A name or note as text: never a list or object, capped in length, names on one line."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        problems.append(f"{where}: '{label}' moet tekst zijn, geen lijst of object.")
        return ""
    text = str(value).strip()
    if len(text) > limit:
        problems.append(f"{where}: '{label}' is {len(text)} tekens lang; houd het op {limit} tekens of minder.")
        return text[:limit]
    if one_line and _CONTROL.search(text):
        problems.append(f"{where}: '{label}' bevat een regelovergang of ander stuurteken. Zet de naam op één regel.")
    return text


def parse_active(value, where: str, problems: list[str]) -> bool:
    """`actief` as a boolean: true/false, or the words ja/nee, true/false, waar/onwaar, aan/uit, 1/0."""
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    problems.append(f"{where}: 'actief' moet ja of nee zijn (true of false), niet '{_shown(value)}'.")
    return True


def parse_measure(data, position: int, targets: dict[str, str], problems: list[str],
                  gemeenten: list[str] | None = None) -> Measure | None:
    """Check one measure; `targets` maps lower-cased names of voorzieningen and domeinen to their spelling;
    `gemeenten` (when given) are the gemeenten a measure may name."""
    if not isinstance(data, dict):
        problems.append(f"Maatregel {position}: verwacht een object met sleutels zoals 'naam' en 'doel'.")
        return None
    before = len(problems)
    naam = _text(data.get("naam"), "naam", f"Maatregel {position}", problems) or f"maatregel {position}"
    where = f"Maatregel '{_shown(naam)}'"
    doel_text = _text(data.get("doel"), "doel", where, problems)
    doel = targets.get(doel_text.lower())
    if doel_text.lower() in RESERVED_TARGETS:
        problems.append(f"{where}: doel '{doel_text}' kan niet: kies een voorziening of een domein (Wmo, Jeugd); "
                        "voor alles samen maakt u één maatregel per domein.")
    elif doel is None:
        problems.append(f"{where}: onbekend doel '{_shown(doel_text)}'. Kies een voorziening of een domein "
                        "(Wmo, Jeugd).")
    hefboom = _text(data.get("hefboom"), "hefboom", where, problems).lower()
    if hefboom not in LEVERS:
        problems.append(f"{where}: onbekende hefboom '{_shown(hefboom)}'. Kies volume, prijs of bedrag.")
    startjaar = _year(data.get("startjaar"), "startjaar", where, problems)
    eindjaar = _year(data.get("eindjaar"), "eindjaar", where, problems, required=False)
    ingroei = _number(data.get("ingroei_jaren", 1), "ingroei_jaren", where, problems, integer=True, required=False)
    if ingroei is None:
        ingroei = 1
    if not 1 <= ingroei <= MAX_RAMP_YEARS:
        problems.append(f"{where}: 'ingroei_jaren' moet tussen 1 en {MAX_RAMP_YEARS} liggen, niet {_shown(ingroei)}.")
    if startjaar is not None and eindjaar is not None and eindjaar < startjaar:
        problems.append(f"{where}: eindjaar {eindjaar} ligt vóór startjaar {startjaar}.")
    kosten = _amount(data.get("kosten_per_jaar", 0) or 0, "kosten_per_jaar", where, problems)
    if kosten is not None and kosten < 0:
        problems.append(f"{where}: 'kosten_per_jaar' (uitvoeringskosten) kan niet negatief zijn.")
    effect = low = high = amount = None
    if hefboom in ("volume", "prijs"):
        effect = _number(data.get("effect_pct"), "effect_pct", where, problems)
        low = _number(data.get("effect_min_pct"), "effect_min_pct", where, problems, required=False)
        high = _number(data.get("effect_max_pct"), "effect_max_pct", where, problems, required=False)
        for label, value in (("effect_pct", effect), ("effect_min_pct", low), ("effect_max_pct", high)):
            if value is not None and not effect_within_limits(value):
                problems.append(f"{where}: '{label}' = {value:g} ligt buiten (-100, 100].")
        if range_in_part(low, high):
            problems.append(f"{where}: geef zowel 'effect_min_pct' als 'effect_max_pct', of geen van beide.")
        if low is not None and high is not None:
            if low > high:
                problems.append(f"{where}: 'effect_min_pct' ({low:g}) is groter dan 'effect_max_pct' ({high:g}).")
            elif effect is not None and not low <= effect <= high:
                problems.append(f"{where}: 'effect_pct' ({effect:g}) ligt niet tussen minimum en maximum.")
    elif hefboom == "bedrag":
        amount = _amount(data.get("bedrag"), "bedrag", where, problems)
    actief = parse_active(data.get("actief", True), where, problems)
    toelichting = _text(data.get("toelichting"), "toelichting", where, problems, MAX_NOTE_LENGTH, one_line=False)
    indicator = _text(data.get("indicator"), "indicator", where, problems)
    gemeente = _text(data.get("gemeente"), "gemeente", where, problems)
    if gemeente and gemeenten is not None:
        spelled = {gemeente_key(g): g for g in gemeenten}
        if gemeente_key(gemeente) in spelled:
            gemeente = spelled[gemeente_key(gemeente)]
        else:
            problems.append(f"{where}: gemeente '{_shown(gemeente)}' zit niet in deze gegevens. Kies één van "
                            f"{', '.join(gemeenten[:20])}, of laat 'gemeente' leeg voor alle gemeenten.")
    if len(problems) > before:
        return None
    return Measure(
        naam=naam, doel=doel, hefboom=hefboom, startjaar=startjaar, effect_pct=effect, effect_min_pct=low,
        effect_max_pct=high, bedrag=amount, ingroei_jaren=ingroei, eindjaar=eindjaar, kosten_per_jaar=kosten or 0.0,
        toelichting=toelichting, actief=actief, indicator=indicator, gemeente=gemeente,
    )


def target_names(voorzieningen: list[str]) -> dict[str, str]:
    names = {d.lower(): d for d in DOMAINS}
    names.update({v.lower(): v for v in voorzieningen})
    return names


def parse_scenario(data, voorzieningen: list[str], gemeenten: list[str] | None = None) -> Scenario:
    """Validate a scenario in its JSON form; raises ScenarioError listing every problem. With `gemeenten`, a
    measure's gemeente must be one of them; without, any name is kept (and matched when the scenario is run)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ScenarioError(["Het scenario moet een JSON-object zijn met 'naam' en 'maatregelen'."])
    naam = _text(data.get("naam"), "naam", "Het scenario", problems)
    if not naam:
        problems.append("Het scenario heeft geen naam ('naam').")
    items = data.get("maatregelen", [])
    if items is None:
        items = []
    if not isinstance(items, list):
        problems.append("'maatregelen' moet een lijst zijn.")
        items = []
    if len(items) > MAX_MEASURES:
        raise ScenarioError([f"Het scenario heeft {len(items)} maatregelen; Grip rekent met hooguit {MAX_MEASURES}."])
    targets = target_names(voorzieningen)
    measures = [parse_measure(item, i + 1, targets, problems, gemeenten) for i, item in enumerate(items)]
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
    for year, amount in list(raw_target.items())[:200]:
        year_value = _year(year, "jaar", "Taakstelling", problems)
        amount_value = _amount(amount, f"bedrag {_shown(year)}", "Taakstelling", problems)
        if year_value is not None and amount_value is not None:
            taakstelling[year_value] = amount_value
    if problems:
        raise ScenarioError(problems)
    return Scenario(naam=naam, maatregelen=[m for m in measures if m is not None], taakstelling=taakstelling)


class DocumentError(ValueError):
    """An uploaded JSON document that cannot be read; the message is Dutch."""


def json_document(content: str | bytes, limit: int, label: str, kind: str) -> object:
    """Decode and parse an uploaded JSON document (a scenario, a bundle of saved scenarios) within `limit` bytes.

    `label` names the file in the message ('Het scenariobestand'), `kind` what it should be ('een scenario').
    Raises DocumentError with a Dutch message; never a RecursionError or an unreadable-number ValueError.
    """
    if isinstance(content, bytes | bytearray):
        if len(content) > limit:
            raise DocumentError(f"{label} is te groot ({len(content) // 1000} kB; Grip leest tot {limit // 1000} kB). "
                                f"Is dit wel {kind}?")
        try:
            content = bytes(content).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(f"{label} is geen UTF-8-tekst (JSON); is het wel {kind}?") from None
    if not isinstance(content, str) or len(content) > limit:
        raise DocumentError(f"{label} is te groot of is geen tekst; Grip leest tot {limit // 1000} kB.")
    if not content.strip():
        raise DocumentError(f"{label} is leeg.")
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        raise DocumentError(f"{label} is geen geldige JSON (regel {error.lineno}, kolom {error.colno}): "
                            f"{error.msg}.") from None
    except RecursionError:
        raise DocumentError(f"{label} is te diep genest (lijsten in lijsten) om {kind} te zijn.") from None
    except ValueError as error:  # for example an integer with more than 4300 digits
        raise DocumentError(f"{label} bevat een onleesbare waarde: {_shown(error, 120)}.") from None


def loads(text: str | bytes, voorzieningen: list[str], gemeenten: list[str] | None = None) -> Scenario:
    """Parse and validate a scenario file's text; raises ScenarioError (Dutch) for anything unusable."""
    try:
        data = json_document(text, MAX_SCENARIO_BYTES, "Het scenariobestand", "een scenario")
    except DocumentError as error:
        raise ScenarioError([str(error)]) from None
    try:
        return parse_scenario(data, voorzieningen, gemeenten)
    except RecursionError:
        raise ScenarioError(["Het scenariobestand is te diep genest om een scenario te zijn."]) from None


EDITOR_COLUMNS = ["actief", "naam", "doel", "gemeente", "hefboom", "effect_pct", "effect_min_pct", "effect_max_pct",
                  "bedrag", "startjaar", "ingroei_jaren", "eindjaar", "kosten_per_jaar", "toelichting", "indicator"]


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


def scenario_from_frame(naam: str, frame, voorzieningen: list[str], taakstelling: dict[int, float] | None = None,
                        gemeenten: list[str] | None = None) -> Scenario:
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
                           "taakstelling": {str(y): a for y, a in (taakstelling or {}).items()}}, voorzieningen,
                          gemeenten)


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
