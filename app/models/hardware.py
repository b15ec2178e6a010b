"""What this machine offers a model, and whether a model will fit in its memory.

CPU features are the ones llama.cpp itself reports
(``llama_cpp.llama_print_system_info()``), so AVX2 / AVX-512 shown in the app
are what inference really uses. The RAM estimate for a model is weights
(memory-mapped, all touched during generation) + the f16 KV cache at the chosen
context size + llama.cpp's scratch buffers, computed from GGUF metadata alone;
``make bench`` compares it with the RSS growth measured after a real load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import psutil
from curbside.engine import load_cpu_backend
from curbside.models.info import ModelInfo

Verdict = Literal["fits", "tight", "will not fit"]
RUNTIME_OVERHEAD = 20 * 1024 * 1024  # measured: llama.cpp context, output buffer, allocator slack
FIT_SHARE = 0.70  # up to this share of available memory: "fits"
TIGHT_SHARE = 0.95  # up to this share: "tight" (the machine may swap or thrash)
_FEATURES = ("AVX", "AVX2", "AVX512", "AVX512_VNNI", "AVX512_BF16", "FMA", "F16C", "NEON", "SVE")


@dataclass(frozen=True)
class Hardware:
    """The machine as llama.cpp and the OS see it.

    Attributes:
        cpu_features: Feature names llama.cpp reports as enabled (``AVX2``…).
        physical_cores: Physical cores (falls back to logical).
        logical_cores: Logical CPUs.
        usable_cpus: CPUs this process may run on (affinity).
        total_ram: Bytes of RAM.
        available_ram: Bytes the OS says can be used without swapping.
        system_info: llama.cpp's raw system-info line ("" if unavailable).
    """

    cpu_features: tuple[str, ...]
    physical_cores: int
    logical_cores: int
    usable_cpus: int
    total_ram: int
    available_ram: int
    system_info: str

    @property
    def default_threads(self) -> int:
        """Return the thread count to start from: physical cores - 1, >= 1, within affinity."""
        return max(1, min(self.physical_cores - 1, self.usable_cpus)) if self.usable_cpus else 1


def detect(with_llama: bool = True) -> Hardware:
    """Return this machine's :class:`Hardware` (``with_llama=False`` skips llama.cpp)."""
    info = _llama_system_info() if with_llama else ""
    logical = psutil.cpu_count(logical=True) or 1
    physical = psutil.cpu_count(logical=False) or logical
    memory = psutil.virtual_memory()
    return Hardware(
        cpu_features=parse_features(info),
        physical_cores=physical,
        logical_cores=logical,
        usable_cpus=_usable_cpus(logical),
        total_ram=int(memory.total),
        available_ram=int(memory.available),
        system_info=info,
    )


def parse_features(system_info: str) -> tuple[str, ...]:
    """Return the enabled CPU features named in a llama.cpp system-info line."""
    enabled = []
    for part in system_info.replace("CPU :", "|").split("|"):
        name, _, value = part.partition("=")
        if value.strip() == "1" and name.strip() in _FEATURES:
            enabled.append(name.strip())
    return tuple(enabled)


@dataclass(frozen=True)
class RamEstimate:
    """Memory a model needs at one context size, and the verdict against what is free."""

    weights: int
    kv_cache: int
    scratch: int
    available: int

    @property
    def total(self) -> int:
        """Return the bytes needed in all."""
        return self.weights + self.kv_cache + self.scratch

    @property
    def verdict(self) -> Verdict:
        """Return ``fits``, ``tight`` or ``will not fit``."""
        if self.total <= FIT_SHARE * self.available:
            return "fits"
        return "tight" if self.total <= TIGHT_SHARE * self.available else "will not fit"

    def describe(self) -> str:
        """Return the numbers in words, e.g. for a refusal message."""
        return (
            f"needs about {gib(self.total)} (weights {gib(self.weights)}, context "
            f"{gib(self.kv_cache)}) and {gib(self.available)} is available"
        )


def estimate_ram(
    info: ModelInfo, n_ctx: int, available: int | None = None, n_ubatch: int = 512
) -> RamEstimate:
    """Estimate the RAM ``info`` needs with a context of ``n_ctx`` tokens (f16 KV cache).

    Args:
        info: The model's metadata.
        n_ctx: Context size in tokens.
        available: Bytes available (default: what the OS reports now).
        n_ubatch: llama.cpp's micro-batch size (its scratch buffers scale with it).
    """
    per_token = info.kv_bytes_per_token() or 0
    n_ctx = -(-max(n_ctx, 1) // 256) * 256  # llama.cpp pads the context to 256 cells
    # Attention scores (f32, n_ubatch x n_ctx x heads) are the largest scratch buffer;
    # a typical prompt touches about half of it.
    scores = n_ubatch * n_ctx * (info.n_head or 0) * 4 // 2
    if available is None:
        available = int(psutil.virtual_memory().available)
    return RamEstimate(
        weights=info.weights_bytes,
        kv_cache=per_token * n_ctx,
        scratch=RUNTIME_OVERHEAD + scores,
        available=available,
    )


def gib(n: int) -> str:
    """Return a byte count as ``1.2 GB`` / ``250 MB`` (decimal units, as file managers show)."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _usable_cpus(logical: int) -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS and Windows have no sched_getaffinity
        return logical


def _llama_system_info() -> str:
    try:
        import llama_cpp
    except ImportError:
        return ""
    load_cpu_backend()  # a portable build reports the features of the variant it runs
    raw = llama_cpp.llama_print_system_info()
    return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
