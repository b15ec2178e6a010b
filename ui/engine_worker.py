"""The engine's side of the bridge: the worker object that owns the engine on its thread.

:class:`EngineWorker` is moved onto the bridge's long-lived ``QThread`` by
:class:`curbside.ui.engine_bridge.EngineBridge`; its slots are queued calls
from the GUI thread, so loading, streaming, counting tokens and freeing the
model all happen on that one thread (llama.cpp's ``Llama`` is not
re-entrant). Failures become messages (:func:`curbside.ui.workers.failure_message`),
never exceptions across threads. Also here: the default engine factory (check
the file, then load it) and the record of what an answer sent to a remote
server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from curbside.engine import (
    ChatMessage,
    Engine,
    GenerationParams,
    StreamResult,
    forget_context,
)
from curbside.errors import ModelError
from curbside.remote import record_remote_answer
from curbside.ui.workers import failure_message
from PySide6.QtCore import QObject, Signal, Slot

EngineFactory = Callable[[Path, dict[str, Any]], Engine]
"""Builds an engine from a model path and load options (runs on the worker thread)."""

EngineBuilder = Callable[[], Engine]
"""Builds any engine, e.g. a remote server's (runs on the worker thread)."""

CountTokens = Callable[[Sequence[ChatMessage]], int]
PlanJob = Callable[[CountTokens], Any]
"""Work that needs the loaded model's tokenizer; runs on the worker thread."""


def llama_engine_factory(path: Path, options: dict[str, Any]) -> Engine:
    """Check ``path`` (metadata, integrity, a trial load in a child process), then load it.

    The trial load matters: some malformed GGUF files make llama.cpp abort the
    whole process, which no exception handler can catch.
    """
    from curbside.engine import LlamaEngine  # imported lazily: slow to import
    from curbside.models import preflight

    preflight(path)
    return LlamaEngine(path, **options)


def remote_record(engine: Engine | None, usage: dict[str, Any]) -> dict[str, Any]:
    """``{"remote": ...}`` for an answer from a remote server (what left the machine), else {}."""
    sent = getattr(engine, "last_sent", None)
    return record_remote_answer(sent, usage, {}) if sent is not None else {}


class EngineWorker(QObject):
    """Owns the engine on the worker thread; every slot runs there.

    Its signals mirror :class:`curbside.ui.engine_bridge.EngineBridge`'s, which
    forwards them to the GUI thread.

    Signals:
        loading(int): Load progress in percent (0 at start, 100 when done).
        loaded(str, int): A model is ready: its name and context size.
        load_failed(str): Loading failed (the previous engine stays usable).
        prefill(int, int): Prompt tokens processed so far, and in all.
        token(str): One streamed chunk of the answer.
        finished(object): The answer ended or was stopped; its usage dict.
        failed(str): Generation failed; the message for the clinician.
        forgotten(): The engine's state (KV cache) was wiped.
        planned(int, bool, object): A plan job's ticket, whether it succeeded,
            and its result or exception.
        unloaded(): The engine was freed; the thread's event loop is ending.
    """

    loading = Signal(int)
    loaded = Signal(str, int)
    load_failed = Signal(str)
    prefill = Signal(int, int)
    token = Signal(str)
    finished = Signal(object)
    failed = Signal(str)
    forgotten = Signal()
    planned = Signal(int, bool, object)
    unloaded = Signal()

    def __init__(self, factory: EngineFactory, cancel: threading.Event) -> None:
        super().__init__()
        self._factory = factory
        self._cancel = cancel
        self.engine: Engine | None = None

    @Slot(str, object)
    def load(self, path: str, options: dict[str, Any]) -> None:
        """Load the model file at ``path`` with the factory."""
        self.build(lambda: self._factory(Path(path), options))

    @Slot(object)
    def build(self, builder: EngineBuilder) -> None:
        """Build an engine; on success it replaces the current one, which is closed."""
        self.loading.emit(0)
        try:
            engine = builder()
        except Exception as exc:  # known or a bug: the previous model stays usable
            self.load_failed.emit(failure_message(exc))
            return
        self._close_engine()
        self.engine = engine
        self.loading.emit(100)
        self.loaded.emit(engine.model_name, engine.n_ctx)

    @Slot(object, object)
    def generate(self, messages: list[ChatMessage], params: GenerationParams) -> None:
        """Stream an answer to ``messages``, one ``token`` per chunk, then ``finished``."""
        if self.engine is None:
            self.failed.emit("No model is loaded yet.")
            return
        result = StreamResult(self.engine.stream(messages, params, self._cancel, self.prefill.emit))
        error = ""
        try:
            for chunk in result:
                self.token.emit(chunk)
        except Exception as exc:
            error = failure_message(exc)
            if not result.chunks:
                self.failed.emit(error)
                return
        usage = result.usage.as_dict() if result.usage else {}
        if self._cancel.is_set():
            usage["stopped"], usage["finish_reason"] = True, "cancelled"
        if error:  # a remote server failed mid-answer: what arrived is kept, marked
            usage.update(stopped=True, finish_reason="error", error=error)
        usage.update(remote_record(self.engine, usage))
        self.finished.emit(usage)

    @Slot(int, object)
    def plan(self, ticket: int, job: PlanJob) -> None:
        """Run ``job`` with the engine's token counter; post (ticket, ok, result or error)."""
        if self.engine is None:
            error = ModelError("No model is loaded yet.", "Wait for the model to load.")
            self.planned.emit(ticket, False, error)
            return
        try:
            result = job(self.engine.count_tokens)
        except Exception as exc:  # the caller decides: overflow, known error or bug
            self.planned.emit(ticket, False, exc)
            return
        self.planned.emit(ticket, True, result)

    @Slot()
    def forget(self) -> None:
        """Wipe the engine's state (KV cache), then emit ``forgotten``."""
        if self.engine is not None:
            forget_context(self.engine)
        self.forgotten.emit()

    @Slot()
    def unload(self) -> None:
        """Free the model, then end the worker thread's event loop."""
        self._close_engine()
        self.unloaded.emit()
        thread = self.thread()
        if thread is not None:
            thread.quit()

    def _close_engine(self) -> None:
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()
        self.engine = None
