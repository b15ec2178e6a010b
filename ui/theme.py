"""One palette for the whole app, in a light and a dark version, following the OS by default.

Every colour the app paints comes from :class:`Palette`: the Qt palette of the
Fusion style (so stock widgets match), one application stylesheet for the
named pieces (notices, message bar, hints, warnings, cards), and the colours
the conversation view and the PHI highlights use. :data:`TEXT_PAIRS` lists
every text-on-background pair so a test can hold each to WCAG's 4.5:1.

The OS preference comes from Qt itself (``QStyleHints.colorScheme``, Qt 6.5+),
so no extra library is needed to follow it; the clinician can pin Light or
Dark under View → Theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

Choice = Literal["system", "light", "dark"]
CHOICES: tuple[Choice, ...] = ("system", "light", "dark")


@dataclass(frozen=True)
class Palette:
    """The app's colours (hex strings)."""

    name: str
    window: str
    surface: str
    text: str
    muted: str
    border: str
    accent: str
    on_accent: str
    link: str
    user_card: str
    assistant_card: str
    code: str
    notice_bg: str
    notice_fg: str
    demo_bg: str
    demo_fg: str
    error_bg: str
    error_fg: str
    warn_bg: str
    warn_fg: str
    ok: str
    caution: str
    danger: str
    highlight_fg: str
    highlight_bg: str


LIGHT = Palette(
    name="light",
    window="#f6f7f9",
    surface="#ffffff",
    text="#1f2328",
    muted="#57606a",
    border="#d0d7de",
    accent="#0969da",
    on_accent="#ffffff",
    link="#0550ae",
    user_card="#e9f1fd",
    assistant_card="#ffffff",
    code="#f0f2f4",
    notice_bg="#fff8c5",
    notice_fg="#4d2d00",
    demo_bg="#fff1e5",
    demo_fg="#762c00",
    error_bg="#ffebe9",
    error_fg="#82071e",
    warn_bg="#fff4e5",
    warn_fg="#663c00",
    ok="#1a7f37",
    caution="#7d4e00",
    danger="#a40e26",
    highlight_fg="#ffffff",
    highlight_bg="#0969da",
)
DARK = Palette(
    name="dark",
    window="#15191e",
    surface="#1d2228",
    text="#e6edf3",
    muted="#9ba6b1",
    border="#3d444d",
    accent="#4493f8",
    on_accent="#0d1117",
    link="#79b8ff",
    user_card="#1c2d42",
    assistant_card="#22272e",
    code="#2b3138",
    notice_bg="#3b2e00",
    notice_fg="#f5e0a0",
    demo_bg="#3d2410",
    demo_fg="#ffd8b5",
    error_bg="#3d1418",
    error_fg="#ffb3b8",
    warn_bg="#3a2a10",
    warn_fg="#f8d9a0",
    ok="#56d364",
    caution="#e3b341",
    danger="#ff7b72",
    highlight_fg="#0d1117",
    highlight_bg="#4493f8",
)

TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"),
    ("text", "surface"),
    ("muted", "window"),
    ("muted", "surface"),
    ("muted", "user_card"),
    ("muted", "assistant_card"),
    ("text", "user_card"),
    ("text", "assistant_card"),
    ("text", "code"),
    ("link", "surface"),
    ("link", "assistant_card"),
    ("on_accent", "accent"),
    ("notice_fg", "notice_bg"),
    ("demo_fg", "demo_bg"),
    ("error_fg", "error_bg"),
    ("warn_fg", "warn_bg"),
    ("caution", "surface"),
    ("caution", "assistant_card"),
    ("danger", "surface"),
    ("danger", "window"),
    ("ok", "surface"),
    ("highlight_fg", "highlight_bg"),
)
"""Every (text colour, background colour) pair the app paints, by field name."""


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG 2 contrast ratio of two colours (1.0 to 21.0)."""

    def luminance(colour: str) -> float:
        qcolor = QColor(colour)
        channels = []
        for value in (qcolor.redF(), qcolor.greenF(), qcolor.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def system_prefers_dark() -> bool:
    """True when the OS asks for a dark appearance."""
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def palette_for(choice: str) -> Palette:
    """Return the palette for a choice (``system`` follows the OS)."""
    if choice == "dark" or (choice == "system" and system_prefers_dark()):
        return DARK
    return LIGHT


def stylesheet(p: Palette, point_size: float | None = None) -> str:
    """Return the application stylesheet for the named pieces, at ``point_size`` (the zoom)."""
    size = f"QWidget {{ font-size: {point_size:.2f}pt; }}\n" if point_size else ""
    return (
        size
        + f"""
QLabel#notice {{ background: {p.notice_bg}; color: {p.notice_fg}; padding: 6px 10px;
    font-weight: bold; border-bottom: 1px solid {p.border}; }}
QLabel#demoNotice {{ background: {p.demo_bg}; color: {p.demo_fg}; padding: 4px 10px; }}
QWidget#messageBar {{ background: {p.error_bg}; border: 1px solid {p.border}; border-radius: 6px; }}
QWidget#messageBar QLabel {{ color: {p.error_fg}; background: transparent; }}
QWidget#messageBar[kind="info"] {{ background: {p.surface}; border: 1px solid {p.accent}; }}
QWidget#messageBar[kind="info"] QLabel {{ color: {p.text}; }}
QLabel[role="hint"] {{ color: {p.muted}; }}
QLabel[role="problem"] {{ color: {p.danger}; }}
QLabel[role="warning"] {{ background: {p.warn_bg}; color: {p.warn_fg};
    border: 1px solid {p.border}; border-radius: 6px; padding: 8px; }}
QPushButton#sendButton {{ background: {p.accent}; color: {p.on_accent}; border: none;
    border-radius: 6px; padding: 6px 18px; font-weight: bold; }}
QPushButton#sendButton:disabled {{ background: {p.border}; color: {p.muted}; }}
QPlainTextEdit, QTextBrowser, QListWidget, QTableWidget, QLineEdit {{
    border: 1px solid {p.border}; border-radius: 6px; background: {p.surface}; }}
QDockWidget::title {{ padding: 4px 8px; }}
"""
    )


def qt_palette(p: Palette) -> QPalette:
    """Return the Qt palette for stock widgets."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: p.window,
        QPalette.ColorRole.WindowText: p.text,
        QPalette.ColorRole.Base: p.surface,
        QPalette.ColorRole.AlternateBase: p.window,
        QPalette.ColorRole.Text: p.text,
        QPalette.ColorRole.Button: p.surface,
        QPalette.ColorRole.ButtonText: p.text,
        QPalette.ColorRole.ToolTipBase: p.surface,
        QPalette.ColorRole.ToolTipText: p.text,
        QPalette.ColorRole.PlaceholderText: p.muted,
        QPalette.ColorRole.Highlight: p.highlight_bg,
        QPalette.ColorRole.HighlightedText: p.highlight_fg,
        QPalette.ColorRole.Link: p.link,
        QPalette.ColorRole.Mid: p.border,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(p.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(p.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(p.muted))
    return palette


class ThemeManager(QObject):
    """Holds the current palette and applies it to the application.

    Signals:
        changed(object): A new :class:`Palette` is in effect.
    """

    changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.choice: str = "system"
        self.palette: Palette = LIGHT
        self.point_size: float | None = None
        self._following = False

    def apply(self, choice: str) -> Palette:
        """Use ``choice`` (``system``, ``light`` or ``dark``) for the whole app."""
        self.choice = choice if choice in CHOICES else "system"
        self.palette = palette_for(self.choice)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyle("Fusion")
            app.setPalette(qt_palette(self.palette))
            app.setStyleSheet(stylesheet(self.palette, self.point_size))
            self._follow_os()
        self.changed.emit(self.palette)
        return self.palette

    def set_point_size(self, point_size: float) -> None:
        """Use ``point_size`` for all text (the stylesheet wins over inherited fonts)."""
        self.point_size = point_size
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(stylesheet(self.palette, point_size))

    def _follow_os(self) -> None:
        hints = QGuiApplication.styleHints()
        if hints is not None and not self._following:
            self._following = True
            hints.colorSchemeChanged.connect(self._on_os_changed)

    def _on_os_changed(self, *_: object) -> None:
        if self.choice == "system":
            self.apply("system")


themes = ThemeManager()
"""The app's one theme manager."""
