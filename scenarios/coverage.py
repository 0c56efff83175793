"""Does a saved scenario fit the data in use, and which gemeente does work belong to. Pure functions, Dutch text.

A measure reaches the rows whose voorziening or domein equals its `doel` (scenarios/apply.target_mask). A
measure whose doel is neither a voorziening nor a domein of the data would reach nothing: the scenario would be
computed in part without a word. `missing_targets` names those doelen; `missing_message` says it in Dutch.

`gemeente_key` is the gemeente a scenario is saved under: the data's name (Dataset.naam) for one gemeente, the
sorted names of the chosen gemeenten joined by ' + ' for a region's selection (one chosen gemeente: its name).
"""

from __future__ import annotations

import hashlib

from forecasting.input.dataset import Dataset
from scenarios.measures import Scenario

MAX_KEY = 1000  # the store's limit on a gemeente key; longer keys are cut and given a hash suffix


def gemeente_key(dataset: Dataset) -> str:
    names = sorted(dataset.gemeenten) if dataset.gemeenten else [dataset.naam]
    key = " + ".join(names)
    if len(key) > MAX_KEY:
        key = f"{key[:MAX_KEY - 20]} … #{hashlib.sha256(key.encode()).hexdigest()[:12]}"
    return key


def known_targets(dataset: Dataset) -> set[str]:
    """Every voorziening and domein of the data, lower-cased (a region's rows without their gemeente)."""
    return {str(n).strip().lower() for n in set(dataset.voorziening_names) | set(dataset.voorzieningen["domein"])}


def missing_targets(scenario: Scenario, dataset: Dataset) -> dict[str, list[str]]:
    """Per doel the data lacks, the measures (active or not) that name it, in the scenario's order."""
    known = known_targets(dataset)
    missing: dict[str, list[str]] = {}
    for measure in scenario.maatregelen:
        if measure.doel.strip().lower() not in known:
            missing.setdefault(measure.doel, []).append(measure.naam)
    return missing


def missing_message(scenario: Scenario, dataset: Dataset) -> str | None:
    """Why the scenario cannot be used on this data (Dutch), or None when every doel is in the data."""
    missing = missing_targets(scenario, dataset)
    if not missing:
        return None
    listed = "; ".join(f"{doel} (maatregel {', '.join(repr(n) for n in names)})" for doel, names in missing.items())
    kind = "deze voorziening of dit domein" if len(missing) == 1 else "deze voorzieningen of domeinen"
    return (f"Scenario '{scenario.naam}' past niet bij de gegevens van {dataset.naam}: die missen {kind}: "
            f"{listed}. Grip rekent een scenario niet voor een deel door. Open het bij de gegevens waarop het is "
            "gemaakt, of pas de maatregelen aan en sla het onder een nieuwe naam op.")
