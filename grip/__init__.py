"""The application layer: settings, the run service and the command lines (no Streamlit).

Importing this package imports no numpy, so entry points can call `one_blas_thread()` first.
"""

import os

BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """One BLAS thread: Grip's matrices are tiny, and BLAS threads spinning on them cost up to 7x the CPU time.

    Takes effect only when called before numpy is first imported; a value the user set is kept.
    """
    for name in BLAS_VARIABLES:
        os.environ.setdefault(name, "1")
