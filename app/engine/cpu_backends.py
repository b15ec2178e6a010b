"""Pick llama.cpp's CPU code for the machine at run time, when the build carries variants.

A bundle's llama.cpp is built with ``GGML_BACKEND_DL`` and
``GGML_CPU_ALL_VARIANTS`` (``packaging/llama_wheel.py``): instead of one CPU
backend compiled for the build machine's newest instructions (which dies with
"Illegal instruction" on an older PC), ``llama_cpp/lib`` holds one
``ggml-cpu-<level>`` library per instruction-set level (``x64``, ``sse42``,
``haswell``, ``skylakex``, ``icelake``, ``sapphirerapids``…). Each exports a
``ggml_backend_score()`` that returns 0 when this CPU lacks what it needs;
:func:`load_cpu_backend` loads the best-scoring one, the choice llama.cpp's own
``ggml_backend_load_all`` makes, but from the folder the libraries are really
in (llama.cpp only looks next to the *program* and in the working directory;
in a bundle they are in ``llama_cpp/lib``, see :func:`search_dirs`).

Two departures from llama.cpp's own choice, both for the clinic's PCs:

* The AMX variant (``sapphirerapids``) is skipped unless asked for: its
  kernels die with SIGILL (``tilezero``) on virtual machines whose CPUID
  advertises AMX, the build machine of this project among them, and a native
  build there crashes on the first token. The next best variant (``zen4``
  level: AVX-512 VNNI/BF16) loses little.
* ``$CURBSIDE_CPU_VARIANT`` forces a variant (``haswell``…) for an IT admin
  who meets another such CPU; a name the build does not carry is ignored.

A build without variants (a developer's ``pip install``, CPU backend linked
in) makes every function here a no-op. Call :func:`load_cpu_backend` before the
first ``Llama`` object or system-info query; it is cheap and idempotent.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

_PREFIX = "ggml-cpu-" if sys.platform == "win32" else "libggml-cpu-"
_SUFFIX = ".dll" if sys.platform == "win32" else ".so"
_GGML = {"win32": "ggml.dll", "darwin": "libggml.dylib"}.get(sys.platform, "libggml.so")
_UNSAFE = frozenset({"sapphirerapids"})
"""Variants used only when named in ``$CURBSIDE_CPU_VARIANT`` (AMX, see above)."""
_lock = threading.Lock()
_chosen: CpuBackends | None = None


@dataclass(frozen=True)
class CpuBackends:
    """The CPU variants a llama.cpp build carries and the one in use.

    Attributes:
        carried: Variant names (``haswell``…), empty for a build without variants.
        chosen: The variant loaded for this CPU, or None (no variants, or none fits).
        scores: Each variant's score on this CPU (0 = cannot run here).
    """

    carried: tuple[str, ...]
    chosen: str | None
    scores: dict[str, int]


def library_dir() -> Path:
    """Return the folder holding llama.cpp's shared libraries."""
    import llama_cpp  # loads libllama, hence libggml, first

    return Path(llama_cpp.__file__).resolve().parent / "lib"


def search_dirs() -> list[Path]:
    """Return where a build may have put its CPU variants, most specific first.

    ``llama_cpp/lib`` (a bundle, or a build with ``GGML_BACKEND_DIR``), the
    ``bin`` folder beside the package that llama.cpp's install rule uses by
    default (``site-packages/bin``), and the interpreter's own folder.
    """
    lib = library_dir()
    return [lib, lib.parent.parent / "bin", Path(sys.executable).resolve().parent]


def variant_files(folder: Path | None = None) -> dict[str, Path]:
    """Return ``{variant name: library}`` for the CPU variants in ``folder``.

    Without ``folder``, the first of :func:`search_dirs` that holds any.
    """
    for where in [folder] if folder else search_dirs():
        found = {
            path.name[len(_PREFIX) : -len(_SUFFIX)]: path
            for path in sorted(where.glob(f"{_PREFIX}*{_SUFFIX}"))
        }
        if found:
            return found
    return {}


def load_cpu_backend() -> CpuBackends:
    """Load the best CPU variant once (if the build has variants); return what was found."""
    global _chosen
    with _lock:
        if _chosen is None:
            _chosen = _load_best(variant_files())
        return _chosen


def _load_best(files: dict[str, Path]) -> CpuBackends:
    if not files:
        return CpuBackends(carried=(), chosen=None, scores={})
    scores = {name: _score(path) for name, path in files.items()}
    best = _pick(scores, os.environ.get("CURBSIDE_CPU_VARIANT", ""))
    ggml = _ggml()
    ggml.ggml_backend_reg_count.restype = ctypes.c_size_t
    ggml.ggml_backend_load.restype = ctypes.c_void_p
    ggml.ggml_backend_load.argtypes = [ctypes.c_char_p]
    chosen: str | None = None
    runnable = scores[best] > 0 and ggml.ggml_backend_reg_count() == 0
    if runnable and ggml.ggml_backend_load(str(files[best]).encode()):
        chosen = best
    return CpuBackends(carried=tuple(files), chosen=chosen, scores=scores)


def _ggml() -> ctypes.CDLL:
    """Return the libggml that libllama uses (its backend registry is the one that counts).

    A wheel stores ``libggml.so`` and ``libggml.so.0`` as two copies, and
    libllama loads the soname; opening ``libggml.so`` by path would load a
    second libggml with its own, empty registry. A bare soname makes the
    loader return the copy already in the process.
    """
    lib = library_dir()
    if sys.platform.startswith("linux"):
        sonames = sorted((p.name for p in lib.glob("libggml.so.*")), key=len)
        if sonames:
            return ctypes.CDLL(sonames[0])
    return ctypes.CDLL(str(lib / _GGML))


def _pick(scores: dict[str, int], wanted: str) -> str:
    """Return the variant to load: the one asked for if it runs here, else the best safe one."""
    if scores.get(wanted, 0) > 0:
        return wanted
    safe = {name: score for name, score in scores.items() if name not in _UNSAFE}
    pool = safe if any(safe.values()) else scores
    return max(pool, key=lambda name: pool[name])


def _score(path: Path) -> int:
    """Return a variant's own verdict on this CPU (0 also when it cannot be opened)."""
    try:
        library = ctypes.CDLL(str(path))
        function = library.ggml_backend_score
    except (OSError, AttributeError):
        return 0
    function.restype = ctypes.c_int
    return int(function())
