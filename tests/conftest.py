import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grip import one_blas_thread  # noqa: E402

one_blas_thread()  # before numpy is imported, as in the command lines and the app

import os  # noqa: E402
import tempfile  # noqa: E402

# Tests never write scenarios into the working tree's grip-data folder.
os.environ.setdefault("GRIP_DATA_DIR", tempfile.mkdtemp(prefix="grip-test-data-"))
os.environ.pop("GRIP_DATABASE_URL", None)
