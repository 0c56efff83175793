"""Checks before the database is touched: names, authors, notes and scenario JSON, each refused with a Dutch
message (InvalidInputError), and a scenario is only stored when it reads back as the same scenario.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime

from scenarios.measures import Scenario, ScenarioError, parse_scenario
from scenarios.store.schema import MAX_AUTHOR, MAX_NAME, MAX_NOTE, MAX_SCENARIO_CHARS
from scenarios.store_errors import (
    InvalidInputError,
    StoreError,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- checking what comes in, before the database is touched ---------------------------------------------------

_INVISIBLE = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))  # bidi overrides and isolates


def _forbidden(character: str, newlines: bool = False) -> bool:
    if newlines and character in "\n\r\t":
        return False
    return unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp") or ord(character) in _INVISIBLE


def _shown(value, limit: int = 60) -> str:
    """A value as it can be shown in a message: forbidden characters replaced, long text cut."""
    if not isinstance(value, str):
        plain = isinstance(value, (int, float, bool, type(None))) and not (isinstance(value, int) and value > 10**60)
        value = json.dumps(value) if plain else type(value).__name__
    clean = "".join("�" if _forbidden(c) else c for c in value[:limit + 1])
    return clean if len(clean) <= limit else clean[:limit] + "…"


def _text_problem(value, label: str, limit: int, newlines: bool = False, required: bool = True) -> str | None:
    if not isinstance(value, str):
        return f"{label} moet tekst zijn, niet {_kind(value)}."
    if required and not value.strip():
        return f"{label} is leeg."
    if len(value) > limit:
        return f"{label} is {_count(len(value))} tekens lang; het maximum is {_count(limit)}."
    bad = sorted({f"U+{ord(c):04X}" for c in value if _forbidden(c, newlines)})
    if bad:
        return (f"{label} bevat onzichtbare of besturingstekens ({', '.join(bad[:3])}"
                f"{', …' if len(bad) > 3 else ''}); die zijn niet toegestaan.")
    return None


def _count(number: int) -> str:
    """A whole number the Dutch way: 10.000."""
    return f"{number:,}".replace(",", ".")


def _kind(value) -> str:
    kinds = {dict: "een object", list: "een lijst", str: "tekst", bool: "true/false", int: "een getal",
             float: "een getal", type(None): "niets (null)"}
    return kinds.get(type(value), type(value).__name__)


def _name_problem(naam) -> str | None:
    problem = _text_problem(naam, "de naam", MAX_NAME)
    if problem is None and naam != naam.strip():
        problem = "de naam begint of eindigt met een spatie."
    return problem


def check_name(naam) -> str:
    """A new scenario's name: 1 to 120 characters, no line breaks or other control characters.

    Raises InvalidInputError with a Dutch message; the screens can call it before offering to save.
    """
    problem = _name_problem(naam)
    if problem:
        raise InvalidInputError(f"Scenarionaam '{_shown(naam)}' kan niet worden gebruikt: {problem} Kies een naam "
                                f"van 1 tot {MAX_NAME} tekens, zonder regeleinden of andere besturingstekens.")
    return naam


def _lookup(naam) -> str:
    """A name to look up: one that can never have been stored is simply not found."""
    if (not isinstance(naam, str) or not naam or len(naam) > 200
            or any(c == "\x00" or unicodedata.category(c) == "Cs" for c in naam)):
        raise StoreError(f"Scenario '{_shown(naam)}' is niet gevonden.")
    return naam


def _author(auteur) -> str:
    auteur = auteur.strip() if isinstance(auteur, str) else auteur
    problem = _text_problem(auteur, "De naam van de auteur", MAX_AUTHOR, required=False)
    if problem:
        raise InvalidInputError(f"{problem} Vul een naam in van hoogstens {MAX_AUTHOR} tekens.")
    return auteur or "onbekend"


def _note(notitie) -> str:
    problem = _text_problem(notitie, "De notitie", MAX_NOTE, newlines=True, required=False)
    if problem:
        raise InvalidInputError(f"{problem} Houd de notitie op hoogstens {_count(MAX_NOTE)} tekens, zonder "
                                "besturingstekens.")
    return notitie


def _scenario(data) -> Scenario:
    """A stored scenario; names of voorzieningen were validated when it was saved."""
    items = data.get("maatregelen") if isinstance(data, dict) else None
    targets = [m["doel"].strip() for m in items if isinstance(m, dict) and isinstance(m.get("doel"), str)
               and m["doel"].strip()] if isinstance(items, list) else []
    return parse_scenario(data, targets)


def _reread(content: str) -> tuple[Scenario | None, list[str]]:
    """The scenario a stored text gives back, or the Dutch problems that stop it from opening."""
    try:
        return _scenario(json.loads(content)), []
    except ScenarioError as error:
        return None, list(error.problems)
    except RecursionError:
        return None, ["het scenario is te diep genest."]
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
        return None, [f"het scenario kan niet worden gelezen ({type(error).__name__}: {_shown(str(error), 120)})."]


def _content(scenario: Scenario) -> str:
    """The JSON text stored for a scenario, refused unless it opens again as a scenario of the same name."""
    label = f"Scenario '{_shown(scenario.naam)}'"
    try:
        content = json.dumps(scenario.to_json(), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError, AttributeError) as error:
        raise InvalidInputError(f"{label} kan niet worden opgeslagen: het bevat waarden die geen tekst of eindig "
                                f"getal zijn ({_shown(str(error), 120)}).") from None
    if len(content) > MAX_SCENARIO_CHARS:
        raise InvalidInputError(f"{label} is te groot om op te slaan ({_count(len(content))} tekens; het maximum "
                                f"is {_count(MAX_SCENARIO_CHARS)}). Maak de toelichtingen korter.")
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"{label} bevat ongeldige tekens (losse surrogaten) en kan niet worden "
                                "opgeslagen.") from None
    reread, problems = _reread(content)
    if reread is None:
        raise InvalidInputError(f"{label} kan niet worden opgeslagen, want het zou niet meer te openen zijn: "
                                + " ".join(problems[:5]))
    if reread.naam != scenario.naam:
        raise InvalidInputError(f"{label} kan niet worden opgeslagen: de naam verandert bij het teruglezen.")
    return content
