"""Thread-count defaults stay within the cores the process may use."""

from __future__ import annotations

import pytest
from curbside.engine import threads


def test_default_leaves_a_core_free_but_at_least_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CURBSIDE_THREADS", raising=False)
    monkeypatch.setattr(threads, "physical_cores", lambda: 8)
    monkeypatch.setattr(threads, "allowed_cores", lambda: 8)
    assert threads.default_generation_threads() == 7
    monkeypatch.setattr(threads, "physical_cores", lambda: 1)
    assert threads.default_generation_threads() == 1


def test_affinity_caps_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CURBSIDE_THREADS", raising=False)
    monkeypatch.setattr(threads, "physical_cores", lambda: 16)
    monkeypatch.setattr(threads, "allowed_cores", lambda: 3)
    assert threads.default_generation_threads() == 3


def test_environment_override_is_capped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "allowed_cores", lambda: 2)
    monkeypatch.setenv("CURBSIDE_THREADS", "12")
    assert threads.default_generation_threads() == 2
    monkeypatch.setenv("CURBSIDE_THREADS", "nonsense")
    monkeypatch.setattr(threads, "physical_cores", lambda: 2)
    assert threads.default_generation_threads() == 1


def test_real_machine_figures_are_positive() -> None:
    assert threads.allowed_cores() >= 1
    assert threads.physical_cores() >= 1


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ({2: 290.0, 1: 150.0}, 2),  # idle machine: two cores read ~1.9x faster
        ({2: 160.0, 1: 150.0}, 1),  # a tie is not worth the collapse risk
        ({2: 8.0, 1: 140.0}, 1),  # a busy neighbour: two threads collapse
        ({4: 500.0, 2: 300.0, 1: 150.0}, 4),
        ({4: 310.0, 2: 300.0, 1: 150.0}, 2),
        ({1: 150.0}, 1),
        ({}, 1),  # nothing measured (Stop during the probe): the safe count
        ({2: 0.0, 1: 0.0}, 1),
    ],
    ids=["idle", "tie", "contended", "four-wins", "four-ties", "single", "none", "zero"],
)
def test_batch_thread_choice(rates: dict[int, float], expected: int) -> None:
    assert threads.choose_batch_threads(rates) == expected


def test_batch_candidates_are_every_core_then_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "physical_cores", lambda: 4)
    monkeypatch.setattr(threads, "allowed_cores", lambda: 2)
    assert threads.batch_thread_candidates() == (2, 1)
    monkeypatch.setattr(threads, "allowed_cores", lambda: 1)
    assert threads.batch_thread_candidates() == (1,)
