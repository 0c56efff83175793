"""Command line: `python -m scenarios --data PATH [--scenario FILE.json] --out FILE`. Exit 0 or 2."""

from __future__ import annotations

import sys

from scenarios.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
