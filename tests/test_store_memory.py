"""The in-memory scenario store (GRIP_DATABASE_URL=sqlite://): the same repository code on a database that lives in
the process, so screen tests need no database file or server."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from scenarios.measures import Scenario
from scenarios.store import ConflictError, ScenarioStore
from tests.factories import REPO


def test_stores_opened_on_one_memory_url_share_their_scenarios_and_others_do_not():
    first = ScenarioStore("sqlite://?store=gedeeld")
    second = ScenarioStore("sqlite://?store=gedeeld")
    other = ScenarioStore("sqlite://?store=ander")
    assert first.save(Scenario("Plan"), "an") == 1
    assert [s.naam for s in second.list()] == ["Plan"]
    assert other.list() == []
    assert "geheugen" in first.where


def test_the_memory_store_keeps_the_stores_rules():
    store = ScenarioStore("sqlite://?store=regels").scoped("Almere")
    store.save(Scenario("Plan"), "an")
    assert store.save(Scenario("Plan"), "an", based_on=1) == 2
    with pytest.raises(ConflictError):
        store.save(Scenario("Plan"), "bea", based_on=1)  # someone saved in between: refused, nothing written
    assert store.current_version("Plan") == 2
    store.delete("Plan")
    assert store.list() == [] and [s.naam for s in store.bin()] == ["Plan"]


def test_the_screens_save_into_the_memory_store_without_a_database_file(tmp_path, monkeypatch):
    from ui import scenario_work

    monkeypatch.setenv("GRIP_DATABASE_URL", "sqlite://?store=scherm")
    monkeypatch.setenv("GRIP_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("screens/maatregelen.py").run()
    assert not at.exception, at.exception
    at.text_input(key="auteur").set_value("Adviseur").run()
    next(b for b in at.button if b.label.startswith("Opslaan: 'Pakket 2026'")).click().run()
    assert not at.exception, at.exception
    saved = ScenarioStore("sqlite://?store=scherm").scoped("Voorbeeldgemeente (fictief)").list()
    assert [s.naam for s in saved] == ["Pakket 2026"]
    assert not list(tmp_path.rglob("*.db"))  # no database file anywhere
    scenario_work._opened_store.clear()
