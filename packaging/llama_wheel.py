"""Build (once) the portable llama-cpp-python wheel that bundles carry, and cache it.

A wheel built by ``pip install llama-cpp-python`` is compiled with
``GGML_NATIVE=ON``: it uses every instruction of the build machine and dies
with "Illegal instruction" on an older hospital PC. Bundles instead carry a
build with ``GGML_NATIVE=OFF`` and one CPU backend per instruction-set level
(``GGML_BACKEND_DL`` + ``GGML_CPU_ALL_VARIANTS``); at start llama.cpp scores
each ``ggml-cpu-*`` library against the CPU it runs on and loads the best one
(see ``curbside.engine.cpu_backends``).

The source archive is the one pinned, with its SHA-256, in
``packaging/requirements.lock``; the build backend comes from
``packaging/build-requirements.lock`` (hashes too), so two builds of one commit
compile the same code with the same tools. The wheel is cached in a folder
outside the repository (``$CURBSIDE_WHEELHOUSE``, default
``~/.cache/curbside/wheelhouse``) under a key made of the version, the source
hash, the CMake options and the platform; a second ``make package`` reuses it.

The build never goes through pip's wheel cache (``--no-cache-dir``): that cache
is keyed by the source archive only, so a portable and a native build of the
same version would silently replace each other for every venv on the machine.

Usage: ``python packaging/llama_wheel.py [--lock FILE] [--wheelhouse DIR] [--cached]``;
prints the wheel's path on the last line of stdout (``--cached``: only look).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "llama-cpp-python"
CMAKE_ARGS = {
    # Every OS but macOS: portable code, CPU variants chosen at run time. The
    # same options as the Makefile's development wheel (LLAMA_CMAKE_ARGS), so
    # on Linux `make package` reuses that wheel instead of compiling again.
    "common": ["-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON"],
    # macOS: llama-cpp-python's own Apple settings (Metal, embedded shaders).
    # The release runner is the oldest Apple Silicon (M1), so its native ISA is
    # the baseline every later Mac has; dynamic CPU variants are not needed.
    "darwin": [],
}


def cmake_args() -> list[str]:
    """Return the CMake options for this platform's portable build."""
    return CMAKE_ARGS["darwin"] if sys.platform == "darwin" else CMAKE_ARGS["common"]


def pinned(lock: Path, name: str = PACKAGE) -> tuple[str, list[str]]:
    """Return (version, sha256 hashes) of ``name`` in a pip/uv lock file."""
    lines = lock.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"{name}=="):
            version = line.split("==", 1)[1].split()[0].split(";")[0]
            hashes = []
            for follow in lines[index + 1 :]:
                follow = follow.strip()
                if not follow.startswith("--hash=sha256:"):
                    break
                hashes.append(follow.removeprefix("--hash=sha256:").rstrip(" \\"))
            return version, hashes
    raise SystemExit(f"{lock}: no {name}== line; run `make lock`.")


def cache_key(version: str, hashes: list[str], args: list[str]) -> str:
    """Return the wheelhouse sub-folder name for one build configuration."""
    facts = json.dumps([version, sorted(hashes), args, sys.platform, platform.machine(), _py_tag()])
    return f"{PACKAGE}-{version}-{hashlib.sha256(facts.encode()).hexdigest()[:12]}"


def build(lock: Path, build_lock: Path, wheelhouse: Path) -> Path:
    """Return the cached portable wheel, building it first if needed."""
    version, hashes = pinned(lock)
    args = cmake_args()
    target = wheelhouse / cache_key(version, hashes, args)
    cached = _cached_wheel(target)
    if cached is not None:
        print(f"reusing {cached}", file=sys.stderr)
        return cached
    with tempfile.TemporaryDirectory(prefix="curbside-llama-") as tmp:
        work = Path(tmp)
        sdist = _download_sdist(version, hashes, work)
        python = _build_venv(build_lock, work / "venv")
        started = time.monotonic()
        _compile(python, sdist, args, work / "out")
        seconds = time.monotonic() - started
        wheel = next((work / "out").glob("*.whl"))
        target.mkdir(parents=True, exist_ok=True)
        final = target / wheel.name
        shutil.move(wheel, final)
    info = {
        "package": PACKAGE,
        "version": version,
        "sdist_sha256": hashes,
        "cmake_args": args,
        "wheel": final.name,
        "wheel_sha256": sha256(final),
        "build_seconds": round(seconds),
        "python": _py_tag(),
    }
    (target / "BUILD-INFO.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return final


def _cached_wheel(target: Path) -> Path | None:
    info_path = target / "BUILD-INFO.json"
    if not info_path.is_file():
        return None
    info = json.loads(info_path.read_text(encoding="utf-8"))
    wheel = target / info["wheel"]
    if wheel.is_file() and sha256(wheel) == info["wheel_sha256"]:
        return wheel
    return None


def _download_sdist(version: str, hashes: list[str], work: Path) -> Path:
    """Download the source archive; pip checks it against the locked hashes."""
    requirement = work / "llama.txt"
    hash_args = " ".join(f"--hash=sha256:{h}" for h in hashes)
    requirement.write_text(f"{PACKAGE}=={version} {hash_args}\n", encoding="utf-8")
    dest = work / "sdist"
    _run(
        [
            *[sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"],
            *["--require-hashes", "-q", "-d", str(dest), "-r", str(requirement)],
        ]
    )
    return next(dest.glob("*.tar.gz"))


def _build_venv(build_lock: Path, venv: Path) -> Path:
    """Create a venv holding the locked build backend (scikit-build-core)."""
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--require-hashes",
            "-r",
            str(build_lock),
        ]
    )
    return python


def _compile(python: Path, sdist: Path, args: list[str], out: Path) -> None:
    env = dict(os.environ)
    env["CMAKE_ARGS"] = " ".join(args)
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    command = [str(python), "-m", "pip", "wheel", "--no-deps", "--no-cache-dir"]
    command += ["--no-build-isolation", "-w", str(out), str(sdist)]
    if os.name == "posix":
        command = ["nice", "-n", "10", *command]  # the build machine is shared
    print(f"compiling {sdist.name} with {env['CMAKE_ARGS']} ...", file=sys.stderr)
    _run(command, env=env)


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command[:6])} ...")


def sha256(path: Path) -> str:
    """Return the file's SHA-256 as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _py_tag() -> str:
    return f"cp{sys.version_info.major}{sys.version_info.minor}"


def default_wheelhouse() -> Path:
    """Return ``$CURBSIDE_WHEELHOUSE`` or ``~/.cache/curbside/wheelhouse``."""
    override = os.environ.get("CURBSIDE_WHEELHOUSE")
    return Path(override) if override else Path.home() / ".cache" / "curbside" / "wheelhouse"


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the wheel; print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=HERE / "requirements.lock")
    parser.add_argument("--build-lock", type=Path, default=HERE / "build-requirements.lock")
    parser.add_argument("--wheelhouse", type=Path, default=default_wheelhouse())
    parser.add_argument(
        "--cached", action="store_true", help="only say whether it is cached (exit 0) or not (1)"
    )
    args = parser.parse_args(argv)
    if args.cached:
        version, hashes = pinned(args.lock)
        wheel = _cached_wheel(args.wheelhouse / cache_key(version, hashes, cmake_args()))
        print(wheel or "not cached")
        return 0 if wheel else 1
    print(build(args.lock, args.build_lock, args.wheelhouse))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
