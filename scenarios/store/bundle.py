"""Export and import bundles: the whole bundle is checked before anything is stored; `diff` says in Dutch what
changed between two versions of a scenario.
"""

from __future__ import annotations

import json
from datetime import datetime

from scenarios.measures import Scenario
from scenarios.store.checks import _content, _count, _kind, _name_problem, _reread, _shown, _text_problem, _utc
from scenarios.store.schema import (
    MAX_AUTHOR,
    MAX_GEMEENTE,
    MAX_IMPORT_CHARS,
    MAX_IMPORT_SCENARIOS,
    MAX_IMPORT_VERSIONS,
    MAX_NOTE,
    MAX_SCENARIO_CHARS,
    SCHEMA_VERSION,
)
from scenarios.store_errors import (
    ImportRefusedError,
    InvalidInputError,
)


def _checked_bundle(data) -> list[dict]:
    """The rows an import would write, or ImportRefusedError listing every problem (in Dutch)."""
    if not isinstance(data, dict) or data.get("soort") != "grip-scenario's":
        raise ImportRefusedError(["Dit bestand is geen export van Grip-scenario's."])
    bundle_version = data.get("versie", SCHEMA_VERSION)
    if not isinstance(bundle_version, int) or isinstance(bundle_version, bool) or bundle_version < 1:
        raise ImportRefusedError([f"De export heeft een ongeldig versienummer ('{_shown(bundle_version)}')."])
    if bundle_version > SCHEMA_VERSION:
        raise ImportRefusedError([f"Deze export komt uit een nieuwere Grip (versie {bundle_version}); deze Grip "
                                  f"kent tot en met versie {SCHEMA_VERSION}. Werk Grip bij."])
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        raise ImportRefusedError([f"'scenarios' moet een lijst zijn, niet {_kind(scenarios)}."])
    if len(scenarios) > MAX_IMPORT_SCENARIOS:
        raise ImportRefusedError([f"De export bevat {len(scenarios)} scenario's; het maximum is "
                                  f"{MAX_IMPORT_SCENARIOS}."])
    problems: list[str] = []
    items: list[dict] = []
    seen: set[str] = set()
    total_versions = total_chars = 0
    for position, item in enumerate(scenarios, 1):
        if len(problems) >= 200:
            problems.append("Gestopt na 200 problemen.")
            break
        label = f"Scenario {position}"
        if not isinstance(item, dict):
            problems.append(f"{label}: verwacht een object met 'naam' en 'versies', niet {_kind(item)}.")
            continue
        naam = item.get("naam")
        problem = _name_problem(naam) if "naam" in item else "'naam' ontbreekt."
        if problem:
            problems.append(f"{label}: {problem}")
            naam = None
        else:
            label = f"Scenario '{_shown(naam)}'"
            if naam in seen:
                problems.append(f"{label} komt meer dan één keer voor in de export.")
            seen.add(naam)
        flags = {"gemeente": item.get("gemeente")}
        problem = None if flags["gemeente"] is None else _text_problem(flags["gemeente"], "'gemeente'", MAX_GEMEENTE)
        if problem:
            problems.append(f"{label}: {problem}")
        for key in ("vastgezet", "verwijderd"):
            flags[key] = item.get(key, False)
            if not isinstance(flags[key], bool):
                problems.append(f"{label}: '{key}' moet true of false zijn, niet '{_shown(flags[key])}'.")
        versions = item.get("versies")
        if not isinstance(versions, list) or not versions:
            problems.append(f"{label}: 'versies' moet een lijst met minstens één versie zijn, niet {_kind(versions)}"
                            f"{' (leeg)' if versions == [] else ''}.")
            continue
        total_versions += len(versions)
        if total_versions > MAX_IMPORT_VERSIONS:
            raise ImportRefusedError([f"De export bevat meer dan {MAX_IMPORT_VERSIONS} versies; dat is te veel om "
                                      "in één keer te importeren."])
        rows = []
        for number, version in enumerate(versions, 1):
            where = f"{label}, versie {number}"
            if not isinstance(version, dict):
                problems.append(f"{where}: verwacht een object met 'versie', 'auteur', 'opgeslagen_op' en 'scenario', "
                                f"niet {_kind(version)}.")
                continue
            before = len(problems)
            stated = version.get("versie")
            if stated != number or isinstance(stated, bool):
                problems.append(f"{label}: de versies moeten op volgorde 1, 2, 3, … genummerd zijn; op plaats {number} "
                                f"staat versie '{_shown(stated)}'.")
            auteur = version.get("auteur")
            problem = _text_problem(auteur, "'auteur'", MAX_AUTHOR) if "auteur" in version else "'auteur' ontbreekt."
            if problem:
                problems.append(f"{where}: {problem}")
            notitie = version.get("notitie", "")
            problem = _text_problem(notitie, "'notitie'", MAX_NOTE, newlines=True, required=False)
            if problem:
                problems.append(f"{where}: {problem}")
            moment = _moment(version.get("opgeslagen_op"))
            if moment is None:
                problems.append(f"{where}: 'opgeslagen_op' moet een datum en tijd zijn zoals "
                                f"'2026-01-31T12:00:00+00:00', niet '{_shown(version.get('opgeslagen_op'))}'.")
            content, problem = _bundle_content(version.get("scenario"), naam)
            if problem:
                problems.append(f"{where}: {problem}")
            else:
                total_chars += len(content)
                if total_chars > MAX_IMPORT_CHARS:
                    raise ImportRefusedError([f"De export is te groot (meer dan {MAX_IMPORT_CHARS / 1e6:.0f} miljoen "
                                              "tekens aan scenario's)."])
            if len(problems) == before:
                rows.append({"versie": number, "auteur": auteur, "notitie": notitie, "opgeslagen_op": moment,
                             "inhoud": content})
        if naam is not None and len(rows) == len(versions):
            items.append({"naam": naam, "versies": rows, **flags})
    if problems:
        raise ImportRefusedError(problems)
    return items


def _moment(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = _utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        return None
    return moment if 1900 <= moment.year <= 9999 else None


def _bundle_content(data, naam: str | None) -> tuple[str, str | None]:
    """One version's scenario as it would be stored (its normal JSON form), or the Dutch problem."""
    if not isinstance(data, dict):
        return "", f"'scenario' moet een object zijn met 'naam' en 'maatregelen', niet {_kind(data)}."
    try:
        raw = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except RecursionError:
        return "", "het scenario is te diep genest."
    except (TypeError, ValueError) as error:
        return "", f"het scenario bevat waarden die geen JSON zijn ({_shown(str(error), 80)})."
    if len(raw) > MAX_SCENARIO_CHARS:
        return "", f"het scenario is te groot ({_count(len(raw))} tekens; het maximum is {_count(MAX_SCENARIO_CHARS)})."
    scenario, problems = _reread(raw)
    if scenario is None:
        return "", "het scenario is ongeldig: " + " ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
    if naam is not None and scenario.naam != naam:
        return "", f"het scenario heet '{_shown(scenario.naam)}', niet '{_shown(naam)}'."
    try:
        content = _content(scenario)
    except InvalidInputError as error:
        return "", str(error)
    return content, None


def diff(old: Scenario, new: Scenario) -> list[str]:
    """Dutch lines saying which measures were added, removed or changed between two versions."""
    before = {m.naam: m for m in old.maatregelen}
    after = {m.naam: m for m in new.maatregelen}
    lines = [f"Toegevoegd: {n}" for n in after if n not in before]
    lines += [f"Verwijderd: {n}" for n in before if n not in after]
    for name in after:
        if name in before and before[name] != after[name]:
            a, b = before[name].to_json(), after[name].to_json()
            changes = [f"{k} {a.get(k)} → {b.get(k)}" for k in b if a.get(k) != b.get(k)]
            lines.append(f"Gewijzigd: {name} ({', '.join(changes)})")
    if old.taakstelling != new.taakstelling:
        lines.append("Gewijzigd: taakstelling")
    return lines
