"""Checks on measures as a user types them (grid and form), in the user's words. No Streamlit here.

scenarios/measures.py checks a scenario file strictly, and its rules on an effect's limits and range
(effect_within_limits, range_in_part) are used here too; this adds what a screen must say before that:
a start year before the first forecast year (its effect is already in the realised figures), an empty
name, a 'besparing' that costs money, values out of range ('Effect moet tussen −100% en +100% liggen')
and an effect outside its own min-max range (the range is widened, and the screen says so).
Messages never show a field name such as effect_pct.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from presentation.formatting import euro, signed_pct
from scenarios.measures import effect_within_limits, range_in_part

FIELD_WORDS = {
    "effect_min_pct": "Min %", "effect_max_pct": "Max %", "effect_pct": "Effect %", "ingroei_jaren": "Ingroei (jaren)",
    "kosten_per_jaar": "Uitvoeringskosten €/jaar", "startjaar": "Start", "eindjaar": "Eind",
    "bedrag": "Bedrag €/jaar", "naam": "Maatregel", "doel": "Doel", "hefboom": "Hefboom",
}


def in_words(message: str) -> str:
    """A message of scenarios/measures.py with the column names of the screen instead of field names."""
    message = re.sub(r"ligt buiten \(-100, 100\]", "moet tussen −100% en +100% liggen", message)
    for field, words in FIELD_WORDS.items():  # longest names first: effect_min_pct before effect_pct
        message = message.replace(f"'{field}'", f"'{words}'").replace(field, words)
    return message


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or (
        isinstance(value, str) and not value.strip())


def _number(value):
    if _missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def check_measures(frame: pd.DataFrame, first_year: int) -> tuple[pd.DataFrame, list[str], list[str], list[str]]:
    """(frame with ranges widened, errors, warnings, notes) for the measures grid or the add-measure form.

    Errors stop the scenario from being used; warnings and notes are shown next to it."""
    frame = frame.copy()
    errors: list[str] = []
    warnings: list[str] = []
    notes: list[str] = []
    for position, (index, row) in enumerate(frame.iterrows(), start=1):
        if all(_missing(row.get(k)) for k in ("naam", "doel", "hefboom")):
            continue  # an empty row the grid added
        naam = "" if _missing(row.get("naam")) else str(row["naam"]).strip()
        where = f"Maatregel '{naam}'" if naam else f"Rij {position}"
        if not naam:
            errors.append(f"{where}: geef de maatregel een naam.")
        hefboom = None if _missing(row.get("hefboom")) else str(row["hefboom"])
        start = _number(row.get("startjaar"))
        if start is None:
            errors.append(f"{where}: vul het startjaar in ({first_year} of later).")
        elif start < first_year:
            errors.append(f"{where}: het startjaar {int(start)} ligt vóór het eerste prognosejaar {first_year}. "
                          f"Wat een maatregel vóór {first_year} opleverde, zit al in de gerealiseerde cijfers; "
                          f"kies {first_year} of later.")
        end = _number(row.get("eindjaar"))
        if start is not None and end is not None and end < start:
            errors.append(f"{where}: het eindjaar {int(end)} ligt vóór het startjaar {int(start)}.")
        ingroei = _number(row.get("ingroei_jaren"))
        if ingroei is not None and (ingroei < 1 or not float(ingroei).is_integer()):
            errors.append(f"{where}: de ingroei is een heel aantal jaren, 1 of meer.")
        kosten = _number(row.get("kosten_per_jaar"))
        if kosten is not None and kosten < 0:
            errors.append(f"{where}: uitvoeringskosten kunnen niet negatief zijn; een besparing hoort bij het "
                          "effect of bij een vast bedrag.")
        if hefboom == "bedrag":
            amount = _number(row.get("bedrag"))
            if amount is None:
                errors.append(f"{where}: vul het bedrag per jaar in (negatief = besparing, bijvoorbeeld −120.000).")
            elif amount > 0:
                warnings.append(f"{where}: het bedrag is positief, dus deze maatregel kost {euro(amount)} per jaar "
                                f"extra. Is het een besparing, vul dan een negatief bedrag in ({euro(-amount)}).")
        elif hefboom in ("volume", "prijs"):
            effect = _number(row.get("effect_pct"))
            low, high = _number(row.get("effect_min_pct")), _number(row.get("effect_max_pct"))
            if effect is None:
                errors.append(f"{where}: vul het effect in procenten in (−10 = 10% minder).")
            for label, value in (("Effect", effect), ("Min", low), ("Max", high)):
                if value is not None and not effect_within_limits(value):
                    errors.append(f"{where}: {label} moet tussen −100% en +100% liggen (nu {signed_pct(value)}).")
            if range_in_part(low, high):
                errors.append(f"{where}: vul zowel Min % als Max % in (de bandbreedte), of laat beide leeg.")
            elif low is not None and high is not None:
                if low > high:
                    low, high = high, low
                    frame.loc[index, ["effect_min_pct", "effect_max_pct"]] = [low, high]
                    notes.append(f"{where}: Min % en Max % waren omgewisseld; nu {signed_pct(low)} tot "
                                 f"{signed_pct(high)}.")
                if effect is not None and effect_within_limits(effect) and not low <= effect <= high:
                    low, high = min(low, effect), max(high, effect)
                    frame.loc[index, ["effect_min_pct", "effect_max_pct"]] = [low, high]
                    notes.append(f"{where}: het effect {signed_pct(effect)} lag buiten de bandbreedte; die is "
                                 f"verbreed naar {signed_pct(low)} tot {signed_pct(high)}. Pas Min % en "
                                 "Max % aan als dat niet klopt.")
            if effect is not None and effect > 0 and "besparing" in naam.lower():
                warnings.append(f"{where}: een positief effect ({signed_pct(effect)}) verhoogt de kosten. Is "
                                f"het een besparing, vul dan {signed_pct(-effect)} in.")
    return frame, errors, warnings, notes
