"""The model-level view of a GGUF file: what the Models window and ``models info`` show.

:func:`read_model_info` parses the file with :mod:`curbside.models.gguf_meta` (no weights
loaded) and interprets the metadata: architecture, parameter count,
quantization, trained context, licence, chat template presence and the shape
of the KV cache. Implausible or missing values become *problems* (the file will
not load; refuse it before llama.cpp sees it) or *warnings* (it loads, but the
clinician should know). The chat template is carried as inert text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curbside.errors import ModelError
from curbside.models.ggml_types import ggml_type_info
from curbside.models.gguf_meta import (
    MAX_KEPT_STRING,
    ArrayInfo,
    GGUFFile,
    LongString,
    read_gguf,
)
from curbside.models.metadata_ranges import float_problems

MAX_LAYERS = 512  # llama.cpp's LLAMA_MAX_LAYERS; beyond it the loader aborts the process
MAX_PLAUSIBLE_CONTEXT = 1 << 24  # 16.7M tokens; even 10M-token claims (Llama 4) fit below
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class ModelInfo:
    """Facts about one GGUF model, each possibly unknown (None).

    Attributes:
        gguf: The parsed file (fields and tensor table).
        n_head_kv: KV heads per layer (one entry per layer).
    """

    gguf: GGUFFile
    architecture: str | None
    name: str
    parameter_count: int
    quantization: str
    context_length: int | None
    n_layer: int | None
    n_embd: int | None
    n_head: int | None
    n_head_kv: tuple[int, ...]
    key_length: int | None
    value_length: int | None
    license: str | None
    chat_template: str | None
    vocab_size: int | None

    @property
    def path(self) -> Path:
        """Return the file's path."""
        return self.gguf.path

    @property
    def file_size(self) -> int:
        """Return the file's size in bytes."""
        return self.gguf.file_size

    @property
    def weights_bytes(self) -> int:
        """Return the bytes of tensor data llama.cpp will map."""
        return sum(t.nbytes for t in self.gguf.tensors)

    @property
    def has_chat_template(self) -> bool:
        """Return True when the file carries a chat template (even one too long to read)."""
        return bool(self.chat_template and self.chat_template.strip()) or bool(
            self.chat_template_skipped
        )

    @property
    def chat_template_skipped(self) -> int | None:
        """Return the byte length of a chat template too large to read, else None.

        llama.cpp still uses such a template, so it is reported as present.
        """
        value = self.gguf.fields.get("tokenizer.chat_template")
        return value.length if isinstance(value, LongString) else None

    @property
    def parameters_label(self) -> str:
        """Return the parameter count as people say it (``135M``, ``4.3B``)."""
        count = self.parameter_count
        if count >= 1e9:
            return f"{count / 1e9:.1f}B"
        return f"{count / 1e6:.0f}M" if count >= 1e6 else str(count)

    def kv_bytes_per_token(self, bytes_per_value: int = 2) -> int | None:
        """Return KV cache bytes per token of context (f16 cache by default)."""
        if not self.n_head_kv or self.key_length is None or self.value_length is None:
            return None
        per_layer = (self.key_length + self.value_length) * bytes_per_value
        return sum(heads * per_layer for heads in self.n_head_kv)

    def problems(self) -> list[str]:
        """Return reasons llama.cpp cannot load this file (refuse it before loading).

        Some of these make llama.cpp abort the whole process rather than fail
        (a layer count of 0 or above 512 trips an assertion), so they must be
        caught here.
        """
        found = []
        if not self.architecture:
            found.append("It names no architecture (general.architecture).")
        elif not known_architecture(self.architecture):
            found.append(
                f"Its architecture {display(self.architecture)!r} is not one llama.cpp supports."
            )
        fields, prefix = self.gguf.fields, f"{self.architecture}."
        layers = fields.get(prefix + "block_count")
        if self.architecture and not (isinstance(layers, int) and 0 < layers <= MAX_LAYERS):
            found.append(f"Its layer count ({layers!r}) is missing or outside 1–{MAX_LAYERS}.")
        if self.architecture and (self.n_embd is None or not self.n_head or not self.n_head_kv):
            found.append("It lacks a valid embedding size or attention head count.")
        raw_ctx = fields.get(prefix + "context_length")
        if isinstance(raw_ctx, int | float) and not 0 < raw_ctx < 1 << 31:
            found.append(f"It claims a trained context of {raw_ctx:,} tokens, which is impossible.")
        if not self.gguf.tensors:
            found.append("It contains no weights.")
        found.extend(float_problems(fields, self.architecture))
        return found

    def warnings(self) -> list[str]:
        """Return facts the clinician should know although the file can load."""
        found = []
        skipped = self.chat_template_skipped
        if skipped is not None:
            found.append(
                f"Its chat template is {skipped:,} bytes, over the {MAX_KEPT_STRING:,} Curbside "
                "reads: llama.cpp uses it, but Curbside cannot show or check it."
            )
        elif not self.has_chat_template:
            found.append(
                "It has no chat template: Curbside uses the catalog's chat format, or the one "
                "chosen in this model's settings."
            )
        raw = self.gguf.fields.get(f"{self.architecture}.context_length")
        if isinstance(raw, int | float) and MAX_PLAUSIBLE_CONTEXT < raw < 1 << 31:
            found.append(
                f"It claims a trained context of {raw:,} tokens, which is not plausible; "
                "Curbside ignores it and uses the context size from the settings."
            )
        return found


def read_model_info(path: Path) -> ModelInfo:
    """Read ``path``'s metadata and interpret it (fast: no weights are loaded).

    Raises:
        ModelError: The file is missing, not GGUF, truncated or malformed.
    """
    gguf = read_gguf(path)
    fields = gguf.fields
    arch = _text(fields.get("general.architecture"))
    prefix = f"{arch}." if arch else "\0"
    n_layer = _count(fields.get(prefix + "block_count"))
    n_embd = _count(fields.get(prefix + "embedding_length"))
    n_head = _per_layer(fields.get(prefix + "attention.head_count"), n_layer)
    n_head_kv = _per_layer(fields.get(prefix + "attention.head_count_kv"), n_layer) or n_head
    head_dim = n_embd // max(n_head) if n_embd and n_head and max(n_head) else None
    return ModelInfo(
        gguf=gguf,
        architecture=arch,
        name=display(_text(fields.get("general.name")) or path.stem),
        parameter_count=sum(t.elements for t in gguf.tensors),
        quantization=_quantization(gguf),
        context_length=_context(fields.get(prefix + "context_length")),
        n_layer=n_layer,
        n_embd=n_embd,
        n_head=max(n_head) if n_head else None,
        n_head_kv=n_head_kv,
        key_length=_count(fields.get(prefix + "attention.key_length")) or head_dim,
        value_length=_count(fields.get(prefix + "attention.value_length")) or head_dim,
        license=display(_text(fields.get("general.license")) or "") or None,
        chat_template=_text(fields.get("tokenizer.chat_template")),
        vocab_size=_array_len(fields.get("tokenizer.ggml.tokens")),
    )


def display(text: str) -> str:
    """Return ``text`` safe to show in a terminal or a label: no control or bidi characters."""
    return _CONTROL.sub("?", text)[:200]


def known_architecture(name: str) -> bool:
    """Return True if ``name`` is an architecture the installed gguf/llama.cpp tools know."""
    import gguf  # slow import; only needed when judging a file

    return name in set(gguf.MODEL_ARCH_NAMES.values())


_FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
}  # fmt: skip


def _quantization(gguf: GGUFFile) -> str:
    file_type = gguf.fields.get("general.file_type")
    if isinstance(file_type, int) and file_type in _FILE_TYPES:
        return _FILE_TYPES[file_type]
    by_bytes: Counter[int] = Counter()
    for tensor in gguf.tensors:
        by_bytes[tensor.ggml_type] += tensor.nbytes
    if not by_bytes:
        return "unknown"
    return ggml_type_info(by_bytes.most_common(1)[0][0])[0]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 1 << 31:
        return None
    return value


def _context(value: Any) -> int | None:
    count = _count(value)
    return count if count is not None and count <= MAX_PLAUSIBLE_CONTEXT else None


def _per_layer(value: Any, n_layer: int | None) -> tuple[int, ...]:
    """Return a per-layer head count from a scalar or a per-layer array."""
    if isinstance(value, list):
        heads = [_count(v) or 0 for v in value]
        return tuple(heads) if heads and n_layer in (None, len(heads)) else ()
    count = _count(value)
    if count is None or n_layer is None or n_layer > 100_000:
        return ()
    return (count,) * n_layer


def _array_len(value: Any) -> int | None:
    if isinstance(value, ArrayInfo):
        return value.count
    return len(value) if isinstance(value, list) else None


def require_loadable(info: ModelInfo) -> None:
    """Raise :class:`ModelError` with the first problem if llama.cpp cannot load ``info``."""
    problems = info.problems()
    if problems:
        raise ModelError(
            f"{info.path.name} cannot be loaded: {problems[0]}",
            "Choose a GGUF file made for llama.cpp (for example from the model's publisher).",
        )
