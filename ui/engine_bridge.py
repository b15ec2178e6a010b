"""The one bridge between the GUI and the inference engine.

A long-lived worker ``QThread`` owns the engine (the ``Llama`` object is not
re-entrant, so it is created, used and freed only on that thread). The GUI
talks to it only through signals; chunks come back one signal each and are
delivered on the GUI thread. Stop is cooperative: a ``threading.Event`` that
the engine checks between tokens and that llama.cpp checks inside a prompt
batch (through its abort callback), so Stop lands within ~50 ms even
while a long case is being read.

Counting tokens is a llama.cpp call too (the chat template and the tokenizer),
so it runs on the worker thread like everything else: :meth:`EngineBridge.plan`
queues a job that receives the engine's ``count_tokens`` and posts its result
back to the GUI thread. A count asked for while an answer streams waits its
turn behind it, never racing the decode on the same ``Llama`` object.

The thread-side object is :class:`curbside.ui.engine_worker.EngineWorker`.
Shutdown waits for the worker a bounded time: a stuck llama.cpp call (or a
hostile chat template) must not keep the window from closing.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from curbside.engine import ChatMessage, GenerationParams
from curbside.ui.engine_worker import (
    CountTokens,
    EngineBuilder,
    EngineFactory,
    EngineWorker,
    PlanJob,
    llama_engine_factory,
    remote_record,
)
from PySide6.QtCore import QObject, QThread, Signal, Slot

SHUTDOWN_WAIT_MS = 5000
"""How long closing the window waits for the worker to free the model."""

_ABANDONED: list[QThread] = []
"""Worker threads still stuck after shutdown gave up on them (never destroyed while running)."""


class EngineBridge(QObject):
    """Runs an engine on its own thread and speaks in signals.

    Signals:
        loading(int): Model load progress in percent (0 at start, 100 when done).
        loaded(str, int): A model is ready: its name and context size.
        load_failed(str): Loading failed; the message says why and what to do.
            The previously loaded model, if any, is still usable.
        prefill(int, int): Prompt tokens processed so far, and in all.
        token(str): One streamed chunk of the answer.
        finished(dict): The answer ended (or was stopped); its usage figures.
        failed(str): Generation failed with a message for the clinician.
        forgotten(): The engine's state (KV cache) was wiped after :meth:`forget_context`.
        unloaded(): The worker freed the model (after :meth:`shutdown` asked).

    Attributes:
        stuck: True once :meth:`shutdown` gave up waiting for the worker (the
            process should then end without waiting for it either).
    """

    loading = Signal(int)
    loaded = Signal(str, int)
    load_failed = Signal(str)
    prefill = Signal(int, int)
    token = Signal(str)
    finished = Signal(object)
    failed = Signal(str)
    forgotten = Signal()
    unloaded = Signal()
    _load_requested = Signal(str, object)
    _build_requested = Signal(object)
    _generate_requested = Signal(object, object)
    _forget_requested = Signal()
    _plan_requested = Signal(int, object)
    _unload_requested = Signal()

    def __init__(
        self, factory: EngineFactory = llama_engine_factory, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("curbside-engine")
        self._worker = EngineWorker(factory, self._cancel)
        self._worker.moveToThread(self._thread)
        self._tickets = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self.stuck = False
        names = ("loading", "loaded", "load_failed", "prefill", "token", "finished", "failed")
        for name in (*names, "forgotten"):
            getattr(self._worker, name).connect(getattr(self, name))
        self._worker.planned.connect(self._on_planned)
        self._worker.unloaded.connect(self.unloaded)
        self._load_requested.connect(self._worker.load)
        self._forget_requested.connect(self._worker.forget)
        self._build_requested.connect(self._worker.build)
        self._generate_requested.connect(self._worker.generate)
        self._plan_requested.connect(self._worker.plan)
        self._unload_requested.connect(self._worker.unload)
        self._thread.start()

    def load_model(self, path: Path | str, options: dict[str, Any] | None = None) -> None:
        """Load a model on the worker thread (replaces the current one on success)."""
        self._load_requested.emit(str(path), dict(options or {}))

    def load_engine(self, builder: EngineBuilder) -> None:
        """Build an engine on the worker thread (a remote server's, for instance)."""
        self._build_requested.emit(builder)

    def count_source(self) -> str:
        """How the loaded engine counts tokens, if it says (a remote server's estimate)."""
        counter = getattr(self._worker.engine, "counter", None)
        return str(getattr(counter, "source", ""))

    def generate(self, messages: Sequence[ChatMessage], params: GenerationParams) -> None:
        """Start streaming an answer to ``messages``."""
        self._cancel.clear()
        self._generate_requested.emit(list(messages), params)

    def forget_context(self) -> None:
        """Wipe the engine's state on its thread (after any answer in progress); ``forgotten``."""
        self._forget_requested.emit()

    def plan(
        self,
        job: PlanJob,
        on_result: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run ``job(count_tokens)`` on the worker thread, after any queued load or answer.

        Exactly one of ``on_result(result)`` or ``on_error(exception)`` is then
        called on the GUI thread (a :class:`ModelError` when no model is loaded).
        The job must only read what it was given: it runs on another thread.
        """
        ticket = next(self._tickets)
        self._waiting[ticket] = (on_result, on_error)
        self._plan_requested.emit(ticket, job)

    @Slot(int, bool, object)
    def _on_planned(self, ticket: int, ok: bool, value: Any) -> None:
        callbacks = self._waiting.pop(ticket, None)
        if callbacks is None:
            return
        on_result, on_error = callbacks
        if ok:
            on_result(value)
        else:
            on_error(value)

    def stop(self) -> None:
        """Ask the running generation (or the reading of the prompt) to stop now."""
        self._cancel.set()

    def shutdown(self, timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Stop any generation, free the engine on its thread, and end the thread.

        Waits at most ``timeout_ms`` in all. A worker stuck inside llama.cpp
        (which Stop cannot interrupt) is left behind: the process is exiting,
        and the operating system frees the model with it.

        Returns:
            True when the worker freed the model and ended in time.
        """
        self._cancel.set()
        self._waiting.clear()
        if not self._thread.isRunning():
            return True
        self._unload_requested.emit()  # the worker frees the model, then ends its loop
        if self._thread.wait(timeout_ms):
            return True
        # Destroying a running QThread aborts the process: keep it referenced.
        _ABANDONED.append(self._thread)
        self.stuck = True
        return False


__all__ = [
    "SHUTDOWN_WAIT_MS",
    "CountTokens",
    "EngineBridge",
    "EngineBuilder",
    "EngineFactory",
    "PlanJob",
    "llama_engine_factory",
    "remote_record",
]
