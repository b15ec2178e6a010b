"""A "session running" marker, so the next start knows the last one did not close.

The desktop app writes ``session.running.json`` in the data directory when it
starts and removes it when it closes. If the process dies instead (a native
crash in llama.cpp or Qt, the OOM killer, a power cut), the marker survives,
and the next start tells the clinician that Curbside closed unexpectedly,
that their question was kept, and offers to answer it again.

The marker holds no case text, ever: a process id, a start time, the open
conversation's number and whether an answer was streaming.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from curbside.infra import paths
from curbside.infra.files import TooLarge, atomic_write, read_bounded

MARKER_NAME = "session.running.json"
_MAX_MARKER_BYTES = 4096


@dataclass(frozen=True)
class UncleanExit:
    """What a marker left by a session that did not close says.

    Attributes:
        started: When that session started (local time, ``YYYY-MM-DD HH:MM``), or "".
        conversation_id: The conversation open at the end, if any was saved.
        answering: True when an answer was streaming as it ended.
    """

    started: str = ""
    conversation_id: int | None = None
    answering: bool = False


class SessionMarker:
    """The marker file of one profile; call :meth:`begin` after taking the instance lock.

    Args:
        data_dir: The profile directory (default: :func:`curbside.infra.paths.data_dir`).
    """

    def __init__(self, data_dir: Path | None = None) -> None:
        self.path = (data_dir or paths.data_dir()) / MARKER_NAME
        self._state: dict[str, object] = {}

    def begin(self) -> UncleanExit | None:
        """Mark this session as running; return what a previous unclosed session left, if any."""
        previous = self._read()
        self._state = {
            "pid": os.getpid(),
            "started": time.strftime("%Y-%m-%d %H:%M"),
            "conversation_id": None,
            "answering": False,
        }
        self._write()
        return previous

    def update(self, conversation_id: int | None, answering: bool) -> None:
        """Record the open conversation and whether an answer is streaming."""
        if not self._state:
            return
        self._state["conversation_id"] = conversation_id
        self._state["answering"] = bool(answering)
        self._write()

    def end(self) -> None:
        """The session closed normally: remove the marker."""
        self._state = {}
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)

    def _write(self) -> None:
        with contextlib.suppress(OSError):  # a full disk must not stop the app
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write(self.path, json.dumps(self._state))

    def _read(self) -> UncleanExit | None:
        if not self.path.exists() and not self.path.is_symlink():
            return None
        try:
            raw = json.loads(read_bounded(self.path, _MAX_MARKER_BYTES))
        except (OSError, TooLarge, ValueError):
            return UncleanExit()  # present but unreadable: still an unclean exit
        if not isinstance(raw, dict):
            return UncleanExit()
        started = raw.get("started")
        conversation = raw.get("conversation_id")
        return UncleanExit(
            started=started if isinstance(started, str) else "",
            conversation_id=conversation
            if isinstance(conversation, int) and not isinstance(conversation, bool)
            else None,
            answering=raw.get("answering") is True,
        )
