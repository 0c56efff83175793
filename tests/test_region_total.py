"""Several gemeenten as one dataset (forecasting/region/region_total.py): the region's numbers are the gemeenten's own,
summed; budgets only where every gemeente has one; measures reach the gemeente and voorziening they name."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.region.region_total import by_gemeente, combine, label, selection_name, split_label
from forecasting.region.regional import load_region
from grip import service
from presentation.regional import expected_signal, growth_frame, ratio_text
from scenarios.measures import Scenario, ScenarioError, parse_scenario
from tests.factories import REPO, base_tables, load_tables

FLAT = service.Settings(model="flat", horizon=5)


def tables_of(factor: float, budget_years=range(2025, 2030), wmo_pct_2025: str = "5,0") -> dict[str, str]:
    """The tiny base dataset with its clients and costs scaled by `factor` (a gemeente of another size)."""
    tables = base_tables()
    rows = tables["realisatie"].splitlines()
    scaled = [rows[0]] + [";".join([y, v, str(round(int(c) * factor)), str(round(int(k) * factor))])
                          for y, v, c, k in (row.split(";") for row in rows[1:])]
    tables["realisatie"] = "\n".join(scaled) + "\n"
    tables["begroting"] = "jaar;domein;bedrag\n" + "".join(
        f"{year};{domein};{round(amount * factor)}\n" for year in budget_years
        for domein, amount in (("Wmo", 420000), ("Jeugd", 470000)))
    tables["indexatie"] = tables["indexatie"].replace("2025;Wmo;5,0", f"2025;Wmo;{wmo_pct_2025}")
    return tables


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    root = tmp_path_factory.mktemp("regio")
    made = {"Aadorp": tables_of(1.0), "Beekum": tables_of(2.0, budget_years=range(2025, 2029)),
            "Cede": tables_of(0.5, wmo_pct_2025="10,0")}
    return {name: load_tables(root / name, tables) for name, tables in made.items()}


def test_labels_round_trip_and_a_single_gemeente_row_has_no_gemeente():
    assert split_label(label("Delft", "Begeleiding")) == ("Delft", "Begeleiding")
    assert split_label("Begeleiding") == (None, "Begeleiding")
    assert selection_name("Regio", ["A", "B", "C"], 3) == "Regio: hele regio, 3 gemeenten"
    assert selection_name("Regio", ["A", "B"], 3) == "A en B"
    assert selection_name("Regio", ["A", "B", "C", "D"], 9) == "Regio: 4 van 9 gemeenten"


def test_region_totals_are_the_sums_of_each_gemeente_alone(three):
    region, problems = combine(three, "Proef")
    assert problems.ok and region.gemeenten == ("Aadorp", "Beekum", "Cede")
    together = service.run(region, FLAT)
    alone = {g: service.run(d, FLAT) for g, d in three.items()}
    for domein in ("Wmo", "Jeugd", None):
        expected = sum(r.baseline.projection.total(domein) for r in alone.values())
        np.testing.assert_allclose(together.baseline.projection.total(domein), expected, rtol=1e-12)
    # one gemeente's rows inside the region are exactly its own forecast, also its own indexation (Cede: 10%)
    inside = together.baseline.projection.point(voorziening=label("Cede", "Hulp bij het huishouden"))
    np.testing.assert_allclose(inside, alone["Cede"].baseline.projection.point(voorziening="Hulp bij het huishouden"))
    assert alone["Cede"].baseline.projection.total("Wmo")[0] != pytest.approx(
        alone["Aadorp"].baseline.projection.total("Wmo")[0] * 0.5)  # the 10% indexation made a difference


def test_region_budget_sums_the_gemeenten_only_in_years_all_of_them_budget(three):
    region, _ = combine(three, "Proef")
    comparison = service.run(region, FLAT).comparison
    wmo = comparison.budgeted("Wmo")
    # 2025-2028: 420,000 x (1 + 2 + 0.5) = 1,470,000; 2029: Beekum has no budget, so the region has none
    np.testing.assert_allclose(wmo[:4], [1_470_000] * 4)
    assert np.isnan(wmo[4]) and np.isnan(comparison.budgeted()[4])
    np.testing.assert_allclose(comparison.budgeted("Jeugd")[:4], [470_000 * 3.5] * 4)


def test_gemeenten_with_different_last_years_are_refused_by_name(three, tmp_path):
    tables = base_tables()
    tables["realisatie"] = "\n".join(r for r in tables["realisatie"].splitlines() if not r.startswith("2024")) + "\n"
    short = load_tables(tmp_path / "kort", tables)
    combined, problems = combine({"Aadorp": three["Aadorp"], "Kortum": short}, "Proef")
    assert combined is None
    message = problems.errors[0].melding
    assert "Kortum tot 2023" in message and "de andere tot 2024" in message


def test_measures_reach_their_gemeente_or_a_voorziening_in_every_gemeente(three):
    region, _ = combine(three, "Proef")
    fitted = service.baseline(region, FLAT)
    first = fitted.years[0]

    def measure(**extra) -> Scenario:
        item = {"naam": "m", "doel": "Hulp bij het huishouden", "hefboom": "volume", "effect_pct": -10,
                "startjaar": first}
        return parse_scenario({"naam": "s", "maatregelen": [{**item, **extra}]}, region.voorziening_names,
                              region.gemeente_names)

    base = fitted.projection.total()
    only_beekum = service.run(region, FLAT, measure(gemeente="beekum"), fitted=fitted)  # spelling is matched
    hh_beekum = fitted.projection.point(voorziening=label("Beekum", "Hulp bij het huishouden"))
    np.testing.assert_allclose(base - only_beekum.result.projection.total(), 0.1 * hh_beekum)
    everywhere = service.run(region, FLAT, measure(), fitted=fitted)
    all_hh = sum(fitted.projection.point(voorziening=label(g, "Hulp bij het huishouden")) for g in three)
    np.testing.assert_allclose(base - everywhere.result.projection.total(), 0.1 * all_hh)
    # a measure for a gemeente outside the selection does nothing there, and says so
    scenario = measure(gemeente="Beekum")
    assert [m.naam for m in scenario.outside(["Aadorp"])] == ["m"]
    alone = service.run(three["Aadorp"], FLAT, scenario)
    assert alone.scenario.maatregelen == [] and alone.effects.empty
    with pytest.raises(ScenarioError, match="gemeente 'Delft' zit niet in deze gegevens"):
        measure(gemeente="Delft")


def test_growth_per_gemeente_adds_up_to_the_region(three):
    region, _ = combine(three, "Proef")
    run = service.run(region, FLAT)
    frame = growth_frame(run).set_index("gemeente")
    assert list(frame.index) == ["Aadorp", "Beekum", "Cede", "Totaal"]
    assert frame["groei"].iloc[:3].sum() == pytest.approx(frame.loc["Totaal", "groei"])
    assert frame["aandeel_groei"].iloc[:3].sum() == pytest.approx(1.0)
    grouped = by_gemeente(run.baseline.projection)
    np.testing.assert_allclose(grouped.total("Beekum"), service.run(three["Beekum"], FLAT).baseline.projection.total())


def test_population_of_the_region_sums_its_gemeenten(three):
    region, _ = combine(three, "Proef")
    # every gemeente has 75+ = 1000 + 30 x (year - 2019): the region three times that, each alone once
    assert region.population("75+")[2029] == 3 * 1300
    assert region.population(label("Beekum", "75+"))[2029] == 1300
    assert region.population("totaal")[2019] == 3 * (1000 + 2000)


def test_expected_signal_names_the_highest_ratios():
    table = pd.DataFrame({"gemeente": ["A", "B", "A"], "voorziening": ["x", "x", "y"],
                          "verhouding_gebruik": [1.5, 0.7, 1.25]})
    word, _, text = expected_signal(table, ["A"])
    assert word == "hoger dan verwacht" and "A: x 1,5×; A: y 1,25×" in text and "geen oordeel" in text
    assert expected_signal(table, ["B"])[0] == "zoals verwacht"
    assert ratio_text(1.2) == "1,2×" and ratio_text(float("nan")) == "–"


def test_the_sample_region_reads_as_three_valid_gemeenten():
    region = load_region(REPO / "data" / "voorbeeldregio")
    assert list(region.datasets) == ["Beekdal", "Heuvelrade", "Waterhoven"] and not region.failed


# --- both command lines with --gemeente ------------------------------------------------------------------------

SAMPLE_REGION = REPO / "data" / "voorbeeldregio"


def _totals(path, gemeente: str = "") -> pd.Series:
    """The overall total per reeks and year; in a region's file `gemeente` picks one gemeente's total ("" the
    region's)."""
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    rows = frame.loc[(frame["domein"] == "Totaal") & (frame["voorziening"] == "Totaal")]
    if "gemeente" in frame:
        rows = rows.loc[rows["gemeente"].fillna("") == gemeente]
    return rows.set_index(["reeks", "jaar"])["bedrag"].sort_index()


def test_the_scenario_command_for_the_region_sums_its_gemeenten(tmp_path):
    from grip.cli import scenarios_main

    parts = []
    for gemeente in ("Beekdal", "heuvelrade", "Waterhoven"):
        out = tmp_path / f"{gemeente}.csv"
        assert scenarios_main(["--data", str(SAMPLE_REGION), "--gemeente", gemeente, "--model", "flat",
                               "--out", str(out)]) == 0
        parts.append(_totals(out))
    assert scenarios_main(["--data", str(SAMPLE_REGION), "--gemeente", "regio", "--model", "flat",
                           "--out", str(tmp_path / "regio.csv")]) == 0
    pd.testing.assert_series_equal(_totals(tmp_path / "regio.csv"), sum(parts), rtol=1e-9)
    for gemeente, own in zip(("Beekdal", "Heuvelrade", "Waterhoven"), parts):  # each gemeente's total in the file
        own = own.drop("begroting", level="reeks")  # the region has budgets per domein, not per gemeente
        pd.testing.assert_series_equal(_totals(tmp_path / "regio.csv", gemeente), own, rtol=1e-9)


def test_the_forecast_command_refuses_an_unknown_gemeente_and_a_region_without_a_choice(tmp_path, capsys):
    from grip.cli import forecasting_main

    assert forecasting_main(["--data", str(SAMPLE_REGION), "--gemeente", "Delft", "--out",
                             str(tmp_path / "x.csv")]) == 2
    assert "Kies uit: Beekdal, Heuvelrade, Waterhoven" in capsys.readouterr().err
    assert forecasting_main(["--data", str(SAMPLE_REGION), "--out", str(tmp_path / "x.csv")]) == 2
    assert "--gemeente regio" in capsys.readouterr().err
    assert forecasting_main(["--data", str(REPO / "data" / "voorbeeldgemeente"), "--gemeente", "x", "--out",
                             str(tmp_path / "x.csv")]) == 2
    assert "één gemeente; laat --gemeente weg" in capsys.readouterr().err
    assert forecasting_main(["--data", str(SAMPLE_REGION), "--gemeente", "Beekdal,Waterhoven", "--model", "flat",
                             "--out", str(tmp_path / "twee.csv")]) == 0
    written = pd.read_csv(tmp_path / "twee.csv", keep_default_na=False)
    rows = set(zip(written["gemeente"], written["voorziening"]))
    assert ("Beekdal", "Begeleiding") in rows and ("Waterhoven", "Begeleiding") in rows
    assert set(written["gemeente"]) == {"Beekdal", "Waterhoven", ""}  # "": the selection's totals
    totals = written.loc[written["voorziening"] == "Totaal"]  # per gemeente, and "" for the selection
    assert set(zip(totals["gemeente"], totals["domein"])) == {
        (g, d) for g in ("", "Beekdal", "Waterhoven") for d in ("Wmo", "Jeugd", "Totaal")}
    assert not written["voorziening"].str.contains(" · ").any()


def test_every_row_of_a_region_carries_its_gemeente_and_own_name(three):
    region, _ = combine(three, "Proef")
    item = {"naam": "m", "doel": "Hulp bij het huishouden", "hefboom": "volume", "effect_pct": -10,
            "startjaar": service.baseline(region, FLAT).years[0], "gemeente": "Beekum"}
    scenario = parse_scenario({"naam": "s", "maatregelen": [item]}, region.voorziening_names, region.gemeente_names)
    run = service.run(region, FLAT, scenario)
    for projection in (run.baseline.history, run.baseline.projection, run.result.projection):
        assert set(projection.row_gemeenten) == {"Aadorp", "Beekum", "Cede"}
        assert all(label(g, n) == v for g, n, v in zip(projection.gemeenten, projection.names,
                                                       projection.voorzieningen))
    beekum = run.baseline.projection.of_gemeente("Beekum")
    np.testing.assert_allclose(beekum.total(), service.run(three["Beekum"], FLAT).baseline.projection.total())
    # the measure for Beekum reaches Beekum's rows only: the other gemeenten keep their baseline
    changed = ~np.isclose(run.result.projection.cost, run.baseline.projection.cost).all(axis=1)
    assert {g for g, c in zip(run.baseline.projection.gemeenten, changed) if c} == {"Beekum"}
    # budget lines of a voorziening carry its gemeente; a domein's line is the region's (no gemeente)
    lines = run.comparison.budget.lines
    assert all(g == "" or label(g, n) == v for g, n, v in zip(lines.row_gemeenten, lines.base_names,
                                                              lines.voorzieningen))


def test_a_single_gemeente_has_no_gemeente_per_row(three):
    projection = service.run(three["Aadorp"], FLAT).baseline.projection
    assert projection.gemeenten == () and projection.row_gemeenten == ("",) * len(projection.voorzieningen)
    assert projection.base_names == projection.voorzieningen and projection.region_gemeenten == []
