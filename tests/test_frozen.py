"""Whether a scenario may be edited: a store that fails to answer never makes a vastgezet scenario editable."""

from __future__ import annotations

import numpy as np
import pytest

from forecasting.model.families import FAMILIES
from scenarios.store import ScenarioNotFoundError, StoreBusyError
from ui import scenario_work


class Answering:
    def __init__(self, answer):
        self.answer = answer

    def is_frozen(self, naam):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("answer, frozen", [
    (True, True), (False, False),
    (ScenarioNotFoundError("Scenario 'x' is niet gevonden."), False),  # not saved yet: free to edit
    (StoreBusyError("De scenario-opslag is bezet; probeer het zo opnieuw."), True),  # unknown: not editable
])
def test_is_frozen_is_false_only_when_the_store_says_so_or_never_saved_it(monkeypatch, answer, frozen):
    monkeypatch.setattr(scenario_work, "scenario_store", lambda: Answering(answer))
    said = []
    monkeypatch.setattr(scenario_work, "store_failed", said.append)
    assert scenario_work.is_frozen("x") is frozen
    assert bool(said) == isinstance(answer, StoreBusyError)  # the failure is said, in the store's Dutch words


def test_prophet_leaves_numpys_global_generator_as_it_found_it():
    years = np.arange(2015, 2025)
    values = 100 * 1.03 ** np.arange(10)
    np.random.seed(123)
    expected = np.random.random_sample(3)
    np.random.seed(123)
    first = FAMILIES["prophet"].forecast(years, values, np.arange(2025, 2028))
    assert np.array_equal(np.random.random_sample(3), expected)
    again = FAMILIES["prophet"].forecast(years, values, np.arange(2025, 2028))
    np.testing.assert_array_equal(first.upper, again.upper)  # its own band is still repeatable
