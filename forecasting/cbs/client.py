"""Getting the CBS tables: online with the CBS client, or offline from StatLine CSV exports the user saved.

Client: `cbsodata` 1.3.5 (pinned in requirements.txt), imported only inside `fetch_rows`, so nothing downloads at
app start or in a test. Why not `cbsodata4` 0.1.3: cbsodata talks to CBS's production OData v3 service
(opendata.cbs.nl), where every table Grip reads (83262NED ... 85171NED) is published, and returns one dict per row
with the table's own keys; it has been stable for years (1.3.5, 2023). Read in its source (1.3.5,
`cbsodata3.get_data`): dimension keys are replaced by their titles (`RegioS` 'Haarlemmermeer', `Perioden` '2019'),
and an HTTP error is re-raised as `requests.HTTPError` with the status only in its text; tables.py accepts keys and
titles alike, `dutch_error` reads the status from the text. cbsodata4 talks to the OData4 service
(datasets.cbs.nl), which is still labelled beta, returns observations in long form (one row per cell, the
measure as a code) and is at version 0.1.x: one more reshaping step and a younger API for no gain here. Measured on
this machine: no outbound network, so no timings; the choice rests on the services and the row shape.

`fetch_rows(table_id, codes)` asks for the gemeente's rows only (`substringof('GM0394', RegioS)`; CBS pads region keys
with spaces). Every failure becomes a `CbsError` with a Dutch message: no connection (with the offline route), a
table that CBS renamed or withdrew (HTTP 404), another HTTP status, the client missing.

Offline (`--from MAP`): a StatLine CSV export per table, its file name starting with the table id (`83262NED.csv`,
`83262NED_UntypedDataSet_05122026.csv`, any case), separated by `;` or `,`, its header the table's keys (`RegioS`,
`Perioden`, `WmoClienten_1`, ... as in StatLine's "onbewerkte dataset" or the OData `TypedDataSet`), region codes or
names and periods as `2019JJ00`, `2019` or `2019*`; `.` or an empty cell is a suppressed value. Rows of other
gemeenten in the file are ignored, so a national export works too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from forecasting.cbs.tables import TABLE_IDS

CLIENT_PACKAGE = "cbsodata==1.3.5"
OFFLINE_HINT = ("Werkt u op een netwerk dat uitgaand verkeer blokkeert? Download de tabellen dan als CSV via "
                "StatLine (opendata.cbs.nl, 'onbewerkte dataset') en lees ze in met --from MAP (of op het scherm "
                "Gegevens met 'StatLine-bestanden').")


class CbsError(RuntimeError):
    """A failure while getting CBS figures; str(error) is the Dutch message for the user."""


def _status_of(error: BaseException) -> int | None:
    """The HTTP status: from the response, or from the text (cbsodata re-raises HTTPError without its response:
    "Downloading table '83262NED' failed. 404 Client Error: Not Found for url: ...")."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status is None:
        match = re.search(r"\b(\d{3}) (?:Client|Server) Error", str(error))
        status = int(match.group(1)) if match else None
    return status


def dutch_error(table_id: str, error: BaseException) -> CbsError:
    """The Dutch message for a failure of the client on one table."""
    name = type(error).__name__
    status = _status_of(error)
    if status == 404:
        return CbsError(f"CBS-tabel {table_id} is niet gevonden (HTTP 404): CBS heeft de tabel waarschijnlijk "
                        "hernoemd, vervangen of ingetrokken. Zoek op StatLine de opvolger en meld het id aan de "
                        "beheerder van Grip (forecasting/cbs/tables.py).")
    if status is not None:
        return CbsError(f"CBS gaf een fout bij tabel {table_id} (HTTP {status}). Probeer het later opnieuw. "
                        + OFFLINE_HINT)
    if name in ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout", "ProxyError", "SSLError") \
            or isinstance(error, OSError | TimeoutError):
        return CbsError(f"Geen verbinding met CBS (opendata.cbs.nl) bij tabel {table_id}. Controleer de "
                        "internetverbinding of de proxy. " + OFFLINE_HINT)
    return CbsError(f"Tabel {table_id} kon niet van CBS worden opgehaald ({name}: {error}). " + OFFLINE_HINT)


def region_filter(codes: list[str]) -> str:
    return " or ".join(f"substringof('{code}',RegioS)" for code in codes)


def fetch_rows(table_id: str, codes: list[str]) -> list[dict]:
    """The rows of one table for these GM codes, from CBS with `cbsodata` (the only network access of Grip)."""
    try:
        import cbsodata
    except ImportError:
        raise CbsError(f"Het pakket cbsodata ontbreekt; installeer het met 'pip install {CLIENT_PACKAGE}' "
                       "(of 'make install'). " + OFFLINE_HINT) from None
    try:
        return list(cbsodata.get_data(table_id, filters=region_filter(codes)))
    except Exception as error:  # noqa: BLE001 - every failure of the client becomes a Dutch message
        raise dutch_error(table_id, error) from None


def fetch_all(codes: list[str], progress: Callable[[int, int, str], None] | None = None,
              fetch: Callable[[str, list[str]], list[dict]] | None = None) -> tuple[dict[str, list[dict]], list[str]]:
    """Every table of TABLE_IDS for these codes: (rows per table, Dutch warnings for tables not found).

    No connection stops at once (CbsError); a table that is not found is skipped with a warning, so the others
    still give a dataset. `fetch` defaults to `fetch_rows` (looked up at call time, so tests can replace it)."""
    getter = fetch or (lambda table, wanted: fetch_rows(table, wanted))
    rows, warnings = {}, []
    for number, table_id in enumerate(TABLE_IDS, start=1):
        if progress is not None:
            progress(number, len(TABLE_IDS), table_id)
        try:
            rows[table_id] = getter(table_id, codes)
        except CbsError as error:
            if "niet gevonden" in str(error):
                warnings.append(str(error))
                continue
            raise
    return rows, warnings


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_export(name: str, data: bytes) -> list[dict]:
    """One StatLine CSV export as rows (dicts keyed by the header); CbsError (Dutch) for a file that is no table."""
    text = _decode(data)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().strip('"') for h in (reader.fieldnames or [])]
    if "RegioS" not in header or "Perioden" not in header:
        raise CbsError(f"{name}: dit is geen StatLine-export van een tabel per gemeente: de kolommen 'RegioS' en "
                       "'Perioden' ontbreken. Kies bij StatLine 'onbewerkte dataset' (CSV).")
    rows = []
    for raw in reader:
        rows.append({(k or "").strip().strip('"'): (v.strip() if isinstance(v, str) else v) for k, v in raw.items()})
    return rows


def table_of_file(name: str) -> str | None:
    upper = Path(name).name.upper()
    return next((t for t in TABLE_IDS if upper.startswith(t.upper())), None)


def read_exports(files: dict[str, bytes]) -> tuple[dict[str, list[dict]], list[str]]:
    """Rows per table from the user's StatLine CSV exports (name -> bytes); Dutch warnings for other files."""
    rows: dict[str, list[dict]] = {}
    warnings = []
    for name, data in sorted(files.items()):
        table_id = table_of_file(name)
        if table_id is None:
            if not Path(name).name.lower().startswith("iv3"):
                warnings.append(f"{name}: geen bekende CBS-tabel (verwacht een bestandsnaam die begint met "
                                f"{', '.join(TABLE_IDS)}); overgeslagen.")
            continue
        rows.setdefault(table_id, []).extend(parse_export(name, data))
    return rows, warnings


def read_folder(folder: str | Path) -> dict[str, bytes]:
    """The CSV files of an export folder (name -> bytes); CbsError when the folder does not exist or is empty."""
    path = Path(folder)
    if not path.is_dir():
        raise CbsError(f"De map '{folder}' met StatLine-bestanden bestaat niet.")
    files = {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() == ".csv"}
    if not files:
        raise CbsError(f"In de map '{folder}' staan geen CSV-bestanden (StatLine-exports zoals 83262NED.csv).")
    return files
