"""The controller's workbook for a scenario: the baseline workbook plus scenario columns and the measures."""

from __future__ import annotations

import pandas as pd

from forecasting.baseline import Baseline
from forecasting.dataset import Dataset
from forecasting.export import formats_for, workbook_bytes
from forecasting.workbook import Block
from scenarios.apply import ScenarioResult, effects_frame
from scenarios.budget import comparison
from scenarios.measures import EDITOR_COLUMNS, Scenario, measures_frame


def measure_blocks(baseline: Baseline, scenario: Scenario, result: ScenarioResult) -> list[Block]:
    settings = measures_frame(scenario)[EDITOR_COLUMNS]
    settings["actief"] = settings["actief"].map({True: "ja", False: "nee"})
    effects = effects_frame(baseline, result)
    per_year = effects.groupby(["maatregel", "jaar"], as_index=False, sort=False)[
        ["effect", "uitvoeringskosten"]].sum()
    wide = per_year.pivot(index="maatregel", columns="jaar", values="effect").reset_index() if len(per_year) else (
        pd.DataFrame({"maatregel": []}))
    wide.columns = [str(c) for c in wide.columns]
    years = [c for c in wide.columns if c != "maatregel"]
    blocks = [
        Block(settings, formats_for(settings, effect_pct="decimal", effect_min_pct="decimal",
                                    effect_max_pct="decimal", bedrag="euro_cent", ingroei_jaren="count"),
              title=f"Maatregelen in scenario '{scenario.naam}' (instellingen)"),
        Block(wide, {y: "euro_cent" for y in years}, title="Effect op de kosten per jaar (negatief = besparing, "
              "zonder uitvoeringskosten)", total_of=years),
        Block(effects, formats_for(effects), title="Effect per maatregel, voorziening en jaar", total_of=[
            "effect", "uitvoeringskosten"]),
    ]
    return blocks


def scenario_workbook(dataset: Dataset, baseline: Baseline, scenario: Scenario, result: ScenarioResult) -> bytes:
    return workbook_bytes(dataset, baseline, comparison(dataset, baseline, result),
                          measure_blocks(baseline, scenario, result), scenario.naam)
