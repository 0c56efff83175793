"""Store failures reach the user in Dutch on the screens, and nothing being edited is lost (streamlit AppTest)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import REPO, work_of

TIMEOUT = 180


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    """The app's shared store reopened as a SQLite file in its own folder (the file's own failures are tested)."""
    from ui import scenario_work

    monkeypatch.delenv("GRIP_DATABASE_URL")
    monkeypatch.setenv("GRIP_DATA_DIR", str(tmp_path))
    scenario_work._opened_store.clear()
    yield tmp_path
    scenario_work._opened_store.clear()


def maatregelen(at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("screens/maatregelen.py").run()
    assert not at.exception, at.exception
    return at


def test_a_truncated_store_file_is_moved_aside_and_every_screen_says_so(fresh_store):
    (fresh_store / "scenarios.db").write_bytes(b"")  # truncated to 0 bytes
    at = maatregelen()
    notices = [w.value for w in at.warning if "scenario-opslag" in w.value]
    assert notices and "opzijgezet" in notices[0]
    assert list(fresh_store.glob("scenarios.db.beschadigd-*")), "the damaged file must be kept, not replaced"


def test_a_new_scenario_with_an_existing_name_is_refused_and_the_measures_stay(fresh_store):
    at = maatregelen()
    before = [m.naam for m in work_of(at).scenarios["Pakket 2026"].maatregelen]
    at.text_input(key="new_scenario_name").set_value("Pakket 2026").run()
    next(b for b in at.button if b.label == "Nieuw, leeg").click().run()
    assert not at.exception
    assert any("Er is al een scenario 'Pakket 2026'" in e.value for e in at.error)
    assert [m.naam for m in work_of(at).scenarios["Pakket 2026"].maatregelen] == before


def test_a_name_the_store_cannot_hold_is_refused_in_dutch(fresh_store):
    at = maatregelen()
    at.text_input(key="new_scenario_name").set_value("x" * 500).run()
    next(b for b in at.button if b.label == "Nieuw, leeg").click().run()
    assert any("Kies een naam van 1 tot 120 tekens" in e.value for e in at.error)
    assert "x" * 500 not in work_of(at).scenarios


def test_a_hostile_import_bundle_is_refused_in_dutch_and_stores_nothing(fresh_store):
    from scenarios.store import ScenarioStore

    bundle = {"soort": "grip-scenario's", "versie": 1, "scenarios": [{"naam": "Kapot", "versies": [{"versie": 1}]}]}
    store = ScenarioStore()
    with pytest.raises(Exception) as refused:
        store.import_json(json.dumps(bundle).encode())
    assert str(refused.value).startswith("Er is niets geïmporteerd")
    assert store.list(include_deleted=True) == []


def test_user_text_in_messages_is_shown_literally_not_as_markdown():
    from ui.display import plain

    assert plain("[klik](http://x) **vet**") == "\\[klik\\]\\(http://x\\) \\*\\*vet\\*\\*"
