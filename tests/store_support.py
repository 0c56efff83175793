"""A real PostgreSQL server for the store tests, started once per test process on a free local port and
shared by every test module that asks for it (Debian's postgresql; `make test` installs it when missing)."""

from __future__ import annotations

import atexit
import functools
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile

from sqlalchemy import create_engine, text


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@functools.cache
def postgres_server_url() -> str | None:
    """The server's URL (without a database), or None when PostgreSQL is not installed."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        return None
    folder = tempfile.mkdtemp(prefix="grip-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = os.path.join(folder, "data")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run(_as_postgres_user([initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres_user([pg_ctl, "-D", data, "-w", "-l", os.path.join(folder, "log"), "-o",
                                      f"-p {port} -k {folder} -h 127.0.0.1 -c max_connections=200", "start"]),
                   check=True, capture_output=True)

    def stop() -> None:
        subprocess.run(_as_postgres_user([pg_ctl, "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}"


_databases = itertools.count()


def new_database(server: str) -> str:
    """A fresh, empty database on the server; its URL."""
    name = f"grip_test_{os.getpid()}_{next(_databases)}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{server}/{name}"


def take_database_away(url: str) -> None:
    """Cut every connection to the database and rename it, as when a server is moved or a database dropped
    (renaming needs no checkpoint, unlike DROP DATABASE, so it is quick)."""
    server, name = url.rsplit("/", 1)
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                           {"name": name})
        connection.execute(text(f"ALTER DATABASE {name} RENAME TO {name}_weg"))
    admin.dispose()
