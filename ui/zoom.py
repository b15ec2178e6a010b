"""Text size for the whole window (Ctrl+= / Ctrl+- / Ctrl+0) and presentation mode.

Zoom sets the window's font; every child widget inherits it (the conversation
view re-renders its cards at the new size), and the chosen size is
remembered. Presentation mode is for a projector: full screen, the side
panels out of the way, and text half again as large on top of the zoom.
"""

from __future__ import annotations

from curbside.ui.prefs import MAX_ZOOM, MIN_ZOOM, WindowPrefs
from curbside.ui.theme import themes
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

STEP = 1.15
PRESENTATION_FACTOR = 1.6


class Zoom(QObject):
    """Scales the text of one window.

    Args:
        window: The window whose font is scaled.
        prefs: Where the zoom is remembered.

    Signals:
        changed(float): The effective scale (zoom × presentation) changed.
    """

    changed = Signal(float)

    def __init__(self, window: QMainWindow, prefs: WindowPrefs) -> None:
        super().__init__(window)
        self.window = window
        self.prefs = prefs
        # The desktop's size, not the window's: the app stylesheet may carry another
        # window's zoom (one stylesheet serves the whole application).
        font = QApplication.font()
        self.base_pt = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        self.factor = prefs.zoom
        self.presenting = False
        self._docks_shown: dict[QDockWidget, bool] = {}

    @property
    def scale(self) -> float:
        """The effective text scale."""
        return self.factor * (PRESENTATION_FACTOR if self.presenting else 1.0)

    def point_size(self) -> float:
        """The window's text size now, in points."""
        return self.base_pt * self.scale

    def zoom_in(self) -> None:
        """Make all text larger."""
        self.set_factor(self.factor * STEP)

    def zoom_out(self) -> None:
        """Make all text smaller."""
        self.set_factor(self.factor / STEP)

    def reset(self) -> None:
        """Back to the system's text size."""
        self.set_factor(1.0)

    def set_factor(self, factor: float) -> None:
        """Use ``factor`` (clamped), apply it and remember it."""
        self.factor = round(min(max(factor, MIN_ZOOM), MAX_ZOOM), 3)
        self.prefs.zoom = self.factor
        self.apply()

    def apply(self) -> None:
        """Set the window's font for the current scale."""
        font = QFont(self.window.font())
        font.setPointSizeF(self.point_size())
        self.window.setFont(font)
        # Widgets styled by the app's stylesheet do not inherit the window's font, so
        # the size goes into the stylesheet too (it reaches dialogs as well).
        themes.set_point_size(self.point_size())
        self.changed.emit(self.scale)

    def set_presenting(self, on: bool) -> None:
        """Enter or leave presentation mode (full screen, large type, panels hidden)."""
        if on == self.presenting:
            return
        self.presenting = on
        docks = self.window.findChildren(QDockWidget)
        if on:
            self._docks_shown = {dock: dock.isVisible() for dock in docks}
            for dock in docks:
                dock.hide()
            self.window.showFullScreen()
        else:
            self.window.showNormal()
            for dock, shown in self._docks_shown.items():
                dock.setVisible(shown)
        self.apply()
