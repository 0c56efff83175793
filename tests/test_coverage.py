"""A saved scenario on data that lacks its voorzieningen is named, never computed in part; the gemeente key."""

from __future__ import annotations

import dataclasses

import pytest

from forecasting.input.validation import load_dataset
from forecasting.region.region_total import combine
from forecasting.region.regional import load_region
from grip import service
from scenarios.coverage import gemeente_key, missing_message, missing_targets
from scenarios.measures import Measure, Scenario


@pytest.fixture(scope="module")
def sample():
    dataset, _ = load_dataset(service.SAMPLE_PATH, horizon=5, naam=service.SAMPLE_NAME)
    return dataset


@pytest.fixture(scope="module")
def region():
    return load_region(service.SAMPLE_REGION_PATH, 5)


def measure(naam: str, doel: str) -> Measure:
    return Measure(naam=naam, doel=doel, hefboom="volume", startjaar=2026, effect_pct=-10.0)


def test_a_scenario_whose_doelen_are_all_in_the_data_fits(sample):
    scenario = Scenario("Pakket", [measure("A", "Begeleiding"), measure("B", "jeugd")], {})  # a domein, any case
    assert missing_targets(scenario, sample) == {}
    assert missing_message(scenario, sample) is None


def test_missing_voorzieningen_are_named_with_their_measures(sample):
    scenario = Scenario("Eigen maatregelen", [measure("A", "Begeleiding"), measure("B", "Schuldhulp"),
                                              measure("C", "Schuldhulp"), measure("D", "Beschermd wonen")], {})
    assert missing_targets(scenario, sample) == {"Schuldhulp": ["B", "C"], "Beschermd wonen": ["D"]}
    message = missing_message(scenario, sample)
    assert message.startswith("Scenario 'Eigen maatregelen' past niet bij de gegevens van Voorbeeldgemeente "
                              "(fictief): die missen deze voorzieningen of domeinen: Schuldhulp (maatregel 'B', "
                              "'C'); Beschermd wonen (maatregel 'D').")
    assert "niet voor een deel door" in message


def test_a_region_selection_matches_voorzieningen_without_their_gemeente(region):
    combined, _ = combine({g: region.datasets[g] for g in ("Waterhoven", "Beekdal")}, "selectie")
    assert missing_targets(Scenario("P", [measure("A", "Begeleiding")], {}), combined) == {}
    assert gemeente_key(combined) == "Beekdal + Waterhoven"  # sorted, whatever the order of choosing
    assert gemeente_key(region.datasets["Beekdal"]) == "Beekdal"


def test_the_key_of_one_gemeente_is_its_name_and_a_huge_region_key_is_cut_with_a_hash(sample):
    assert gemeente_key(sample) == "Voorbeeldgemeente (fictief)"
    many = dataclasses.replace(sample, gemeenten=tuple(f"Gemeente {n:04d}" for n in range(200)))
    key = gemeente_key(many)
    assert len(key) <= 1000 and key.startswith("Gemeente 0000 + Gemeente 0001") and " … #" in key
    other = dataclasses.replace(sample, gemeenten=tuple(f"Gemeente {n:04d}" for n in range(201)))
    assert gemeente_key(other) != key
