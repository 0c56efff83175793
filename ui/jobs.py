"""Expensive computations shared by every session: computed once per key, in a background thread.

A backtest of a dataset is keyed on the data's content and the settings it depends on, so two users
with the same data share one result. The first session that asks starts a thread; every other session
(and the same session after switching screens) finds the running job and waits for it, showing its
progress. The thread keeps running when the user leaves the screen that started it.
No Streamlit here: the screens poll `Job.progress` and wait on `Job.wait`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Job:
    """One computation: its progress (done, total, label), and its result or error when finished."""

    key: Hashable
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    label: str = ""
    result: Any = None
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    def report(self, done: int, total: int, label: str) -> None:
        self.done, self.total, self.label = done, total, label

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)

    def value(self):
        """The result; raises the computation's error again in the caller's thread."""
        self.finished.wait()
        if self.error is not None:
            raise self.error
        return self.result


class SharedJobs:
    """A thread-safe, bounded store of jobs by key that de-duplicates concurrent computations."""

    def __init__(self, size: int = 16):
        self._lock = threading.Lock()
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self.size = size
        self.started = 0  # how many computations ran (for tests and the benchmark)

    def get(self, key: Hashable) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def submit(self, key: Hashable, compute: Callable[[Callable[[int, int, str], None]], Any]) -> Job:
        """The job for `key`: the finished or running one, else a new one started in a background thread.

        `compute(progress)` receives a `progress(done, total, label)` callback. A job that failed is
        started again on the next request."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and not (job.finished.is_set() and job.error is not None):
                self._jobs.move_to_end(key)
                return job
            job = Job(key)
            self._jobs[key] = job
            self.started += 1
            self._evict()
        thread = threading.Thread(target=self._run, args=(job, compute), name=f"grip-job-{self.started}",
                                  daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, compute) -> None:
        try:
            job.result = compute(job.report)
        except BaseException as error:  # noqa: BLE001 - handed to every waiting session
            job.error = error
        finally:
            job.finished.set()

    def _evict(self) -> None:
        """Drop the oldest finished jobs beyond the size; running ones are never dropped."""
        for key in list(self._jobs):
            if len(self._jobs) <= self.size:
                break
            if self._jobs[key].finished.is_set():
                del self._jobs[key]
