"""Build real (tiny) GGUF files with the ``gguf`` package's writer, good and hostile.

``tiny_llama`` writes a complete llama-architecture model of a few kilobytes
that llama.cpp really loads and runs (random weights, a byte-level vocabulary),
so tests can exercise the loader and chat templates without a big download.
"""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np

SAFE_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
N_EMBD, N_FF, N_VOCAB = 16, 32, 64


def escape_template(marker: Path) -> str:
    """Return a Jinja template that tries to escape the sandbox and create ``marker``."""
    command = f"touch {marker}"
    return (
        "{{ cycler.__init__.__globals__.os.system('" + command + "') }}"
        "{{ ''.__class__.__mro__[1].__subclasses__() }}"
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'Popen' %}{{ c(['touch', '" + str(marker) + "']) }}{% endif %}"
        "{% endfor %}"
        "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    )


def tiny_llama(
    path: Path,
    *,
    arch: str = "llama",
    chat_template: str | None = SAFE_TEMPLATE,
    context_length: int | None = 256,
    name: str = "Tiny test model",
    license_: str | None = "apache-2.0",
    rms_eps: float = 1e-5,
    floats: dict[str, float] | None = None,
) -> Path:
    """Write a tiny but complete llama-style GGUF model to ``path``.

    ``floats`` adds float32 metadata under the architecture's prefix
    (``{"rope.freq_base": -1.0}`` writes ``llama.rope.freq_base``).
    """
    rng = np.random.default_rng(0)
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name(name)
    if license_:
        writer.add_license(license_)
    writer.add_block_count(1)
    if context_length is not None:
        writer.add_context_length(context_length)
    writer.add_embedding_length(N_EMBD)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(2)
    writer.add_head_count_kv(1)
    writer.add_layer_norm_rms_eps(rms_eps)
    for key, value in (floats or {}).items():
        writer.add_float32(f"{arch}.{key}", value)
    writer.add_rope_dimension_count(N_EMBD // 2)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    _tokenizer(writer, chat_template)

    def weights(*shape: int) -> np.ndarray:
        return rng.standard_normal(shape).astype(np.float32) * 0.1

    writer.add_tensor("token_embd.weight", weights(N_VOCAB, N_EMBD))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, np.float32))
    writer.add_tensor("blk.0.attn_norm.weight", np.ones(N_EMBD, np.float32))
    writer.add_tensor("blk.0.attn_q.weight", weights(N_EMBD, N_EMBD))
    writer.add_tensor("blk.0.attn_k.weight", weights(N_EMBD // 2, N_EMBD))
    writer.add_tensor("blk.0.attn_v.weight", weights(N_EMBD // 2, N_EMBD))
    writer.add_tensor("blk.0.attn_output.weight", weights(N_EMBD, N_EMBD))
    writer.add_tensor("blk.0.ffn_norm.weight", np.ones(N_EMBD, np.float32))
    writer.add_tensor("blk.0.ffn_gate.weight", weights(N_FF, N_EMBD))
    writer.add_tensor("blk.0.ffn_up.weight", weights(N_FF, N_EMBD))
    writer.add_tensor("blk.0.ffn_down.weight", weights(N_EMBD, N_FF))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def _tokenizer(writer: gguf.GGUFWriter, chat_template: str | None) -> None:
    # A byte-level GPT-2 style vocabulary: specials, then printable characters.
    specials = ["<unk>", "<s>", "</s>"]
    chars = [chr(c) for c in range(ord("a"), ord("a") + N_VOCAB - len(specials))]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(specials + chars)
    writer.add_token_types([gguf.TokenType.CONTROL] * 3 + [gguf.TokenType.NORMAL] * len(chars))
    writer.add_token_merges(["a b", "c d"])
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    if chat_template is not None:
        writer.add_chat_template(chat_template)


def truncated_copy(source: Path, path: Path, keep: int) -> Path:
    """Write the first ``keep`` bytes of ``source`` to ``path``."""
    with source.open("rb") as handle:
        path.write_bytes(handle.read(keep))
    return path


def sparse_gguf(path: Path, size: int, vocab: int = 0, merges: int = 0) -> Path:
    """Write a valid GGUF whose one tensor makes the file ``size`` bytes (sparse on disk).

    ``vocab`` and ``merges`` add a tokenizer of that size (Llama 3 has 128,256
    tokens and 280,147 merges), which is what makes real metadata slow to read.
    """
    elements = (size - 4096 - 24 * (vocab + merges)) // 4
    writer = gguf.GGUFWriter(str(path), "llama")
    if vocab:
        writer.add_tokenizer_model("gpt2")
        writer.add_token_list([f"tok{i}" for i in range(vocab)])
        writer.add_token_types([gguf.TokenType.NORMAL] * vocab)
    if merges:
        writer.add_token_merges([f"t{i} k{i}" for i in range(merges)])
    writer.add_block_count(1)
    writer.add_context_length(4096)
    writer.add_embedding_length(4096)
    writer.add_head_count(32)
    writer.add_tensor_info("token_embd.weight", (elements // 4096, 4096), np.dtype(np.float32),
                           elements // 4096 * 4096 * 4)  # fmt: skip
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.close()
    with path.open("r+b") as handle:
        handle.seek(0, 2)
        data_start = -(-handle.tell() // 32) * 32
        handle.truncate(data_start + elements // 4096 * 4096 * 4)
    return path
