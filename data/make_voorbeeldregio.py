"""Generate the fictional sample region in data/voorbeeldregio/ (deterministic): three gemeenten in one set of
tables with a `gemeente` column, built like the sample gemeente by benchmarks/synthetic_country.py (different
sizes, age structures and trends; `voorzieningen` and `indexatie` shared by the region, so written once).

Run `python -m data.make_voorbeeldregio` (from the repository root) to rewrite the CSV files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks import synthetic_country

OUT = Path(__file__).parent / "voorbeeldregio"
SEED = 20261125
NAMES = ("Beekdal", "Heuvelrade", "Waterhoven")  # fictional


def generate() -> list[synthetic_country.Gemeente]:
    rng = np.random.default_rng(SEED)
    return [synthetic_country._one(naam, rng) for naam in NAMES]


def main() -> None:
    synthetic_country.write_combined(generate(), OUT)
    print(f"Voorbeeldregio geschreven in {OUT}")


if __name__ == "__main__":
    main()
