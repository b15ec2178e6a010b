"""The in-RAM store of recent conversations' model states: budget, order, wiping."""

from __future__ import annotations

import ctypes

from curbside.engine.state_cache import Snapshot, StateCache, common_prefix


def snapshot(tokens: list[int], size: int, fill: int = 7) -> Snapshot:
    data = (ctypes.c_uint8 * size)()
    ctypes.memset(data, fill, size)
    return Snapshot(list(tokens), data)


def test_keeps_the_last_three_and_evicts_the_oldest_wiped() -> None:
    cache = StateCache(budget=10_000)
    first = snapshot([1, 1, 1], 100)
    cache.put(first)
    for start in (2, 3, 4):
        cache.put(snapshot([start] * 3, 100))
    assert len(cache) == 3
    assert bytes(first.data) == bytes(100) and first.tokens == []  # zeroed, not just dropped
    assert cache.take([1, 1, 1, 9]) == (None, 0)
    found, shared = cache.take([2, 2, 2, 9])
    assert found is not None and shared == 3 and len(cache) == 2


def test_byte_budget_evicts_until_it_fits_and_refuses_what_never_fits() -> None:
    cache = StateCache(budget=250)
    cache.put(snapshot([1], 100))
    cache.put(snapshot([2], 100))
    cache.put(snapshot([3], 100))
    assert len(cache) == 2 and cache.nbytes == 200
    huge = snapshot([4], 300)
    assert not cache.put(huge)
    assert bytes(huge.data) == bytes(300)
    assert len(cache) == 2
    assert not StateCache(budget=0).put(snapshot([5], 1))


def test_take_picks_the_longest_shared_prefix_above_the_bar() -> None:
    cache = StateCache(budget=1_000)
    cache.put(snapshot([1, 2, 3, 4, 5], 10))
    cache.put(snapshot([1, 2, 9, 9, 9], 10))
    assert cache.take([1, 2, 3, 4, 7], better_than=4) == (None, 0)
    found, shared = cache.take([1, 2, 3, 4, 7], better_than=2)
    assert found is not None and found.tokens == [1, 2, 3, 4, 5] and shared == 4


def test_a_longer_state_of_the_same_conversation_replaces_the_shorter() -> None:
    cache = StateCache(budget=1_000)
    shorter = snapshot([1, 2, 3], 10)
    cache.put(shorter)
    cache.put(snapshot([1, 2, 3, 4, 5], 10))
    assert len(cache) == 1 and shorter.tokens == []


def test_clear_wipes_every_state() -> None:
    cache = StateCache(budget=1_000)
    kept = [snapshot([n], 50) for n in range(3)]
    for entry in kept:
        cache.put(entry)
    cache.clear()
    assert len(cache) == 0 and cache.nbytes == 0
    assert all(bytes(entry.data) == bytes(50) for entry in kept)


def test_common_prefix() -> None:
    assert common_prefix([1, 2, 3], [1, 2, 4]) == 2
    assert common_prefix([], [1]) == 0
    assert common_prefix([1, 2], [1, 2, 3]) == 2
