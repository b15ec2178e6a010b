"""Silence llama.cpp's own stderr logging, but keep its last words for error messages.

llama.cpp prints hundreds of lines while loading a model. We install a callback
with ``llama_log_set`` that prints nothing and keeps only the most recent
warning and error lines in memory, so a load failure can say *why* (for
example "tensor data is not within the file bounds"). Generation never logs
prompt text, so the buffer never holds case text.
"""

from __future__ import annotations

import ctypes
import threading
from collections import deque

import llama_cpp

# ggml's levels: 1 debug, 2 info, 3 warn, 4 error, 5 continuation.
_KEPT_LEVELS = (3, 4)
_recent: deque[str] = deque(maxlen=16)
_lock = threading.Lock()


@llama_cpp.llama_log_callback
def _keep_warnings(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
    if level in _KEPT_LEVELS and text:
        line = text.decode("utf-8", errors="replace").strip()
        if line:
            with _lock:
                _recent.append(line)


def silence() -> None:
    """Route llama.cpp's log output to the in-memory buffer (idempotent)."""
    llama_cpp.llama_log_set(_keep_warnings, ctypes.c_void_p(0))


def clear() -> None:
    """Forget the buffered lines (call before a load to attribute its errors)."""
    with _lock:
        _recent.clear()


def last_error() -> str:
    """Return the most telling recent error line llama.cpp printed, or ''.

    llama.cpp ends a failed load with a generic "failed to load model"; the
    line before it says why, so the first line carrying "error" wins.
    """
    with _lock:
        lines = list(_recent)
    for line in lines:
        if "error" in line.lower():
            return line.split("error loading model:", 1)[-1].strip()
    return lines[-1] if lines else ""
