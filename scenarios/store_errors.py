"""Errors of the scenario store, each with a Dutch message for the user, and the one place that turns
database, driver and file-system failures (SQLite and PostgreSQL alike) into them.

Every public operation of `ScenarioStore` raises `StoreError` or a subclass, never a raw sqlite3,
psycopg or SQLAlchemy exception; the original stays attached as `__cause__` for the log.
"""

from __future__ import annotations

import json
import sqlite3

from sqlalchemy import exc as sa_exc

# SQLite primary result codes (https://sqlite.org/rescode.html)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB = 26
_UNSURE = "of uw laatste wijziging is opgeslagen, ziet u daarna in de lijst met versies."


class StoreError(Exception):
    """A refused store operation, with a Dutch message for the user."""


class ScenarioNotFoundError(StoreError):
    """No scenario of that name in this gemeente's view (never saved, or deleted)."""


class ConflictError(StoreError):
    def __init__(self, naam: str, based_on: int | None, current: int):
        super().__init__(
            f"Iemand anders heeft '{naam}' intussen opgeslagen (versie {current}; u begon vanaf "
            f"{'een nieuw scenario' if based_on is None else f'versie {based_on}'}). Uw wijzigingen zijn niet "
            "opgeslagen maar staan nog in uw scherm: bekijk het verschil en sla ze op als nieuw scenario of "
            "bovenop de nieuwste versie."
        )
        self.naam, self.based_on, self.current = naam, based_on, current


class InvalidInputError(StoreError):
    """A name, author, note or scenario the store refuses before touching the database."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached or opened (server down, wrong address, no access, disk full)."""


class StoreBusyError(StoreError):
    """Another user held the database too long, or PostgreSQL broke a deadlock: trying again helps."""


class StoreDamagedError(StoreError):
    """The database file is damaged; nothing was changed. Restarting Grip moves it aside."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer Grip; this one refuses to touch it."""


class UnreadableScenarioError(StoreError):
    """A stored version that the current code cannot read back as a scenario."""


class ImportRefusedError(StoreError):
    """An import bundle with problems; nothing was imported. `problems` lists every Dutch message."""

    def __init__(self, problems: list[str]):
        shown = problems[:20]
        more = len(problems) - len(shown)
        tail = f"\n… en nog {more} problemen." if more > 0 else ""
        super().__init__("Er is niets geïmporteerd:\n" + "\n".join(f"- {p}" for p in shown) + tail)
        self.problems = problems


def _detail(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return (text[0][:200] if text else type(error).__name__)


def translate(error: BaseException, where: str) -> StoreError:
    """The StoreError (with a Dutch message) for any failure of an operation on the store at `where`."""
    if isinstance(error, StoreError):
        return error
    detail = f"(technische melding: {_detail(error)})"
    original = getattr(error, "orig", None) or error
    if isinstance(original, sqlite3.Error):
        code = (getattr(original, "sqlite_errorcode", None) or 0) & 0xFF
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return StoreDamagedError(
                f"De scenario-opslag {where} is beschadigd; er is niets gewijzigd. Start Grip opnieuw: het "
                "beschadigde bestand wordt dan opzijgezet (niet gewist) en Grip begint met een lege opslag. Of "
                f"zet een back-up terug. {detail}")
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StoreBusyError(f"De scenario-opslag {where} is bezet door een andere gebruiker; er is niets "
                                  f"gewijzigd. Probeer het over een ogenblik opnieuw. {detail}")
        if code == _SQLITE_FULL:
            return StoreUnavailableError(f"De schijf van de scenario-opslag {where} is vol; er is niets gewijzigd. "
                                         f"Maak ruimte vrij en probeer het opnieuw. {detail}")
        if code in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_IOERR):
            return StoreUnavailableError(f"De scenario-opslag {where} kan niet worden gelezen of beschreven; er is "
                                         f"niets gewijzigd. Controleer de map en de rechten. {detail}")
    sqlstate = getattr(original, "sqlstate", None) or ""
    if sqlstate in ("40001", "40P01") or sqlstate.startswith("55P03"):
        return StoreBusyError(f"Een andere gebruiker sloeg tegelijk op in de scenario-opslag {where}; er is niets "
                              f"gewijzigd. Probeer het opnieuw. {detail}")
    if sqlstate.startswith(("08", "28", "3D", "53", "57")):
        return StoreUnavailableError(f"De scenario-opslag {where} is niet bereikbaar of weigert de verbinding. "
                                     f"Probeer het later opnieuw of vraag uw beheerder; {_UNSURE} {detail}")
    if sqlstate.startswith("XX"):
        return StoreDamagedError(f"De database van de scenario-opslag {where} meldt beschadigde gegevens; er is "
                                 f"niets gewijzigd. Vraag uw beheerder een back-up terug te zetten. {detail}")
    if sqlstate.startswith("42"):
        return StoreDamagedError(f"De scenario-opslag {where} is onvolledig (tabellen ontbreken of zijn gewijzigd); "
                                 f"er is niets gewijzigd. Vraag uw beheerder. {detail}")
    if sqlstate.startswith("22"):
        return InvalidInputError(f"De scenario-opslag {where} weigert een waarde (te lang of met ongeldige "
                                 f"tekens); er is niets opgeslagen. {detail}")
    if isinstance(error, (sa_exc.ArgumentError, sa_exc.NoSuchModuleError)):
        return StoreUnavailableError(f"Het adres van de scenario-opslag ({where}) is geen geldige database-URL. "
                                     f"Controleer GRIP_DATABASE_URL. {detail}")
    if isinstance(error, sa_exc.IntegrityError):
        return StoreError(f"De scenario-opslag {where} weigerde de wijziging omdat die botst met wat er al staat "
                          f"(bijvoorbeeld een naam die al bestaat); er is niets gewijzigd. {detail}")
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                          sa_exc.TimeoutError, ConnectionError, TimeoutError)):
        return StoreUnavailableError(f"De scenario-opslag {where} is niet bereikbaar. Probeer het later opnieuw "
                                     f"of vraag uw beheerder; {_UNSURE} {detail}")
    if isinstance(error, OSError):
        return StoreUnavailableError(f"De scenario-opslag {where} kan niet worden gelezen of beschreven; er is "
                                     f"niets gewijzigd. Controleer de map, de rechten en de vrije ruimte. {detail}")
    if isinstance(error, UnicodeError):
        return InvalidInputError(f"De tekst bevat tekens die niet kunnen worden opgeslagen; er is niets "
                                 f"opgeslagen. {detail}")
    if isinstance(error, (json.JSONDecodeError, RecursionError)):
        return UnreadableScenarioError(f"Een opgeslagen scenario in {where} kan niet worden gelezen. {detail}")
    return StoreError(f"Onverwachte fout in de scenario-opslag {where}; er is mogelijk niets gewijzigd. {detail}")
