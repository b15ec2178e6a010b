"""Metadata reading on real GGUF files, good and hostile (built with gguf.GGUFWriter)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import gguf
import pytest
from curbside.errors import ModelError
from curbside.models.gguf_meta import GGML_TYPES, read_gguf
from curbside.models.info import display, read_model_info, require_loadable

from tests.conftest import REPO_ROOT
from tests.doubles.gguf_files import escape_template, sparse_gguf, tiny_llama, truncated_copy


def test_type_table_matches_the_gguf_package() -> None:
    for type_id, (name, block, size) in GGML_TYPES.items():
        kind = gguf.GGMLQuantizationType(type_id)
        assert kind.name == name
        assert gguf.GGML_QUANT_SIZES[kind] == (block, size)


def test_fields_and_tensors_agree_with_gguf_reader(tmp_path: Path) -> None:
    path = tiny_llama(tmp_path / "tiny.gguf")
    ours = read_gguf(path)
    reader = gguf.GGUFReader(path)
    assert ours.version == 3
    assert ours.fields["llama.block_count"] == reader.fields["llama.block_count"].contents()
    assert ours.fields["general.name"] == "Tiny test model"
    assert [t.name for t in ours.tensors] == [t.name for t in reader.tensors]
    for mine, theirs in zip(ours.tensors, reader.tensors, strict=True):
        assert mine.shape == tuple(int(d) for d in theirs.shape)
        assert mine.nbytes == int(theirs.n_bytes)
        assert ours.data_offset + mine.offset == int(theirs.data_offset)


def test_default_model_metadata(default_model_path: Path) -> None:
    info = read_model_info(default_model_path)
    assert (info.architecture, info.quantization, info.parameters_label) == (
        "llama",
        "Q4_1",
        "135M",
    )
    assert (info.context_length, info.n_layer, info.n_head, info.key_length) == (8192, 30, 9, 64)
    assert info.n_head_kv == (3,) * 30
    assert info.license == "apache-2.0" and info.vocab_size == 49152
    assert info.has_chat_template and "<|im_start|>" in (info.chat_template or "")
    assert info.kv_bytes_per_token() == 30 * 3 * 128 * 2
    assert info.weights_bytes + info.gguf.data_offset == default_model_path.stat().st_size
    assert info.problems() == [] and info.warnings() == []


def _random(path: Path) -> Path:
    path.write_bytes(os.urandom(4096))
    return path


def _zero(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


def _truncated_weights(path: Path) -> Path:
    whole = tiny_llama(path.with_name("whole.gguf"))
    return truncated_copy(whole, path, whole.stat().st_size - 100)


def _truncated_header(path: Path) -> Path:
    return truncated_copy(tiny_llama(path.with_name("whole.gguf")), path, 300)


def _huge_array(path: Path) -> Path:
    # A header claiming one key whose string array has 2**60 items.
    header = b"GGUF" + (3).to_bytes(4, "little") + (1).to_bytes(8, "little")
    kv = (1).to_bytes(8, "little") + (1).to_bytes(8, "little") + b"k" + (9).to_bytes(4, "little")
    path.write_bytes(
        header + kv + (8).to_bytes(4, "little") + (1 << 60).to_bytes(8, "little") + bytes(64)
    )
    return path


def _string_past_end(path: Path) -> Path:
    # A vocabulary-sized string array whose first string claims to be 1 TB long.
    header = b"GGUF" + (3).to_bytes(4, "little") + (1).to_bytes(8, "little") * 2
    kv = (1).to_bytes(8, "little") + b"k" + (9).to_bytes(4, "little") + (8).to_bytes(4, "little")
    array = (70).to_bytes(8, "little") + (1 << 40).to_bytes(8, "little") + bytes(1000)
    path.write_bytes(header + kv + array)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_string_past_end, "ends in the middle of its header (truncated)"),
        (_zero, "is empty or truncated (0 bytes)"),
        (_random, "is not a GGUF model file"),
        (_directory, "is a directory, not a model file"),
        (_truncated_weights, "is truncated: its weights need"),
        (_truncated_header, "is truncated or its header is corrupt"),
        (_huge_array, "claims 1,152,921,504,606,846,976 items, more than the file holds"),
    ],
    ids=[
        "string-past-end",
        "zero-byte",
        "random-bytes",
        "directory",
        "truncated-weights",
        "truncated-header",
        "huge-array",
    ],
)
def test_hostile_files_get_a_clear_message(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path / "x.gguf")
    with pytest.raises(ModelError, match=r"x\.gguf") as caught:
        read_model_info(path)
    assert message in str(caught.value)
    assert caught.value.hint


def test_no_chat_template_is_a_warning_not_a_problem(tmp_path: Path) -> None:
    info = read_model_info(tiny_llama(tmp_path / "m.gguf", chat_template=None))
    assert not info.has_chat_template and info.problems() == []
    assert "no chat template" in info.warnings()[0]


def test_unknown_architecture_is_refused(tmp_path: Path) -> None:
    info = read_model_info(tiny_llama(tmp_path / "m.gguf", arch="frobnicator"))
    with pytest.raises(ModelError, match=r"'frobnicator' is not one llama\.cpp supports"):
        require_loadable(info)


def test_impossible_context_is_refused(tmp_path: Path) -> None:
    # llama.cpp reads 4e9 as a negative int32 and fails later in the bindings.
    info = read_model_info(tiny_llama(tmp_path / "m.gguf", context_length=4_000_000_000))
    assert info.context_length is None
    with pytest.raises(ModelError, match="trained context of 4,000,000,000 tokens"):
        require_loadable(info)


def test_implausible_but_representable_context_is_a_warning(tmp_path: Path) -> None:
    info = read_model_info(tiny_llama(tmp_path / "m.gguf", context_length=1_000_000_000))
    assert info.context_length is None and info.problems() == []
    assert "not plausible" in info.warnings()[-1]


def test_display_strips_terminal_escapes_and_bidi_controls() -> None:
    assert display("evil\x1b]0;title\x07\u202ename") == "evil?]0;title??name"


def test_sparse_2gb_file_reads_without_touching_weights(tmp_path: Path) -> None:
    path = sparse_gguf(tmp_path / "big.gguf", 2 * 10**9)
    info = read_model_info(path)
    assert info.file_size > 1.9e9 and info.weights_bytes > 1.9e9
    assert path.stat().st_blocks * 512 < 1_000_000  # still sparse: nothing was written or read


def test_reading_metadata_never_renders_the_template(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    path = tiny_llama(tmp_path / "evil.gguf", chat_template=escape_template(marker))
    code = (
        "import sys; from pathlib import Path; from curbside.models.info import read_model_info;"
        f"info = read_model_info(Path({str(path)!r})); print(info.has_chat_template);"
        "print('jinja2' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]
    assert not marker.exists()


def test_escape_template_is_contained_by_the_sandbox(tmp_path: Path) -> None:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    marker = tmp_path / "PWNED"
    formatter = Jinja2ChatFormatter(escape_template(marker), eos_token="</s>", bos_token="<s>")
    with pytest.raises(Exception, match="unsafe"):
        formatter(messages=[{"role": "user", "content": "chest pain"}])
    assert not marker.exists()


def test_escape_template_in_a_real_model_is_refused_by_the_engine(tmp_path: Path) -> None:
    from curbside.engine.llama import LlamaEngine

    marker = tmp_path / "PWNED"
    path = tiny_llama(tmp_path / "evil.gguf", chat_template=escape_template(marker))
    try:
        engine = LlamaEngine(path, n_ctx=256, n_threads=1)
        engine.count_tokens([{"role": "user", "content": "chest pain"}])
    except ModelError as exc:
        assert "template" in str(exc)
    else:  # the engine may also decide to fall back to a built-in format
        assert engine.template.source != "gguf"
    assert not marker.exists()


def test_mutated_files_only_ever_raise_model_error(tmp_path: Path) -> None:
    """Flip bytes in the header and metadata of a real model: never a crash or a hang."""
    import random

    from curbside.models.hardware import estimate_ram

    original = tiny_llama(tmp_path / "seed.gguf").read_bytes()
    header_end = read_gguf(tmp_path / "seed.gguf").data_offset
    rng = random.Random(6)
    outcomes = {"read": 0, "refused": 0}
    for attempt in range(400):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(4, header_end)
            if rng.random() < 0.5:
                data[at] = rng.randrange(256)
            else:  # a whole length or count field gone wild
                data[at : at + 8] = rng.randrange(1 << 64).to_bytes(8, "little")
        if attempt % 5 == 0:
            data = data[: rng.randrange(24, len(data))]
        path = tmp_path / f"m{attempt}.gguf"
        path.write_bytes(bytes(data))
        try:
            info = read_model_info(path)
        except ModelError as exc:
            assert str(exc) and exc.hint
            outcomes["refused"] += 1
        else:
            info.problems(), info.warnings(), display(info.name)
            estimate_ram(info, 4096, available=10**10).verdict  # noqa: B018
            outcomes["read"] += 1
        path.unlink()
    assert outcomes["read"] > 50 and outcomes["refused"] > 50, outcomes
