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
    ("others", "most", "cores", "expected"),
    [
        (0.0, 2, 2, 2),  # idle 2-core machine: both cores
        (0.2, 2, 2, 2),  # a daemon's blip is not a neighbour
        (0.5, 2, 2, 1),  # half a core taken: two threads would collapse
        (1.0, 2, 2, 1),  # a busy neighbour
        (3.0, 2, 2, 1),  # more than the machine: still one
        (None, 2, 2, 1),  # nothing known yet: the safe count
        (2.5, 8, 8, 5),  # an 8-core machine with a build running
        (0.0, 4, 8, 4),  # hyperthreads: never more than the physical cores
        (0.0, 1, 1, 1),
    ],
)
def test_prompt_threads_take_the_cores_others_leave_free(
    others: float | None, most: int, cores: int, expected: int
) -> None:
    assert threads.prompt_threads(others, most, cores) == expected


def test_most_prompt_threads_is_every_physical_core_in_the_affinity_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(threads, "physical_cores", lambda: 4)
    monkeypatch.setattr(threads, "allowed_cores", lambda: 2)
    assert threads.most_prompt_threads() == 2
    monkeypatch.setattr(threads, "allowed_cores", lambda: 8)
    assert threads.most_prompt_threads() == 4
