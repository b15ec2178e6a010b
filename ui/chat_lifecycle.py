"""Starting over and reopening: the conversation's lifecycle in the chat controller.

A mixin of :class:`curbside.ui.chat_controller.ChatController`. New
conversation during an answer stops it and keeps what was written, marked
stopped, in the conversation being left; the new one starts when it has ended.
A conversation deleted from history (or wiped by the demo's Next visitor) is
left at once, its answer in progress dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from curbside.errors import KnownError
from curbside.privacy import safe_text
from curbside.ui.chat_replay import CASE_ONLY_NOTE, UNANSWERED_NOTE, replay

if TYPE_CHECKING:
    from curbside.chat import ChatSession, ConversationRecorder
    from curbside.ui.chat_planner import PromptPlanner
    from curbside.ui.chat_view import ChatView
    from curbside.ui.engine_bridge import EngineBridge
    from curbside.ui.history_panel import HistoryPanel
    from PySide6.QtCore import SignalInstance


class ChatLifecycle:
    """New, discard, reopen and forget for the chat controller (see the module docstring)."""

    if TYPE_CHECKING:
        bridge: EngineBridge
        view: ChatView
        session: ChatSession
        recorder: ConversationRecorder
        history_panel: HistoryPanel | None
        generating: bool
        _planner: PromptPlanner
        _discard_answer: bool
        _new_after_stop: bool
        _reopened: bool
        changed: SignalInstance
        error: SignalInstance
        notice: SignalInstance
        case_restored: SignalInstance
        title_changed: SignalInstance
        answer_saved: SignalInstance
        settled: SignalInstance

        def stop(self) -> None: ...

    def new_conversation(self) -> None:
        """Start over. An answer in progress is stopped first and kept, marked stopped,
        in the conversation being left; the new one starts when it has ended."""
        if self._planner.pending:
            self._drop_plan()  # nothing was shown or saved yet
        elif self.generating:
            self._new_after_stop = True
            self.stop()
            return
        self._start_new()

    def discard_and_start_new(self) -> None:
        """Start over at once, dropping an answer in progress (its conversation is gone)."""
        if self._planner.pending:
            self._drop_plan()
        elif self.generating:
            self._discard_answer = True  # it belongs to the conversation being left
            self._new_after_stop = False
            self.bridge.stop()
        self._start_new()

    def _start_new(self) -> None:
        self._reopened = False
        self.session.clear()
        self.session.set_case(None)
        self.view.clear_conversation()
        self.recorder.start_new()
        if self.history_panel is not None:
            self.history_panel.set_current(None)
        self.title_changed.emit("")
        self.changed.emit()

    def open_conversation(self, conversation_id: int) -> None:
        """Show a saved conversation and continue it."""
        if self.generating:
            self.error.emit("Stop the current answer before opening another conversation.")
            return
        try:
            conversation = self.recorder.open(conversation_id)
        except KnownError as exc:
            self.error.emit(str(exc))
            return
        replay(conversation, self.session, self.view)
        self._reopened = bool(conversation.messages)
        self.case_restored.emit(self.session.case)
        if self.session.turns and not self.has_answer():
            self.notice.emit(UNANSWERED_NOTE)
        elif not self.session.turns and self.session.case is not None:
            self.notice.emit(CASE_ONLY_NOTE)
        self.title_changed.emit(safe_text(conversation.title))
        self.answer_saved.emit()
        self.changed.emit()

    def forget_if_open(self, conversation_id: int) -> None:
        """After a conversation was deleted: clear the window if it was open, wipe model states.

        The engine keeps recent conversations' states (they hold the case) in
        RAM for a fast reopen; a deleted conversation must not linger there.
        """
        if conversation_id == self.recorder.conversation_id:
            self.discard_and_start_new()
        self.bridge.forget_context()

    def has_answer(self) -> bool:
        """Return True when the last turn is an answer (so it can be regenerated)."""
        return bool(self.session.turns) and self.session.turns[-1]["role"] == "assistant"

    def can_regenerate(self) -> bool:
        """Return True when there is an answer to redo, or a saved question left without one."""
        return bool(self.session.turns) and not self.generating

    def _drop_plan(self) -> None:
        self._planner.cancel()
        self.generating = False
        self.settled.emit()
