"""A remote answer in the window leaves the same audit entry as ``ask --backend``.

The real :class:`curbside.remote.RemoteEngine` against a local server on
loopback that names its model in every chunk; the entry is read back from the
real encrypted history.
"""

from __future__ import annotations

import json

from curbside.remote import Backend, BackendStore
from curbside.ui.main_window import MainWindow
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Response

from tests.app.remote.conftest import sse
from tests.cli.test_remote_audit import SERVED, named_events

QUESTION = "Causes of syncope in a 30-year-old runner?"


def test_a_remote_answer_in_the_window_is_audited_without_text(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer, store
) -> None:
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
        lambda _: Response(sse(*named_events()), content_type="text/event-stream")
    )
    window = history_window
    backend = Backend(name="ward-gpu", url=httpserver.url_for("/v1").rstrip("/"), model="m1")
    BackendStore().add(backend)
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        window.use_remote_backend(backend)
    window.composer.setPlainText(QUESTION)
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.send()
    qtbot.waitUntil(lambda: bool(store.audit.entries(events=("answer",))), timeout=5000)
    [entry] = store.audit.entries(events=("answer",))
    remote = entry.details["remote"]
    assert remote["backend"] == "ward-gpu" and remote["host"] == "localhost"
    assert remote["port"] == httpserver.port and remote["shape"] == "openai"
    assert remote["model"] == "m1" and remote["reported_model"] == SERVED
    assert remote["finish_reason"] == "stop" and len(remote["prompt_sha256"]) == 64
    assert entry.details["params"]["max_tokens"] > 0
    every = json.dumps([e.details for e in store.audit.entries()])
    assert QUESTION not in every and "Consider acute coronary syndrome." not in every
