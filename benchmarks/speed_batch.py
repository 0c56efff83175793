"""How long the batch takes for a synthetic country: N gemeenten × 9 voorzieningen with `auto` on the LocalCluster.

For 1 and 2 worker processes (one thread and one BLAS thread each) side by side: the whole run (cluster start
included), the time per gemeente (wall time / N, and the median and 90th percentile of the task itself on a
worker), and the peak resident memory per worker process. Every gemeente must succeed.

Run: python -m benchmarks.speed_batch [--n 342] [--workers 1,2]   (writes benchmarks/results/speed_batch.txt)
With --n below 342 the whole-country time is extrapolated linearly (and says so).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime  # noqa: E402
import io  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks import synthetic_country  # noqa: E402
from benchmarks.results_file import write_result  # noqa: E402
from grip.batch import run_batch  # noqa: E402

RESULT = Path(__file__).resolve().parent / "results" / "speed_batch.txt"
COUNTRY = synthetic_country.N_GEMEENTEN


def measure(data: Path, workers: int, scratch: Path) -> dict:
    out = scratch / f"uit-{workers}"
    load = os.getloadavg()[0]
    start = time.perf_counter()
    result = run_batch(data, out, scheduler="local", workers=workers, stream=io.StringIO())
    wall = time.perf_counter() - start
    if result.code != 0:
        raise SystemExit(f"batch with {workers} worker(s) failed: {result.failed}")
    tasks = np.array([o.seconds for o in result.outcomes])
    peak: dict[str, float] = defaultdict(float)
    for o in result.outcomes:
        peak[o.worker] = max(peak[o.worker], o.peak_mb)
    return {"workers": workers, "n": len(result.outcomes), "wall": wall, "load": load,
            "per_gemeente": wall / len(result.outcomes), "task_median": float(np.median(tasks)),
            "task_p90": float(np.quantile(tasks, 0.9)), "task_cpu": float(tasks.sum()), "peak": dict(peak),
            "blas": sorted({o.blas_threads for o in result.outcomes})}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=COUNTRY)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--out", default=str(RESULT))
    args = parser.parse_args(argv)
    started = datetime.datetime.now()
    rows = []
    with tempfile.TemporaryDirectory(prefix="grip-speed-batch-") as scratch:
        scratch = Path(scratch)
        data = synthetic_country.write_folders(synthetic_country.generate(args.n), scratch / "land")
        for workers in (int(w) for w in args.workers.split(",")):
            rows.append(measure(data, workers, scratch))
            print(rows[-1], flush=True)
    lines = [
        f"Batch speed, {started:%Y-%m-%d %H:%M}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}",
        f"Synthetic country (benchmarks/synthetic_country.py, seed {synthetic_country.SEED}): {args.n} gemeenten "
        "x 9 voorzieningen, realised 2015-2024, horizon 5, model auto, LocalCluster with worker processes "
        "(1 thread, OPENBLAS_NUM_THREADS=1 each).",
        "",
        f"{'workers':>7} {'gemeenten':>9} {'load':>5} {'whole run':>10} {'per gemeente':>13} {'task median':>12} "
        f"{'task p90':>9} {'peak MB per worker':>20}  {'extrapolated to ' + str(COUNTRY):>20}",
    ]
    for r in rows:
        peaks = ", ".join(f"{v:.0f}" for v in sorted(r["peak"].values()))
        whole = r["wall"] / r["n"] * COUNTRY
        lines.append(f"{r['workers']:>7} {r['n']:>9} {r['load']:>5.1f} {r['wall']:>9.1f}s {r['per_gemeente']:>12.2f}s "
                     f"{r['task_median']:>11.2f}s {r['task_p90']:>8.2f}s {peaks:>20}  {whole / 60:>17.1f} min")
    if len(rows) == 2:
        lines.append("")
        lines.append(f"Speed-up with {rows[1]['workers']} workers: {rows[0]['wall'] / rows[1]['wall']:.2f}x "
                     "(the machine is shared with other jobs: its load changed between the two runs, so the "
                     "ratio is indicative).")
    lines.append("")
    lines.append("whole run = cluster start + reading + all tasks + writing the files; per gemeente = whole run / N; "
                 "task = validate + service.run + CSV on the worker. BLAS threads in the workers: "
                 + ", ".join(sorted({b for r in rows for b in r["blas"]})) + ".")
    if args.n != COUNTRY:
        lines.append(f"Measured on {args.n} of {COUNTRY} gemeenten; the last column extrapolates linearly.")
    write_result(Path(args.out), lines)


if __name__ == "__main__":
    main()
