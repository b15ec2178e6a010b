"""A remote "Send anyway" covers the case as well as the question, where the policy allows it.

The real :class:`curbside.remote.RemoteEngine` against a local server on
loopback. Without an administrator's ``allow_remote_override`` nothing with
identifiers leaves, case or question; with it, "Send anyway" sends exactly the
case and question the clinician saw, and the override is audited.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.chat import Case
from curbside.remote import Backend, BackendStore
from curbside.ui.main_window import MainWindow
from PySide6.QtWidgets import QMessageBox
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Response

from tests.app.remote.conftest import answer_events, sse

IDENTIFIED_CASE = "Rosalind Quackenbush, MRN 00482913, 58, pleuritic chest pain for two days."
QUESTION = "What is the differential?"


def _chat_requests(httpserver: HTTPServer) -> list[dict]:
    return [
        json.loads(r.get_data()) for r, _ in httpserver.log if r.path.endswith("/chat/completions")
    ]


def _remote_with_case(qtbot: QtBot, window: MainWindow, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )
    backend = Backend(name="ward-gpu", url=httpserver.url_for("/v1").rstrip("/"), model="m1")
    BackendStore().add(backend)
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        window.use_remote_backend(backend)
    window.case_editor.set_case(Case.from_text(IDENTIFIED_CASE))
    window.composer.setPlainText(QUESTION)


def _allow_remote_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("allow_remote_override = true\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(policy))


def test_without_the_policy_an_identified_case_never_goes(
    qtbot: QtBot, history_window: MainWindow, httpserver: HTTPServer
) -> None:
    window = history_window
    _remote_with_case(qtbot, window, httpserver)
    window.send()
    assert window.messages.isVisible()
    assert not window.messages.send_anyway_button.isVisible()
    window.confirm_override = lambda _categories: True  # even confirmed, nothing goes
    window.send(override=True)
    assert _chat_requests(httpserver) == []


def test_the_confirmation_names_the_remote_server(
    qtbot: QtBot,
    history_window: MainWindow,
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _allow_remote_override(tmp_path, monkeypatch)
    window = history_window
    _remote_with_case(qtbot, window, httpserver)
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert window.confirm_override(["NAME"]) is False  # closed without "Send with identifiers"
    assert "remote server ward-gpu (localhost)" in shown[0]
    assert "on this computer" not in shown[0]


def test_with_the_policy_send_anyway_sends_the_case_and_the_question(
    qtbot: QtBot,
    history_window: MainWindow,
    httpserver: HTTPServer,
    store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _allow_remote_override(tmp_path, monkeypatch)
    window = history_window
    _remote_with_case(qtbot, window, httpserver)
    window.send()  # blocked first: the case has identifiers
    assert _chat_requests(httpserver) == []
    assert window.messages.send_anyway_button.isVisible()  # the policy allows it remotely
    window.confirm_override = lambda _categories: False  # the clinician thinks again
    window.send(override=True)
    assert _chat_requests(httpserver) == []
    window.confirm_override = lambda _categories: True
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.send(override=True)
    [sent] = _chat_requests(httpserver)
    system = sent["messages"][0]
    assert system["role"] == "system" and "Quackenbush" in system["content"]
    assert sent["messages"][-1]["content"].endswith(QUESTION)
    assert window.chat.session.turns[-1]["content"] == "Consider acute coronary syndrome."
    overrides = store.audit.entries(events=("phi.override",))
    assert overrides and "Quackenbush" not in json.dumps([e.details for e in overrides])
