"""Stop inside one llama.cpp batch, without calling into Python on every graph node.

llama.cpp asks its abort callback (``llama_set_abort_callback``) after every
node of the compute graph: about 515 times for one 511-token batch of the demo
model, thousands for a 4B model. A ``ctypes`` Python callback must take the
GIL for each of those calls, and while any other Python thread is busy (the
window, a PHI scan) each take waits for the interpreter's switch interval, so
a Python callback can stretch a prompt's reading several-fold
(``tests/benchmarks/bench_prefill.py`` measures it).

So the callback is a C function that only reads one byte: libc's ``strlen``
over a two-byte buffer ``{flag, 0}`` returns 0 (go on) or 1 (stop) — exactly
``bool (*)(void *)`` as the C ABIs return a bool (in the low byte of the
return register), and it never enters Python. The ``threading.Event`` the
rest of the app uses for Stop is mirrored into that byte by
:class:`StopWatch`: a thread that sleeps in ``Event.wait`` and raises the flag
when Stop is pressed (within :data:`WATCH_INTERVAL_S`). Where no C library
can be found, a Python callback is the fallback (correct, slower when the GIL
is contended).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

import llama_cpp

WATCH_INTERVAL_S = 0.05
"""Longest a Stop press waits before llama.cpp sees it (the watcher's poll)."""


def _strlen() -> Any | None:
    """libc's ``strlen`` as a ctypes function pointer, or None when there is no C library."""
    try:
        if sys.platform == "win32":
            return ctypes.cdll.msvcrt.strlen
        name = ctypes.util.find_library("c")
        return ctypes.CDLL(name).strlen if name else None
    except (OSError, AttributeError):
        return None


class AbortFlag:
    """One byte llama.cpp reads to learn that Stop was pressed.

    Args:
        llama_ctx: The ``llama_context`` pointer the flag is installed on.
    """

    def __init__(self, llama_ctx: Any) -> None:
        self._byte = ctypes.create_string_buffer(2)  # {flag, NUL}: strlen is 0 or 1
        strlen = _strlen()
        self.in_c = strlen is not None
        # Kept referenced: llama.cpp holds only the C pointers.
        if strlen is not None:
            self._callback = ctypes.cast(strlen, llama_cpp.ggml_abort_callback)
        else:
            self._callback = llama_cpp.ggml_abort_callback(self._python_check)
        data = ctypes.cast(self._byte, ctypes.c_void_p)
        llama_cpp.llama_set_abort_callback(llama_ctx, self._callback, data)

    @property
    def raised(self) -> bool:
        """True while llama.cpp is being told to abort."""
        return self._byte.raw[0] != 0

    def raise_(self) -> None:
        """Tell llama.cpp to abort the batch it is computing (and any until :meth:`lower`)."""
        self._byte[0] = b"\x01"

    def lower(self) -> None:
        """Let llama.cpp compute again."""
        self._byte[0] = b"\x00"

    def _python_check(self, _data: ctypes.c_void_p) -> bool:
        return self.raised


class StopWatch:
    """While open, mirrors a Stop ``threading.Event`` into an :class:`AbortFlag`.

    Use as ``with StopWatch(flag, cancel): llama.eval(...)``. The flag is
    lowered again on exit, so a Stop pressed after the block does not abort
    later work; leaving never waits for the watcher thread (it ends by itself
    within :data:`WATCH_INTERVAL_S`). ``fired`` is set once the flag was raised.

    Args:
        flag: The byte llama.cpp reads.
        cancel: The Stop event.
        interrupt: Asked on every look; True aborts the batch being computed
            without stopping (the reader re-plans and reads it again, e.g. on
            fewer threads). :meth:`resume` lowers the flag afterwards.
    """

    def __init__(
        self,
        flag: AbortFlag,
        cancel: threading.Event,
        interrupt: Callable[[], bool] | None = None,
    ) -> None:
        self._flag = flag
        self._cancel = cancel
        self._interrupt = interrupt
        self._lock = threading.Lock()
        self._open = False
        self.fired = threading.Event()
        self.interrupted = threading.Event()

    def __enter__(self) -> StopWatch:
        self._flag.lower()
        self._open = True
        threading.Thread(target=self._watch, name="curbside-stop", daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:
            self._open = False
            self._flag.lower()

    def resume(self) -> None:
        """After an interrupt, let llama.cpp compute again (Stop still wins)."""
        with self._lock:
            self.interrupted.clear()
            if self._open and not self.fired.is_set():
                self._flag.lower()

    def _watch(self) -> None:
        while self._open:
            if self._cancel.wait(WATCH_INTERVAL_S):
                with self._lock:
                    if self._open:
                        self._flag.raise_()
                        self.fired.set()
                return
            if self._interrupt is not None and not self.interrupted.is_set():
                self._check_interrupt(self._interrupt)

    def _check_interrupt(self, interrupt: Callable[[], bool]) -> None:
        if not interrupt():
            return
        with self._lock:
            if self._open:
                self.interrupted.set()
                self._flag.raise_()
