"""Choosing how many CPU threads llama.cpp uses.

Generation is memory-bound and suffers badly when its threads are preempted:
on a 2-core machine ``n_threads=2`` was seen to swing between 2 and 24 tokens/s
when anything else ran (the UI, an antivirus scan). The default therefore
leaves one physical core free for the rest of the machine (at least 1 thread),
and never exceeds the cores this process may run on (its affinity set, which a
hospital's endpoint policy or a container may restrict).

Prompt processing is compute-bound and faster with every core on an idle
machine (1.7-1.9x with two on a 2-core machine), but two threads collapse to
a fraction of one when a neighbour process takes a core. So by default the
prompt's thread count is chosen slice by slice from how busy the *other*
processes are (:func:`prompt_threads`, fed by
:class:`curbside.engine.cpu_load.NeighbourMonitor`): every core they leave
free, and one thread as soon as they want one; and a reader that does not
get the cores it took drops to one thread mid-slice (:mod:`curbside.engine.prefill`).
A fixed ``n_threads_batch`` turns this off.

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


def most_prompt_threads() -> int:
    """Threads worth reading a prompt with: every physical core within the affinity set."""
    return max(1, min(physical_cores(), allowed_cores()))


NEIGHBOUR_SLACK = 0.25
"""Cores the other processes may use before a core counts as taken (a daemon's blips)."""


def prompt_threads(others: float | None, most: int, cores: int) -> int:
    """Return the thread count to read the next slice of a prompt with.

    Args:
        others: Cores other processes kept busy just now (None: not known yet).
        most: The most threads worth using (:func:`most_prompt_threads`).
        cores: Logical CPUs this process may run on (:func:`allowed_cores`).

    Every core the neighbours leave free, within :data:`NEIGHBOUR_SLACK`; one
    thread when nothing is known, since one thread is the count that never
    collapses.
    """
    if others is None:
        return 1
    free = cores - others + NEIGHBOUR_SLACK
    return max(1, min(most, int(free)))
