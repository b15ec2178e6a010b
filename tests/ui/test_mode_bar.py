"""The mode bar: choosing a mode, the advanced panel, per-mode settings kept and reset."""

from __future__ import annotations

from curbside.prompts import DEFAULT_SYSTEM_PROMPT, MODES, PromptSettings, load_settings
from curbside.ui.mode_bar import ModeBar
from pytestqt.qtbot import QtBot


def _bar(qtbot: QtBot, **kwargs: object) -> ModeBar:
    bar = ModeBar(**kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(bar)
    bar.resize(640, 80)
    return bar


def test_lists_every_mode_and_starts_on_differential(qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    assert [bar.combo.itemData(i) for i in range(bar.combo.count())] == list(MODES)
    assert bar.current_mode().id == "ddx"
    assert bar.params() == MODES["ddx"].defaults()
    assert not bar.advanced.isVisibleTo(bar)


def test_choosing_a_mode_emits_it_with_its_defaults(qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    with qtbot.waitSignal(bar.mode_changed) as signal:
        bar.combo.setCurrentIndex(bar.combo.findData("summary"))
    assert signal.args == ["summary", MODES["summary"].defaults()]
    assert bar.max_tokens.value() == MODES["summary"].max_tokens
    assert bar.version_label.text() == "template summary@1"


def test_advanced_edits_are_per_mode_saved_and_resettable(qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    bar.advanced_button.click()
    assert bar.advanced.isVisibleTo(bar)
    bar.grab().save("/tmp/curbside_mode_bar.png")
    with qtbot.waitSignal(bar.mode_changed) as signal:
        bar.temperature.setValue(0.7)
    assert signal.args[0] == "ddx" and signal.args[1].temperature == 0.7
    bar.max_tokens.setValue(300)
    assert load_settings().params_for(MODES["ddx"]).max_tokens == 300
    bar.set_mode("plan")
    assert bar.params() == MODES["plan"].defaults()  # other modes keep their own
    bar.set_mode("ddx")
    assert (bar.temperature.value(), bar.max_tokens.value()) == (0.7, 300)
    assert bar.reset_button.isEnabled()
    with qtbot.waitSignal(bar.mode_changed) as signal:
        bar.reset_button.click()
    assert signal.args[1] == MODES["ddx"].defaults()
    assert load_settings().overrides == {}


def test_without_autosave_nothing_is_written(qtbot: QtBot) -> None:
    bar = _bar(qtbot, settings=PromptSettings(), autosave=False)
    with qtbot.waitSignal(bar.settings_changed):
        bar.max_tokens.setValue(100)
    assert load_settings() == PromptSettings()


def test_max_tokens_cap_does_not_count_as_an_edit(qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    bar.set_max_tokens_limit(256)
    assert bar.max_tokens.value() == 256
    assert bar.settings.overrides == {}


def test_system_prompt_is_edited_saved_and_reset(qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    dialog = bar.edit_system_prompt()
    qtbot.addWidget(dialog)
    assert dialog.editor.toPlainText() == DEFAULT_SYSTEM_PROMPT
    dialog.editor.setPlainText("Answer as a cautious internist.")
    dialog.grab().save("/tmp/curbside_system_prompt.png")
    with qtbot.waitSignal(bar.system_prompt_changed) as signal:
        dialog.save()
    assert signal.args == ["Answer as a cautious internist."]
    assert load_settings().system_prompt == "Answer as a cautious internist."
    again = bar.edit_system_prompt()
    qtbot.addWidget(again)
    again.reset_button.click()
    with qtbot.waitSignal(bar.system_prompt_changed) as signal:
        again.save()
    assert signal.args == [DEFAULT_SYSTEM_PROMPT]
    assert load_settings().custom_system_prompt is None


def test_too_long_system_prompt_is_refused_in_the_dialog(qtbot: QtBot) -> None:
    bar = _bar(qtbot)
    dialog = bar.edit_system_prompt()
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("x" * 9000)
    dialog.save()
    assert dialog.isVisible() and "9,000 characters" in dialog.problem.text()
    assert dialog.result_settings is None
    dialog.reject()
