"""The wheel installs cleanly: built from the repo, installed into a throwaway venv, run elsewhere.

``pip install .`` must work without the source tree: the catalog is package
data, the import name is ``curbside`` only (no top-level ``app`` or ``ui`` in
site-packages), and the commands run from a temporary directory with the
repository nowhere on ``sys.path``. Dependencies come from pip's caches and
the package index; llama-cpp-python is the portable wheel the Makefile built
once per machine (``$CURBSIDE_LLAMA_WHEELHOUSE``, default the Makefile's
``~/.cache/curbside/wheelhouse/llama-<version>-portable``), never a new native
build (which dies with SIGILL on this project's build machine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.packaging


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build Curbside's wheel from this checkout (no dependencies)."""
    out = tmp_path_factory.mktemp("wheel")
    done = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("curbside-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with the wheel and its dependencies; yield its bin folder."""
    where = tmp_path_factory.mktemp("venv")
    assert _run([sys.executable, "-m", "venv", str(where)], timeout=300).returncode == 0
    bin_dir = where / ("Scripts" if os.name == "nt" else "bin")
    done = _run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--find-links",
            str(_wheelhouse()),
            str(wheel),
        ],
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    yield bin_dir


def _wheelhouse() -> Path:
    override = os.environ.get("CURBSIDE_LLAMA_WHEELHOUSE")
    if override:
        return Path(override)
    version = metadata.version("llama-cpp-python")
    return Path.home() / ".cache" / "curbside" / "wheelhouse" / f"llama-{version}-portable"


def test_the_wheel_holds_one_import_name_and_the_catalog(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("curbside-")}
    assert tops == {"curbside"}
    assert "curbside/data/catalog.json" in names
    assert "curbside/ui/main_window.py" in names
    assert not [n for n in names if n.endswith(".gguf")]


def _clean_env(home: Path, models: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CURBSIDE_"))}
    env.update(CURBSIDE_HOME=str(home), CURBSIDE_MODELS_DIR=str(models))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


@pytest.mark.model
def test_the_installed_command_runs_from_a_temporary_directory(
    venv: Path, tmp_path: Path, default_model_path: Path
) -> None:
    env = _clean_env(tmp_path / "home", default_model_path.parent)
    curbside = str(venv / "curbside")
    where = _run(
        [str(venv / "python"), "-c", "import curbside, sys; print(curbside.__file__)"],
        cwd=tmp_path,
        env=env,
    )
    assert str(venv.parent) in where.stdout and str(ROOT) not in where.stdout
    assert _run([str(venv / "python"), "-c", "import app"], cwd=tmp_path, env=env).returncode

    version = _run([curbside, "--version"], cwd=tmp_path, env=env, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("curbside "), version.stderr

    listing = _run([curbside, "models", "list", "--json"], cwd=tmp_path, env=env, timeout=120)
    assert listing.returncode == 0, listing.stderr
    (default,) = [m for m in json.loads(listing.stdout) if m["default"]]
    assert default["status"] != "missing"

    about = _run([curbside, "about", "--json"], cwd=tmp_path, env=env, timeout=120)
    assert json.loads(about.stdout)["install"] == "wheel"

    ask = _run(
        [curbside, "ask", "--json", "--no-save", "--max-tokens", "8", "Name one cause of fever."],
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert ask.returncode == 0, ask.stderr[-2000:]
    answer = json.loads(ask.stdout)
    assert answer["answer"].strip() and answer["usage"]["completion_tokens"] >= 1
