"""The one check of the settings (grip/service.settings_problems), used by both front ends."""

from __future__ import annotations

import subprocess
import sys

import pytest

from forecasting.input.validation import load_dataset
from grip import service
from grip.service import Settings
from tests.factories import load_tables, synthetic_tables

SAMPLE = service.SAMPLE_PATH


@pytest.fixture(scope="module")
def sample():
    dataset, _ = load_dataset(SAMPLE)
    return dataset


def test_excluding_every_year_is_a_dutch_message_not_a_traceback(sample):
    settings = Settings(excluded_years=tuple(range(2015, 2025)))
    with pytest.raises(service.UnusableSettings) as raised:
        service.baseline(sample, settings)
    (problem,) = raised.value.problems.errors
    assert "Alle gerealiseerde jaren worden uitgesloten" in problem.melding


def test_an_unknown_model_and_a_horizon_past_the_population_forecast_are_refused(sample):
    problems = service.settings_problems(sample, Settings(model="kristallen bol", horizon=sample.max_horizon + 1))
    messages = " ".join(p.melding for p in problems.errors)
    assert "Onbekend model 'kristallen bol'" in messages
    assert f"Kies hoogstens {sample.max_horizon} jaar" in messages


def test_the_check_accepts_exactly_the_horizons_the_population_forecast_reaches(tmp_path):
    dataset = load_tables(tmp_path, synthetic_tables(last_population_year=2031))  # 7 years after 2024
    assert dataset.max_horizon == 7
    for horizon in range(0, 12):
        assert service.horizon_problems(dataset, horizon).ok == (1 <= horizon <= 7)


def test_the_command_line_gives_the_same_dutch_message_and_exit_2(tmp_path):
    every_year = ",".join(str(year) for year in range(2015, 2025))
    result = subprocess.run(
        [sys.executable, "-m", "forecasting", "--data", str(SAMPLE), "--exclude-years", every_year, "--out",
         str(tmp_path / "prognose.csv")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "Alle gerealiseerde jaren worden uitgesloten" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "prognose.csv").exists()


def test_excluding_every_year_in_the_app_gives_the_dutch_message():
    from streamlit.testing.v1 import AppTest

    from tests.factories import REPO

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("screens/prognose.py").run()
    at.multiselect(key="excluded_years_widget").set_value(list(range(2015, 2025))).run()
    assert not at.exception, at.exception
    assert any("Alle gerealiseerde jaren worden uitgesloten" in e.value for e in at.error)


def test_the_app_and_the_command_line_offer_the_same_horizons_and_models():
    from forecasting.model.families import MODEL_CHOICES
    from grip.cli import horizon_value
    from ui import choices

    assert choices.HORIZONS == list(range(service.MIN_HORIZON, service.MAX_HORIZON + 1))
    for horizon in range(0, 40):
        try:
            accepted = horizon_value(str(horizon)) == horizon
        except Exception:  # noqa: BLE001 - argparse's ArgumentTypeError
            accepted = False
        assert accepted == (horizon in choices.HORIZONS)
    assert choices.MODEL_OPTIONS == list(MODEL_CHOICES)


def test_without_excluded_years_a_voorziening_with_one_year_is_still_forecast(tmp_path):
    dataset = load_tables(tmp_path, synthetic_tables(years=[2024]))
    assert service.settings_problems(dataset, Settings()).ok
    assert service.baseline(dataset, Settings()).projection.cost.shape[1] == 5


def test_the_sidebar_offers_the_command_lines_horizons_and_the_service_says_what_the_data_cannot_reach(sample):
    from streamlit.testing.v1 import AppTest

    from tests.factories import REPO, change_work
    from ui import workspace

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    # drawn before the data is read (an upload is read for the chosen horizon, so a horizon its population forecast
    # cannot reach must stay changeable): the command line's range; the data's reach is the service's one check
    offered = list(range(service.MIN_HORIZON, service.MAX_HORIZON + 1))
    assert list(at.selectbox(key="horizon_widget").options) == [str(h) for h in offered]
    beyond = sample.max_horizon + 1  # a kept choice past the population forecast: kept, and said in Dutch
    change_work(at, workspace.set_horizon, beyond)
    at.switch_page("screens/prognose.py").run()
    assert at.selectbox(key="horizon_widget").value == beyond
    assert not at.exception, at.exception
    assert any(f"Kies hoogstens {sample.max_horizon} jaar" in e.value for e in at.error)
