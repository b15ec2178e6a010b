"""The window's audit entries: model loads, PHI decisions, settings and exports.

Kept out of the widgets so each hook in a shared file is one line. Model-load
entries hash the file, which takes seconds for a large model, so they are
written by a short job off the GUI thread (the store serializes writers).
Settings edits arrive on every spin-box step; they are coalesced and recorded
once the clinician pauses. A failure to write the audit log is shown as a
message, never swallowed silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from curbside.audit import describe_model_load, digest, export_details
from curbside.errors import KnownError
from curbside.privacy import Verdict, record_verdict
from curbside.storage import HistoryStore
from curbside.ui.workers import Task, run_simple
from PySide6.QtCore import QObject, QTimer, Signal

SETTINGS_PAUSE_MS = 1500


class AuditHooks(QObject):
    """Writes the window's audit entries to the open history (no-ops without one).

    Args:
        store: Returns the open history, or None (the idle lock closes and
            reopens it, so it is looked up each time).
        parent: Owner.

    Signals:
        failed(str): An audit entry could not be written; the message says why.
    """

    failed = Signal(str)

    def __init__(
        self, store: Callable[[], HistoryStore | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.last_task: Task | None = None
        self._pending_settings: dict[str, Any] | None = None
        self._settings_timer = QTimer(self)
        self._settings_timer.setSingleShot(True)
        self._settings_timer.setInterval(SETTINGS_PAUSE_MS)
        self._settings_timer.timeout.connect(self.flush_settings)

    def model_loaded(self, path: Path, options: dict[str, Any]) -> Task | None:
        """Record a model load (file hash computed off the GUI thread); return the job."""
        store = self._store()
        if store is None:
            return None

        def job() -> str:
            try:
                store.audit.append("model.load", describe_model_load(path, options))
            except KnownError as exc:
                return f"Model load not written to the audit log: {exc}"
            return ""

        # No parent: the task must outlive a window closed while the file is hashed
        # (the pool keeps it); its result reaches this object only while it exists.
        self.last_task = run_simple(job)
        self.last_task.succeeded.connect(self._job_done)
        return self.last_task

    def phi_decision(self, verdict: Verdict, found: Iterable[str], where: str) -> None:
        """Record a blocked send or a "Send anyway" override (categories and counts)."""
        store = self._store()
        if store is not None:
            self._guard(lambda: record_verdict(store.audit, verdict, found, where))

    def settings_changed(self, settings: Any) -> None:
        """Note new prompt settings; recorded after a pause in editing."""
        overrides = getattr(settings, "overrides", {}) or {}
        self._pending_settings = {
            "what": "prompt settings",
            "system_prompt_sha256": digest(str(getattr(settings, "system_prompt", ""))),
            "custom_system_prompt": getattr(settings, "custom_system_prompt", None) is not None,
            "overrides": {mode: asdict(value) for mode, value in sorted(overrides.items())},
        }
        self._settings_timer.start()

    def flush_settings(self) -> None:
        """Record pending settings now (also called when the window closes)."""
        self._settings_timer.stop()
        pending, self._pending_settings = self._pending_settings, None
        if pending is not None:
            self.append("settings.change", pending)

    def exported(self, conversation_id: int, fmt: str, redacted: bool) -> None:
        """Record a conversation export from the window."""
        details = export_details(
            what="conversation", fmt=fmt, redacted=redacted, count=1, ids=[conversation_id]
        )
        self.append("export", details)

    def append(self, event: str, details: dict[str, Any]) -> None:
        """Append one entry now (on the GUI thread: a short write)."""
        store = self._store()
        if store is not None:
            self._guard(lambda: store.audit.append(event, details))

    def _guard(self, write: Callable[[], object]) -> None:
        try:
            write()
        except KnownError as exc:
            self.failed.emit(f"Not written to the audit log: {exc}")

    def _job_done(self, problem: object) -> None:
        if problem:
            self.failed.emit(str(problem))
