"""Start from public figures: one gemeente's Grip dataset from CBS StatLine (and Iv3) in one step.

- tables.py: the CBS tables read and what each maps to (Wmo and jeugdzorg clients, jeugdzorg costs budgeted and
  realised, inhabitants, the PBL/CBS population forecast); rows -> long records; suppressed cells stay missing.
- client.py: online with `cbsodata` (imported only when fetching) or offline from StatLine CSV exports; every
  failure a Dutch `CbsError`.
- gemeenten.py: names and codes, mergers (herindelingen), the closest names for a typing error.
- iv3.py: Iv3 lasten per taakveld split over the voorzieningen with the editable data/iv3_taakvelden.csv.
- build.py: the dataset (voorzieningen, realisatie, bevolking, indexatie, begroting) plus `_toelichting/`
  (bronnen.csv, realisatie_zonder_kosten.csv, iv3_kosten.csv, cbs_reeksen.csv, waarschuwingen.txt).

`from_cbs` and `from_exports` are the two entries (command line `python -m forecasting cbs`, screen Gegevens).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from forecasting.cbs import client, gemeenten, iv3
from forecasting.cbs.build import CbsDataset, build
from forecasting.cbs.client import CbsError
from forecasting.cbs.gemeenten import UnknownGemeente

__all__ = ["CbsDataset", "CbsError", "UnknownGemeente", "from_cbs", "from_exports", "iv3_of_files"]


def _codes(gemeente: gemeenten.Gemeente) -> list[str]:
    return [gemeente.code] + [p.code for m in gemeente.herindelingen for p in m.voorgangers]


def iv3_of_files(files: dict[str, bytes], gemeente: gemeenten.Gemeente) -> tuple[pd.DataFrame | None, str]:
    """The Iv3 lasten of every file whose name starts with 'iv3' (Iv3Error in Dutch for a bad file)."""
    frames = [iv3.read_iv3(name, data, (gemeente.code, gemeente.naam))
              for name, data in sorted(files.items()) if name.lower().split("/")[-1].startswith("iv3")]
    if not frames:
        return None, ""
    names = ", ".join(n for n in sorted(files) if n.lower().split("/")[-1].startswith("iv3"))
    return pd.concat(frames, ignore_index=True).groupby(["jaar", "soort", "taakveld"], as_index=False)[
        "lasten"].sum(), names


def from_cbs(naam: str, *, optellen: bool = False, iv3_files: dict[str, bytes] | None = None,
             mapping: pd.DataFrame | None = None, progress: Callable[[int, int, str], None] | None = None,
             fetch: Callable[[str, list[str]], list[dict]] | None = None, today: date | None = None) -> CbsDataset:
    """Fetch the gemeente's tables from CBS and build its dataset. UnknownGemeente / CbsError / Iv3Error (Dutch)."""
    gemeente = gemeenten.find(naam)
    rows, warnings = client.fetch_all(_codes(gemeente), progress=progress, fetch=fetch)
    lasten, source = iv3_of_files(iv3_files or {}, gemeente)
    return build(rows, gemeente, optellen=optellen, iv3_lasten=lasten, mapping=mapping, downloaded=today,
                 herkomst="CBS StatLine via cbsodata 1.3.5", iv3_source=source, warnings=warnings)


def from_exports(files: dict[str, bytes], naam: str, *, optellen: bool = False, mapping: pd.DataFrame | None = None,
                 today: date | None = None) -> CbsDataset:
    """The same from StatLine CSV exports (and iv3*.csv files) the user saved; no network."""
    gemeente = gemeenten.find(naam)
    rows, warnings = client.read_exports(files)
    if not rows:
        raise CbsError("Geen van de bestanden is een bekende CBS-tabel; geef de StatLine-exports een naam die begint "
                       f"met het tabelnummer ({', '.join(client.TABLE_IDS)}).")
    lasten, source = iv3_of_files(files, gemeente)
    return build(rows, gemeente, optellen=optellen, iv3_lasten=lasten, mapping=mapping, downloaded=today,
                 herkomst="StatLine-export (bestanden van de gebruiker)", iv3_source=source, warnings=warnings)
