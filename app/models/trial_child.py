"""The trial run of a model file, in a child process: load, render the template, decode.

Run as ``python -m curbside.models.trial_child MODEL.gguf`` by
:func:`curbside.models.probe.trial_load`. Loading alone is not enough: a file
whose metadata passes every check can still make llama.cpp abort the process on
the first token (``GGML_ASSERT(eps >= 0.0f)`` for a NaN norm epsilon), so the
child runs the engine's own path on a short conversation: the chat template,
the tokenizer, prefill and a few sampled tokens. A crash here costs only the
child.

The chat template renders under an alarm and a memory limit on top of its own
budget, so one that would hang or fill the memory ends the child, not the app.

Exit status: 0 it works; 3 llama.cpp refused it (the reason is printed);
4 its chat template was refused (printed); killed by a signal: it crashed.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

TEMPLATE_SECONDS = 10
"""Longest the child lets the chat template render (SIGALRM ends it after)."""
TEMPLATE_MEMORY = 512 << 20
"""Memory the chat template may allocate on top of the loaded model."""
DECODE_TOKENS = 4
TRIAL_MESSAGES = [
    {"role": "system", "content": "You are a careful clinical assistant."},
    {"role": "user", "content": "Trial question: list two causes of chest pain."},
]
EXIT_LOAD, EXIT_TEMPLATE = 3, 4


def main(argv: list[str]) -> int:
    """Trial-run the model at ``argv[0]``; print why it fails, if it does."""
    if len(argv) != 1:
        print("usage: trial-load MODEL.gguf", file=sys.stderr)
        return 2
    from curbside.infra.process_guard import harden_process

    harden_process()  # the child sees the same memory as any answer: no core dump
    from curbside.engine import GenerationParams
    from curbside.engine.chat_template import TemplateRefused
    from curbside.engine.llama import LlamaEngine
    from curbside.errors import KnownError

    try:  # the plain format first: the file's template is judged below, under limits
        engine = LlamaEngine(Path(argv[0]), n_ctx=256, n_batch=64, chat_format="plain")
    except KnownError as exc:
        print(exc.message[:300])
        return EXIT_LOAD
    messages = cast(Any, TRIAL_MESSAGES)
    try:
        with _template_limits():
            template = engine.choose_template()
            template.render(messages)
        engine.template = template
    except TemplateRefused as exc:
        print(exc.message[:300])
        return EXIT_TEMPLATE
    except MemoryError:
        print("Its chat template needs too much memory.")
        return EXIT_TEMPLATE
    except KnownError:  # it refuses these messages (raise_exception): the engine says so on send
        pass
    params = GenerationParams(max_tokens=DECODE_TOKENS, temperature=0.0)
    try:
        for _chunk in engine.stream(messages, params, threading.Event()):
            pass
    except KnownError as exc:
        print(exc.message[:300])
        return EXIT_LOAD
    engine.close()
    print("ok")
    return 0


@contextlib.contextmanager
def _template_limits() -> Iterator[None]:
    """An alarm and a cap on new memory while the template renders (POSIX; else none)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout still ends the child
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = _data_bytes(resource.getpagesize()) + TEMPLATE_MEMORY
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    signal.alarm(TEMPLATE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_bytes(page_size: int) -> int:
    """This process's data segment now (what RLIMIT_DATA counts), in bytes."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[5]) * page_size
    except (OSError, IndexError, ValueError):
        return 1 << 30  # unknown: allow a gigabyte


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
