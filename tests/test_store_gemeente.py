"""Scenarios belong to a gemeente: filtering, a name per gemeente, the conflict only within one gemeente, and the
migration of a schema-1 store (built here with the old tables), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    text,
)
from sqlalchemy.exc import IntegrityError

from scenarios.measures import Measure, Scenario
from scenarios.store import ConflictError, ImportRefusedError, ScenarioStore, StoreError


def package(naam: str = "Eigen maatregelen", effect: float = -10.0) -> Scenario:
    return Scenario(naam, [Measure(naam="Poortwachter", doel="Begeleiding", hefboom="volume", startjaar=2026,
                                   effect_pct=effect)], {})




def test_each_gemeente_sees_only_its_own_scenarios_and_those_without_a_gemeente(store_url):
    store = ScenarioStore(store_url)
    store.save(package("Oud pakket"), "beheer")  # unscoped: zonder gemeente
    almere, lelystad = store.scoped("Almere", "a" * 16), store.scoped("Lelystad", "b" * 16)
    almere.save(package("Almere plan"), "an@almere.nl")
    lelystad.save(package("Lelystad plan"), "lea@lelystad.nl")
    assert [(s.naam, s.gemeente) for s in almere.list()] == [("Almere plan", "Almere"), ("Oud pakket", None)]
    assert [(s.naam, s.gemeente) for s in lelystad.list()] == [("Lelystad plan", "Lelystad"), ("Oud pakket", None)]
    assert [s.naam for s in store.list()] == ["Oud pakket"]
    assert almere.list()[0].dataset == "a" * 16
    with pytest.raises(StoreError, match="'Lelystad plan' is niet gevonden"):
        almere.open("Lelystad plan")
    for action in (almere.versions, almere.delete, almere.freeze, almere.current_version):
        with pytest.raises(StoreError, match="niet gevonden"):
            action("Lelystad plan")
    assert lelystad.open("Lelystad plan")[1] == 1  # untouched by Almere's attempts
    exported = [item["naam"] for item in almere.export_all()["scenarios"]]
    assert exported == ["Almere plan", "Oud pakket"]


def test_the_same_name_in_two_gemeenten_are_two_scenarios_and_the_conflict_stays_within_one(store_url):
    store = ScenarioStore(store_url)
    almere, lelystad = store.scoped("Almere"), store.scoped("Lelystad")
    assert almere.save(package(effect=-10.0), "an") == 1
    assert lelystad.save(package(effect=-20.0), "lea") == 1  # no 'Iemand anders heeft ...' across gemeenten
    assert almere.open("Eigen maatregelen")[0].maatregelen[0].effect_pct == -10.0
    assert lelystad.open("Eigen maatregelen")[0].maatregelen[0].effect_pct == -20.0
    with pytest.raises(ConflictError, match="Iemand anders heeft 'Eigen maatregelen' intussen opgeslagen"):
        almere.save(package(effect=-5.0), "tweede adviseur almere")  # a new package of the same name, same gemeente
    assert almere.save(package(effect=-12.0), "an", based_on=1) == 2
    assert lelystad.current_version("Eigen maatregelen") == 1


def test_an_import_goes_to_the_gemeente_in_use_and_refuses_another_gemeentes_scenarios(store_url):
    store = ScenarioStore(store_url)
    almere, lelystad = store.scoped("Almere"), store.scoped("Lelystad")
    almere.save(package(), "an")
    bundle = almere.export_all()
    assert bundle["scenarios"][0]["gemeente"] == "Almere"
    with pytest.raises(ImportRefusedError, match="hoort bij gemeente 'Almere', niet bij 'Lelystad'"):
        lelystad.import_all(bundle)
    assert lelystad.list() == []
    bundle["scenarios"][0]["gemeente"] = None  # a scenario without a gemeente may be taken into any gemeente
    assert lelystad.import_all(bundle) == ["Eigen maatregelen"]
    assert [(s.naam, s.gemeente) for s in lelystad.list()] == [("Eigen maatregelen", "Lelystad")]


def old_tables() -> tuple[MetaData, Table, Table, Table]:
    """The tables as Grip created them at schema 1 (naam unique over the whole store, no gemeente)."""
    metadata = MetaData()
    version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
    scenarios = Table(
        "scenarios", metadata, Column("id", Integer, primary_key=True),
        Column("naam", String(200), nullable=False, unique=True), Column("huidige_versie", Integer, nullable=False),
        Column("vastgezet", Boolean, nullable=False), Column("verwijderd_op", DateTime(timezone=True)),
        Column("aangemaakt_op", DateTime(timezone=True), nullable=False))
    versions = Table(
        "scenario_versies", metadata, Column("id", Integer, primary_key=True),
        Column("scenario_id", Integer, ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False),
        Column("versie", Integer, nullable=False), Column("inhoud", Text, nullable=False),
        Column("auteur", String(200), nullable=False), Column("notitie", Text, nullable=False),
        Column("opgeslagen_op", DateTime(timezone=True), nullable=False), UniqueConstraint("scenario_id", "versie"))
    return metadata, version, scenarios, versions


CONTENT = ('{"maatregelen": [{"doel": "Begeleiding", "effect_pct": %s, "hefboom": "volume", "naam": "Poortwachter", '
           '"startjaar": 2026}], "naam": "%s"}')


def test_a_schema_1_store_migrates_its_scenarios_keep_their_versions_without_a_gemeente(store_url):
    engine = create_engine(store_url)
    metadata, version, scenarios, versions = old_tables()
    moment = datetime(2025, 1, 2, 10, tzinfo=UTC)
    with engine.begin() as connection:
        metadata.create_all(connection)
        connection.execute(version.insert().values(version=1))
        kept = connection.execute(scenarios.insert().values(
            naam="Eigen maatregelen", huidige_versie=2, vastgezet=False, aangemaakt_op=moment)).inserted_primary_key[0]
        binned = connection.execute(scenarios.insert().values(
            naam="Weggegooid", huidige_versie=1, vastgezet=False, verwijderd_op=moment,
            aangemaakt_op=moment)).inserted_primary_key[0]
        connection.execute(versions.insert(), [
            {"scenario_id": sid, "versie": number, "inhoud": CONTENT % (effect, naam), "auteur": "oud", "notitie": "",
             "opgeslagen_op": moment}
            for sid, number, effect, naam in [(kept, 1, -5, "Eigen maatregelen"), (kept, 2, -8, "Eigen maatregelen"),
                                              (binned, 1, -1, "Weggegooid")]])
    engine.dispose()
    store = ScenarioStore(store_url)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version FROM schema_version")).scalars().all() == [2]
    with pytest.raises(IntegrityError), store.engine.begin() as connection:  # the name is unique per gemeente
        connection.execute(text("INSERT INTO scenarios (naam, huidige_versie, vastgezet, aangemaakt_op) "
                                "VALUES ('Eigen maatregelen', 1, FALSE, CURRENT_TIMESTAMP)"))
    almere = store.scoped("Almere")
    (saved,) = almere.list()
    assert (saved.naam, saved.versie, saved.gemeente, saved.auteur) == ("Eigen maatregelen", 2, None, "oud")
    assert [s.naam for s in almere.bin()] == ["Weggegooid"]
    assert [v.versie for v in almere.versions("Eigen maatregelen")] == [1, 2]  # versions survived the rebuild
    assert almere.open("Eigen maatregelen", 1)[0].maatregelen[0].effect_pct == -5.0
    with pytest.raises(StoreError, match="al een scenario 'Eigen maatregelen' zonder gemeente"):
        almere.save(package(), "an")  # a new package may not take the old one's name
    assert almere.save(package(), "an", based_on=2) == 3  # building on it keeps it without a gemeente
    lelystad = store.scoped("Lelystad")
    assert [(s.naam, s.versie, s.gemeente) for s in lelystad.list()] == [("Eigen maatregelen", 3, None)]
    reopened = ScenarioStore(store_url)  # a second open finds schema 2 and changes nothing
    assert [s.versie for s in reopened.scoped("Lelystad").list()] == [3]
    store.engine.dispose()
    reopened.engine.dispose()
