"""Loading models on the engine's worker thread, and fetching the default one.

The loader remembers which model answers now. A load that fails leaves that
model in place (the bridge only replaces the engine once the new one is ready).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from curbside.models import ModelSettings, SettingsStore, fetch_model, load_catalog
from curbside.remote import Backend
from curbside.ui.engine_bridge import EngineBridge, EngineBuilder
from curbside.ui.workers import Task, run_simple
from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class LoadedModel:
    """The model now answering, with the settings it was loaded with."""

    path: Path
    settings: ModelSettings
    name: str
    n_ctx: int
    remote: Backend | None = None
    """The remote server answering, when the model is not on this machine."""


class ModelLoader(QObject):
    """Loads models through the bridge and fetches the default model.

    Args:
        bridge: The engine bridge whose worker loads the model.
        parent: Owner.

    Signals:
        busy(str): A load or fetch began; the text says which.
        loaded(object): A :class:`LoadedModel` is ready.
        failed(str, bool): Why loading or fetching failed, and whether to offer
            fetching the default model.
    """

    busy = Signal(str)
    loaded = Signal(object)
    failed = Signal(str, bool)

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.current: LoadedModel | None = None
        self._pending: tuple[Path, ModelSettings] | None = None
        self._pending_remote: Backend | None = None
        self._fetch_task: Task | None = None
        bridge.loaded.connect(self._on_loaded)
        bridge.load_failed.connect(self._on_failed)

    def load(self, path: Path, settings: ModelSettings | None = None) -> None:
        """Load ``path`` with ``settings`` (default: the stored ones for that file)."""
        settings = settings or SettingsStore().get(path)
        self._pending, self._pending_remote = (path, settings), None
        self.busy.emit("Loading model…")
        self.bridge.load_model(path, settings.engine_options())

    def load_remote(self, backend: Backend, builder: EngineBuilder) -> None:
        """Answer from ``backend`` from now on (``builder`` makes its engine on the worker)."""
        self._pending = (Path(f"remote:{backend.name}"), ModelSettings(n_ctx=backend.n_ctx))
        self._pending_remote = backend
        self.busy.emit(f"Connecting to the remote server {backend.name}…")
        self.bridge.load_engine(builder)

    def fetch_default(self) -> None:
        """Fetch the embedded default model in the background, then load it."""
        if self._fetch_task is not None:
            return
        self.busy.emit("Fetching the default model…")
        entry = load_catalog().default()
        self._fetch_task = run_simple(
            lambda: fetch_model(entry), self._on_fetched, self._on_fetch_failed, parent=self
        )

    def _on_fetched(self, path: object) -> None:
        self._fetch_task = None
        self.load(Path(str(path)))

    def _on_fetch_failed(self, message: str) -> None:
        self._fetch_task = None
        self.failed.emit(message, True)

    def _on_loaded(self, name: str, n_ctx: int) -> None:
        if self._pending is None:
            return
        path, settings = self._pending
        self.current = LoadedModel(path, settings, name, n_ctx, self._pending_remote)
        self.loaded.emit(self.current)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message, "curbside models fetch" in message)
