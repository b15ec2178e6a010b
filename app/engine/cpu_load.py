"""How much of the machine the other programs are using, and how much of it this one gets.

Reading a prompt is compute-bound: on an idle 2-core machine two threads read
it about 1.8-2.2x faster than one. But llama.cpp's threads meet at a barrier
after every graph node, so when a neighbour process takes one of the cores,
the thread that is pushed off it holds the other up and two threads collapse
to a fraction of one thread's speed. :class:`NeighbourMonitor` samples CPU
time a few times a second on a daemon thread and answers two questions:

* :meth:`NeighbourMonitor.others`: how many cores other processes at normal
  priority kept busy over the last moment (the machine's busy time minus this
  process's own, so the window's own work never counts as a neighbour).
  Low-priority (``nice``) time is left out here: whether it competes depends
  on the scheduler's per-session groups (Linux's autogroup, systemd slices),
  which the counters cannot show.
* :meth:`NeighbourMonitor.own_cores_since`: how many cores this process
  actually got since a moment, which is the real test: a reader on two
  threads that gets clearly less than two cores is being crowded out,
  whoever by.

Each sample reads two small kernel counters (``/proc/stat`` and this
process's own on Linux, through ``psutil`` everywhere), so sampling four
times a second costs nothing measurable.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

import psutil

SAMPLE_INTERVAL_S = 0.25
"""How often the machine's CPU counters are read."""

RECENT_S = 1.0
"""How far back "the last moment" reaches when choosing threads for a slice."""

MIN_WINDOW_S = 0.05
"""Shortest span a reading may cover (the kernel counts CPU time in 10 ms ticks)."""

MIN_SHARE_SPAN_S = 0.2
"""Shortest span over which this process's share of the cores is judged."""

_KEPT_SAMPLES = 16
_BUSY_FIELDS = ("user", "system", "irq", "softirq", "steal", "interrupt", "dpc")
"""CPU time that is work at normal priority (Linux, macOS and Windows names; not ``nice``)."""


@dataclass(frozen=True)
class CpuSample:
    """Machine-wide busy CPU seconds and this process's own, at one moment."""

    at: float
    busy: float
    own: float


def take_sample(process: psutil.Process) -> CpuSample:
    """Read the machine's busy CPU seconds (normal priority) and this process's own, now."""
    times = psutil.cpu_times()
    busy = sum(getattr(times, name, 0.0) for name in _BUSY_FIELDS)
    own = process.cpu_times()
    return CpuSample(time.monotonic(), busy, own.user + own.system)


def others_between(older: CpuSample, newer: CpuSample) -> float:
    """Cores other processes kept busy, on average, from ``older`` to ``newer``."""
    wall = newer.at - older.at
    if wall <= 0:
        return 0.0
    others = (newer.busy - older.busy) - (newer.own - older.own)
    return max(0.0, others / wall)


class NeighbourMonitor:
    """Samples CPU use on a daemon thread; tells how busy the other processes are.

    Args:
        interval_s: Seconds between samples.

    Start it with :meth:`start` (idempotent) and end it with :meth:`close`.
    """

    def __init__(self, interval_s: float = SAMPLE_INTERVAL_S) -> None:
        self._interval = interval_s
        self._process = psutil.Process()
        self._samples: deque[CpuSample] = deque(maxlen=_KEPT_SAMPLES)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin sampling (once)."""
        if self._thread is not None:
            return
        self._record()
        self._thread = threading.Thread(target=self._run, name="curbside-cpu-load", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop sampling (the thread ends within one interval)."""
        self._closed.set()

    def others(self, recent_s: float = RECENT_S) -> float | None:
        """Cores kept busy by other processes over about the last ``recent_s`` seconds.

        Reads the counters now as the newest sample. None before the monitor has
        a sample at least :data:`MIN_WINDOW_S` old (just after start: a
        command-line question is read a tenth of a second after the model loads).
        """
        try:
            now = self._sample()
        except (psutil.Error, OSError):
            return None
        with self._lock:
            samples = list(self._samples)
        older = [s for s in samples if now.at - s.at >= MIN_WINDOW_S]
        if not older:
            return None
        within = [s for s in older if now.at - s.at <= recent_s * 1.5]
        base = within[0] if within else older[-1]
        return others_between(base, now)

    def own_cores_since(self, since: float) -> float | None:
        """Cores this process used on average from ``since`` (``time.monotonic``) on.

        Read from the samples already taken (no counter is read here: the Stop
        watcher asks this every 50 ms), from the first one at or after
        ``since`` to the newest; None until they are :data:`MIN_SHARE_SPAN_S` apart.
        """
        with self._lock:
            after = [s for s in self._samples if s.at >= since]
        if len(after) < 2 or after[-1].at - after[0].at < MIN_SHARE_SPAN_S:
            return None
        return (after[-1].own - after[0].own) / (after[-1].at - after[0].at)

    def _run(self) -> None:
        while not self._closed.wait(self._interval):
            self._record()

    def _record(self) -> None:
        try:
            sample = self._sample()
        except (psutil.Error, OSError):
            return
        with self._lock:
            self._samples.append(sample)

    def _sample(self) -> CpuSample:
        return take_sample(self._process)
