"""Zoom scales the rendered text, the themes keep every text pair >= 4.5:1, cards show actions,
and the demo notice, caveat and About follow the model file's SHA-256."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from curbside.ui.phi_guard import COLOURS, HIGHLIGHT_TEXT, NUMBER_COLOUR
from curbside.ui.prefs import WindowPrefs
from curbside.ui.theme import DARK, LIGHT, TEXT_PAIRS, contrast_ratio, themes
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.focus import activate

SHOTS = Path("/tmp/curbside-shots")
CTRL = Qt.KeyboardModifier.ControlModifier


def _ink_height(widget: QWidget) -> int:
    """Rows of the rendered widget that hold dark text pixels (light theme)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    rows = 0
    for y in range(image.height()):
        if any(image.pixelColor(x, y).value() < 100 for x in range(8, image.width() - 8, 2)):
            rows += 1
    return rows


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_pair_meets_wcag_aa(palette) -> None:
    for fg, bg in TEXT_PAIRS:
        ratio = contrast_ratio(getattr(palette, fg), getattr(palette, bg))
        assert ratio >= 4.5, (palette.name, fg, bg, round(ratio, 2))
    for colour in [*COLOURS.values(), NUMBER_COLOUR]:  # PHI highlights carry dark text
        assert contrast_ratio(HIGHLIGHT_TEXT, colour) >= 4.5, colour


def test_the_old_demo_notice_grey_failed() -> None:
    assert contrast_ratio("#6e7781", "#efefef") < 4.5  # what the issue measured (3.95:1)


def test_zoom_keys_scale_the_rendered_text_and_are_remembered(
    qtbot: QtBot, make_window, fake_factory
) -> None:
    window = make_window()
    window.set_theme("light")
    activate(qtbot, window)
    fake_factory.engine.enqueue("Acute coronary syndrome first.")
    window.composer.setPlainText("Chest pain")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()
    window.composer.setPlainText("Follow-up question")
    before = (
        _ink_height(window.view),
        _ink_height(window.composer),
        window.view.font().pointSizeF(),
    )
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "zoom-100.png"))
    for _ in range(3):
        qtbot.keyClick(window.composer, Qt.Key.Key_Equal, CTRL)
    after = (
        _ink_height(window.view),
        _ink_height(window.composer),
        window.view.font().pointSizeF(),
    )
    buttons = (window.new_button, window.regenerate_button, window.stop_button, window.send_button)
    # Whole labels once the layout has settled (the context meter gives way first).
    qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in buttons), timeout=3000)
    window.grab().save(str(SHOTS / "zoom-152.png"))
    assert after[2] == pytest.approx(before[2] * 1.15**3, rel=0.02)
    assert after[0] > before[0] * 1.3 and after[1] > before[1] * 1.3  # pixels, not just a number
    assert WindowPrefs().zoom == pytest.approx(1.15**3, rel=0.01)
    qtbot.keyClick(window.composer, Qt.Key.Key_Minus, CTRL)
    assert window.zoom.factor == pytest.approx(1.15**2, rel=0.01)
    qtbot.keyClick(window.composer, Qt.Key.Key_0, CTRL)
    assert window.zoom.factor == 1.0 and window.view.font().pointSizeF() == pytest.approx(before[2])


def test_presentation_mode_is_full_screen_large_type_without_panels(make_window) -> None:
    window = make_window()
    size = window.font().pointSizeF()
    window.presentation_action.setChecked(True)
    assert window.zoom.presenting and window.isFullScreen()
    assert window.font().pointSizeF() == pytest.approx(size * 1.6, rel=0.02)
    assert not window.case_dock.isVisible()
    window.escape()  # Esc leaves presentation mode when nothing is being answered
    assert not window.zoom.presenting and window.case_dock.isVisible()


def test_theme_choice_is_remembered_and_repaints(make_window, tmp_path: Path) -> None:
    window = make_window()
    window.set_theme("dark")
    assert themes.palette is DARK and WindowPrefs().theme == "dark"
    assert DARK.assistant_card in window.view.document().defaultStyleSheet()
    window.grab().save(str(tmp_path / "dark.png"))
    window.set_theme("light")
    assert LIGHT.assistant_card in window.view.document().defaultStyleSheet()


def test_cards_carry_actions_that_work(qtbot: QtBot, make_window, fake_factory) -> None:
    from PySide6.QtGui import QGuiApplication

    window = make_window()
    fake_factory.engine.enqueue("Consider **PE**.")
    window.composer.setPlainText("Dyspnoea after a flight")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.send()
    html = window.view.toHtml()
    for label in ("You", "Curbside", "Copy", "Quote", "Regenerate"):
        assert label in html
    window.view.anchorClicked.emit(QUrl("curbside:copy/1"))
    assert QGuiApplication.clipboard().text() == "Consider **PE**."
    window.view.anchorClicked.emit(QUrl("curbside:quote/1"))
    assert window.composer.toPlainText().startswith("> Consider **PE**.")
    window.composer.clear()
    fake_factory.engine.enqueue("Consider DVT.")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.view.anchorClicked.emit(QUrl("curbside:regenerate/1"))
    assert window.view.turns[-1].text == "Consider DVT."
    feedback: list[int] = []
    window.feedback_requested.connect(feedback.append)
    window.view.anchorClicked.emit(QUrl("curbside:feedback/1"))
    assert feedback == [1]


def test_demo_notice_follows_the_hash_not_the_name(
    qtbot: QtBot, make_window, default_model_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.gguf"
    shutil.copyfile(default_model_path, copy)
    window = make_window(model=copy)
    qtbot.waitUntil(lambda: window.model_facts is not None, timeout=30_000)
    assert window.model_facts is not None and window.model_facts.is_demo
    assert window.demo_notice.isVisible()
    assert window.demo_caveat()
    about = window.show_about()
    text = about.text.text()
    assert "0.1.0" in text and window.model_facts.sha256 in text and "Apache-2.0" in text
    assert "Demo model" in text and "yes" in text
    about.close()


def test_a_file_that_is_not_the_demo_shows_no_notice(qtbot: QtBot, make_window, tmp_path) -> None:
    other = tmp_path / "SmolLM2-135M-Instruct.Q4_1.gguf"  # the demo's name, other bytes
    other.write_bytes(b"GGUF" + b"\0" * 64)
    window = make_window(model=other)
    qtbot.waitUntil(lambda: window.model_facts is not None, timeout=30_000)
    assert window.model_facts is not None and not window.model_facts.is_demo
    assert not window.demo_notice.isVisible() and window.demo_caveat() == ""
    assert "Demo model" in window.show_about().text.text()
