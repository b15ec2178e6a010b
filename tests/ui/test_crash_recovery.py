"""A native crash mid-answer leaves a trace and no core dump; the next start offers it back.

The first half runs the real app (``curbside.ui.main.run``) with the real default
model in a child process and aborts it from inside the first streamed token,
as a ``GGML_ASSERT`` would. The second half is the next start, in this process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from curbside.infra import SessionMarker
from curbside.infra.crashlog import log_path
from curbside.infra.session_marker import MARKER_NAME
from curbside.storage import open_history
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.main_window import MainWindow
from pytestqt.qtbot import QtBot

from tests.conftest import REPO_ROOT
from tests.file_keyring import FileKeyring

QUESTION = "Crash-probe question: what causes microcytic anemia?"
CHILD = f"""
import os
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from curbside.infra import core_dumps_disabled
from curbside.ui import main
from curbside.ui.main_window import MainWindow


class CrashingApp(QApplication):
    def exec(self):
        window = next(w for w in self.topLevelWidgets() if isinstance(w, MainWindow))
        loop = QEventLoop()
        window.bridge.loaded.connect(loop.quit)
        loop.exec()
        window.mode_bar.set_mode("free")
        window.mode_bar.max_tokens.setValue(64)
        window.composer.setPlainText({QUESTION!r})

        def crash(_chunk):
            print("core dumps off" if core_dumps_disabled() else "core dumps ON", flush=True)
            os.abort()  # what a GGML_ASSERT does

        window.bridge.token.connect(crash)
        window.send()
        loop.exec()
        return 0


main.QApplication = CrashingApp
raise SystemExit(main.run())
"""


@pytest.fixture
def file_keychain() -> Iterator[None]:
    """The keychain stand-in the child process uses too (see tests/file_keyring.py)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.model
def test_abort_mid_answer_is_traced_and_the_next_start_offers_regenerate(
    qtbot: QtBot, isolated_profile: Path, file_keychain: None, fake_factory, default_model_path
) -> None:
    env = {
        **os.environ,
        "CURBSIDE_HOME": str(isolated_profile),
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO_ROOT)])),
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=300
    )
    assert child.returncode == -signal.SIGABRT, child.stderr[-2000:]
    assert "core dumps off" in child.stdout
    assert not list(Path.cwd().glob("core*")) and not list(isolated_profile.glob("core*"))
    trace = log_path().read_text()
    assert "Fatal Python error: Aborted" in trace and "engine_worker.py" in trace
    assert QUESTION not in trace and "anemia" not in trace
    marker = json.loads((isolated_profile / MARKER_NAME).read_text())
    assert marker["answering"] is True and isinstance(marker["conversation_id"], int)
    assert "anemia" not in json.dumps(marker)

    # The next start.
    previous = SessionMarker().begin()
    assert previous is not None and previous.conversation_id == marker["conversation_id"]
    store = open_history()
    bridge = EngineBridge(fake_factory)
    window = MainWindow(bridge, Path("fake.gguf"), store=store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(bridge.loaded, timeout=5000):
        window.show()
    window.show_unclean_exit(previous)
    text = window.messages.label.text()
    assert "closed unexpectedly" in text and "while it was answering" in text
    assert "question was kept" in text and window.messages.regenerate_button.isVisible()
    window.grab().save("/tmp/curbside_unclean_exit.png")
    fake_factory.engine.enqueue("Iron deficiency first.")
    with qtbot.waitSignal(bridge.finished, timeout=5000):
        window.messages.regenerate_button.click()
    assert [(t.role, t.text) for t in window.view.turns] == [
        ("user", QUESTION),
        ("assistant", "Iron deficiency first."),
    ]
    saved = store.get_conversation(previous.conversation_id).messages
    assert [m.role for m in saved] == ["user", "assistant"]
    bridge.shutdown()
    store.close()


def test_a_clean_close_leaves_no_marker(isolated_profile: Path) -> None:
    marker = SessionMarker()
    assert marker.begin() is None
    marker.update(7, True)
    assert SessionMarker().path.exists()
    marker.end()
    assert SessionMarker().begin() is None


def test_an_unreadable_marker_still_counts_as_an_unclean_exit(isolated_profile: Path) -> None:
    (isolated_profile / MARKER_NAME).write_bytes(b"\xff" * 10_000)
    previous = SessionMarker().begin()
    assert previous is not None and previous.conversation_id is None
