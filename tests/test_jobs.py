"""The shared computations: once per key for all sessions, the second asker waits, a running one keeps running."""

from __future__ import annotations

import threading
import time

import pytest

from ui.jobs import SharedJobs


def slow(result, gate: threading.Event, calls: list):
    def compute(progress):
        calls.append(1)
        progress(0, 2, "eerste reeks")
        gate.wait(5)
        progress(1, 2, "tweede reeks")
        return result
    return compute


def test_two_sessions_asking_at_once_share_one_computation():
    jobs, gate, calls = SharedJobs(), threading.Event(), []
    first = jobs.submit("data-a", slow("uitkomst", gate, calls))
    second = jobs.submit("data-a", slow("anders", gate, calls))  # arrives while the first is running
    assert second is first
    deadline = time.monotonic() + 5
    while first.label != "eerste reeks" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (first.done, first.total, first.label) == (0, 2, "eerste reeks")  # progress visible to both
    assert not first.finished.is_set()
    gate.set()
    assert second.value() == "uitkomst" and first.value() == "uitkomst"
    assert calls == [1] and jobs.started == 1
    assert jobs.submit("data-a", slow("nog eens", gate, calls)).value() == "uitkomst"  # cached
    assert calls == [1]


def test_many_threads_submitting_the_same_key_start_it_once():
    jobs, gate, calls = SharedJobs(), threading.Event(), []
    found = []
    threads = [threading.Thread(target=lambda: found.append(jobs.submit("k", slow(1, gate, calls))))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gate.set()
    assert len({id(job) for job in found}) == 1 and found[0].value() == 1 and calls == [1]


def test_the_computation_runs_on_when_nobody_waits_for_it():
    jobs, gate, calls = SharedJobs(), threading.Event(), []
    job = jobs.submit("k", slow("klaar", gate, calls))
    del job  # the screen that asked was left
    gate.set()
    assert jobs.get("k").wait(5) and jobs.get("k").value() == "klaar"


def test_a_failed_computation_reports_its_error_and_is_tried_again():
    jobs = SharedJobs()

    def broken(progress):
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        jobs.submit("k", broken).value()
    assert jobs.submit("k", lambda progress: "hersteld").value() == "hersteld"


def test_only_finished_jobs_are_evicted_beyond_the_size():
    jobs, gate = SharedJobs(size=2), threading.Event()
    running = jobs.submit("lopend", slow("x", gate, []))
    for key in ("a", "b", "c"):
        jobs.submit(key, lambda progress, key=key: key).wait(5)
    assert jobs.get("lopend") is running
    assert jobs.get("a") is None
    gate.set()
