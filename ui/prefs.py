"""How the window looks, remembered between runs (no patient data): size, panels, zoom, theme.

Kept in an INI file in Curbside's config directory (``$CURBSIDE_HOME/config``
in tests and demos), through ``QSettings`` so window geometry and dock state
round-trip in Qt's own format.
"""

from __future__ import annotations

from curbside.infra import config_dir
from PySide6.QtCore import QByteArray, QSettings

FILE_NAME = "window.ini"
MIN_ZOOM, MAX_ZOOM = 0.7, 3.0


class WindowPrefs:
    """Reads and writes the window's remembered look.

    Args:
        settings: The settings object (default: ``window.ini`` in the config dir).
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        if settings is None:
            path = config_dir() / FILE_NAME
            settings = QSettings(str(path), QSettings.Format.IniFormat)
        self.settings = settings

    @property
    def zoom(self) -> float:
        """The text scale (1.0 is the system's size)."""
        try:
            value = float(str(self.settings.value("view/zoom", 1.0)))
        except ValueError:
            return 1.0
        return min(max(value, MIN_ZOOM), MAX_ZOOM)

    @zoom.setter
    def zoom(self, value: float) -> None:
        self.settings.setValue("view/zoom", round(min(max(value, MIN_ZOOM), MAX_ZOOM), 3))
        self.settings.sync()

    @property
    def theme(self) -> str:
        """``system``, ``light`` or ``dark``."""
        value = str(self.settings.value("view/theme", "system"))
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.settings.setValue("view/theme", value)
        self.settings.sync()

    def geometry(self) -> QByteArray | None:
        """The saved window geometry, if any."""
        value = self.settings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def dock_state(self) -> QByteArray | None:
        """The saved dock and toolbar layout, if any."""
        value = self.settings.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remember the window's geometry and dock layout."""
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", state)
        self.settings.sync()
