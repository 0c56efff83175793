"""The forecast of every gemeente in a region or country, one Dask task per gemeente (`python -m forecasting batch`).

    read_region (this process, cheap)  ->  one task per gemeente on the cluster:
        validate (forecasting/region/regional.py) -> grip.service.run(dataset, settings) -> the long format of the
        forecast command (presentation.tables.baseline_output) as CSV bytes, plus the gemeente's profile for
        expected versus actual
    ->  this process writes OUT/<gemeente>.csv and a done-marker, then OUT/alle_gemeenten.csv (with a `gemeente`
        column), OUT/verwacht_werkelijk.csv and OUT/samenvatting.txt.

The cluster is dask.distributed's LocalCluster (worker processes, one thread and one BLAS thread each) unless
the address of a running scheduler is given; the workers then only need Grip installed, not the files (the
tables travel with the task, the results come back). One gemeente that fails (unusable data, an error while
fitting, a worker that died) is named in the summary with the Dutch reason; the others go on.

Restart: a gemeente is skipped when OUT/.grip-batch/<file>.json says it was done for the same input, settings
and Grip version and OUT/<file>.csv still has the bytes it recorded (files are written to a temporary name and
renamed, so a killed run never leaves a half file that looks complete).

Exit codes: 0 every gemeente done, 1 some failed, 2 the input as a whole is unusable (or no cluster).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from grip import BLAS_VARIABLES, one_blas_thread

EXIT_OK, EXIT_SOME_FAILED, EXIT_UNUSABLE = 0, 1, 2
ALL_FILE = "alle_gemeenten.csv"
EXPECTED_FILE = "verwacht_werkelijk.csv"
SUMMARY_FILE = "samenvatting.txt"
MARKER_DIR = ".grip-batch"
RESERVED_STEMS = {Path(ALL_FILE).stem, Path(EXPECTED_FILE).stem, Path(SUMMARY_FILE).stem}
SCHEDULERS = ("local", "processes", "threads")
MAX_STEM_BYTES = 120


@dataclass
class Task:
    """What a worker needs for one gemeente: its raw tables travel with it."""

    gemeente: str
    tables: dict
    read_problems: object  # forecasting.input.problems.Problems
    settings: object  # grip.service.Settings
    dutch_csv: bool = False


@dataclass
class Outcome:
    gemeente: str
    ok: bool
    reason: str = ""  # Dutch, when not ok
    csv: bytes | None = None
    profile: list[dict] = field(default_factory=list)  # forecasting.region.regional.profile as records
    warnings: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0  # the worker process's peak resident memory so far
    worker: str = ""
    blas_threads: str = ""


def _peak_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    except (ImportError, OSError):
        return float("nan")


def _reason(problems, limit: int = 3) -> str:
    errors = problems.errors
    lines = [p.describe() for p in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"en nog {len(errors) - limit} fout(en)")
    if not lines:
        lines = [problems.report().splitlines()[0]]
    return "\n".join(lines)


def forecast_gemeente(task: Task) -> Outcome:
    """One gemeente, on a worker: validate, run the service as the command line does, return CSV bytes."""
    one_blas_thread()  # for anything this worker starts; the cluster sets it before numpy is imported
    start = time.perf_counter()
    outcome = Outcome(task.gemeente, False, worker=f"pid {os.getpid()}",
                      blas_threads=os.environ.get("OPENBLAS_NUM_THREADS", ""))
    try:
        from forecasting.region.regional import profile, validate_gemeente
        from grip import service
        from presentation import tables
        from presentation.output import csv_bytes

        dataset, problems = validate_gemeente(task.gemeente, task.tables, task.settings.horizon, task.read_problems)
        if dataset is not None:
            refused = service.settings_problems(dataset, task.settings)  # the service's one check of the settings
            if not refused.ok:
                from forecasting.region.regional import labelled

                problems, dataset = labelled(refused, task.gemeente), None
        if dataset is None:
            outcome.reason = _reason(problems)
        else:
            try:
                result = service.run(dataset, task.settings)
            except service.UnusableResult as error:
                from forecasting.region.regional import labelled

                outcome.reason = _reason(labelled(error.problems, task.gemeente))
            else:
                outcome.csv = csv_bytes(tables.baseline_output(result.baseline), task.dutch_csv)
                outcome.profile = profile(dataset, task.gemeente).to_dict("records")
                outcome.warnings = len(result.warnings)
                outcome.ok = True
    except Exception as error:  # one gemeente's bug never stops the others; the summary names it
        outcome.reason = (f"Onverwachte fout bij het rekenen voor gemeente '{task.gemeente}' "
                          f"({type(error).__name__}: {error}). Meld dit met de gegevens van deze gemeente.")
    outcome.seconds = time.perf_counter() - start
    outcome.peak_mb = _peak_mb()
    return outcome


# --- files ---------------------------------------------------------------------------------------------------


def file_stem(gemeente: str, taken: set[str]) -> str:
    """A safe, unique file name (without .csv) for a gemeente: no path separators or characters that Windows
    refuses; unique without regard to case (Windows and macOS file systems ignore case); at most
    MAX_STEM_BYTES bytes in UTF-8 (a longer name is cut and gets `_` + 10 hex characters of its SHA-256, so
    the temporary name `.<stem>.csv.tmp<pid>` stays far below the 255 bytes a file name may have). The whole
    name stays inside the files (alle_gemeenten.csv, the done-marker)."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f\u2028\u2029]', "_", gemeente).strip(" .") or "gemeente"
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        cut = stem.encode("utf-8")[:MAX_STEM_BYTES - 11].decode("utf-8", "ignore").rstrip(" .")
        stem = f"{cut}_{hashlib.sha256(gemeente.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"
    if stem.lower() in RESERVED_STEMS:
        stem += "_gemeente"
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}_{n}", n + 1
    taken.add(candidate.lower())
    return candidate


def fingerprint(task: Task, version: str) -> str:
    """What the output of a gemeente depends on: its tables, the settings, the CSV style and Grip's version."""
    digest = hashlib.sha256()
    for name in sorted(task.tables):
        table = task.tables[name]
        digest.update(json.dumps([name, table.source, table.columns, table.rows, table.row_numbers,
                                  table.decimal_comma], default=str).encode())
    digest.update(repr(task.read_problems.items).encode())
    digest.update(repr((task.settings, task.dutch_csv, version)).encode())
    return digest.hexdigest()


def blocked(path: Path) -> str | None:
    """A Dutch message when something other than a file stands where Grip writes a file (a directory, a link to
    one), else None. Grip never removes what it did not write: the user moves it."""
    if path.is_symlink() and not path.exists():
        return None  # a dangling link is replaced by os.replace
    if path.exists() and not path.is_file():
        return (f"Op de plaats van '{path.name}' in '{path.parent}' staat een map of iets anders dan een bestand. "
                "Verwijder of hernoem het en start de batch opnieuw.")
    return None


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _marker(out: Path, stem: str) -> Path:
    return out / MARKER_DIR / f"{stem}.json"


def is_done(out: Path, stem: str, print_: str) -> dict | None:
    """The marker of a gemeente done with this fingerprint whose CSV is still complete, else None."""
    try:
        marker = json.loads(_marker(out, stem).read_text(encoding="utf-8"))
        data = (out / f"{stem}.csv").read_bytes()
    except (OSError, ValueError):
        return None
    if marker.get("fingerprint") != print_ or marker.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    return marker


def _record(out: Path, stem: str, print_: str, outcome: Outcome) -> None:
    _write_atomic(out / f"{stem}.csv", outcome.csv)
    marker = {"gemeente": outcome.gemeente, "fingerprint": print_, "sha256": hashlib.sha256(outcome.csv).hexdigest(),
              "profiel": outcome.profile, "seconden": round(outcome.seconds, 3)}
    _write_atomic(_marker(out, stem), json.dumps(marker, ensure_ascii=False).encode("utf-8"))


def _forget(out: Path, stem: str) -> None:
    """A failed gemeente leaves no output of an earlier run behind (it would be stale)."""
    for path in (_marker(out, stem), out / f"{stem}.csv"):
        if blocked(path) is None:
            path.unlink(missing_ok=True)


def combine(out: Path, done: list[tuple[str, str]], dutch_csv: bool) -> Path:
    """OUT/alle_gemeenten.csv: every done gemeente's CSV, cell for cell, with `gemeente` in front."""
    import csv
    import io

    from presentation.output import neutralise

    delimiter = ";" if dutch_csv else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    header_written = False
    for gemeente, stem in done:
        text = (out / f"{stem}.csv").read_bytes().decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(rows, None)
        if header is None:
            continue
        if not header_written:
            writer.writerow(["gemeente", *header])
            header_written = True
        for row in rows:
            writer.writerow([neutralise(gemeente), *row])
    data = buffer.getvalue().encode("utf-8-sig" if dutch_csv else "utf-8")
    path = out / ALL_FILE
    _write_atomic(path, data)
    return path


# --- the cluster ---------------------------------------------------------------------------------------------


def _client(scheduler: str, workers: int | None):
    """A dask.distributed Client: a LocalCluster (worker processes, or threads in this process) or the scheduler
    at an address. Worker processes start with one BLAS thread (before they import numpy)."""
    import logging

    import dask
    from dask.distributed import Client, LocalCluster

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.update({name: "1" for name in BLAS_VARIABLES})
    dask.config.set({"distributed.nanny.pre-spawn-environ": environ})
    workers = workers or os.cpu_count() or 1
    if scheduler in ("local", "processes"):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        return Client(cluster), cluster
    if scheduler == "threads":
        cluster = LocalCluster(n_workers=1, threads_per_worker=workers, processes=False, dashboard_address=None,
                               silence_logs=logging.ERROR)
        return Client(cluster), cluster
    return Client(scheduler, timeout="15s"), None


class ProgressBar:
    """A Dutch text progress bar on a stream: redrawn in place on a terminal, a line per 10% otherwise."""

    def __init__(self, total: int, stream=None, width: int = 30):
        self.total, self.stream, self.width = total, stream or sys.stderr, width
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_tenth = -1

    def update(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        tenth = self.done * 10 // max(self.total, 1)
        if not self.tty and tenth == self._last_tenth and self.done < self.total:
            return
        self._last_tenth = tenth
        elapsed = time.perf_counter() - self.start
        left = elapsed / self.done * (self.total - self.done)
        filled = self.width * self.done // max(self.total, 1)
        line = (f"[{'#' * filled}{' ' * (self.width - filled)}] {self.done}/{self.total} gemeenten, "
                f"{self.failed} mislukt, {elapsed:.0f} s, nog ongeveer {left:.0f} s")
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


@dataclass
class BatchResult:
    code: int
    done: list[str] = field(default_factory=list)  # computed in this run
    skipped: list[str] = field(default_factory=list)  # done in an earlier run
    failed: dict[str, str] = field(default_factory=dict)  # gemeente -> Dutch reason
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    summary: str = ""


def run_batch(data, out, settings=None, scheduler: str = "local", workers: int | None = None,
              dutch_csv: bool = False, stream=None, client=None) -> BatchResult:
    """Forecast every gemeente of `data` into `out` (see the module's docstring). `client`: an existing
    dask.distributed Client to use instead of `scheduler` (tests)."""
    from forecasting import __version__
    from forecasting.region.regional import read_region
    from grip.service import Settings

    stream = stream or sys.stderr
    started = time.perf_counter()
    settings = settings or Settings()
    out = Path(out)
    source = read_region(data)
    if not source.problems.ok or not source.tables:
        stream.write(source.problems.report() + "\n")
        return BatchResult(EXIT_UNUSABLE, summary=source.problems.report())
    if out.exists() and not out.is_dir():
        stream.write(f"Fout: --out moet een map zijn; '{out}' is een bestand.\n")
        return BatchResult(EXIT_UNUSABLE)
    try:
        (out / MARKER_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        stream.write(f"Fout: kan de map '{out}' niet maken: {error.strerror}.\n")
        return BatchResult(EXIT_UNUSABLE)
    in_the_way = [message for name in (ALL_FILE, EXPECTED_FILE, Path(EXPECTED_FILE).with_suffix(".xlsx").name,
                                       SUMMARY_FILE) if (message := blocked(out / name))]
    if in_the_way:
        stream.write("Fout: " + "\n".join(in_the_way) + "\n")
        return BatchResult(EXIT_UNUSABLE, summary="\n".join(in_the_way))
    taken: set[str] = set()
    plan = []  # (gemeente, stem, task, fingerprint)
    for gemeente, tables in source.tables.items():
        task = Task(gemeente, tables, source.read_problems[gemeente], settings, dutch_csv)
        plan.append((gemeente, file_stem(gemeente, taken), task, fingerprint(task, __version__)))
    result = BatchResult(EXIT_OK)
    profiles: dict[str, list[dict]] = {}
    todo = []
    for gemeente, stem, task, print_ in plan:
        message = blocked(out / f"{stem}.csv") or blocked(_marker(out, stem))
        if message is not None:  # this gemeente cannot be written; the others go on
            result.failed[gemeente] = message
            continue
        marker = is_done(out, stem, print_)
        if marker is not None:
            result.skipped.append(gemeente)
            profiles[gemeente] = marker.get("profiel", [])
        else:
            todo.append((gemeente, stem, task, print_))
    if result.skipped:
        stream.write(f"{len(result.skipped)} gemeente(n) al klaar in een eerdere run: overgeslagen.\n")
    if todo:
        own = client is None
        try:
            if own:
                client, cluster = _client(scheduler, workers)
        except Exception as error:  # an unreachable or malformed address, a cluster that cannot start
            stream.write(f"Fout: geen verbinding met de Dask-scheduler '{scheduler}' ({error}). Start de scheduler "
                         "of gebruik --scheduler local.\n")
            return BatchResult(EXIT_UNUSABLE)
        try:
            _compute(client, todo, out, result, profiles, stream)
        finally:
            if own:
                client.close()
                if cluster is not None:
                    cluster.close()
    done = [(g, stem) for g, stem, _, _ in plan if g in result.done or g in result.skipped]
    result.seconds = time.perf_counter() - started
    result.code = EXIT_SOME_FAILED if result.failed else EXIT_OK
    try:
        if done:
            combine(out, done, dutch_csv)
        _expected(out, [profiles[g] for g, _ in done if profiles.get(g)], dutch_csv)
        result.summary = summary_text(result, out, len(plan))
        _write_atomic(out / SUMMARY_FILE, result.summary.encode("utf-8"))
    except OSError as error:  # a full disk, or a directory put in the way during the run
        result.summary = summary_text(result, out, len(plan))
        result.summary += (f"Fout: de samenvattende bestanden in '{out}' konden niet worden geschreven "
                           f"({error.strerror or type(error).__name__}); de bestanden per gemeente staan er wel.\n")
        result.code = EXIT_UNUSABLE
    stream.write(result.summary)
    return result


def _compute(client, todo, out: Path, result: BatchResult, profiles: dict, stream) -> None:
    from dask.distributed import as_completed

    meta, futures = {}, []
    for gemeente, stem, task, print_ in todo:
        future = client.submit(forecast_gemeente, task, key=f"gemeente-{print_[:16]}-{stem}", pure=False)
        meta[future.key] = (gemeente, stem, print_)
        futures.append(future)
    bar = ProgressBar(len(todo), stream)
    for future in as_completed(futures):
        gemeente, stem, print_ = meta[future.key]
        if future.status == "error":
            error = future.exception()
            outcome = Outcome(gemeente, False, reason=(
                f"De berekening voor gemeente '{gemeente}' is afgebroken ({type(error).__name__}: {error}); "
                "bijvoorbeeld een rekenproces dat stopte door te weinig geheugen. Start de batch opnieuw: klare "
                "gemeenten worden overgeslagen."))
        else:
            outcome = future.result()
        future.release()
        result.outcomes.append(outcome)
        if outcome.ok:
            try:
                _record(out, stem, print_, outcome)
            except OSError as error:  # a full disk, a directory that appeared meanwhile: this gemeente only
                _forget(out, stem)
                outcome.ok = False
                result.failed[gemeente] = (f"De uitvoer van deze gemeente kon niet worden geschreven in '{out}' "
                                           f"({error.strerror or type(error).__name__}). Maak ruimte of herstel "
                                           "de map en start de batch opnieuw.")
                bar.update(False)
                continue
            result.done.append(gemeente)
            profiles[gemeente] = outcome.profile
        else:
            _forget(out, stem)
            result.failed[gemeente] = outcome.reason
        bar.update(outcome.ok)


def _expected(out: Path, profiles: list[list[dict]], dutch_csv: bool) -> None:
    """OUT/verwacht_werkelijk.csv over the done gemeenten (with the note that a high ratio is a question)."""
    path = out / EXPECTED_FILE
    if len(profiles) < 2:
        path.unlink(missing_ok=True)
        path.with_suffix(".xlsx").unlink(missing_ok=True)
        return
    import pandas as pd

    from forecasting.region.regional import expected_vs_actual
    from presentation.export import expected_workbook_bytes
    from presentation.output import csv_bytes

    table = expected_vs_actual(pd.DataFrame([row for rows in profiles for row in rows]))
    _write_atomic(path, csv_bytes(table, dutch_csv))
    _write_atomic(path.with_suffix(".xlsx"), expected_workbook_bytes(table))


def summary_text(result: BatchResult, out: Path, total: int) -> str:
    """The Dutch summary: how many gemeenten, what failed and why, where the files are."""
    from forecasting.input.reading import shown_name

    lines = ["", f"Batch klaar in {result.seconds:.0f} s: {total} gemeente(n); {len(result.done)} nu berekend, "
             f"{len(result.skipped)} al klaar uit een eerdere run, {len(result.failed)} mislukt."]
    if result.failed:
        lines.append("")
        lines.append("Mislukt (de andere gemeenten zijn wel berekend):")
        for gemeente, reason in result.failed.items():
            first, *rest = reason.splitlines() or [""]
            lines.append(f"- {shown_name(gemeente)}: {first}")  # a name never starts a line of its own
            lines += [f"    {line}" for line in rest]
        lines.append("Herstel de gegevens van deze gemeente(n) en start de batch opnieuw; klare gemeenten worden "
                     "overgeslagen.")
    many = sorted({o.blas_threads or "niet gezet" for o in result.outcomes} - {"1"})
    if many:
        lines.append(f"Let op: rekenprocessen draaiden met OPENBLAS_NUM_THREADS={', '.join(many)}. Start Dask-workers "
                     "met OPENBLAS_NUM_THREADS=1 (de matrices zijn klein; meer BLAS-threads kosten tot 7x de "
                     "rekentijd).")
    lines.append("")
    lines.append(f"Per gemeente: {out}/<gemeente>.csv; samen: {out / ALL_FILE}.")
    if (out / EXPECTED_FILE).exists():
        from forecasting.region.regional import EXPECTED_NOTE

        lines.append(f"Verwacht tegenover werkelijk gebruik: {out / EXPECTED_FILE} (en .xlsx). {EXPECTED_NOTE}")
    return "\n".join(lines) + "\n"
