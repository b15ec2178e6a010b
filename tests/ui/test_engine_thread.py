"""Every llama.cpp call runs on the engine's thread, and closing never waits forever."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from curbside.engine import ChatMessage, Engine
from curbside.errors import ModelError
from curbside.ui.engine_bridge import EngineBridge, llama_engine_factory
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot


class ThreadRecorder:
    """Wraps a real engine and notes the thread of every call into it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count_threads: set[int] = set()
        self.stream_threads: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        self.count_threads.add(threading.get_ident())
        return self.engine.count_tokens(messages)

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        self.stream_threads.add(threading.get_ident())
        return self.engine.stream(*args, **kwargs)


@pytest.mark.model
def test_meter_updates_while_an_answer_streams_run_on_the_engine_thread(
    qtbot: QtBot, default_model_path: Path, real_bridges: list[EngineBridge]
) -> None:
    recorders: list[ThreadRecorder] = []

    def factory(path: Path, options: dict[str, Any]) -> ThreadRecorder:
        recorders.append(ThreadRecorder(llama_engine_factory(path, options)))
        return recorders[-1]

    bridge = EngineBridge(factory)
    real_bridges.append(bridge)
    with qtbot.waitSignal(bridge.loaded, timeout=120_000):
        window = MainWindow(bridge, default_model_path)
        qtbot.addWidget(window)
        window.show()
    window.mode_bar.set_mode("free")
    window.mode_bar.max_tokens.setValue(48)
    window.mode_bar.temperature.setValue(0.0)
    window.composer.setPlainText("Name three causes of anemia.")
    with qtbot.waitSignal(bridge.token, timeout=60_000):
        window.send()
    # While it streams: the clinician types the next question; the meter counts at once.
    for draft in ("What", "What tests", "What tests first?"):
        window.composer.setPlainText(draft)
        window.meter.flush()
    assert window.chat.generating, "the meter was updated while the answer streamed"
    with qtbot.waitSignal(bridge.finished, timeout=120_000):
        pass
    # The count queued behind the answer arrives once it is done.
    qtbot.waitUntil(lambda: " + 48 / " in window.meter.label.text(), timeout=30_000)
    recorder = recorders[0]
    gui = threading.get_ident()
    assert recorder.count_threads and gui not in recorder.count_threads
    assert recorder.count_threads == recorder.stream_threads  # the one engine thread
    assert window.view.turns[-1].role == "assistant" and window.view.turns[-1].text.strip()


def test_plan_without_a_model_is_a_known_error(qtbot: QtBot, fake_factory) -> None:
    bridge = EngineBridge(fake_factory)
    errors: list[Exception] = []
    bridge.plan(lambda count: count([]), lambda _plan: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ModelError)
    assert bridge.shutdown()


def test_shutdown_gives_up_on_a_stuck_worker(qtbot: QtBot, make_window) -> None:
    window = make_window()
    stuck, entered = threading.Event(), threading.Event()

    def hang(_count: object) -> None:  # like a llama.cpp call that never returns
        entered.set()
        stuck.wait(60)

    window.bridge.plan(hang, lambda _r: None, lambda _e: None)
    assert entered.wait(5)
    assert window.bridge.shutdown(timeout_ms=300) is False
    assert window.bridge.stuck
    stuck.set()  # let the thread end before the interpreter does
    assert window.bridge._thread.wait(5000)


def test_counts_asked_for_mid_answer_wait_their_turn_on_the_engine_thread(
    qtbot: QtBot, make_window, fake_factory
) -> None:
    recorder = ThreadRecorder(fake_factory.engine)
    fake_factory.engine = recorder  # type: ignore[assignment]
    window = make_window()
    gate = threading.Event()
    recorder.engine.enqueue("one two three", gate=gate)  # type: ignore[attr-defined]
    window.composer.setPlainText("First question")
    with qtbot.waitSignal(window.bridge.token, timeout=5000):
        window.send()
    recorder.count_threads.clear()
    window.composer.setPlainText("Next question")
    window.meter.flush()  # queued behind the answer on the engine's thread
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        gate.set()
    qtbot.waitUntil(lambda: bool(recorder.count_threads), timeout=5000)
    assert threading.get_ident() not in recorder.count_threads
    assert recorder.count_threads == recorder.stream_threads
    qtbot.waitUntil(lambda: " + " in window.meter.label.text(), timeout=5000)  # counted
