"""Many users at once: 20 browser sessions against one `streamlit run`, each switching a measure off.

Run: .venv/bin/python -m benchmarks.load_sessions [--sessions 20]   (writes benchmarks/results/load_sessions.txt)

One headless Chromium (Debian's, never `playwright install`) with one context per session. All sessions open the
Maatregelen screen, then at the same moment each switches off one measure of the sample package (session i takes
measure i mod 4). Measured per session: the time from the click until the tile "Tekort/overschot <last year>"
shows a new number. Checked per session: the change equals what the engine says switching off that measure does
(to the euro), so every session sees its own correct numbers and nobody else's. Only loopback traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.results_file import write_result  # noqa: E402

RESULT = REPO / "benchmarks" / "results" / "load_sessions.txt"

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop  # noqa: E402


def start_app():
    process, url = start_streamlit(wait_seconds=120)
    if url is None:
        stop(process)
        raise SystemExit("streamlit run startte niet binnen 120 s")
    return process, url


def expected_changes() -> tuple[list[str], dict[str, float], int]:
    """Per measure of the sample package: how much switching it off changes the last year's total gap."""
    from forecasting.input.validation import load_dataset
    from grip import service
    from scenarios.apply import apply_scenario
    from scenarios.measures import Scenario, loads

    dataset, _ = load_dataset(REPO / "data" / "voorbeeldgemeente")
    baseline = service.baseline(dataset, service.Settings())
    package = loads((REPO / "data" / "voorbeeldscenario.json").read_text(encoding="utf-8"), baseline.voorzieningen)
    with_all = apply_scenario(baseline, package, simulate=False).projection.total()[-1]
    changes = {}
    for measure in package.maatregelen:
        off = Scenario(package.naam, [replace(m, actief=m.naam != measure.naam) for m in package.maatregelen])
        changes[measure.naam] = float(apply_scenario(baseline, off, simulate=False).projection.total()[-1] - with_all)
    return [m.naam for m in package.maatregelen], changes, baseline.years[-1]


def euros(text: str) -> float:
    amount = float(re.sub(r"[^0-9]", "", text) or 0)
    return -amount if text.strip().endswith("V") else amount


async def one_session(browser, url: str, measure: str, label: str, everyone_ready: asyncio.Barrier) -> dict:
    context = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    context.set_default_timeout(600_000)
    page = await context.new_page()
    tile = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    try:
        await page.goto(f"{url}/maatregelen")
        await tile.wait_for()
        before_text = await tile.locator('[data-testid="stMetricValue"]').inner_text()
        await asyncio.wait_for(everyone_ready.wait(), timeout=900)  # all click at the same moment
        clicked = time.perf_counter()
        await page.locator('[data-testid="stCheckbox"] label').filter(
            has_text=re.compile(f"^{re.escape(measure)}$")).click()
        await page.wait_for_function(
            "([label, before]) => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => "
            "m.innerText.includes(label) && !m.innerText.includes(before))", arg=[label, before_text])
        seconds = time.perf_counter() - clicked
        after_text = await tile.locator('[data-testid="stMetricValue"]').inner_text()
        return {"measure": measure, "seconds": seconds, "change": euros(after_text) - euros(before_text)}
    finally:
        await context.close()


async def run_sessions(url: str, count: int, names: list[str], label: str) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        everyone_ready = asyncio.Barrier(count)
        tasks = [one_session(browser, url, names[i % len(names)], label, everyone_ready) for i in range(count)]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        await browser.close()
    return [r if isinstance(r, dict) else {"error": repr(r)} for r in results]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    count = parser.parse_args().sessions
    names, changes, final = expected_changes()
    label = f"Tekort/overschot {final}"
    process, url = start_app()
    try:
        started = time.perf_counter()
        results = asyncio.run(run_sessions(url, count, names, label))
        wall = time.perf_counter() - started
    finally:
        stop(process)
    done = [r for r in results if "seconds" in r]
    correct = [r for r in done if abs(r["change"] - changes[r["measure"]]) <= 1.5]
    times = sorted(r["seconds"] for r in done)
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)] if times else float("nan")
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"date {time.strftime('%Y-%m-%d')}",
        f"{count} concurrent browser sessions (one Chromium, one context each) against one streamlit run; "
        f"wall time {wall:.0f} s including page loads",
        f"sessions that finished: {len(done)}; with exactly their own expected change (to the euro): {len(correct)}",
        f"change-to-updated-number: median {statistics.median(times):.2f} s, 95th percentile {p95:.2f} s, "
        f"slowest {times[-1]:.2f} s" if times else "no session finished",
    ]
    lines += [f"  failed: {r['error'][:200]}" for r in results if "error" in r]
    write_result(RESULT, lines)


if __name__ == "__main__":
    main()
