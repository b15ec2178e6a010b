"""The window shows which settings the administrator's policy locks, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.admin import DEFAULT_POLICY, load_policy
from curbside.ui.main_window import MainWindow
from curbside.ui.session_guards import IdleLockDialog, policy_summary
from pytestqt.qtbot import QtBot


def test_the_summary_names_the_file_and_each_locked_key(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("idle_lock_minutes = 3\nexports = 'redacted'\n")
    text = policy_summary(load_policy(path))
    assert str(path) in text and "idle lock minutes: 3" in text and "exports: redacted" in text
    assert "send anyway" not in text  # not set, so not locked
    assert "every setting is yours" in policy_summary(DEFAULT_POLICY)


def test_a_locked_setting_is_disabled_with_the_reason(
    qtbot: QtBot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("idle_lock_minutes = 3\nsend_anyway = false\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(path))
    window: MainWindow = make_window()
    dialog = IdleLockDialog(window.guards, ask_passphrase=True)
    qtbot.addWidget(dialog)
    assert not dialog.minutes.isEnabled() and dialog.minutes.value() == 3
    assert str(path) in dialog.minutes.toolTip()
    window.show_error("blocked", send_anyway=True)
    assert not window.messages.send_anyway_button.isVisible()  # the policy forbids it
    box = window.guards.show_policy()
    assert "send anyway: False" in box.text()
    box.close()
