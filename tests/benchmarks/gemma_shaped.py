"""A Gemma-3-4B-shaped GGUF with random weights, for timing at MedGemma size.

MedGemma 4B cannot be downloaded here, but llama.cpp's speed does not depend
on the weights' values, only on the shapes, the quantization and the
attention layout. This writes a file with Gemma 3 4B's shapes (34 blocks,
width 2560, 8 query / 4 KV heads of 256, FFN 10240, a 262,144-token
vocabulary tied to the output, a 1,024-token sliding window on 5 of every 6
layers) with the ``gguf`` package and its numpy quantizers (Q4_0 or Q8_0).
One random tensor per shape is quantized and reused for every layer, so the
file takes seconds of CPU, not minutes. The tokenizer is a SentencePiece
vocabulary of byte tokens and fillers: English text tokenizes one token per
byte, which is what a timing needs (the benchmark sizes its case in tokens).

The file is written outside the repository (default: the system temp folder)
and reused when present. Usage: ``python -m tests.benchmarks.gemma_shaped [Q4_0|Q8_0]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType, GGUFWriter, TokenType
from gguf.quants import quantize

WIDTH, BLOCKS, FFN, HEADS, KV_HEADS, HEAD_DIM = 2560, 34, 10240, 8, 4, 256
VOCAB = 262_144
CONTEXT = 8192
FILE_TYPES = {"Q4_0": 2, "Q8_0": 7}
"""llama.cpp's ``LLAMA_FTYPE_MOSTLY_*`` ids (not the tensor type ids)."""
SPECIALS = ("<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>")


def default_path(qtype: str) -> Path:
    """Where the model for ``qtype`` is kept between runs (outside the repository)."""
    return Path(tempfile.gettempdir()) / "curbside-bench" / f"gemma3-4b-shaped-{qtype}.gguf"


def _vocab() -> tuple[list[bytes], list[float], list[int]]:
    tokens = [name.encode() for name in SPECIALS]
    types = [int(TokenType.CONTROL)] * len(SPECIALS)
    types[3] = int(TokenType.UNKNOWN)
    tokens += [f"<0x{byte:02X}>".encode() for byte in range(256)]
    types += [int(TokenType.BYTE)] * 256
    fillers = VOCAB - len(tokens)
    tokens += [f"\u2581f{index}".encode() for index in range(fillers)]
    types += [int(TokenType.NORMAL)] * fillers
    scores = [0.0] * len(SPECIALS) + [0.0] * 256 + [-float(i + 1) for i in range(fillers)]
    return tokens, scores, types


def _metadata(writer: GGUFWriter) -> None:
    arch = "gemma3"
    writer.add_name("Gemma-3-4B-shaped random weights (benchmark only)")
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(WIDTH)
    writer.add_block_count(BLOCKS)
    writer.add_feed_forward_length(FFN)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    writer.add_key_length(HEAD_DIM)
    writer.add_value_length(HEAD_DIM)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_rope_freq_base(1_000_000.0)
    writer.add_float32(f"{arch}.rope.scaling.factor", 8.0)
    writer.add_string(f"{arch}.rope.scaling.type", "linear")
    writer.add_uint32(f"{arch}.attention.sliding_window", 1024)
    tokens, scores, types = _vocab()
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(2)
    writer.add_eos_token_id(1)
    writer.add_unk_token_id(3)
    writer.add_pad_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)


def build(path: Path, qtype_name: str = "Q4_0") -> Path:
    """Write the model to ``path`` (unless it exists); return the path."""
    if path.is_file():
        return path
    qtype = GGMLQuantizationType[qtype_name]
    rng = np.random.default_rng(0)
    cache: dict[tuple[int, int], np.ndarray] = {}

    def matrix(rows: int, cols: int) -> np.ndarray:
        if (rows, cols) not in cache:
            values = rng.standard_normal((rows, cols), dtype=np.float32) * 0.02
            cache[rows, cols] = quantize(values, qtype)
        return cache[rows, cols]

    norm = np.ones(WIDTH, dtype=np.float32)
    head_norm = np.ones(HEAD_DIM, dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    writer = GGUFWriter(partial, "gemma3")
    _metadata(writer)
    writer.add_file_type(FILE_TYPES[qtype_name])
    writer.add_tensor("token_embd.weight", matrix(VOCAB, WIDTH), raw_dtype=qtype)
    writer.add_tensor("output_norm.weight", norm)
    for block in range(BLOCKS):
        name = f"blk.{block}"
        for part in ("attn_norm", "post_attention_norm", "ffn_norm", "post_ffw_norm"):
            writer.add_tensor(f"{name}.{part}.weight", norm)
        writer.add_tensor(f"{name}.attn_q_norm.weight", head_norm)
        writer.add_tensor(f"{name}.attn_k_norm.weight", head_norm)
        writer.add_tensor(f"{name}.attn_q.weight", matrix(HEADS * HEAD_DIM, WIDTH), raw_dtype=qtype)
        for part in ("attn_k", "attn_v"):
            kv = matrix(KV_HEADS * HEAD_DIM, WIDTH)
            writer.add_tensor(f"{name}.{part}.weight", kv, raw_dtype=qtype)
        out = matrix(WIDTH, HEADS * HEAD_DIM)
        writer.add_tensor(f"{name}.attn_output.weight", out, raw_dtype=qtype)
        writer.add_tensor(f"{name}.ffn_gate.weight", matrix(FFN, WIDTH), raw_dtype=qtype)
        writer.add_tensor(f"{name}.ffn_up.weight", matrix(FFN, WIDTH), raw_dtype=qtype)
        writer.add_tensor(f"{name}.ffn_down.weight", matrix(WIDTH, FFN), raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    partial.replace(path)
    return path


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "Q4_0"
    print(build(default_path(kind), kind))
