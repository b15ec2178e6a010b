"""Snapshots of the model's state (its KV cache) for the last few conversations, in RAM.

Reopening a conversation used to mean re-reading its whole transcript (~14 s
for 1,424 tokens with the demo model; minutes with a 4B model). When the
engine is about to overwrite its KV cache with a different conversation it
first copies the state out (:func:`capture`) into a :class:`StateCache`; a
later prompt that starts with the same tokens gets it back (:func:`restore`)
and only its new tail is read.

The state holds the case, so it is never written to disk (no
``LlamaDiskCache``, no temp file): the copies are plain ``ctypes`` buffers in
this process, bounded by a byte budget and a count, evicted least recently
used first, and zeroed when evicted, restored or wiped (:meth:`StateCache.clear`,
which the engine's ``forget_context`` calls on lock and reset).
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass

import llama_cpp
import psutil
from llama_cpp import Llama

MAX_SNAPSHOTS = 3
"""Conversations kept besides the one in the KV cache ("the last three")."""
BUDGET_SHARE = 0.25
BUDGET_CAP = 2 << 30
"""Default budget: a quarter of the RAM available at load, at most 2 GiB."""


def default_budget() -> int:
    """Return the default snapshot budget in bytes for this machine, now."""
    return int(min(BUDGET_CAP, psutil.virtual_memory().available * BUDGET_SHARE))


@dataclass(eq=False)
class Snapshot:
    """One conversation's model state: the tokens it holds and the state bytes."""

    tokens: list[int]
    data: ctypes.Array[ctypes.c_uint8]

    @property
    def nbytes(self) -> int:
        """Bytes of state held."""
        return len(self.data)

    def wipe(self) -> None:
        """Zero the state and forget the tokens (both carry the case)."""
        ctypes.memset(self.data, 0, len(self.data))
        self.tokens[:] = [0] * len(self.tokens)
        self.tokens.clear()


class StateCache:
    """Recent conversations' snapshots within a byte budget, least recently used out first.

    Args:
        budget: Most bytes held in all.
        max_entries: Most snapshots held.
    """

    def __init__(self, budget: int, max_entries: int = MAX_SNAPSHOTS) -> None:
        self.budget = max(0, budget)
        self.max_entries = max(0, max_entries)
        self._entries: list[Snapshot] = []  # oldest first

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        """Bytes held by all snapshots."""
        return sum(entry.nbytes for entry in self._entries)

    def fits(self, size: int) -> bool:
        """Return True when a snapshot of ``size`` bytes could be kept at all."""
        return self.max_entries > 0 and size <= self.budget

    def put(self, snapshot: Snapshot) -> bool:
        """Keep ``snapshot`` (evicting the oldest as needed); False if it can never fit.

        Snapshots whose tokens are a prefix of the new one's are dropped: the
        new one answers every prompt they would.
        """
        if not self.fits(snapshot.nbytes):
            snapshot.wipe()
            return False
        for entry in list(self._entries):
            if snapshot.tokens[: len(entry.tokens)] == entry.tokens:
                self._drop(entry)
        self._entries.append(snapshot)
        while len(self._entries) > self.max_entries or self.nbytes > self.budget:
            self._drop(self._entries[0])
        return True

    def take(self, tokens: Sequence[int], better_than: int = 0) -> tuple[Snapshot | None, int]:
        """Remove and return the snapshot sharing the longest prefix with ``tokens``.

        Returns:
            The snapshot and the shared prefix length, or ``(None, 0)`` when no
            snapshot shares more than ``better_than`` tokens. The caller owns
            the snapshot and wipes it once restored.
        """
        best: Snapshot | None = None
        best_shared = better_than
        for entry in self._entries:
            shared = common_prefix(entry.tokens, tokens)
            if shared > best_shared:
                best, best_shared = entry, shared
        if best is None:
            return None, 0
        self._entries.remove(best)
        return best, best_shared

    def clear(self) -> None:
        """Wipe and drop every snapshot."""
        for entry in list(self._entries):
            self._drop(entry)

    def _drop(self, entry: Snapshot) -> None:
        self._entries.remove(entry)
        entry.wipe()


def common_prefix(left: Sequence[int], right: Sequence[int]) -> int:
    """Return how many leading tokens ``left`` and ``right`` share."""
    count = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        count += 1
    return count


def state_size(llama: Llama) -> int:
    """Return the bytes a snapshot of ``llama``'s state would take now."""
    return int(llama_cpp.llama_state_get_size(llama._ctx.ctx))


def capture(llama: Llama) -> Snapshot:
    """Copy ``llama``'s state (the KV cache of its evaluated tokens) into RAM.

    Raises:
        RuntimeError: llama.cpp could not serialize the state.
    """
    # The cache must hold exactly the tokens we record, nothing stale beyond.
    llama._ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
    size = state_size(llama)
    data = (ctypes.c_uint8 * size)()
    written = int(llama_cpp.llama_state_get_data(llama._ctx.ctx, data, size))
    if written > size:
        raise RuntimeError("llama.cpp wrote more state than it announced")
    if written < size:
        compact = (ctypes.c_uint8 * written)()
        ctypes.memmove(compact, data, written)
        ctypes.memset(data, 0, size)
        data = compact
    return Snapshot(llama.input_ids[: llama.n_tokens].tolist(), data)


def restore(llama: Llama, snapshot: Snapshot) -> None:
    """Put ``snapshot`` back as ``llama``'s state, then wipe the snapshot.

    Raises:
        RuntimeError: llama.cpp refused the state (the context is then left empty).
    """
    try:
        done = int(llama_cpp.llama_state_set_data(llama._ctx.ctx, snapshot.data, snapshot.nbytes))
        if done != snapshot.nbytes:
            llama._ctx.kv_cache_clear()
            llama.n_tokens = 0
            raise RuntimeError("llama.cpp refused a saved model state")
        count = len(snapshot.tokens)
        llama.input_ids[:count] = snapshot.tokens
        llama.n_tokens = count
    finally:
        snapshot.wipe()
