"""The case editor: paste or structured fields, sample loading, no silent loss of a typed case."""

from __future__ import annotations

from curbside.chat.case import Case
from curbside.chat.samples import list_samples, load_sample
from curbside.ui.case_editor import CaseEditor
from PySide6.QtCore import QMimeData
from pytestqt.qtbot import QtBot


def _editor(qtbot: QtBot) -> CaseEditor:
    editor = CaseEditor()
    qtbot.addWidget(editor)
    editor.resize(420, 640)
    return editor


def test_paste_tab_gives_a_free_text_case(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    with qtbot.waitSignal(editor.case_changed) as signal:
        editor.paste.setPlainText("72M, fever, hypotension.")
    assert signal.args[0] == Case(free_text="72M, fever, hypotension.")
    assert editor.case().to_markdown() == "# Case\n\n72M, fever, hypotension."


def test_structured_fields_render_with_headings(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.fields["age"].setText("58 years")
    editor.fields["labs"].setPlainText("Troponin 38 ng/L")
    assert editor.case() == Case(age="58 years", labs="Troponin 38 ng/L")
    assert "## Laboratory results\n\nTroponin 38 ng/L" in editor.case().to_markdown()


def test_every_sample_is_in_the_menu_and_loads(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    ids = [editor.samples.itemData(i) for i in range(1, editor.samples.count())]
    assert ids == [s.id for s in list_samples()]
    with qtbot.waitSignals([editor.sample_loaded, editor.case_changed]) as _:
        assert editor.load_sample("stroke")
    assert editor.case() == load_sample("stroke").case
    assert editor.tabs.currentIndex() == 1  # structured
    assert "Fictional" in editor.sample_note.text()
    editor.grab().save("/tmp/curbside_case_editor.png")


def test_choosing_from_the_menu_loads_the_sample(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    index = editor.samples.findData("dka")
    with qtbot.waitSignal(editor.sample_loaded) as signal:
        editor.samples.activated.emit(index)
    assert signal.args == ["dka"]


def test_a_typed_case_is_not_replaced_without_confirmation(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.paste.setPlainText("My own case.")
    asked: list[bool] = []
    editor.confirm_replace = lambda: asked.append(True) or False
    assert not editor.load_sample("rash")
    assert asked and editor.case() == Case(free_text="My own case.")
    assert editor.samples.currentIndex() == 0
    editor.clear_button.click()
    assert editor.case() == Case(free_text="My own case.")
    editor.confirm_replace = lambda: True
    editor.clear_button.click()
    assert editor.case().is_empty()


def test_oversized_paste_is_refused_with_a_message(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    data = QMimeData()
    data.setText("x" * 250_000)
    with qtbot.waitSignal(editor.paste_refused) as signal:
        editor.paste.insertFromMimeData(data)
    assert "Nothing was pasted" in signal.args[0]
    assert editor.paste.toPlainText() == ""


def test_read_only_locks_every_field(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.set_read_only(True)
    assert editor.paste.isReadOnly() and editor.fields["hpi"].isReadOnly()
    assert not editor.samples.isEnabled()
    editor.set_read_only(False)
    assert not editor.fields["age"].isReadOnly()
