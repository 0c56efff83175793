"""The session's work as one typed object (ui/workspace.py): each operation keeps what it promises, and the kept
document is checked when read back."""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest

from forecasting.model.families import MODEL_CHOICES
from scenarios.measures import parse_scenario
from ui import workspace as ws

UPLOAD = ws.Upload("Eigen gemeente", MappingProxyType({"realisatie.csv": b"jaar;voorziening"}), "abc")
IN_YEAR = ws.Upload("Eigen gemeente", MappingProxyType({"realisatie.csv": b"jaar", "tussentijds.csv": b"x"}), "def")
PLAN = {"naam": "Plan", "maatregelen": [{"naam": "Wijkteam", "doel": "Begeleiding", "hefboom": "volume",
                                         "effect_pct": -5, "startjaar": 2026}]}


def busy() -> ws.Workspace:
    work = ws.load_upload(ws.Workspace(horizon=7), UPLOAD)
    work = ws.choose_gemeenten(work, ["Beekdal"])
    work = ws.exclude_years(work, [2021, 2020, 2020])
    work = ws.set_model(work, "Begeleiding", "damped")
    work = ws.set_continuation(work, 2.5)
    work = ws.keep_scenario(work, parse_scenario(PLAN, ["Begeleiding"]), select=True)
    return ws.record_saved_versions(work, {"Plan": 3})


def test_adding_in_year_figures_keeps_all_of_the_work():
    work = busy()
    added = ws.add_in_year(work, IN_YEAR)
    assert added.upload == IN_YEAR
    assert vars_of(added) == {**vars_of(work), "upload": IN_YEAR}


def test_new_data_resets_what_belongs_to_the_old_data_and_keeps_the_horizon():
    other = ws.Upload("Andere gemeente", MappingProxyType({}), "ghi")
    fresh = ws.load_upload(busy(), other)
    assert (fresh.source, fresh.upload_name, fresh.horizon) == (ws.UPLOAD, "Andere gemeente", 7)
    assert (fresh.excluded_years, dict(fresh.models), fresh.continuation_pct, fresh.gemeenten) == ((), {}, None, ())
    assert (fresh.scenarios, fresh.scenario_name, dict(fresh.saved_versions)) == (None, ws.NO_MEASURES, {})
    assert fresh.opened == busy().opened + 1  # the measure editor starts from the new data's packages
    region = ws.use_sample(busy(), region=True)
    assert (region.source, region.upload_name, region.horizon, region.excluded_years) == (ws.SAMPLE_REGION, None, 7, ())


def test_each_operation_changes_only_its_own_part():
    work = busy()
    assert ws.set_horizon(work, 5) == ws.Workspace(**{**vars_of(work), "horizon": 5})
    assert ws.exclude_years(work, [2019]).models == work.models
    assert ws.set_model(work, "Begeleiding", "auto").models == {}  # auto is the default: no explicit choice left
    assert ws.set_model(work, "Hulpmiddelen", "theta").excluded_years == (2020, 2021)
    assert ws.choose_scenario(work, None).scenarios == work.scenarios


def vars_of(work: ws.Workspace) -> dict:
    return {name: getattr(work, name) for name in ws.Workspace.__dataclass_fields__}


def test_the_document_reads_back_as_the_same_workspace():
    work = busy()
    document = json.loads(json.dumps(ws.to_document(work)))
    again, reason = ws.from_document(document, range(1, 31), MODEL_CHOICES, upload=UPLOAD)
    assert reason == ""
    # the packages come back waiting to be checked against the data (ui/scenario_work.py), as the same JSON
    assert again.scenarios is None and dict(again.waiting_scenarios) == {"Plan": work.scenarios["Plan"].to_json()}
    set_up = ws.start_packages(again, {"Plan": parse_scenario(dict(again.waiting_scenarios["Plan"]), ["Begeleiding"])})
    assert vars_of(set_up) == {**vars_of(work), "opened": 0}
    assert ws.to_document(set_up) == document


@pytest.mark.parametrize(("document", "reason"), [
    ({"horizon": 99}, "'horizon' moet een horizon van 3 tot en met 10 jaar zijn"),
    ({"gemeenten": 5}, "'gemeenten' moet een lijst namen van gemeenten zijn"),
    ({"models": {"Begeleiding": "magie"}}, "onbekend model 'magie'"),
    ({"wachtwoord": "x"}, "onbekende sleutel 'wachtwoord'"),
    ({"excluded_years": [True]}, "'excluded_years' moet een lijst jaartallen zijn"),
    ([1, 2], "geen lijst van keuzes"),
])
def test_a_wrong_document_gives_a_dutch_reason_and_a_fresh_workspace(document, reason):
    work, message = ws.from_document(document, range(3, 11), MODEL_CHOICES, upload=UPLOAD)
    assert message == reason
    assert work == ws.Workspace(source=ws.UPLOAD, upload=UPLOAD)  # a fresh workspace on the kept data


def test_in_year_figures_on_the_sample_keep_it_the_sample_also_after_a_reload():
    sample = ws.set_horizon(ws.Workspace(), 6)
    added = ws.add_in_year(sample, IN_YEAR)
    assert (added.source, added.upload, added.horizon) == (ws.SAMPLE, IN_YEAR, 6)
    document = json.loads(json.dumps(ws.to_document(added)))
    assert document["sample_with_in_year"] is True and document["upload_name"] is None
    again, reason = ws.from_document(document, range(3, 11), MODEL_CHOICES, upload=IN_YEAR)
    assert reason == "" and (again.source, again.upload) == (ws.SAMPLE, IN_YEAR)
    own = ws.from_document(ws.to_document(busy()), range(3, 11), MODEL_CHOICES, upload=UPLOAD)[0]
    assert own.source == ws.UPLOAD  # an upload of one's own stays one's own


def test_a_format_1_document_with_dutch_keys_still_opens_as_the_same_work():
    kept = {"versie": 1, "horizon": 6, "gegevens": "Eigen gemeente", "voorbeeldregio": None,
            "excluded_years": [2020], "models": {"Begeleiding": "flat"}}
    work, reason = ws.from_document(kept, range(3, 11), MODEL_CHOICES, upload=UPLOAD)
    assert reason == ""
    assert (work.source, work.horizon, work.excluded_years, dict(work.models)) == (ws.UPLOAD, 6, (2020,),
                                                                                   {"Begeleiding": "flat"})
    assert ws.to_document(work)["version"] == 2 and "versie" not in ws.to_document(work)
