"""Which llama.cpp CPU variant a portable build loads (never AMX unasked); native: none."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.engine import cpu_backends, load_cpu_backend

# Scores as ggml_backend_score() gives them on an AVX-512 + AMX machine.
SCORES = {"x64": 1, "haswell": 20, "zen4": 60, "sapphirerapids": 90, "armv9": 0}


@pytest.mark.parametrize(
    ("wanted", "chosen"),
    [
        ("", "zen4"),  # the AMX variant is skipped unless asked for
        ("sapphirerapids", "sapphirerapids"),  # asked for and runnable
        ("haswell", "haswell"),  # an admin forcing an older level
        ("armv9", "zen4"),  # asked for but scores 0 here: ignored
        ("no-such-variant", "zen4"),
    ],
)
def test_pick(wanted: str, chosen: str) -> None:
    assert cpu_backends._pick(SCORES, wanted) == chosen


def test_pick_falls_back_to_an_unsafe_variant_when_it_is_the_only_one() -> None:
    assert cpu_backends._pick({"sapphirerapids": 90, "x64": 0}, "") == "sapphirerapids"


def test_variant_files_are_named_by_their_level(tmp_path: Path) -> None:
    for name in ("libggml-cpu-haswell.so", "libggml-cpu-x64.so", "libggml-base.so.0"):
        (tmp_path / name).write_bytes(b"")
    assert list(cpu_backends.variant_files(tmp_path)) == ["haswell", "x64"]


def test_the_installed_build_loads_one_safe_variant_or_nothing() -> None:
    """A portable build (the Makefile's) loads one variant, never AMX unasked; native: none."""
    found = load_cpu_backend()
    if found.carried:
        assert found.chosen in found.carried and found.chosen != "sapphirerapids"
    else:
        assert found.chosen is None
    assert load_cpu_backend() is found  # idempotent
