"""llama.cpp's own ``llama-bench``, built from the very source llama-cpp-python vendors.

The baseline for Curbside's speed must be llama.cpp itself at matched settings
(same depth, flash attention, threads) and the same machine code. So this
downloads the source distribution of the installed llama-cpp-python version
from the package index (the only network use, at benchmark time only),
configures its vendored llama.cpp with the flags of the portable wheel
(``GGML_NATIVE=OFF GGML_BACKEND_DL=ON``) but without any CPU backend, builds
only the ``llama-bench`` target, and runs it with the *installed wheel's*
libraries (``LD_LIBRARY_PATH``) and CPU variants (linked next to the binary,
where ggml looks for them): the app and the baseline execute the same
``libllama``, ``libggml`` and CPU kernels; only the driving loop differs.

The build takes minutes and is cached under ``~/.cache/curbside/llama-bench``.
Without a C++ compiler or CMake, :func:`ensure_built` returns None and says
why; callers fall back to the bare ctypes loop.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

from curbside.engine.cpu_backends import library_dir, load_cpu_backend, variant_files

CMAKE_FLAGS = (
    "-DCMAKE_BUILD_TYPE=Release",
    "-DGGML_NATIVE=OFF",
    "-DGGML_BACKEND_DL=ON",
    "-DGGML_CPU=OFF",  # the wheel's CPU variants are used instead
    "-DLLAMA_CURL=OFF",
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DLLAMA_BUILD_SERVER=OFF",
    "-DLLAMA_BUILD_APP=OFF",
)
RUN_TIMEOUT_S = 3600


def cache_dir() -> Path:
    version = importlib.metadata.version("llama_cpp_python")
    return Path.home() / ".cache" / "curbside" / "llama-bench" / version


def missing_tools() -> list[str]:
    """The build tools this machine lacks (empty: it can build)."""
    return [tool for tool in ("cmake", "c++") if shutil.which(tool) is None]


def ensure_built(log: Any = sys.stderr) -> Path | None:
    """Return the ``llama-bench`` binary, building it first if needed; None when it cannot be."""
    binary = cache_dir() / "build" / "bin" / "llama-bench"
    if binary.exists():
        _link_cpu_variants(binary.parent)
        return binary
    lacking = missing_tools()
    if lacking:
        print(f"llama-bench skipped: no {' or '.join(lacking)} on this machine", file=log)
        return None
    source = _source(cache_dir())
    if source is None:
        print("llama-bench skipped: the llama-cpp-python source could not be fetched", file=log)
        return None
    print(f"building llama-bench from {source} (minutes, once)", file=log, flush=True)
    build = binary.parent.parent
    nice = ["nice", "-n", "5"] if shutil.which("nice") else []
    steps = [
        [*nice, "cmake", "-S", str(source), "-B", str(build), *CMAKE_FLAGS],
        [
            *nice,
            "cmake",
            "--build",
            str(build),
            "--target",
            "llama-bench",
            "-j",
            str(os.cpu_count()),
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"llama-bench build failed: {done.stderr.strip()[-500:]}", file=log)
            return None
    _link_cpu_variants(binary.parent)
    return binary


def _source(root: Path) -> Path | None:
    """The vendored llama.cpp of the installed version's sdist, downloaded once."""
    version = importlib.metadata.version("llama_cpp_python")
    unpacked = root / f"llama_cpp_python-{version}" / "vendor" / "llama.cpp"
    if unpacked.is_dir():
        return unpacked
    root.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", f"llama-cpp-python=={version}"]
    done = subprocess.run(
        [*pip, "--no-deps", "--no-binary", ":all:", "-d", str(root), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    archives = sorted(root.glob(f"llama_cpp_python-{version}.tar.gz"))
    if done.returncode != 0 or not archives:
        return None
    with tarfile.open(archives[0]) as archive:
        archive.extractall(root, filter="data")
    return unpacked if unpacked.is_dir() else None


def _link_cpu_variants(folder: Path) -> None:
    """Put the CPU backend the app chooses where ggml looks for it (beside the binary).

    Only that one: llama-bench would load the highest-scoring variant, which on
    a CPU that advertises AMX it cannot run is the one that dies
    (:mod:`curbside.engine.cpu_backends` explains the choice).
    """
    for stale in folder.glob("libggml-cpu-*.so"):
        stale.unlink()
    chosen = load_cpu_backend().chosen
    files = variant_files()
    if chosen is not None and chosen in files:
        (folder / files[chosen].name).symlink_to(files[chosen])


def run(
    binary: Path,
    model: Path,
    *,
    threads: int,
    prompt: int = 0,
    generate: int = 0,
    depth: int = 0,
    flash_attn: bool = True,
    repetitions: int = 1,
) -> dict[str, Any]:
    """One llama-bench test; returns its JSON record (``avg_ts``: tokens/s, ``samples_ts``)."""
    command = [
        str(binary),
        *("-m", str(model), "-t", str(threads), "-p", str(prompt), "-n", str(generate)),
        *("-d", str(depth), "-fa", "1" if flash_attn else "0", "-r", str(repetitions)),
        *("-o", "json"),
    ]
    # The wheel's libllama and libggml first; the build's own llama-common beside the binary.
    env = {**os.environ, "LD_LIBRARY_PATH": f"{library_dir()}{os.pathsep}{binary.parent}"}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, timeout=RUN_TIMEOUT_S
    )
    if done.returncode != 0:
        raise RuntimeError(f"llama-bench failed: {done.stderr.strip()[-300:]}")
    records: list[dict[str, Any]] = json.loads(done.stdout)
    return records[-1]
