"""The model registry: known models, integrity status, imports and trial loads."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from curbside.errors import ModelError
from curbside.infra import sha256_file
from curbside.models.catalog import load_catalog
from curbside.models.info import read_model_info
from curbside.models.probe import preflight, trial_load
from curbside.models.registry import ModelRegistry

from tests.doubles.gguf_files import tiny_llama


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    models = tmp_path / "models"
    models.mkdir()
    return ModelRegistry(models_dir=models, config_dir=tmp_path / "config")


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_lists_catalog_entries_then_loose_files(registry: ModelRegistry) -> None:
    tiny_llama(registry.models_dir / "loose.gguf")
    models = registry.models()
    ids = [m.entry.id for m in models if m.entry]
    assert ids == [e.id for e in load_catalog().entries]
    assert models[0].is_default and models[0].status == "missing"
    loose = models[-1]
    assert (loose.name, loose.origin, loose.status) == ("loose.gguf", "models-dir", "unknown")


def test_import_records_hash_and_status_follows_the_file(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    path = tiny_llama(tmp_path / "mine.gguf")
    model = registry.add_import(path, sha256_file(path), copied=False)
    assert (model.origin, model.status) == ("imported", "verified")
    assert registry.find("mine.gguf").path == path

    _touch_later(path)  # same bytes, new mtime: must be re-checked, not trusted
    assert registry.find("mine.gguf").status == "unknown"
    assert registry.ensure_verified(path).status == "verified"

    with path.open("r+b") as handle:  # same size, different bytes
        handle.seek(-4, os.SEEK_END)
        handle.write(b"XXXX")
    _touch_later(path)
    with pytest.raises(ModelError, match="does not match its expected size or SHA-256"):
        registry.ensure_verified(path)
    assert registry.find("mine.gguf").status == "mismatch"


def test_catalog_file_is_verified_against_catalog_hash(
    registry: ModelRegistry, default_model_path: Path
) -> None:
    target = registry.models_dir / default_model_path.name
    try:
        os.link(default_model_path, target)  # cheap when on the same file system
    except OSError:
        shutil.copy(default_model_path, target)
    assert registry.default().status == "unknown"
    assert registry.verify(registry.default()).status == "verified"
    assert registry.default().status == "verified"


def test_forget_drops_the_import_but_never_the_file(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    path = tiny_llama(tmp_path / "mine.gguf")
    registry.add_import(path, sha256_file(path), copied=False)
    assert registry.forget(registry.find("mine.gguf"))
    assert path.exists()
    assert all(m.path != path for m in registry.models())


def test_unknown_and_ambiguous_names_are_clear_errors(registry: ModelRegistry) -> None:
    with pytest.raises(ModelError, match="No known model is called 'nothing'"):
        registry.find("nothing")
    with pytest.raises(ModelError, match="'medgemma' matches several models: medgemma-4b"):
        registry.find("medgemma")
    assert registry.find("medgemma-27b").entry is not None


def test_damaged_state_file_is_reported_not_overwritten(registry: ModelRegistry) -> None:
    registry.state_path.parent.mkdir(parents=True)
    registry.state_path.write_text("{not json")
    with pytest.raises(ModelError, match="cannot be read"):
        registry.models()
    assert registry.state_path.read_text() == "{not json"


def _tiny_with(path: Path, method: str, value: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write a tiny model whose writer's ``method`` is forced to write ``value``."""
    import gguf

    original = getattr(gguf.GGUFWriter, method)
    with monkeypatch.context() as patch:
        patch.setattr(gguf.GGUFWriter, method, lambda self, _n: original(self, value))
        return tiny_llama(path)


def test_trial_load_reports_a_crash_without_taking_us_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A layer count of 0 makes llama.cpp abort the process (GGML_ASSERT) on load.
    path = _tiny_with(tmp_path / "zero-layers.gguf", "add_block_count", 0, monkeypatch)
    assert "crashed in a trial run of it (SIGABRT)" in (trial_load(path) or "")


def test_preflight_passes_on_llama_cpps_own_reason(
    registry: ModelRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Zero KV heads passes our checks but llama.cpp rejects the tensor shapes.
    path = _tiny_with(tmp_path / "no-kv-heads.gguf", "add_head_count_kv", 0, monkeypatch)
    with pytest.raises(ModelError, match=r"attn_k\.weight' has wrong shape"):
        preflight(path, registry)
    ok, message = registry.trial_result(path) or (True, "")
    assert not ok and "wrong shape" in message


def test_preflight_accepts_a_good_file_and_caches_the_trial(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    path = tiny_llama(tmp_path / "good.gguf")
    info = preflight(path, registry)
    assert info.architecture == "llama"
    assert registry.trial_result(path) == (True, "")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"arch": "frobnicator"}, "is not one llama.cpp supports"),
        ({"context_length": 4_000_000_000}, "trained context of 4,000,000,000"),
    ],
)
def test_preflight_refuses_before_any_load(
    registry: ModelRegistry, tmp_path: Path, options: dict[str, object], message: str
) -> None:
    path = tiny_llama(tmp_path / "bad.gguf", **options)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=message.replace(".", r"\.")):
        preflight(path, registry)
    assert registry.trial_result(path) is None  # refused statically, no trial was needed


def test_preflight_uses_a_cached_failed_trial(registry: ModelRegistry, tmp_path: Path) -> None:
    path = tiny_llama(tmp_path / "good.gguf")
    registry.record_trial(path, "llama.cpp crashed while opening it (SIGSEGV)")
    with pytest.raises(ModelError, match="crashed while opening it"):
        preflight(path, registry)
    _touch_later(path)  # the file changed: the old verdict no longer applies
    assert preflight(path, registry).architecture == "llama"


def test_cancelled_copy_leaves_nothing_behind(registry: ModelRegistry, tmp_path: Path) -> None:
    from curbside.models.importing import import_model

    source = tiny_llama(tmp_path / "mine.gguf")
    seen: list[tuple[int, int]] = []
    with pytest.raises(ModelError, match="cancelled"):
        import_model(
            source,
            copy=True,
            registry=registry,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: True,
        )
    assert seen == [(source.stat().st_size, source.stat().st_size)]
    assert list(registry.models_dir.iterdir()) == []
    assert all(m.path.name != "mine.gguf" for m in registry.models())


def test_import_copies_hashes_and_records(registry: ModelRegistry, tmp_path: Path) -> None:
    from curbside.models.importing import import_model

    source = tiny_llama(tmp_path / "mine.gguf")
    result = import_model(source, copy=True, registry=registry)
    assert result.model.path == registry.models_dir / "mine.gguf"
    assert result.model.status == "verified" and result.model.origin == "imported"
    assert registry.recorded_sha256(result.model.path) == sha256_file(source)
    assert registry.trial_result(result.model.path) == (True, "")


def test_preflight_refuses_a_file_that_aborts_llama_cpp(
    registry: ModelRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A vocabulary with a repeated token passes every metadata check, but llama.cpp
    # aborts the whole process on it (GGML_ASSERT in llama_vocab::load). Found by fuzzing.
    import gguf

    original = gguf.GGUFWriter.add_token_list

    def duplicated(self: gguf.GGUFWriter, tokens: list[str]) -> None:
        original(self, [*tokens[:-1], tokens[-2]])

    monkeypatch.setattr(gguf.GGUFWriter, "add_token_list", duplicated)
    path = tiny_llama(tmp_path / "repeated-token.gguf")
    monkeypatch.undo()
    assert read_model_info(path).problems() == []
    with pytest.raises(ModelError, match=r"crashed in a trial run of it \(SIGABRT\)"):
        preflight(path, registry)
