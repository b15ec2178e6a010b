"""The neighbour monitor: how many cores other processes keep busy."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psutil
import pytest
from curbside.engine import cpu_load
from curbside.engine.cpu_load import CpuSample, NeighbourMonitor, others_between


def test_others_are_the_machine_s_busy_time_minus_our_own() -> None:
    older = CpuSample(at=10.0, busy=100.0, own=5.0)
    newer = CpuSample(at=12.0, busy=103.0, own=6.0)  # 3 busy seconds, 1 of them ours
    assert others_between(older, newer) == pytest.approx(1.0)
    assert others_between(newer, newer) == 0.0
    assert others_between(older, CpuSample(at=12.0, busy=100.5, own=6.0)) == 0.0  # never < 0


def test_normal_priority_busy_time_counts_and_idle_and_nice_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fields = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
    values = (10.0, 50.0, 2.0, 900.0, 7.0, 0.5, 0.5, 1.0)
    times = type("Times", (), dict(zip(fields, values, strict=True)))()
    monkeypatch.setattr(psutil, "cpu_times", lambda: times)
    assert cpu_load.take_sample(psutil.Process()).busy == pytest.approx(14.0)


def test_nothing_is_known_just_after_start() -> None:
    monitor = NeighbourMonitor(interval_s=60)
    monitor.start()
    try:
        assert monitor.others() is None  # no sample old enough yet
    finally:
        monitor.close()


@pytest.fixture
def neighbour() -> Iterator[subprocess.Popen[bytes]]:
    """A real CPU-bound process beside this one."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield spinner
    finally:
        spinner.kill()
        spinner.wait()


def wait_until(check: Callable[[], bool], timeout_s: float) -> bool:
    """Poll ``check()`` until true or ``timeout_s`` passes (a bounded wait, no fixed sleep)."""
    deadline = time.monotonic() + timeout_s
    tick = threading.Event()
    while time.monotonic() < deadline:
        if check():
            return True
        tick.wait(0.05)
    return False


def test_a_busy_neighbour_process_is_seen(neighbour: subprocess.Popen[bytes]) -> None:
    monitor = NeighbourMonitor(interval_s=0.1)
    monitor.start()
    try:
        seen = wait_until(lambda: (monitor.others(0.5) or 0.0) >= 0.6, timeout_s=15)
        assert seen, f"saw {monitor.others(0.5)} cores busy beside a spinning process"
    finally:
        monitor.close()


def quietest(monitor: NeighbourMonitor, looks: int = 12) -> float:
    """The lowest "others" reading over ``looks`` looks a tenth of a second apart."""
    readings: list[float] = []

    def enough() -> bool:
        readings.append(monitor.others(0.5) or 0.0)
        return len(readings) >= looks

    wait_until(enough, timeout_s=30)
    return min(readings)


@contextmanager
def spinning_thread() -> Iterator[None]:
    """A thread of this process computing for as long as the block runs."""
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            sum(range(10_000))

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join()


def test_our_own_threads_are_not_a_neighbour() -> None:
    monitor = NeighbourMonitor(interval_s=0.1)
    monitor.start()
    try:
        wait_until(lambda: monitor.others(0.5) is not None, timeout_s=5)
        before = quietest(monitor)  # whatever else this machine runs
        with spinning_thread():
            busy_self = quietest(monitor)
        # A core of our own work adds nothing to "others" (a little noise aside).
        assert busy_self < before + 0.5, (before, busy_self)
    finally:
        monitor.close()


def test_the_cores_this_process_gets_are_measured() -> None:
    monitor = NeighbourMonitor(interval_s=0.05)
    monitor.start()
    since = time.monotonic()
    assert monitor.own_cores_since(since) is None  # no sample since then yet
    try:
        with spinning_thread():
            got = wait_until(lambda: (monitor.own_cores_since(since) or 0.0) >= 0.3, 15)
        assert got, f"a spinning thread showed as {monitor.own_cores_since(since)} cores"
    finally:
        monitor.close()
