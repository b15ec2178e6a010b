"""Loading a GGUF file into ``llama_cpp.Llama`` safely.

Two guards around the library's constructor: the CPU backend variant is
chosen first (:func:`curbside.engine.cpu_backends.load_cpu_backend`: this
machine may advertise instructions it traps on), and the library's own
chat-template handlers are never compiled (an untrusted template can cost
minutes and gigabytes; Curbside renders with
:mod:`curbside.engine.chat_template`). llama.cpp's log is silenced, and its
last error is what a refused file is reported with.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import llama_cpp
from curbside.engine import llama_log
from curbside.engine.cpu_backends import load_cpu_backend
from curbside.errors import ModelError
from llama_cpp import Llama


class _UnusedFormatter:
    """Stands in for the library's template formatter while ``Llama()`` is built.

    ``Llama.__init__`` compiles every ``tokenizer.chat_template*`` in the file
    with an unbounded Jinja environment, whose constant folding alone can take
    a minute and gigabytes (``{{ 'A' * (1024 ** 3) }}``). Curbside never uses
    those handlers (it renders with :mod:`curbside.engine.chat_template`), so
    nothing is compiled; a handler called by mistake refuses.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def to_chat_handler(self) -> object:
        def refuse(*args: object, **kwargs: object) -> object:
            raise ModelError("The library's chat handlers are not used by Curbside.")

        return refuse


_FORMATTER_LOCK = threading.Lock()


@contextlib.contextmanager
def _library_templates_disabled() -> Iterator[None]:
    module = llama_cpp.llama_chat_format
    with _FORMATTER_LOCK:
        original = module.Jinja2ChatFormatter
        module.Jinja2ChatFormatter = _UnusedFormatter  # type: ignore[misc,assignment]
        try:
            yield
        finally:
            module.Jinja2ChatFormatter = original  # type: ignore[misc]


def load_llama(
    path: Path,
    *,
    n_ctx: int,
    n_threads: int,
    n_threads_batch: int,
    n_batch: int,
    flash_attn: bool,
) -> Llama:
    """Build ``Llama`` for ``path`` with a CPU variant this machine runs and no library templates.

    Raises:
        ModelError: llama.cpp refused the file (its last logged error is quoted).
    """
    llama_log.silence()  # first: loading a CPU variant logs a line too
    load_cpu_backend()
    llama_log.clear()
    try:
        with _library_templates_disabled():
            llama = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=n_threads,
                n_threads_batch=n_threads_batch,
                n_batch=n_batch,
                flash_attn=flash_attn,
                verbose=False,
            )
    except (ValueError, RuntimeError, OSError) as exc:
        detail = llama_log.last_error() or str(exc)
        raise ModelError(
            f"llama.cpp could not load {path.name}: {detail}",
            "The file may be corrupt, truncated, or made for a newer llama.cpp. "
            "Check it with `curbside models verify`, or choose another model.",
        ) from exc
    llama_log.silence()  # Llama() may re-install the library's own callback.
    return llama
