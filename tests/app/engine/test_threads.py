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
