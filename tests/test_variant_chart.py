"""The population variants as their own band in the Prognose chart (issue 11): values, legend, and none without."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from forecasting.model.baseline import build_baseline
from forecasting.model.projection import TOTAL
from presentation import charts
from presentation.tables import baseline_output
from tests.factories import load_tables, synthetic_tables

LABEL = "Bevolkingsprognose laag–hoog"


def tables_with_variants(low: int | None = 900, high: int | None = 1100) -> dict[str, str]:
    """A constant use rate and population 1000; the forecast years also as laag/hoog variants when given."""
    tables = synthetic_tables(rate=lambda year: 0.10, population=lambda year: 1000)
    rows = tables["bevolking"].strip().split("\n")
    extra = ["jaar;leeftijd;aantal;variant"] + [r + ";" for r in rows[1:]]
    for year in range(2025, 2035):
        extra += [f"{year};18-64;{low};laag"] if low is not None else []
        extra += [f"{year};18-64;{high};hoog"] if high is not None else []
    tables["bevolking"] = "\n".join(extra) + "\n"
    return tables


def chart_of(baseline, domein=TOTAL, voorziening=TOTAL):
    frame = charts.series_frame(baseline_output(baseline), domein, voorziening)
    realised = frame.loc[frame["reeks"] == "Realisatie"].sort_values("jaar").iloc[-1]
    spread = charts.variant_frame(baseline.variants, baseline.projection.point(domein, voorziening), domein,
                                  voorziening, baseline.years, start=(int(realised["jaar"]), realised["bedrag"]))
    return spread, charts.dutch(charts.cost_lines(frame, "Proef", variants=spread)).to_dict()


def variant_rows(spec: dict) -> list[dict]:
    rows = [data for data in spec["datasets"].values() if data and "laag" in data[0] and "hoog" in data[0]]
    assert len(rows) == 1
    return rows[0]


def test_the_variant_band_runs_from_the_low_to_the_high_population_forecast(tmp_path):
    baseline = build_baseline(load_tables(tmp_path, tables_with_variants()), model="flat")
    middle = baseline.projection.point(TOTAL, TOTAL)
    spread, spec = chart_of(baseline)
    rows = variant_rows(spec)
    last = rows[-1]
    assert last["jaar"] == baseline.years[-1]
    assert last["laag"] <= middle[-1] <= last["hoog"]
    assert last["laag"] == pytest.approx(0.9 * middle[-1]) and last["hoog"] == pytest.approx(1.1 * middle[-1])
    # the band starts at the last realised amount, so it joins the lines
    assert rows[0]["jaar"] == baseline.last_year and rows[0]["laag"] == rows[0]["hoog"]
    assert {row["reeks"] for row in rows} == {LABEL}
    # a band layer (area) and its dash-dotted edges in the legend's colour and dash scales, apart from the 80% band
    areas = [layer for layer in spec["layer"] if layer["mark"]["type"] == "area"]
    assert len(areas) == 2 and any(layer["encoding"]["y"]["field"] == "laag" for layer in areas)
    color = next(layer for layer in spec["layer"] if "legend" in layer["encoding"].get("color", {}))
    assert color["encoding"]["color"]["scale"]["domain"][-1] == LABEL
    assert color["encoding"]["color"]["scale"]["range"][-1] == charts.VARIANT_STYLE["color"]
    assert color["encoding"]["strokeDash"]["scale"]["range"][-1] == charts.VARIANT_STYLE["dash"]


def test_one_variant_alone_spans_from_it_to_midden(tmp_path):
    baseline = build_baseline(load_tables(tmp_path, tables_with_variants(high=None)), model="flat")
    spread, _ = chart_of(baseline)
    middle = baseline.projection.point(TOTAL, TOTAL)
    assert set(spread["reeks"]) == {"Bevolkingsprognose laag–midden"}
    assert spread["hoog"].iloc[-1] == pytest.approx(middle[-1])


def test_without_variants_there_is_no_variant_layer_nor_legend_entry(tmp_path):
    tables = synthetic_tables(rate=lambda year: 0.10, population=lambda year: 1000)
    baseline = build_baseline(load_tables(tmp_path, tables), model="flat")
    spread, spec = chart_of(baseline)
    assert spread.empty and baseline.variants == {}
    text = json.dumps(spec, ensure_ascii=False)
    assert "Bevolkingsprognose" not in text and charts.VARIANT_STYLE["color"] not in text
    assert len([layer for layer in spec["layer"] if layer["mark"]["type"] == "area"]) == 1


def test_a_scenario_line_that_is_the_baseline_itself_is_left_out_of_the_chart():
    years = [2024, 2025, 2026]
    lines = pd.DataFrame({"jaar": years * 3, "reeks": ["Realisatie"] * 3 + ["Basisprognose"] * 3 + ["Scenario"] * 3,
                          "bedrag": [1.0, 2.0, 3.0] * 3})
    assert "Scenario" not in str(charts.cost_lines(lines).to_dict())  # no measures: one line, one legend entry
    lines.loc[8, "bedrag"] = 2.5  # a measure lowers 2026
    assert "Scenario" in str(charts.cost_lines(lines).to_dict())
