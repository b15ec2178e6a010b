"""Fuzz: malformed GGUF files through every entry point; clean refusals, no hangs, files untouched.

Seeded and bounded: the same variants every run. Each is thrown at ``models
info`` (the CLI handler), import (with its trial run in a child process),
preflight and, when all of those accept it, the engine load and a two-token
answer in this very process, which is the promise the checks make. A refusal
must be one line without a traceback; the file must be byte-for-byte unchanged.
"""

from __future__ import annotations

import math
import random
import struct
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from curbside.cli import main as cli_main
from curbside.engine import ChatMessage, GenerationParams
from curbside.engine.llama import LlamaEngine
from curbside.errors import KnownError
from curbside.infra import sha256_file
from curbside.models import preflight
from curbside.models.importing import import_model
from curbside.models.registry import ModelRegistry

from tests.doubles.gguf_files import tiny_llama

pytestmark = pytest.mark.timeout(1200)
SEED = 20261201
NESTED = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
DOUBLING = (
    "{% set ns = namespace(s='AAAAAAAAAAAAAAAA') %}{% for i in range(40) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
)
Builder = Callable[[Path], Path]


def _structured() -> dict[str, Builder]:
    nan, inf = math.nan, math.inf
    built: dict[str, dict[str, object]] = {
        "eps-nan": {"rms_eps": nan},
        "eps-negative": {"rms_eps": -1.0},
        "eps-inf": {"rms_eps": inf},
        "eps-huge": {"rms_eps": 1e30},
        "rope-base-nan": {"floats": {"rope.freq_base": nan}},
        "rope-base-negative": {"floats": {"rope.freq_base": -10000.0}},
        "rope-base-zero": {"floats": {"rope.freq_base": 0.0}},
        "norm-eps-nan": {"floats": {"attention.layer_norm_epsilon": nan}},
        "rope-factor-negative": {"floats": {"rope.scaling.factor": -4.0}},
        "softcap-inf": {"floats": {"attn_logit_softcapping": inf}},
        "template-nested-range": {"chat_template": NESTED},
        "template-gigabyte": {"chat_template": "{{ 'A' * (1024 ** 3) }}"},
        "template-doubling": {"chat_template": DOUBLING},
        "template-not-jinja": {"chat_template": "{% for %}{{"},
        "template-raises-html": {"chat_template": "{{ raise_exception('<b>no</b>') }}"},
        "template-escape": {"chat_template": "{{ ''.__class__.__mro__[1].__subclasses__() }}"},
        "arch-unknown": {"arch": "notanarch"},
        "name-control-chars": {"name": "\x1b[2J\x07evil\u202e"},
        "no-context-length": {"context_length": None},
    }
    return {
        name: (lambda path, kw=kw: tiny_llama(path, **kw))  # type: ignore[misc]
        for name, kw in built.items()
    }


def _byte_level(base: bytes) -> dict[str, bytes]:
    rng = random.Random(SEED)
    out: dict[str, bytes] = {}
    for i in range(12):
        keep = rng.randrange(0, len(base))
        out[f"truncated-{i}-{keep}"] = base[:keep]
    header_end = min(len(base), 4096)
    for i in range(20):
        data = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(4, header_end)] = rng.randrange(256)
        out[f"flipped-{i}"] = bytes(data)
    u32, u64 = struct.Struct("<I"), struct.Struct("<Q")
    out["bad-magic"] = b"GGUX" + base[4:]
    out["version-0"] = base[:4] + u32.pack(0) + base[8:]
    out["version-99"] = base[:4] + u32.pack(99) + base[8:]
    out["tensors-2^63"] = base[:8] + u64.pack(1 << 63) + base[16:]
    out["kv-count-2^63"] = base[:16] + u64.pack(1 << 63) + base[24:]
    out["first-key-length-huge"] = base[:24] + u64.pack((1 << 64) - 1) + base[32:]
    out["garbage-appended"] = base + bytes(rng.randrange(256) for _ in range(4096))
    out["all-zero"] = bytes(len(base))
    return out


def _variants(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "fuzz"
    folder.mkdir()
    paths = {name: build(folder / f"{name}.gguf") for name, build in _structured().items()}
    base = tiny_llama(folder / "base.gguf").read_bytes()
    (folder / "base.gguf").unlink()
    for name, data in _byte_level(base).items():
        paths[name] = folder / f"{name}.gguf"
        paths[name].write_bytes(data)
    return paths


def _clean(message: str) -> None:
    assert message.strip() and "\n" not in message.strip(), message
    assert "Traceback" not in message and 'File "' not in message, message


def _through_every_entry_point(path: Path, registry: ModelRegistry, capsys) -> str:  # type: ignore[no-untyped-def]
    code = cli_main(["models", "info", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err
    if code:
        _clean(err)
    try:
        import_model(path, registry=registry)
        preflight(path, registry)
    except KnownError as exc:
        _clean(str(exc))
        return "refused"
    try:  # what the engine bridge's factory does next, in this process
        engine = LlamaEngine(path, n_ctx=256, n_threads=1)
    except KnownError as exc:  # e.g. a template that does not parse: an override can fix it
        _clean(str(exc))
        return "refused at load"
    try:
        messages: list[ChatMessage] = [{"role": "user", "content": "Chest pain?"}]
        params = GenerationParams(max_tokens=2, temperature=0.0)
        for _chunk in engine.stream(messages, params, threading.Event()):
            pass
    except KnownError as exc:
        _clean(str(exc))
        return "refused on send"
    finally:
        engine.close()
    return "works"


def test_fifty_malformed_gguf_files_are_refused_cleanly(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    variants = _variants(tmp_path)
    assert len(variants) >= 50
    registry = ModelRegistry(models_dir=tmp_path / "models", config_dir=tmp_path / "config")
    registry.models_dir.mkdir()
    outcomes: dict[str, str] = {}
    for name, path in variants.items():
        before = sha256_file(path)
        outcomes[name] = _through_every_entry_point(path, registry, capsys)
        assert sha256_file(path) == before, f"{name} was changed"
    must_refuse = [n for n in outcomes if n.startswith(("eps-", "rope-", "norm-", "template-"))]
    loadable = ("template-raises-html", "template-escape", "template-not-jinja")
    must_refuse = [n for n in must_refuse if n not in loadable]
    assert all(outcomes[n] == "refused" for n in must_refuse), outcomes
    assert outcomes["template-raises-html"] == outcomes["template-escape"] == "refused on send"
    assert outcomes["template-not-jinja"] == "refused at load"
    assert all(outcomes[n] == "refused" for n in outcomes if n.startswith("truncated-")), outcomes
    with capsys.disabled():
        counts = {o: list(outcomes.values()).count(o) for o in set(outcomes.values())}
        print(f"\nGGUF fuzz outcomes over {len(outcomes)} variants: {counts}")
