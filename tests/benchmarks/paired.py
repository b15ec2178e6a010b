"""Interleaved, paired benchmark rounds, and the machine's load beside every figure.

On a shared 2-core machine a figure is only meaningful next to the load it
ran under and compared with a baseline measured moments apart. So every
round runs each measure once, in turn (A, B, A, B, ...), and reports each
measure's median, min and max, and for each measure against the baseline the
ratio *per round* (median, min, max of those ratios), never a ratio of
medians alone. ``Hog`` starts a CPU-bound neighbour process for the "busy
machine" figures.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def load() -> list[float]:
    """The 1, 5 and 15-minute load averages, rounded."""
    return [round(value, 2) for value in os.getloadavg()]


def spread(values: list[float], digits: int = 3) -> dict[str, float]:
    """Median, min and max of ``values``."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def paired_rounds(
    measures: dict[str, Callable[[], float]], baseline: str, rounds: int
) -> dict[str, Any]:
    """Run ``measures`` interleaved for ``rounds``; figures and per-round ratios to ``baseline``.

    Each measure returns one figure where higher is better (a rate).
    """
    samples: dict[str, list[float]] = {name: [] for name in measures}
    loads: list[float] = []
    for _ in range(rounds):
        loads.append(os.getloadavg()[0])
        for name, measure in measures.items():
            samples[name].append(measure())
    result: dict[str, Any] = {"rounds": rounds, "load_1min": spread(loads, 2)}
    for name, values in samples.items():
        entry: dict[str, Any] = {"values": [round(v, 3) for v in values], **spread(values)}
        if name != baseline:
            ratios = [a / b for a, b in zip(values, samples[baseline], strict=True) if b > 0]
            entry["ratio_to_" + baseline] = spread(ratios) if ratios else None
        result[name] = entry
    return result


def ratio_per_round(result: dict[str, Any], name: str, baseline: str) -> dict[str, float]:
    """Spread of ``name`` ÷ ``baseline`` round by round, from :func:`paired_rounds` output."""
    pairs = zip(result[name]["values"], result[baseline]["values"], strict=True)
    return spread([a / b for a, b in pairs if b > 0])


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@contextmanager
def hog() -> Iterator[None]:
    """Run a CPU-hogging neighbour (one busy process) for the duration."""
    neighbour = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        neighbour.kill()
        neighbour.wait()
