"""A remote server in the window: Models → Remote servers, the banner, the PHI rule, failures.

The engine is the real :class:`curbside.remote.RemoteEngine`; the server is a
local fault-injecting one on loopback (the real llama.cpp server is used in
tests/app/remote).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from curbside.remote import Backend, BackendStore
from curbside.ui.main_window import MainWindow
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Response

from tests.app.remote.conftest import answer_events, chunk, sse

IDENTIFIED = "Patient Rosalind Quackenbush, MRN 00482913, with pleuritic chest pain. Differential?"
_SHOTS_DIR = os.environ.get("CURBSIDE_SCREENSHOTS")
SHOTS = Path(_SHOTS_DIR) if _SHOTS_DIR else None


def _answering(httpserver: HTTPServer, events: list[object] | None = None) -> None:
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
        lambda _: Response(sse(*(events or answer_events())), content_type="text/event-stream")
    )


def _chat_requests(httpserver: HTTPServer) -> list[dict]:
    return [
        json.loads(r.get_data()) for r, _ in httpserver.log if r.path.endswith("/chat/completions")
    ]


def _use_remote(qtbot: QtBot, window: MainWindow, httpserver: HTTPServer) -> Backend:
    backend = Backend(name="ward-gpu", url=httpserver.url_for("/v1").rstrip("/"), model="m1")
    BackendStore().add(backend)
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        window.use_remote_backend(backend)
    return backend


def _shot(widget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


def test_models_window_adds_tests_and_uses_a_server(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer, memory_keyring: dict
) -> None:
    httpserver.expect_request("/v1/models").respond_with_json({"data": [{"id": "medgemma"}]})
    window = history_window
    window.show_models_window()
    assert window.models_window is not None
    section = window.remote_section
    section.name.setText("ward-gpu")
    section.url.setText(httpserver.url_for("/v1").rstrip("/"))
    section.model.setText("medgemma")
    section.auth.setCurrentText("bearer")
    section.key.setText("ward-key-9")
    section.save()
    assert section.table.rowCount() == 1 and section.table.item(0, 4).text() == "stored"
    assert section.key.text() == ""  # the key went to the keychain, not the form
    assert "ward-key-9" in memory_keyring.values()
    assert "ward-key-9" not in BackendStore().path.read_text()
    with qtbot.waitSignal(section.tested, timeout=10_000) as tested:
        section.test()
    assert "ms" in tested.args[0] and "medgemma" in tested.args[0]
    [(models_request, _)] = httpserver.log
    assert models_request.headers["Authorization"] == "Bearer ward-key-9"
    _shot(window.models_window, "models_remote_servers.png")
    section.table.selectRow(0)
    _answering(httpserver)
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        section.use()
    assert window.remote_banner.isVisible()
    banner = window.remote_banner.text()
    assert "ward-gpu" in banner and "localhost" in banner and "sent to that machine" in banner


def test_an_answer_streams_from_the_server_and_is_recorded(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer, store
) -> None:
    window = history_window
    _answering(httpserver)
    _use_remote(qtbot, window, httpserver)
    window.composer.setPlainText("Causes of syncope in a 30-year-old?")
    window.meter.flush()  # counted on the engine's thread, like every count
    qtbot.waitUntil(  # said to be an estimate
        lambda: "/ 4,096 (estimate)" in window.meter.label.text(), timeout=5000
    )
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.send()
    [sent] = _chat_requests(httpserver)
    assert sent["messages"][-1]["content"].endswith("Causes of syncope in a 30-year-old?")
    assert window.chat.session.turns[-1]["content"] == "Consider acute coronary syndrome."
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    answer = saved.messages[-1]
    remote = (answer.meta or {})["remote"]
    assert remote["backend"] == "ward-gpu" and remote["host"] == "localhost"
    assert remote["model"] == "m1" and len(remote["prompt_sha256"]) == 64
    _shot(window, "window_remote_answer.png")


def test_identifiers_never_go_and_there_is_no_send_anyway(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer
) -> None:
    window = history_window
    _answering(httpserver)
    _use_remote(qtbot, window, httpserver)
    with qtbot.waitSignal(window.phi_guard.findings_changed, timeout=10_000):
        window.composer.setPlainText(IDENTIFIED)
    window.send()
    assert _chat_requests(httpserver) == []
    assert window.messages.isVisible()
    assert not window.messages.send_anyway_button.isVisible()
    window.send(override=True)  # even a forced override does not reach the server
    assert _chat_requests(httpserver) == []
    assert window.composer.toPlainText() == IDENTIFIED
    _shot(window, "window_remote_refused.png")


def test_a_server_closing_mid_answer_keeps_the_part_marked(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer, store
) -> None:
    window = history_window
    _answering(httpserver, [chunk("Consider "), chunk("pulmonary ")])
    _use_remote(qtbot, window, httpserver)
    window.composer.setPlainText("Pleuritic chest pain after a flight, what next?")
    with (
        qtbot.waitSignal(window.chat.error, timeout=10_000) as error,
        qtbot.waitSignal(window.bridge.finished, timeout=10_000),
    ):
        window.send()
    assert "closed the connection mid-answer" in error.args[0]
    assert window.chat.session.turns[-1]["content"] == "Consider pulmonary "
    saved = store.get_conversation(window.recorder.conversation_id or -1)
    assert saved.messages[-1].stopped and saved.messages[-1].content == "Consider pulmonary "


def test_loading_a_local_model_again_hides_the_banner(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer
) -> None:
    window = history_window
    _use_remote(qtbot, window, httpserver)
    assert window.remote_banner.isVisible()
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        window.load_model(Path("fake.gguf"))
    assert not window.remote_banner.isVisible()
