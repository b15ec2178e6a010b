"""Identifying a model by its content: a file that cannot be read is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.errors import ModelError
from curbside.models import identify_model


def test_a_missing_file_is_a_model_error_not_a_bug(isolated_profile: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        identify_model(tmp_path / "moved-away.gguf")
    assert "moved-away.gguf could not be read" in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_readable_file_is_identified_by_its_hash(isolated_profile: Path, tmp_path: Path) -> None:
    path = tmp_path / "not-a-model.gguf"
    path.write_bytes(b"GGUF but not really")
    facts = identify_model(path)
    assert len(facts.sha256) == 64 and facts.name == path.name and not facts.is_demo
