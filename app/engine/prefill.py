"""Reading the prompt into the KV cache: fast, stoppable, and on the right thread count.

Three things decide how long a clinician waits before the first word:

* **Stop inside a batch, cheaply.** Stop reaches llama.cpp inside a slice
  through its abort callback, which is a C function reading one byte
  (:mod:`curbside.engine.abort`): no Python call per graph node.
* **Threads.** By default each slice is read on every core the other
  processes leave free (:func:`curbside.engine.threads.prompt_threads`, fed by
  a :class:`curbside.engine.cpu_load.NeighbourMonitor`), and one thread when
  they want a core: two threads are ~1.8-2.2x faster on an idle 2-core
  machine and collapse beside a busy neighbour. While a slice is read on
  several threads the watcher checks that this process really gets that many
  cores (:data:`FAIR_SHARE` of them); when it does not (a neighbour woke up,
  or low-priority work that competes after all) the abort flag interrupts the
  slice and the rest of the prompt is read on one thread
  (:class:`curbside.engine.abort.StopWatch`'s ``interrupt``). A fixed
  ``n_threads_batch`` turns the choice off.
* **Slices sized by time.** A slice is ``n_batch`` tokens (llama.cpp's own
  batch size) or what this model reads in :data:`SLICE_SECONDS`, whichever
  is smaller, but never under :data:`MIN_SLICE_TOKENS` (shorter batches read
  measurably slower), so on a slow 4B model progress still moves every
  ten seconds or so.
* **Reopening from RAM.** Before the cache is overwritten by another
  conversation its state is kept in a :class:`curbside.engine.state_cache.StateCache`;
  a prompt that begins like a kept one gets that state back.
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from dataclasses import dataclass, field

from curbside.engine.abort import AbortFlag, StopWatch
from curbside.engine.base import ProgressCallback
from curbside.engine.cpu_load import NeighbourMonitor
from curbside.engine.state_cache import StateCache, capture, common_prefix, restore, state_size
from curbside.engine.threads import allowed_cores, most_prompt_threads, prompt_threads
from llama_cpp import Llama

SLICE_SECONDS = 10.0
"""Longest a slice should take at the speed last measured for its thread count."""
MIN_SLICE_TOKENS = 128
"""Shorter batches read slower: on a 4B model 42-token slices cost 5-17% (llama-bench
at batch 32: -8% against 256; at 128: -1.3%)."""
FIRST_SLICE_TOKENS = MIN_SLICE_TOKENS
"""Before this model's speed is known, a slice this long measures it."""
FAIR_SHARE = 0.85
"""Share of its threads' cores a reader must get; less means it is being crowded out."""
WARMUP_TOKENS = 8
"""Untimed first slice after loading (pages the weights in; would bias a probe)."""
MIN_SNAPSHOT_GAIN = 32
"""Tokens a snapshot must save (or a state hold beyond the shared prefix) to be worth it."""


class _Outcome(enum.Enum):
    READ = "read"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


@dataclass
class PrefillReport:
    """What the last prefill did (for benchmarks and the audit trail)."""

    reused: int = 0
    restored: bool = False
    threads: int = 0
    """The thread count that read most of the prompt."""
    tokens_by_threads: dict[int, int] = field(default_factory=dict)
    interrupted: int = 0
    """Slices interrupted to be read again on fewer threads."""


class Prefill:
    """Evaluates prompts for one ``Llama`` context (same thread as its owner).

    Args:
        llama: The loaded model.
        n_threads: Generation threads (kept as they are).
        n_threads_batch: A fixed prompt thread count, or None to choose per slice.
        n_batch: Largest slice (the context's batch size).
        states: Where other conversations' states are kept (None: nowhere).
    """

    def __init__(
        self,
        llama: Llama,
        *,
        n_threads: int,
        n_threads_batch: int | None,
        n_batch: int,
        states: StateCache | None,
    ) -> None:
        self._llama = llama
        self._n_threads = n_threads
        self._fixed = n_threads_batch
        self._n_batch = n_batch
        self.states = states
        self._monitor = NeighbourMonitor() if n_threads_batch is None else None
        if self._monitor is not None:
            self._monitor.start()
        self._most, self._cores = most_prompt_threads(), allowed_cores()
        self.threads = n_threads_batch or 1
        self._rates: dict[int, float] = {}
        self._warm = False
        self._cancel: threading.Event | None = None
        self._watch: StopWatch | None = None
        self._slice_began = 0.0
        self._abort = AbortFlag(llama._ctx.ctx)
        self.abort_in_c = self._abort.in_c
        self._set_threads(self.threads)
        self.report = PrefillReport()

    def run(
        self, tokens: list[int], cancel: threading.Event, on_prefill: ProgressCallback | None
    ) -> int:
        """Evaluate what of ``tokens`` is not already cached; return the tokens reused."""
        self.report = PrefillReport()
        reused = self._reuse(tokens)
        self.report.reused = reused
        self._cancel = cancel
        interrupt = self._crowded_out if self._monitor is not None else None
        try:
            with StopWatch(self._abort, cancel, interrupt) as self._watch:
                self._read(tokens, reused, cancel, on_prefill)
        finally:
            self._cancel, self._watch = None, None
        counts = self.report.tokens_by_threads
        self.report.threads = max(counts, key=counts.__getitem__) if counts else self.threads
        return reused

    def close(self) -> None:
        """Stop watching the machine's load."""
        if self._monitor is not None:
            self._monitor.close()

    def forget(self) -> None:
        """Drop every kept state (the KV cache itself is the engine's to clear)."""
        if self.states is not None:
            self.states.clear()

    def _reuse(self, tokens: list[int]) -> int:
        """Keep the cached prefix, or swap in a kept state that shares more."""
        llama = self._llama
        current = llama.input_ids[: llama.n_tokens].tolist()
        shared = common_prefix(current, tokens)
        if self.states is not None:
            if llama.n_tokens - shared >= MIN_SNAPSHOT_GAIN:
                self._keep_current()
            kept, kept_shared = self.states.take(tokens, better_than=shared + MIN_SNAPSHOT_GAIN)
            if kept is not None:
                try:
                    restore(llama, kept)
                    shared, self.report.restored = kept_shared, True
                except RuntimeError:
                    shared = 0  # the context was emptied; read it all again
        # At least one token is evaluated so that fresh logits exist to sample from.
        shared = min(shared, len(tokens) - 1)
        llama.n_tokens = shared
        return shared

    def _keep_current(self) -> None:
        assert self.states is not None
        if not self.states.fits(state_size(self._llama)):
            return
        # Not kept on failure: this conversation is re-read if reopened.
        with contextlib.suppress(RuntimeError, MemoryError):
            self.states.put(capture(self._llama))

    def _read(
        self,
        tokens: list[int],
        start: int,
        cancel: threading.Event,
        on_prefill: ProgressCallback | None,
    ) -> None:
        total = len(tokens)
        warm_up = not self._warm and total - start > WARMUP_TOKENS * 4
        if warm_up and self._eval(tokens[start : start + WARMUP_TOKENS]) is _Outcome.READ:
            start += WARMUP_TOKENS  # untimed: pages the weights in
        self._warm = True
        while start < total and not cancel.is_set():
            self._choose_threads()
            count = self._slice_tokens(total - start)
            self._slice_began = time.monotonic()
            began = time.perf_counter()
            outcome = self._eval(tokens[start : start + count])
            if outcome is _Outcome.STOPPED:
                return
            if outcome is _Outcome.INTERRUPTED:
                self.report.interrupted += 1
                continue
            self._rates[self.threads] = count / max(time.perf_counter() - began, 1e-4)
            counts = self.report.tokens_by_threads
            counts[self.threads] = counts.get(self.threads, 0) + count
            start += count
            if on_prefill is not None:
                on_prefill(start, total)

    def _choose_threads(self) -> None:
        if self._monitor is None:
            return
        if self.report.interrupted:
            self._set_threads(1)  # a neighbour just woke up: no second try this prompt
            return
        self._set_threads(prompt_threads(self._monitor.others(), self._most, self._cores))

    def _crowded_out(self) -> bool:
        """True when a slice on several threads is not getting its cores (watcher thread)."""
        if self.threads <= 1 or self._monitor is None:
            return False
        got = self._monitor.own_cores_since(self._slice_began)
        return got is not None and got < FAIR_SHARE * self.threads

    def _slice_tokens(self, remaining: int) -> int:
        rate = self._rates.get(self.threads) or min(self._rates.values(), default=0.0)
        if rate <= 0:
            count = FIRST_SLICE_TOKENS
        else:
            count = max(MIN_SLICE_TOKENS, int(rate * SLICE_SECONDS))
        count = min(count, self._n_batch)
        if remaining - count < MIN_SLICE_TOKENS and remaining <= self._n_batch:
            count = remaining  # no short tail slice
        return min(count, remaining)

    def _eval(self, batch: list[int]) -> _Outcome:
        """Evaluate ``batch``: read, stopped (Stop came first or landed inside), or interrupted."""
        if not batch or (self._cancel is not None and self._cancel.is_set()):
            return _Outcome.STOPPED
        try:
            self._llama.eval(batch)
        except RuntimeError:
            # llama_decode returned 2: the abort flag was raised mid-batch.
            # llama.cpp has removed that batch's cells; n_tokens still counts the rest.
            if self._cancel is not None and self._cancel.is_set():
                return _Outcome.STOPPED
            if self._watch is not None and self._watch.interrupted.is_set():
                self._watch.resume()
                return _Outcome.INTERRUPTED
            raise
        return _Outcome.READ

    def _set_threads(self, count: int) -> None:
        self.threads = count
        self._llama._ctx.set_n_threads(self._n_threads, count)
