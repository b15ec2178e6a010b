"""The model-load entry describes the very file loaded (no inference needed)."""

from __future__ import annotations

from pathlib import Path

from curbside.audit import describe_model_load
from curbside.engine import engine_versions
from curbside.models import load_catalog


def test_describes_the_default_model_file(default_model_path: Path) -> None:
    entry = load_catalog().default()
    details = describe_model_load(default_model_path, {"n_ctx": 4096, "n_threads": 2, "x": [1]})
    assert details["file"] == default_model_path.name
    assert details["sha256"] == entry.sha256 and details["size"] == entry.size
    assert details["quantization"] and details["quantization"].upper().startswith("Q4")
    assert details["options"] == {"n_ctx": 4096, "n_threads": 2}  # only plain values
    assert details["llama_cpp_python"] == engine_versions()["llama_cpp_python"] != "unavailable"


def test_an_unreadable_file_is_still_recorded(tmp_path: Path) -> None:
    details = describe_model_load(tmp_path / "gone.gguf", {})
    assert details["file"] == "gone.gguf" and details["sha256"] is None and details["size"] is None
