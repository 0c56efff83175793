"""National comparison (forecasting/cbs/national.py): hand-computed reference values and expected use, the cached
reference, the command and the Regio screen. Recorded responses only (tests/fixtures/cbs), never the network."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from forecasting.cbs import client, national
from grip.cli import forecasting_main
from tests.cbs_support import fake_fetch, write_exports
from tests.factories import REPO, give_work

RATES = {"inw_0_17": 0.01, "inw_18_64": 0.02, "inw_65_74": 0.05, "inw_75plus": 0.20}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test here: the client's fetch fails unless a test puts the recorded responses in its place."""
    def refuse(table, codes):
        raise AssertionError(f"a test tried to download CBS table {table}")

    monkeypatch.setattr(client, "fetch_rows", refuse)


def synthetic_reference() -> pd.DataFrame:
    """Six gemeenten whose Wmo clients are exactly 1% of 0-17, 2% of 18-64, 5% of 65-74 and 20% of 75+."""
    ages = [(2000, 6000, 1000, 1000), (3000, 9000, 1500, 500), (20000, 70000, 8000, 6000),
            (1000, 3000, 800, 1200), (15000, 60000, 9000, 9000), (2500, 7000, 1200, 800)]
    rows = []
    for number, (a, b, c, d) in enumerate(ages):
        wmo = a * 0.01 + b * 0.02 + c * 0.05 + d * 0.20
        rows.append({"gemeente_code": f"GM{number + 1:04d}", "gemeente": f"G{number + 1}", "jaar": 2023,
                     "inwoners": a + b + c + d, "inw_0_17": a, "inw_18_64": b, "inw_65_74": c, "inw_75plus": d,
                     "wmo_clienten": wmo, "jeugd_clienten": a * 0.1, "jeugd_pct": 8.0,
                     "jeugd_kosten": a * 1000.0, "downloaddatum": "2026-12-04"})
    return pd.DataFrame(rows)


def test_national_use_per_age_group_and_expected_use_by_hand():
    reference = synthetic_reference()
    rates = national.age_rates(reference, "wmo_clienten")
    assert rates.to_dict() == pytest.approx(dict(zip(national.AGE_GROUPS, RATES.values())), abs=1e-9)
    # make G1 use more than its ages predict: 500 instead of 20 + 120 + 50 + 200 = 390
    reference.loc[0, "wmo_clienten"] = 500
    table = national.compare(reference, "GM0001").table.set_index("indicator")
    wmo = table.loc["Wmo-cliënten per 1.000 inwoners"]
    assert wmo["gemeente"] == pytest.approx(500 / 10_000 * 1000)
    total_wmo = 500 + sum(reference["wmo_clienten"].iloc[1:])
    assert wmo["landelijk"] == pytest.approx(total_wmo / reference["inwoners"].sum() * 1000)
    # size class 10.000 tot 20.000: G2 (14,000) and G6 (11,500); G4 has 6,000
    assert wmo["vergelijkbare omvang"] == pytest.approx(
        (reference["wmo_clienten"][1] + reference["wmo_clienten"][5]) / (14_000 + 11_500) * 1000)
    # expected: the rates fitted over all six (G1 now off the line) times G1's own inhabitants, near 39 per 1.000
    fitted = national.age_rates(reference, "wmo_clienten")
    expected = (fitted * [2000, 6000, 1000, 1000]).sum() / 10_000 * 1000
    assert wmo["verwacht"] == pytest.approx(expected) and 39 <= wmo["verwacht"] < 50
    jeugd = table.loc["Jongeren met jeugdzorg (% van 0-22 jaar)"]
    assert jeugd["gemeente"] == pytest.approx(8.0) and jeugd["landelijk"] == pytest.approx(8.0)


def test_reference_from_recorded_responses_and_the_sentence():
    reference = national.fetch_reference(fetch=fake_fetch)
    assert len(reference) >= 40 and set(reference["jaar"]) == {2023}
    zwolle = reference.set_index("gemeente_code").loc["GM0193"]
    # 85383NED 2023 for Zwolle: 132,411 inhabitants, 27,036 under 18, 110,298 under 65, 9,958 aged 75+
    assert (zwolle["inw_0_17"], zwolle["inw_18_64"], zwolle["inw_65_74"], zwolle["inw_75plus"]) == (
        27_036, 110_298 - 27_036, 132_411 - 110_298 - 9_958, 9_958)
    assert zwolle["wmo_clienten"] == 11_910  # 85043NED; 11,910 / 132,411 = 89.9 per 1.000 (CBS: 90)
    comparison = national.compare(reference, "GM0193")
    sentence = national.sentences(comparison)[0]
    assert sentence.startswith("Zwolle heeft 90 Wmo-cliënten per 1.000 inwoners; landelijk ")
    assert "vergelijkbare omvang" in sentence and "verwacht op grond van de leeftijdsopbouw" in sentence


def test_command_caches_the_reference_with_its_date(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GRIP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(client, "fetch_rows", fake_fetch)
    assert forecasting_main(["cbs", "--landelijk", "--gemeente", "Zwolle"]) == 0
    out = capsys.readouterr().out
    assert "Zwolle heeft 90 Wmo-cliënten" in out
    cached = national.load()
    assert cached is not None and cached["downloaddatum"].iloc[0] == pd.Timestamp.today().date().isoformat()
    folder = write_exports(tmp_path / "exports")
    monkeypatch.setattr(client, "fetch_rows", lambda *a: pytest.fail("offline must not download"))
    assert forecasting_main(["cbs", "--landelijk", "--from", str(folder)]) == 0


def test_regio_screen_says_how_to_get_the_reference_then_compares(tmp_path, monkeypatch):
    monkeypatch.setenv("GRIP_DATA_DIR", str(tmp_path / "data"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    give_work(at, region=True)  # a single gemeente ends the screen early, which AppTest reports
    at.run()
    at.switch_page("screens/regio.py").run()
    assert not at.exception, at.exception
    assert any("knop hierboven" in i.value and "cbs --landelijk --from MAP" in i.value for i in at.info)
    monkeypatch.setattr(client, "fetch_rows", fake_fetch)
    at.button(key="landelijk_ophalen").click().run()
    assert not at.exception, at.exception
    at.selectbox(key="landelijk_gemeente").select("Zwolle").run()
    assert any(m.value.replace("\\", "").startswith("Zwolle heeft 90 Wmo-cliënten per 1.000 inwoners")
               for m in at.markdown)
    assert (tmp_path / "data" / "cbs" / "landelijk.csv").exists()
