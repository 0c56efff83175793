"""The session's work as one typed object: `Workspace`, kept in the session under one key and changed only by the
named operations below (ui/session_work.py applies them; screens never write the work themselves).

What the work holds: where the data comes from (the sample gemeente, the sample region or an upload, with its
files, name and content key), the chosen gemeenten of a region, the horizon, the excluded years, the model per
voorziening, the continuation percentage, the measure packages (Scenario per name; None until they are set up for
the data), packages read back from a kept document that still wait for the data to check them against, the
package being edited and the store versions the packages were opened at.

Every operation says what it keeps and what it resets:

    load_upload(w, upload)      new data: everything that belongs to the old data is reset (measures, excluded
                                years, models, continuation, gemeenten, saved versions; the package in use is
                                the one without measures); the horizon is kept
    use_sample(w, region)       the same for the sample gemeente or the sample region (no package chosen yet)
    add_in_year(w, upload)      the same data with in-year figures: only the files change, all of the work stays
                                (the sample gemeente stays the sample gemeente, now with the user's figures)
    choose_gemeenten(w, names)  only the chosen gemeenten
    set_horizon(w, h)           only the horizon
    exclude_years(w, years)     only the excluded years (sorted, each once)
    set_model(w, v, model)      only v's model ('auto' removes the explicit choice)
    set_continuation(w, pct)    only the continuation percentage
    start_packages(w, pkgs)     the packages for this data (from the kept document or the example); the waiting
                                ones are dropped
    keep_scenario(w, s, select) only package s (and, when selected, which package is edited; `opened` counts
                                up so the editor starts from the package as kept)
    choose_scenario(w, naam)    only which package is being edited
    record_saved_version(w, naam, version)  only the store version of one package (None: forgotten)
    record_saved_versions(w, v) only the store versions of the packages

The work is saved as one versioned document (`to_document`, format `version` 2, the session's keuzes.json; the
upload's files are kept beside it; its keys are code words, so English, and format 1's Dutch keys are still read)
and read back by `from_document`, which refuses a document with an unknown key or a wrong type with a Dutch
reason and then starts a fresh workspace: a tampered file never reaches a screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from forecasting.input.dataset import DEFAULT_HORIZON
from grip.service import NO_MEASURES
from scenarios.measures import Scenario

FORMAT_VERSION = 2
# format 1 named four keys in Dutch; they are read under their English names (a kept session is never lost)
FORMAT_1_NAMES = {"versie": "version", "gegevens": "upload_name", "voorbeeldregio": "sample_region",
                  "voorbeeld_met_tussentijds": "sample_with_in_year"}
SAMPLE, SAMPLE_REGION, UPLOAD = "voorbeeld", "voorbeeldregio", "upload"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# document key -> (check, what it must be, in Dutch); the horizon and models are also checked against the settings
RULES = {
    "version": (_is_int, "een geheel getal"),
    "horizon": (_is_int, "een horizon"),
    "excluded_years": (lambda v: isinstance(v, list) and all(_is_int(y) and 1900 <= y <= 2200 for y in v),
                       "een lijst jaartallen"),
    "models": (lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(m, str)
                                                     for k, m in v.items()), "een lijst modelkeuzes"),
    "continuation_pct": (lambda v: v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)
                                                 and math.isfinite(v) and -100 <= v <= 100),
                         "leeg of een percentage tussen -100 en 100"),
    "scenario_name": (lambda v: v is None or isinstance(v, str), "leeg of een naam"),
    "scenarios": (lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(s, dict)
                                                        for k, s in v.items()), "een lijst scenario's"),
    "saved_versions": (lambda v: isinstance(v, dict) and all(isinstance(k, str) and _is_int(n)
                                                             for k, n in v.items()), "een lijst versienummers"),
    "upload_name": (lambda v: v is None or isinstance(v, str), "leeg of een naam"),
    "sample_region": (lambda v: v is None or isinstance(v, bool), "leeg, waar of onwaar"),
    "sample_with_in_year": (lambda v: v is None or isinstance(v, bool), "leeg, waar of onwaar"),
    "gemeenten": (_text_list, "een lijst namen van gemeenten"),
}


def _frozen(mapping) -> MappingProxyType:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Upload:
    """Uploaded files (file name -> bytes) under the name the user gave them, with their content key."""
    naam: str
    files: MappingProxyType
    key: str


@dataclass(frozen=True)
class Workspace:
    source: str = SAMPLE  # SAMPLE, SAMPLE_REGION or UPLOAD
    upload: Upload | None = None  # UPLOAD, or SAMPLE with the user's in-year figures added
    gemeenten: tuple[str, ...] = ()  # a region's chosen gemeenten; () = all
    horizon: int = DEFAULT_HORIZON
    excluded_years: tuple[int, ...] = ()
    models: MappingProxyType = field(default_factory=lambda: _frozen({}))  # voorziening -> model
    continuation_pct: float | None = None
    scenarios: MappingProxyType | None = None  # name -> Scenario; None until set up for the data
    waiting_scenarios: MappingProxyType = field(default_factory=lambda: _frozen({}))  # name -> JSON, unchecked
    scenario_name: str | None = None
    saved_versions: MappingProxyType = field(default_factory=lambda: _frozen({}))  # name -> store version
    opened: int = 0  # how often a package was put in front of the editor anew (the editor starts from it then)

    @property
    def upload_name(self) -> str | None:
        return None if self.upload is None else self.upload.naam


# --- the operations ------------------------------------------------------------------------------------------


def _fresh_data(work: Workspace, source: str, upload: Upload | None, scenario_name: str | None) -> Workspace:
    """Everything that belongs to one dataset reset; the horizon kept."""
    return Workspace(source=source, upload=upload, horizon=work.horizon, scenario_name=scenario_name,
                     opened=work.opened + 1)


def load_upload(work: Workspace, upload: Upload) -> Workspace:
    return _fresh_data(work, UPLOAD, upload, NO_MEASURES)


def use_sample(work: Workspace, region: bool = False) -> Workspace:
    return _fresh_data(work, SAMPLE_REGION if region else SAMPLE, None, None)


def add_in_year(work: Workspace, upload: Upload) -> Workspace:
    """In-year figures join the current data: only the files change (the baseline ignores in-year figures)."""
    return replace(work, upload=upload)


def choose_gemeenten(work: Workspace, names) -> Workspace:
    return replace(work, gemeenten=tuple(str(n) for n in names))


def set_horizon(work: Workspace, horizon: int) -> Workspace:
    return replace(work, horizon=int(horizon))


def exclude_years(work: Workspace, years) -> Workspace:
    return replace(work, excluded_years=tuple(sorted({int(y) for y in years})))


def set_model(work: Workspace, voorziening: str, model: str) -> Workspace:
    models = dict(work.models)
    if model == "auto":
        models.pop(voorziening, None)
    else:
        models[voorziening] = model
    return replace(work, models=_frozen(models))


def set_continuation(work: Workspace, pct: float | None) -> Workspace:
    return replace(work, continuation_pct=None if pct is None else float(pct))


def start_packages(work: Workspace, packages: dict[str, Scenario]) -> Workspace:
    return replace(work, scenarios=_frozen(packages), waiting_scenarios=_frozen({}))


def keep_scenario(work: Workspace, scenario: Scenario, select: bool = False) -> Workspace:
    kept = replace(work, scenarios=_frozen({**(work.scenarios or {}), scenario.naam: scenario}))
    return replace(choose_scenario(kept, scenario.naam), opened=work.opened + 1) if select else kept


def choose_scenario(work: Workspace, naam: str | None) -> Workspace:
    return replace(work, scenario_name=naam)


def record_saved_version(work: Workspace, naam: str, version: int | None) -> Workspace:
    versions = dict(work.saved_versions)
    if version is None:
        versions.pop(naam, None)
    else:
        versions[naam] = int(version)
    return replace(work, saved_versions=_frozen(versions))


def record_saved_versions(work: Workspace, versions) -> Workspace:
    """Only the store versions the packages were opened or saved at (for the store's conflict check)."""
    return replace(work, saved_versions=_frozen({str(k): int(v) for k, v in dict(versions or {}).items()}))


# --- the document --------------------------------------------------------------------------------------------


def _packages_json(work: Workspace) -> dict:
    """The packages as JSON: those set up for the data (the empty one without measures left out), else the ones
    still waiting to be checked against it."""
    if work.scenarios is None:
        return {k: dict(v) for k, v in work.waiting_scenarios.items()}
    return {name: s.to_json() for name, s in work.scenarios.items()
            if name != NO_MEASURES or s.maatregelen or s.taakstelling}


def to_document(work: Workspace) -> dict:
    """The one versioned document the session keeps (keuzes.json)."""
    return {
        "version": FORMAT_VERSION, "horizon": work.horizon, "excluded_years": list(work.excluded_years),
        "models": dict(work.models), "continuation_pct": work.continuation_pct,
        "scenario_name": work.scenario_name, "scenarios": _packages_json(work),
        "saved_versions": dict(work.saved_versions),
        "upload_name": work.upload_name if work.source == UPLOAD else None,
        "sample_region": True if work.source == SAMPLE_REGION else None,
        "sample_with_in_year": True if work.source == SAMPLE and work.upload is not None else None,
        "gemeenten": list(work.gemeenten),
    }


def check_document(data, horizons=range(3, 11), families=None) -> tuple[dict | None, str]:
    """(the document, '') when every key is known and of the right type, the horizon one of `horizons` and every
    model one of `families` (when given); (None, the reason in Dutch) else."""
    if not isinstance(data, dict):
        return None, "geen lijst van keuzes"
    data = {FORMAT_1_NAMES.get(key, key): value for key, value in data.items()}
    unknown = sorted(str(k) for k in data if k not in RULES)
    if unknown:
        return None, f"onbekende sleutel '{unknown[0][:40]}'"
    for key, value in data.items():
        check, meaning = RULES[key]
        ok = (_is_int(value) and value in horizons) if key == "horizon" else check(value)
        if not ok:
            if key == "horizon":
                meaning = f"een horizon van {min(horizons)} tot en met {max(horizons)} jaar"
            return None, f"'{key}' moet {meaning} zijn"
    unknown_models = sorted(set(data.get("models", {}).values()) - set(families)) if families is not None else []
    if unknown_models:
        return None, f"onbekend model '{unknown_models[0][:40]}'"
    return data, ""


def from_document(data, horizons=range(3, 11), families=None, upload: Upload | None = None
                  ) -> tuple[Workspace, str]:
    """The workspace a kept document describes, and '' ; or a fresh workspace (with the kept upload) and the Dutch
    reason it was refused. `upload` is the upload kept beside the document (None: no upload kept). Its packages
    wait (`waiting_scenarios`) until they are checked against the data (ui/scenario_work.py)."""
    checked, reason = check_document(data, horizons, families)
    if checked is None:
        return Workspace(source=UPLOAD if upload is not None else SAMPLE, upload=upload), reason
    source = (SAMPLE_REGION if checked.get("sample_region") else SAMPLE) if upload is None else (
        SAMPLE if checked.get("sample_with_in_year") else UPLOAD)
    continuation = checked.get("continuation_pct")
    return Workspace(
        source=source, upload=upload,
        gemeenten=tuple(checked.get("gemeenten") or ()),
        horizon=int(checked.get("horizon", DEFAULT_HORIZON)),
        excluded_years=tuple(sorted(set(checked.get("excluded_years") or ()))),
        models=_frozen(checked.get("models")),
        continuation_pct=None if continuation is None else float(continuation),
        waiting_scenarios=_frozen(checked.get("scenarios")), scenario_name=checked.get("scenario_name"),
        saved_versions=_frozen(checked.get("saved_versions")),
    ), ""
