"""Range checks for a GGUF file's floating-point metadata (norm epsilons, RoPE settings).

llama.cpp trusts these numbers. A NaN or negative
``llama.attention.layer_norm_rms_epsilon`` passes its loader and then aborts
the whole process on the first decode (``GGML_ASSERT(eps >= 0.0f)``); a
non-positive RoPE base silently turns every answer into noise. So every float
in the metadata must be finite, and the ones llama.cpp computes with must lie
in a plausible range; otherwise the file is refused before llama.cpp sees it.
"""

from __future__ import annotations

import math
from typing import Any

# Key suffix (after "<arch>.") -> (lowest allowed, highest allowed, what it is).
FLOAT_RANGES: dict[str, tuple[float, float, str]] = {
    "attention.layer_norm_rms_epsilon": (0.0, 1.0, "RMS norm epsilon"),
    "attention.layer_norm_epsilon": (0.0, 1.0, "layer norm epsilon"),
    "attention.group_norm_epsilon": (0.0, 1.0, "group norm epsilon"),
    "rope.freq_base": (1e-6, 1e15, "RoPE frequency base"),
    "rope.freq_scale": (1e-9, 1e9, "RoPE frequency scale"),
    "rope.scaling.factor": (0.0, 1e9, "RoPE scaling factor"),
    "rope.scaling.attn_factor": (0.0, 1e6, "RoPE attention factor"),
    "rope.scaling.yarn_log_multiplier": (-1e6, 1e6, "YaRN log multiplier"),
    "attention.logit_softcapping": (0.0, 1e9, "attention logit soft-capping"),
    "final_logit_softcapping": (0.0, 1e9, "final logit soft-capping"),
    "attention.scale": (0.0, 1e9, "attention scale"),
    "logit_scale": (-1e9, 1e9, "logit scale"),
    "embedding_scale": (-1e9, 1e9, "embedding scale"),
    "residual_scale": (-1e9, 1e9, "residual scale"),
}


def float_problems(fields: dict[str, Any], architecture: str | None) -> list[str]:
    """Return one sentence per float metadata value that is not finite or out of range."""
    found: list[str] = []
    prefix = f"{architecture}." if architecture else None
    for key, value in fields.items():
        numbers = _floats(value)
        if not numbers:
            continue
        bad = next((n for n in numbers if not math.isfinite(n)), None)
        if bad is not None:
            found.append(f"Its metadata value {_short(key)} is {bad}, not a finite number.")
            continue
        suffix = key[len(prefix) :] if prefix and key.startswith(prefix) else None
        if suffix in FLOAT_RANGES:
            low, high, what = FLOAT_RANGES[suffix]
            outside = next((n for n in numbers if not low <= n <= high), None)
            if outside is not None:
                found.append(
                    f"Its {what} ({_short(key)} = {outside:g}) is outside {low:g}–{high:g}."
                )
    return found


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, float)]
    return []


def _short(key: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in key)[:80]
