"""Command line: `python -m forecasting [check|backtest] --data PATH ...` (grip/cli.py).

Exit codes: 0 success, 2 unusable input or arguments. Never a traceback for bad input.
"""

import sys

from grip import one_blas_thread

if __name__ == "__main__":
    one_blas_thread()
    from grip.cli import forecasting_main

    sys.exit(forecasting_main(sys.argv[1:]))
