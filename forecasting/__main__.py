"""Command line: `python -m forecasting [check|backtest] --data PATH ...`.

Exit codes: 0 success, 2 unusable input or arguments. Never a traceback for bad input.
"""

from __future__ import annotations

import sys

from forecasting.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
