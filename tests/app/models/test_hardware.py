"""Hardware detection and the RAM estimate (weights + KV cache + scratch)."""

from __future__ import annotations

from pathlib import Path

import llama_cpp
import psutil
import pytest
from curbside.models.hardware import RamEstimate, detect, estimate_ram, parse_features
from curbside.models.info import read_model_info


def test_parse_features_reads_llamas_own_line() -> None:
    line = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 0 | FMA = 1 | LLAMAFILE = 1 | "
    assert parse_features(line) == ("AVX", "AVX2", "FMA")


def test_detect_matches_llama_cpp_and_the_os() -> None:
    hardware = detect()
    raw = llama_cpp.llama_print_system_info().decode()
    assert hardware.system_info == raw
    assert set(hardware.cpu_features) == set(parse_features(raw))
    assert hardware.logical_cores == psutil.cpu_count()
    assert 1 <= hardware.usable_cpus <= hardware.logical_cores
    assert 0 < hardware.available_ram <= hardware.total_ram
    assert 1 <= hardware.default_threads <= hardware.usable_cpus


def test_estimate_for_the_default_model(default_model_path: Path) -> None:
    info = read_model_info(default_model_path)
    estimate = estimate_ram(info, 4096, available=8 * 10**9)
    # 30 layers x 3 KV heads x (64 + 64) dims x 2 bytes x 4096 cells = 90 MiB, as llama.cpp logs.
    assert estimate.kv_cache == 90 * 1024 * 1024
    assert estimate.weights == info.weights_bytes
    assert estimate.total == estimate.weights + estimate.kv_cache + estimate.scratch
    assert estimate_ram(info, 8192, available=8 * 10**9).kv_cache == 2 * estimate.kv_cache
    assert estimate.verdict == "fits"


@pytest.mark.parametrize(
    ("available", "verdict"),
    [(10_000, "fits"), (7_200, "fits"), (6_000, "tight"), (5_000, "will not fit")],
)
def test_verdicts(available: int, verdict: str) -> None:
    assert RamEstimate(3_000, 1_500, 500, available).verdict == verdict


def test_describe_gives_the_numbers() -> None:
    text = RamEstimate(4_000_000_000, 1_000_000_000, 200_000_000, 2_000_000_000).describe()
    assert text == "needs about 5.2 GB (weights 4.0 GB, context 1.0 GB) and 2.0 GB is available"
