"""Where the store lives and how it is opened: GRIP_DATABASE_URL or SQLite in GRIP_DATA_DIR; a new SQLite file is
built under a temporary name and linked into place whole; a damaged file is moved aside, never overwritten.
GRIP_DATABASE_URL=sqlite:// is the in-memory store: the same repository code on a database that lives in the
process (the screen tests use it, so they need no database file or server).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    create_engine,
    event,
    make_url,
)
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from scenarios.store.checks import _shown
from scenarios.store.schema import DEFAULT_PATH, SCHEMA_VERSION, metadata, schema_version
from scenarios.store_errors import (
    StoreUnavailableError,
)


def database_url(path: str | Path | None = None) -> str:
    """GRIP_DATABASE_URL when set, else SQLite in GRIP_DATA_DIR (default ./grip-data)."""
    if path is None and os.environ.get("GRIP_DATABASE_URL"):
        return os.environ["GRIP_DATABASE_URL"]
    if path is None:
        folder = Path(os.environ.get("GRIP_DATA_DIR", DEFAULT_PATH.parent))
        path = folder / DEFAULT_PATH.name
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


NOTICE_DAMAGED = (
    "De scenario-opslag {path} was beschadigd ({reason}). Grip heeft het bestand niet overschreven maar opzijgezet "
    "als {aside} en is begonnen met een nieuwe, lege scenario-opslag. De scenario's die vóór dit moment waren "
    "opgeslagen, staan nog in het opzijgezette bestand: laat uw beheerder ze herstellen, of importeer een eerdere "
    "export met 'Alle importeren'."
)
NOTICE_LEFTOVER = (
    "Het bestand van de scenario-opslag {path} ontbrak, maar het logbestand ernaast ({leftover}) bestond nog en kan "
    "opgeslagen scenario's bevatten. Grip heeft het opzijgezet als {aside} en is begonnen met een nieuwe, lege "
    "scenario-opslag. Laat uw beheerder de scenario's zo nodig herstellen."
)
_COMPANIONS = ("-wal", "-shm", "-journal")


def _is_memory(parsed) -> bool:
    """An in-memory SQLite database (`sqlite://`, `sqlite://?store=<name>`, `sqlite:///:memory:`)."""
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or _is_memory(parsed):
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _describe(url: str) -> str:
    """Where the store lives, for messages (never with a password)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unreadable address is described, not raised here
        return "(GRIP_DATABASE_URL)"
    if parsed.get_backend_name() == "sqlite":
        return f"(bestand {parsed.database or 'in het geheugen'})"
    where = f"{parsed.host or 'localhost'}{f':{parsed.port}' if parsed.port else ''}"
    return f"({parsed.get_backend_name()}-database {parsed.database or ''} op {where})"


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """Only one Grip process at a time checks, moves aside or creates the database file in this folder."""
    try:
        import fcntl
    except ImportError:  # not on Linux or macOS: no lock
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sqlite_damage(path: Path) -> str | None:
    """Why an existing file is not a sound SQLite database (Dutch), or None when it is."""
    if path.stat().st_size == 0:
        return "het bestand is leeg (0 bytes); Grip maakt een nieuwe opslag nooit leeg aan, dus het is afgekapt"
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(b"SQLite format 3\x00"):
        return "het is geen SQLite-database"
    if len(header) < 100:
        return "het bestand is afgekapt"
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        found = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        if found != ["ok"]:
            return f"de controle vond fouten: {_shown(' '.join(found), 120)}"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
            return f"SQLite meldt: {error}"
        raise
    finally:
        connection.close()
    if tables and not tables & {"schema_version", "scenarios", "scenario_versies"}:
        raise StoreUnavailableError(
            f"{path} is een SQLite-database van een ander programma (tabellen: {_shown(', '.join(sorted(tables)))}). "
            "Grip laat dat bestand ongemoeid; kies met GRIP_DATA_DIR of GRIP_DATABASE_URL een andere plek.")
    return None


def _aside_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside, number = path.with_name(f"{path.name}.beschadigd-{stamp}"), 1
    while any(Path(f"{aside}{suffix}").exists() for suffix in ("", *_COMPANIONS)):
        number += 1
        aside = path.with_name(f"{path.name}.beschadigd-{stamp}-{number}")
    return aside


def _move_aside(path: Path) -> Path:
    """Rename the file and its journal files (the file first: its newest commits may live in the -wal)."""
    aside = _aside_name(path)
    os.rename(path, aside)
    for suffix in _COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            os.rename(companion, Path(f"{aside}{suffix}"))
    _fsync(path.parent)
    return aside


def _create_sqlite_file(path: Path) -> None:
    """A new store, built under a temporary name and linked into place whole: never a file of 0 bytes."""
    for stale in path.parent.glob(f".{path.name}.nieuw-*"):  # left by a process killed while creating
        stale.unlink(missing_ok=True)
    temporary = path.with_name(f".{path.name}.nieuw-{os.getpid()}-{secrets.token_hex(4)}")
    engine = create_engine(f"sqlite:///{temporary}")
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            connection.execute(schema_version.insert().values(version=SCHEMA_VERSION))
    finally:
        engine.dispose()
    try:
        _fsync(temporary)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first; use its file
        except OSError:  # a file system without hard links: we hold the folder lock
            if not path.exists():
                os.rename(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}-journal").unlink(missing_ok=True)
    _fsync(path.parent)


MEMORY_URL = "sqlite://"  # the in-memory store; "sqlite://?store=<name>" for another one in the same process
_memory_engines: dict[str, Engine] = {}
_memory_lock = threading.Lock()


def _memory_engine(url: str) -> Engine:
    """One in-memory database per memory URL and process, shared by every store opened on it (the screen tests'
    store, and a demo without a disk): nothing is kept after the process ends, and it serves one user at a time
    (one connection, StaticPool)."""
    with _memory_lock:
        engine = _memory_engines.get(url)
        if engine is None:
            engine = create_engine(MEMORY_URL, poolclass=StaticPool, connect_args={"check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin_immediate)
            _memory_engines[url] = engine
        return engine


def open_engine(url: str) -> Engine:
    parsed = make_url(url)
    if _is_memory(parsed):
        return _memory_engine(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    connection.isolation_level = None  # let the "begin" hook below start transactions
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:
    """Take SQLite's write lock at the start, so two savers queue instead of failing on a stale snapshot."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
