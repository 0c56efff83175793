"""Server-side time to redraw the Maatregelen screen after a measure edit (target < 0.5 s), after the first fit.

Drives the real page with streamlit's AppTest: switches a measure off and on again and times each rerun.
Run: .venv/bin/python benchmarks/speed_maatregelen_screen.py   (writes benchmarks/results/speed_maatregelen_screen.txt)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.results_file import write_result  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "speed_maatregelen_screen.txt"
TOGGLE = "aan_Pakket 2026_Tariefafspraken jeugdhulp"


def main() -> None:
    start = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("screens/maatregelen.py").run()
    first = time.perf_counter() - start
    timings = []
    for i in range(10):
        start = time.perf_counter()
        at.toggle(key=TOGGLE).set_value(i % 2 == 1).run()
        timings.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    lines = [
        f"first open of the app and Maatregelen (includes the one-off backtest and fit): {first:.1f} s",
        f"redraw after switching a measure on/off, 10 times: median {statistics.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms (whole page script, server side)",
    ]
    write_result(RESULT, lines)


if __name__ == "__main__":
    main()
