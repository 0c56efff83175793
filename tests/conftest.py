import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grip import one_blas_thread  # noqa: E402

one_blas_thread()  # before numpy is imported, as in the command lines and the app

import os  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402

# Tests never write scenarios into the working tree's grip-data folder.
os.environ.setdefault("GRIP_DATA_DIR", tempfile.mkdtemp(prefix="grip-test-data-"))
os.environ["GRIP_DATABASE_URL"] = "sqlite://"  # the in-memory scenario store (scenarios/store/files.py)


# --- the scenario store on SQLite and on a throwaway PostgreSQL (tests/store_support.py) -----------------------


@pytest.fixture(scope="session")
def postgres_server():
    from tests.store_support import postgres_server_url

    url = postgres_server_url()
    if url is None:
        pytest.fail("PostgreSQL ontbreekt: `make test` installeert Debian's postgresql.")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Each store test runs on SQLite and on a fresh PostgreSQL database."""
    from tests.store_support import new_database

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scenarios.db'}"
    return new_database(request.getfixturevalue("postgres_server"))
