"""Models → Remote servers on a machine with no usable keychain: the passphrase key file.

keyring's own ``fail`` backend stands for the locked-down workstation. The
real passphrase dialog is created; only its ``exec`` is replaced by "type
this and press OK" (a modal loop cannot run in a headless test).
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from curbside.keys import sidecar
from curbside.remote import Backend, BackendStore, KeyFile, key_place
from curbside.ui import remote_key_prompt
from curbside.ui.main_window import MainWindow
from curbside.ui.remote_servers import RemoteServersSection
from keyring.backends import fail
from PySide6.QtWidgets import QDialog
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Response

from tests.app.remote.conftest import answer_events, sse

PASSPHRASE = "ward seven night shift"


@pytest.fixture
def no_keychain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No usable keychain, and Argon2id at its lowest cost."""
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _typing(monkeypatch: pytest.MonkeyPatch, passphrase: str | None) -> list[bool]:
    """Make the dialog 'type' ``passphrase`` and press OK (None: Cancel); record each ask."""
    asked: list[bool] = []

    def exec_(dialog: QDialog) -> int:
        asked.append(dialog.creating)
        if passphrase is None:
            return QDialog.DialogCode.Rejected
        dialog.passphrase.setText(passphrase)
        dialog.confirm.setText(passphrase)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(remote_key_prompt.PassphraseDialog, "exec", exec_)
    return asked


def _form(window: MainWindow, httpserver: HTTPServer) -> RemoteServersSection:
    """Models -> Remote servers, filled in for a bearer server on loopback."""
    window.show_models_window()
    section = window.remote_section
    section.name.setText("ward-gpu")
    section.url.setText(httpserver.url_for("/v1").rstrip("/"))
    section.auth.setCurrentText("bearer")
    return section


def test_a_key_saved_in_the_window_goes_to_the_key_file_and_is_used_to_test(
    qtbot: QtBot,
    history_window: MainWindow,
    httpserver: HTTPServer,
    no_keychain: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    httpserver.expect_request(
        "/v1/models", headers={"Authorization": "Bearer ward-key-9"}
    ).respond_with_json({"data": [{"id": "medgemma"}]})
    asked = _typing(monkeypatch, PASSPHRASE)
    section = _form(history_window, httpserver)
    section.key.setText("ward-key-9")
    section.save()
    assert asked == [True]  # a new key file: asked twice in one dialog
    assert key_place("ward-gpu") == "passphrase file" and section.key.text() == ""
    assert b"ward-key-9" not in KeyFile().path.read_bytes()
    assert "passphrase file" in section.key.placeholderText()
    with qtbot.waitSignal(section.tested, timeout=10_000) as tested:
        section.test()
    assert asked == [True, False] and "medgemma" in tested.args[0]


def test_a_wrong_or_missing_passphrase_is_one_line_and_nothing_is_sent(
    qtbot: QtBot,
    history_window: MainWindow,
    httpserver: HTTPServer,
    no_keychain: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    KeyFile().create(PASSPHRASE).put("ward-gpu", "ward-key-9")
    section = _form(history_window, httpserver)
    _typing(monkeypatch, "not the passphrase")
    section.test()
    assert "does not open the remote servers' key file" in section.result.text()
    _typing(monkeypatch, None)
    section.test()
    assert "No passphrase was given" in section.result.text()
    assert httpserver.log == []


def test_answers_come_with_the_key_from_the_file_asked_once_on_use(
    qtbot: QtBot,
    history_window: MainWindow,
    httpserver: HTTPServer,
    no_keychain: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    httpserver.expect_request(
        "/v1/chat/completions", headers={"Authorization": "Bearer ward-key-9"}
    ).respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )
    KeyFile().create(PASSPHRASE).put("ward-gpu", "ward-key-9")
    backend = Backend(name="ward-gpu", url=httpserver.url_for("/v1").rstrip("/"), auth="bearer")
    BackendStore().add(backend)
    window = history_window
    asked = _typing(monkeypatch, "not the passphrase")
    window.use_remote_backend(backend)  # refused in one line; the local model stays
    assert "does not open" in window.messages.label.text() and asked == [False]
    _typing(monkeypatch, PASSPHRASE)
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        window.use_remote_backend(backend)
    window.composer.setPlainText("Causes of syncope?")
    with qtbot.waitSignal(window.bridge.finished, timeout=10_000):
        window.send()
    assert window.chat.session.turns[-1]["content"] == "Consider acute coronary syndrome."
