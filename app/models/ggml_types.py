"""GGML tensor types: each type id's name, elements per block and bytes per block.

The GGUF reader (:mod:`curbside.models.gguf_meta`) sizes every tensor with
these to check the weights fit in the file, and the model facts name the
file's quantization from them. The table covers the types in use; a newer id
falls back to the installed ``gguf`` package, and an id neither knows is a
clear :class:`~curbside.errors.ModelError`.
"""

from __future__ import annotations

from pathlib import Path

from curbside.errors import ModelError

# GGML tensor types: id -> (name, elements per block, bytes per block).
# Mirrors gguf.GGML_QUANT_SIZES (a test checks it); newer ids fall back to the gguf package.
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 40),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74), 18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17),
}  # fmt: skip


def ggml_type_info(ggml_type: int, path: Path | None = None) -> tuple[str, int, int]:
    """Return (name, block size, bytes per block) of a GGML tensor type.

    Raises:
        ModelError: The type is unknown even to the installed ``gguf`` package.
    """
    known = GGML_TYPES.get(ggml_type)
    if known is not None:
        return known
    import gguf  # slow import, only for tensor types newer than our table

    try:
        kind = gguf.GGMLQuantizationType(ggml_type)
        block, type_size = gguf.GGML_QUANT_SIZES[kind]
    except (ValueError, KeyError):
        where = path.name if path else "The file"
        raise ModelError(
            f"{where} uses tensor type {ggml_type}, which this version of Curbside does not know.",
            "Use a file quantized with a common type (for example Q4_K_M), or update Curbside.",
        ) from None
    return kind.name, int(block), int(type_size)
