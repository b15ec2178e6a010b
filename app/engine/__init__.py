"""Inference engines: one streaming interface, and llama.cpp behind it.

:class:`Engine` is the protocol every backend implements (a generator of text
chunks that returns :class:`Usage`); :class:`LlamaEngine` runs a GGUF file
through llama-cpp-python on the caller's thread. :func:`default_generation_threads`
is the one thread-count rule; :func:`load_cpu_backend` picks a portable
build's CPU variant for this machine (a no-op for a native build).
``LlamaEngine`` is imported lazily so that code needing only the interface
does not load llama.cpp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from curbside.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    StreamResult,
    Usage,
    forget_context,
)
from curbside.engine.cpu_backends import CpuBackends, load_cpu_backend
from curbside.engine.threads import default_generation_threads
from curbside.engine.versions import engine_versions

if TYPE_CHECKING:
    from curbside.engine.llama import LlamaEngine

__all__ = [
    "ChatMessage",
    "CpuBackends",
    "Engine",
    "GenerationParams",
    "LlamaEngine",
    "StreamResult",
    "Usage",
    "default_generation_threads",
    "engine_versions",
    "forget_context",
    "load_cpu_backend",
]


def __getattr__(name: str) -> Any:
    if name == "LlamaEngine":
        from curbside.engine.llama import LlamaEngine

        return LlamaEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
