"""Exports are scanned for identifiers first and written redacted by default."""

from __future__ import annotations

import json
from pathlib import Path

from curbside.privacy.export_check import phi_categories, redacted_conversation
from curbside.storage import open_history
from curbside.ui.export_dialog import ExportDialog
from pytestqt.qtbot import QtBot


def _conversation_with_phi():
    store = open_history()
    cid = store.create_conversation("Quackenbush follow-up", "m", None)
    store.add_message(cid, "user", "Rosalind Quackenbush, MRN 00482913, seen on 03/14/2024.")
    store.add_message(cid, "assistant", "For Ms. Quackenbush: repeat troponin.")
    conversation = store.get_conversation(cid)
    store.close()
    return conversation


def test_categories_and_consistent_placeholders() -> None:
    conversation = _conversation_with_phi()
    assert {"NAME", "ID", "DATE"} <= set(phi_categories(conversation))
    redacted = redacted_conversation(conversation)
    text = "\n".join([redacted.title] + [m.content for m in redacted.messages])
    assert "Quackenbush" not in text and "00482913" not in text
    # The same surname is the same placeholder in the title and in both messages.
    surname = redacted.messages[1].content.split("Ms. ")[1].split(":")[0]
    assert surname.startswith("[NAME-") and surname in redacted.title


def test_dialog_warns_and_writes_redacted_by_default(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(_conversation_with_phi())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.phi_warning.isVisible() and "NAME" in dialog.phi_warning.text()
    assert dialog.redact_box.isChecked()
    target = tmp_path / "case.json"
    dialog.format.setCurrentText("JSON (.json)")
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    written = target.read_text(encoding="utf-8")
    assert "Quackenbush" not in written and "00482913" not in written
    assert "[NAME-" in json.loads(written)["messages"][0]["content"]


def test_dialog_can_export_unredacted_when_unticked(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(_conversation_with_phi())
    qtbot.addWidget(dialog)
    dialog.redact_box.setChecked(False)
    target = tmp_path / "case.md"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    assert "Quackenbush" in target.read_text(encoding="utf-8")
