"""The main window after a session that did not close: say so, and answer the kept question.

A mixin of :class:`curbside.ui.main_window.MainWindow`. The session marker
(:class:`curbside.infra.SessionMarker`) tells the next start that the last one
ended without closing, and whether it was answering; the question itself was
saved before it was sent, so Regenerate can open it and answer it again, once
a model is loaded.
"""

from __future__ import annotations

from curbside.infra import UncleanExit
from curbside.ui.window_base import WindowParts


class RecoverySide(WindowParts):
    """The unclean-exit message and its Regenerate button (see the module docstring)."""

    def show_unclean_exit(self, previous: UncleanExit) -> None:
        """Say that the last session ended without closing, and offer to answer again."""
        when = f" (the session started {previous.started})" if previous.started else ""
        text = f"Curbside closed unexpectedly last time{when}"
        text += ", while it was answering." if previous.answering else "."
        kept = previous.conversation_id is not None and self.history_panel is not None
        if kept:
            text += (
                " Your question was kept in history. Press Regenerate to open it "
                "and answer it again."
            )
        elif self.history_panel is None:
            text += " History is off, so that conversation was not kept."
        text += " Details without case text are in the crash log."
        self._kept_question = previous.conversation_id if kept else None
        self.messages.show_message(text, regenerate=kept)

    def _answer_kept_question(self) -> None:
        if self._kept_question is None or self.chat.generating:
            return
        self.clear_error()
        if self.loader.current is None:
            self._answer_when_ready = True
            self.status.set_state("The kept question is answered once the model is loaded…")
            return
        conversation_id, self._kept_question = self._kept_question, None
        self._answer_when_ready = False
        self.open_conversation(conversation_id)
        if self.chat.recorder.conversation_id == conversation_id and not self.chat.has_answer():
            self.chat.regenerate()
        self._update_controls()
