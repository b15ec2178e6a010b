"""Build Curbside's one-folder bundle with PyInstaller; on Linux also the .tar.gz.

Steps (``make package`` runs them; release.yml runs the same on Windows/macOS):

1. the portable llama-cpp-python wheel (``llama_wheel.py``; cached outside the repo);
2. a fresh venv under ``build/bundle/`` with every dependency from
   ``packaging/requirements.lock`` (``--require-hashes``), that wheel, and
   Curbside installed from its own wheel (not editable);
3. the default model, checked against the catalog's size and SHA-256;
4. PyInstaller with ``packaging/curbside.spec``;
5. Linux: ``dist/curbside-<version>-linux-<arch>/`` with ``install.sh``,
   ``uninstall.sh``, the ``.desktop`` entry and icon, packed as a ``.tar.gz``
   whose members are sorted and dated by the commit (``SOURCE_DATE_EPOCH``).

Usage: ``python packaging/bundle.py [--model FILE] [--out DIR]``; prints the
archive's (or, off Linux, the folder's) path on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import llama_wheel  # noqa: E402  (a sibling script, not a package)
from llama_wheel import sha256  # noqa: E402

BUILD = ROOT / "build" / "bundle"
LINUX_FILES = ("install.sh", "uninstall.sh", "curbside.desktop")


def version() -> str:
    """Return Curbside's version from ``app/__init__.py`` (no import needed)."""
    for line in (ROOT / "app" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("app/__init__.py has no __version__")


def default_model() -> tuple[Path, dict[str, object]]:
    """Return the catalog default's file in models/ and its catalog entry."""
    catalog = json.loads((ROOT / "models" / "catalog.json").read_text(encoding="utf-8"))
    entry = next(e for e in catalog["models"] if e["id"] == catalog["default"])
    return ROOT / "models" / str(entry["file"]), entry


def fetched_model(python: Path, entry: dict[str, object]) -> Path:
    """Fetch the default model with the bundle venv's own ``curbside models fetch``."""
    where = BUILD / "model"
    env = dict(os.environ, CURBSIDE_MODELS_DIR=str(where), CURBSIDE_HOME=str(BUILD / "home"))
    _run([str(python), "-m", "curbside", "models", "fetch"], env=env)
    return where / str(entry["file"])


def check_model(path: Path, entry: dict[str, object]) -> None:
    """Refuse to bundle a model whose size or SHA-256 is not the catalog's."""
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run `make model` first.")
    if path.stat().st_size != entry["size"] or sha256(path) != entry["sha256"]:
        raise SystemExit(f"{path} is not the catalog's file: run `curbside models fetch --force`.")


def make_venv(llama: Path) -> Path:
    """Create the bundle venv from the lock, the portable wheel and Curbside's wheel."""
    venv = BUILD / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    locked = BUILD / "requirements-without-llama.txt"
    locked.write_text(_without(HERE / "requirements.lock", llama_wheel.PACKAGE), encoding="utf-8")
    _run([*pip, "install", "-q", "--no-deps", "--require-hashes", "-r", str(locked)])
    _run([*pip, "install", "-q", "--no-deps", str(llama)])
    wheels = BUILD / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    # setuptools comes from the lock too, so the build needs nothing unpinned.
    _run([*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)])
    _run([*pip, "install", "-q", "--no-deps", str(next(wheels.glob("curbside-*.whl")))])
    _run([*pip, "check"])
    return python


def freeze(python: Path, model: Path) -> Path:
    """Run PyInstaller; return the one-folder bundle (``.app`` on macOS)."""
    env = dict(os.environ, CURBSIDE_BUNDLE_MODEL=str(model), CURBSIDE_VERSION=version())
    icons = BUILD / "icons"
    _run([str(python), str(HERE / "icons.py"), str(icons)])
    icon = {"win32": "curbside.ico", "darwin": "curbside.icns"}.get(sys.platform)
    if icon:
        env["CURBSIDE_BUNDLE_ICON"] = str(icons / icon)
    dist = BUILD / "dist"
    _run(
        [
            *[str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level=WARN"],
            *["--distpath", str(dist), "--workpath", str(BUILD / "work")],
            str(HERE / "curbside.spec"),
        ],
        env=env,
    )
    return dist / ("Curbside.app" if sys.platform == "darwin" else "curbside")


def linux_archive(folder: Path, out: Path) -> Path:
    """Lay out the release folder (bundle + install scripts) and pack it."""
    name = f"curbside-{version()}-linux-{platform.machine()}"
    release = BUILD / name
    shutil.rmtree(release, ignore_errors=True)
    release.mkdir(parents=True)
    shutil.copytree(folder, release / "curbside", symlinks=True)
    for file in LINUX_FILES:
        shutil.copy2(HERE / "linux" / file, release / file)
    shutil.copy2(HERE / "curbside.svg", release / "curbside.svg")
    (release / "BUILD-INFO.json").write_text(json.dumps(build_info(), indent=2) + "\n")
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{name}.tar.gz"
    _tar(release, archive)
    return archive


def build_info() -> dict[str, object]:
    """Return what this bundle was built from (shown by the smoke test and README)."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "version": version(),
        "commit": commit or "unknown",
        "python": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
        "lock_sha256": sha256(HERE / "requirements.lock"),
        "llama_cmake_args": llama_wheel.cmake_args(),
    }


def _tar(release: Path, archive: Path) -> None:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", _commit_time()))

    def normalize(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.mtime = min(info.mtime, epoch)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    partial = archive.with_name(archive.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        for path in sorted(release.rglob("*")):
            tar.add(
                path,
                arcname=str(path.relative_to(release.parent)),
                recursive=False,
                filter=normalize,
            )
    os.replace(partial, archive)


def _commit_time() -> int:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return int(out) if out.isdigit() else int(time.time())


def _without(lock: Path, name: str) -> str:
    """Return the lock's text minus one package's requirement (and its hash lines)."""
    kept, skipping = [], False
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}=="):
            skipping = True
            continue
        if skipping and line.startswith(("    --hash", "    #")):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept) + "\n"


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    print("+", " ".join(command[:8]), "..." if len(command) > 8 else "", file=sys.stderr)
    if subprocess.run(command, env=env, check=False).returncode != 0:
        raise SystemExit(f"failed: {' '.join(command[:8])}")


def main(argv: list[str] | None = None) -> int:
    """Build the bundle (and the archive on Linux); print where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="default model file (default: models/)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--wheelhouse", type=Path, default=llama_wheel.default_wheelhouse())
    parser.add_argument(
        "--llama-wheel", type=Path, help="use this llama-cpp-python wheel instead of building one"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    model, entry = default_model()
    llama = args.llama_wheel or llama_wheel.build(
        HERE / "requirements.lock", HERE / "build-requirements.lock", args.wheelhouse
    )
    python = make_venv(llama)
    model = args.model or (model if model.is_file() else fetched_model(python, entry))
    check_model(model, entry)
    folder = freeze(python, model)
    result = linux_archive(folder, args.out) if sys.platform.startswith("linux") else folder
    print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
