"""Choosing how many CPU threads llama.cpp uses.

Generation is memory-bound and suffers badly when its threads are preempted:
on a 2-core machine ``n_threads=2`` was seen to swing between 2 and 24 tokens/s
when anything else ran (the UI, an antivirus scan). The default therefore
leaves one physical core free for the rest of the machine (at least 1 thread),
and never exceeds the cores this process may run on (its affinity set, which a
hospital's endpoint policy or a container may restrict). Prompt processing
is compute-bound and faster with every core on an idle machine (1.7-1.9x with
two), but on a busy 2-core machine two threads were seen to collapse to
1.5-8 tokens/s. So prompts are read on the generation figure by default; an
engine may instead probe (``adaptive_threads``): it times a short slice at
each of :func:`batch_thread_candidates` on a long prompt, and
:func:`choose_batch_threads` keeps the larger count only when it is clearly
faster. On the shared 2-core machine measured the probe never beat one
thread (``tests/benchmarks/bench_prefill.py``), so it is not the default.

``CURBSIDE_THREADS`` overrides the generation figure; ``tests/benchmarks``
measures the alternatives on the machine at hand.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import psutil

CLEAR_GAIN = 1.15
"""How much faster (tokens/s) more threads must read a probe to be kept."""


def allowed_cores() -> int:
    """Return how many logical CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    try:
        return max(1, len(psutil.Process().cpu_affinity() or []))
    except (AttributeError, psutil.Error):
        return max(1, os.cpu_count() or 1)


def physical_cores() -> int:
    """Return the number of physical cores (falls back to logical CPUs)."""
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def default_generation_threads() -> int:
    """Threads for token generation: physical cores minus one, within the affinity set."""
    override = os.environ.get("CURBSIDE_THREADS", "").strip()
    if override.isdigit() and int(override) > 0:
        return min(int(override), allowed_cores())
    return max(1, min(physical_cores() - 1, allowed_cores()))


def batch_thread_candidates() -> tuple[int, ...]:
    """Thread counts worth trying for reading a prompt, largest first.

    Every physical core within the affinity set, and one thread as the safe
    fallback (a single-core machine has one candidate).
    """
    most = max(1, min(physical_cores(), allowed_cores()))
    return (most, 1) if most > 1 else (1,)


def choose_batch_threads(rates: Mapping[int, float]) -> int:
    """Return the thread count to read the rest of a prompt with.

    Args:
        rates: Measured prompt tokens per second for each thread count tried.

    The largest count is kept only when it reads at least :data:`CLEAR_GAIN`
    times faster than every smaller one: more threads that merely tie are a
    risk (they are the first to collapse when a neighbour wakes up) for no
    gain. With no measurement, one thread is the safe answer.
    """
    measured = {count: rate for count, rate in rates.items() if count >= 1 and rate > 0}
    if not measured:
        return 1
    best = min(measured)
    for count in sorted(measured):
        if measured[count] >= CLEAR_GAIN * measured[best]:
            best = count
    return best
