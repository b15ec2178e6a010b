"""Benchmark: model metadata, hashing and the RAM estimate, each against a baseline.

* Metadata read (no weights loaded) for the default model and for a synthetic
  2 GB sparse GGUF carrying a Llama-3-sized tokenizer (128,256 tokens, 280,147
  merges: the tokenizer, not the file size, is what costs), and the same 2 GB
  file without a tokenizer; baseline: the ``gguf`` package's own
  ``GGUFReader`` on the same files. Targets: < 50 ms and < 100 ms.
* SHA-256 throughput of :func:`curbside.models.gguf_check.sha256_file` ÷ ``sha256sum`` on
  the same (page-cached) file. Target >= 0.8.
* Estimated RAM ÷ measured RSS growth after loading the default model at
  n_ctx 4096 in a fresh subprocess (also after a 1,200-token prompt, which
  touches the scratch buffers). Target within 0.75–1.25.

Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from curbside.infra import sha256_file
from curbside.models.catalog import load_catalog
from curbside.models.hardware import estimate_ram
from curbside.models.info import read_model_info

from tests.doubles.gguf_files import sparse_gguf

N_CTX = 4096
_RSS_PROBE = """
import json, sys, psutil, llama_cpp
quiet = llama_cpp.llama_log_callback(lambda *a: None)
llama_cpp.llama_log_set(quiet, None)
process = psutil.Process()
before = process.memory_info().rss
llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=int(sys.argv[2]), n_batch=512,
                      n_threads=2, verbose=False)
loaded = process.memory_info().rss
llm.create_completion("The patient presents with " * 300, max_tokens=4)
prompted = process.memory_info().rss
print(json.dumps({"after_load": loaded - before, "after_prompt": prompted - before}))
"""


def best_ms(function: Callable[[], object], repeat: int = 7) -> float:
    """Return the median wall time of ``function`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def gguf_reader_ms(path: Path) -> float:
    """Time the gguf package's reader once (it is slow; the import is excluded)."""
    import gguf

    start = time.perf_counter()
    gguf.GGUFReader(path)
    return round((time.perf_counter() - start) * 1000, 1)


def metadata_figures(model: Path, sparse: Path, bare: Path) -> dict[str, object]:
    return {
        "metadata_ms_default_model": best_ms(lambda: read_model_info(model)),
        "metadata_ms_sparse_2gb": best_ms(lambda: read_model_info(sparse)),
        "metadata_ms_sparse_2gb_no_tokenizer": best_ms(lambda: read_model_info(bare)),
        "gguf_reader_ms_default_model": gguf_reader_ms(model),
        "gguf_reader_ms_sparse_2gb": gguf_reader_ms(sparse),
        "targets_ms": {"default_model": 50, "sparse_2gb": 100},
    }


def sha256_figures(path: Path) -> dict[str, object]:
    size_mb = path.stat().st_size / 1e6
    sha256_file(path)  # warm the page cache for both contenders
    ours = min(_timed(lambda: sha256_file(path)) for _ in range(3))
    theirs = min(
        _timed(lambda: subprocess.run(["sha256sum", str(path)], capture_output=True, check=True))
        for _ in range(3)
    )
    return {
        "sha256_mb_per_s": round(size_mb / ours),
        "sha256sum_mb_per_s": round(size_mb / theirs),
        "sha256_ratio": round(theirs / ours, 3),
        "sha256_target": ">= 0.8",
    }


def ram_figures(model: Path) -> dict[str, object]:
    measured = json.loads(
        subprocess.run(
            [sys.executable, "-c", _RSS_PROBE, str(model), str(N_CTX)],
            capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    estimate = estimate_ram(read_model_info(model), N_CTX, available=1 << 40).total
    return {
        "ram_estimate_mb": round(estimate / 1e6, 1),
        "rss_growth_after_load_mb": round(measured["after_load"] / 1e6, 1),
        "rss_growth_after_prompt_mb": round(measured["after_prompt"] / 1e6, 1),
        "ram_ratio_after_load": round(estimate / measured["after_load"], 3),
        "ram_ratio_after_prompt": round(estimate / measured["after_prompt"], 3),
        "ram_target": "0.75-1.25",
    }


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    model = load_catalog().default().path()
    with tempfile.TemporaryDirectory(prefix="curbside-bench-") as tmp:
        sparse = sparse_gguf(Path(tmp) / "sparse.gguf", 2 * 10**9, vocab=128_256, merges=280_147)
        bare = sparse_gguf(Path(tmp) / "bare.gguf", 2 * 10**9)
        figures = {"n_ctx": N_CTX, **metadata_figures(model, sparse, bare)}
    figures.update(sha256_figures(model))
    figures.update(ram_figures(model))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
