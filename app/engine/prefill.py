"""Reading the prompt into the KV cache: fast, stoppable, and on the right thread count.

Three things decide how long a clinician waits before the first word:

* **Stop inside a batch, cheaply.** The prompt is read in ``n_batch`` slices
  (llama.cpp's own batch size: smaller slices read measurably slower, most
  of all at two threads), and Stop reaches llama.cpp inside a slice through
  its abort callback, which is a C function reading one byte
  (:mod:`curbside.engine.abort`): no Python call per graph node. Progress
  moves once per slice.
* **Threads.** A fixed prompt thread count by default (the generation
  figure, see :mod:`curbside.engine.threads`). With ``n_threads_batch=None``
  the first slices of a long prompt are short probes at each candidate count
  (:func:`curbside.engine.threads.batch_thread_candidates`) and the rest is
  read at the count :func:`curbside.engine.threads.choose_batch_threads`
  picks; the probes are real work (their tokens stay in the cache).
* **Reopening from RAM.** Before the cache is overwritten by another
  conversation its state is kept in a :class:`curbside.engine.state_cache.StateCache`;
  a prompt that begins like a kept one gets that state back.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from curbside.engine.abort import AbortFlag, StopWatch
from curbside.engine.base import ProgressCallback
from curbside.engine.state_cache import StateCache, capture, common_prefix, restore, state_size
from curbside.engine.threads import batch_thread_candidates, choose_batch_threads
from llama_cpp import Llama

PROBE_TOKENS = 48
PROBE_MIN_TOKENS = 256
"""Only a prompt with this many new tokens is worth probing thread counts on."""
WARMUP_TOKENS = 8
"""Untimed first slice after loading (pages the weights in; would bias a probe)."""
MIN_SNAPSHOT_GAIN = 32
"""Tokens a snapshot must save (or a state hold beyond the shared prefix) to be worth it."""


@dataclass
class PrefillReport:
    """What the last prefill did (for benchmarks and the audit trail)."""

    reused: int = 0
    restored: bool = False
    threads: int = 0
    rates: dict[int, float] = field(default_factory=dict)


class Prefill:
    """Evaluates prompts for one ``Llama`` context (same thread as its owner).

    Args:
        llama: The loaded model.
        n_threads: Generation threads (kept as they are).
        n_threads_batch: A fixed prompt thread count, or None to measure.
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
        self.threads = n_threads_batch or batch_thread_candidates()[0]
        self._warm = False
        self._cancel: threading.Event | None = None
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
        try:
            with StopWatch(self._abort, cancel):
                self._read(tokens, reused, cancel, on_prefill)
        finally:
            self._cancel = None
        self.report.threads = self.threads
        return reused

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

        def evaluate(count: int) -> float:
            nonlocal start
            began = time.perf_counter()
            if not self._eval(tokens[start : start + count]):
                return 1.0  # stopped: nothing more was read
            start = min(start + count, total)
            if on_prefill is not None:
                on_prefill(start, total)
            return max(time.perf_counter() - began, 1e-4)

        if not self._warm and total - start > WARMUP_TOKENS * 4:
            evaluate(WARMUP_TOKENS)
        self._warm = True
        if self._fixed is None and total - start >= PROBE_MIN_TOKENS:
            self._probe(evaluate, cancel)
        while start < total and not cancel.is_set():
            evaluate(self._n_batch)

    def _probe(self, evaluate: Callable[[int], float], cancel: threading.Event) -> None:
        rates: dict[int, float] = {}
        for count in batch_thread_candidates():
            if cancel.is_set():
                return
            self._set_threads(count)
            rates[count] = PROBE_TOKENS / evaluate(PROBE_TOKENS)
        self.report.rates = rates
        self._set_threads(choose_batch_threads(rates))

    def _eval(self, batch: list[int]) -> bool:
        """Evaluate ``batch``; return False when Stop came first or landed inside it."""
        if not batch or (self._cancel is not None and self._cancel.is_set()):
            return False
        try:
            self._llama.eval(batch)
        except RuntimeError:
            # llama_decode returned 2: Stop was pressed mid-batch. llama.cpp
            # has removed that batch's cells; n_tokens still counts the rest.
            if self._cancel is None or not self._cancel.is_set():
                raise
            return False
        return True

    def _set_threads(self, count: int) -> None:
        self.threads = count
        self._llama._ctx.set_n_threads(self._n_threads, count)
