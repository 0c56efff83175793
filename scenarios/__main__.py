"""Command line: `python -m scenarios [report] --data PATH [--scenario FILE.json] --out FILE` (grip/cli.py)."""

import sys

from grip import one_blas_thread

if __name__ == "__main__":
    one_blas_thread()
    from grip.cli import scenarios_main

    sys.exit(scenarios_main(sys.argv[1:]))
