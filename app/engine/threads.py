"""Choosing how many CPU threads llama.cpp uses.

Generation is memory-bound and suffers badly when its threads are preempted:
on a 2-core machine ``n_threads=2`` was seen to swing between 2 and 24 tokens/s
when anything else ran (the UI, an antivirus scan). The default therefore
leaves one physical core free for the rest of the machine (at least 1 thread),
and never exceeds the cores this process may run on (its affinity set, which a
hospital's endpoint policy or a container may restrict). Prompt processing
uses the same figure: it is faster with every core on an idle machine (1.7x
with two), but with two threads on a busy 2-core machine one prompt slice
was seen to take 1-10 s instead of 0.7 s, which also delays Stop.

``CURBSIDE_THREADS`` overrides the generation figure; ``tests/benchmarks``
measures the alternatives on the machine at hand.
"""

from __future__ import annotations

import os

import psutil


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
