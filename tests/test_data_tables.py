"""Gegevens's view of the optional tables (presentation/data_tables.py), computed by hand."""

from __future__ import annotations

import pandas as pd

from presentation.data_tables import in_year_frame, indicator_values_frame


def test_in_year_figures_side_by_side_with_their_total_and_the_years_accounts():
    tussentijds = pd.DataFrame({
        "jaar": [2024, 2024, 2024, 2024, 2025, 2025],
        "periode": ["K1", "K2", "K3", "K4", "1", "2"],
        "voorziening": ["A"] * 4 + ["A", "A"],
        "clienten": [None] * 6,
        "kosten": [100.0, 200.0, 300.0, 400.4, 50.0, 60.0],
    })
    realisatie = pd.DataFrame({"jaar": [2024], "voorziening": ["A"], "clienten": [10], "kosten": [1000.4]})
    shown = in_year_frame(tussentijds, realisatie)
    assert list(shown.columns) == ["Jaar", "Voorziening", "jan", "feb", "K1", "K2", "K3", "K4", "Totaal",
                                   "Realisatie"]
    newest, earlier = shown.iloc[0], shown.iloc[1]
    assert (newest["Jaar"], newest["jan"], newest["feb"], newest["K1"]) == ("2025", "€ 50", "€ 60", "")
    assert (newest["Totaal"], newest["Realisatie"]) == ("€ 110", "")  # 50 + 60; 2025 has no accounts yet
    assert (earlier["Totaal"], earlier["Realisatie"]) == ("€ 1.000", "€ 1.000")  # 100 + 200 + 300 + 400,4


def test_indicator_values_keep_one_precision_per_indicator():
    values = pd.DataFrame({"jaar": [2022, 2023, 2022], "indicator": ["x", "x", "y"], "waarde": [78.0, 79.5, 11.0]})
    shown = indicator_values_frame(values)
    assert shown.set_index("Indicator").loc["x"].tolist() == ["78,0", "79,5"]
    assert shown.set_index("Indicator").loc["y", "2022"] == "11" and shown.set_index("Indicator").loc["y", "2023"] == ""
