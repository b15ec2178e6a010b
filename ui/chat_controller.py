"""The conversation flow: what is sent, streamed, shown and saved.

The controller keeps the :class:`curbside.chat.session.ChatSession` (what the model is
sent) and the :class:`curbside.ui.chat_view.ChatView` (what the clinician sees) in step,
drives the engine bridge, and saves each completed message through the
:class:`curbside.chat.recorder.ConversationRecorder`. The main window owns the widgets
and forwards button presses here.

Fitting the prompt to the window counts tokens, a llama.cpp call, so it runs on
the engine's thread (:class:`curbside.ui.chat_planner.PromptPlanner`); the
question is shown, saved and sent when the plan comes back. An answer is saved
before it is rendered, so a rendering failure can never lose it. Starting over
and reopening live in :class:`curbside.ui.chat_lifecycle.ChatLifecycle`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from curbside.chat import BudgetPlan, Case, ChatSession, ConversationRecorder
from curbside.engine import GenerationParams
from curbside.errors import KnownError
from curbside.privacy import conversation_title
from curbside.prompts import Mode, load_settings
from curbside.ui.chat_lifecycle import ChatLifecycle
from curbside.ui.chat_planner import PromptPlanner
from curbside.ui.chat_progress import StreamProgress
from curbside.ui.chat_replay import (
    STOPPED_EARLY_NOTE,
    STOPPED_NOTE,
    STOPPED_READING_NOTE,
    override_flag,
)
from curbside.ui.chat_view import ChatView
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.history_panel import HistoryPanel
from curbside.ui.status import StatusLine
from curbside.ui.workers import failure_message
from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


class ChatController(QObject, ChatLifecycle):
    """Sends messages, streams answers into the view, and records them.

    Args:
        bridge: The engine bridge.
        view: The conversation view.
        status: The status line.
        recorder: Saves messages to history (a no-op without history).
        history_panel: The history panel, refreshed after each save (optional).
        system_prompt: The system prompt (default: the saved one).

    Signals:
        changed(): Generation started or ended (controls should update).
        error(str): A message for the clinician.
        notice(str): Information for the clinician (e.g. older exchanges left out).
        unsent(str): A message could not be answered; give it back to the composer.
        case_restored(object): A reopened conversation's :class:`Case` (or None).
        title_changed(str): The open conversation's (redacted) title; "" for none.
        answer_saved(): An answer was shown in full and saved (its turn has its id).
        settled(): A send or regenerate is over: answer saved, stopped, failed, or the
            question handed back (emitted after the save).
        answering(object, bool): An answer started (True) or ended (False) in the
            conversation with this history id (None when not saved); for the
            session marker that survives a crash.
    """

    changed = Signal()
    error = Signal(str)
    notice = Signal(str)
    unsent = Signal(str)
    case_restored = Signal(object)
    title_changed = Signal(str)
    answer_saved = Signal()
    answering = Signal(object, bool)
    settled = Signal()

    def __init__(
        self,
        bridge: EngineBridge,
        view: ChatView,
        status: StatusLine,
        recorder: ConversationRecorder,
        history_panel: HistoryPanel | None = None,
        system_prompt: str | None = None,
    ) -> None:
        super().__init__()
        self.bridge, self.view, self.status = bridge, view, status
        self.recorder, self.history_panel = recorder, history_panel
        prompt = system_prompt if system_prompt is not None else load_settings().system_prompt
        self.session = ChatSession(system_prompt=prompt)
        self.params = GenerationParams()
        self.n_ctx = 4096
        self.generating = False  # planning or streaming: the window treats both as busy
        self.caveat = ""
        """Shown inside each new answer (the demo model's caveat), or ""."""
        self._planner = PromptPlanner(bridge)
        self._discard_answer = False
        self._new_after_stop = False
        self._reopened = False
        self.progress = StreamProgress(status)
        self._sent: list[Any] = []
        bridge.prefill.connect(self._on_prefill)
        bridge.token.connect(self._on_token)
        bridge.finished.connect(self._on_finished)
        bridge.failed.connect(self._on_failed)

    def send(
        self,
        text: str,
        mode: Mode,
        case: Case | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Show, save and send a question (in ``mode``, about ``case``).

        Raises:
            InputError: The case is invalid, or the mode needs a question.
        """
        case_changed = self.session.set_case(case)
        self.session.ask(text, mode)
        shown = mode.shown(text)
        audit = {**(meta or {}), "mode": mode.stamp}

        def start(plan: BudgetPlan) -> None:  # only once it fits: nothing shown or saved before
            self.view.add_user(shown, override_flag(audit.get("phi_override")))
            if self.recorder.conversation_id is None:
                self.recorder.title = conversation_title(text, self.session.case, mode.label)
                self.title_changed.emit(self.recorder.title)
            if case_changed and self.session.case is not None:
                attached = self.session.case
                self._save(lambda: self.recorder.record_case(attached, title_hint=text))
            self._save(lambda: self.recorder.record_user(shown, audit))
            self._generate(plan)

        self._fit(start)

    def stop(self) -> None:
        """Stop the answer (or the reading of the case) in progress."""
        if self.generating:
            self.status.set_state("Stopping…")
            self._planner.stop_requested = self._planner.pending
            self.bridge.stop()

    def regenerate(self) -> None:
        """Drop the last answer and ask again (or answer a saved question left without one)."""
        if self.generating or not self.session.turns:
            return
        if self.session.drop_last_answer() is not None:
            self.view.remove_last("assistant")
        # On failure the question goes back to the composer, so it leaves the view too.
        self._fit(self._generate, lambda: self.view.remove_last("user"))

    def _fit(
        self, on_plan: Callable[[BudgetPlan], None], on_fail: Callable[[], None] | None = None
    ) -> None:
        """Plan the prompt on the engine's thread, then call ``on_plan``.

        If it cannot fit (or Stop was pressed meanwhile) the question is handed
        back to the composer and ``on_fail`` runs.
        """
        self.generating = True
        self.changed.emit()

        def planned(plan: BudgetPlan) -> None:
            if self._planner.stop_requested:
                self.status.set_state("Stopped")
                self._hand_back(on_fail)
                return
            self.session.omitted_exchanges = plan.omitted_exchanges
            if plan.newly_omitted:
                self.notice.emit(plan.notice())
            on_plan(plan)

        def failed(exc: Exception) -> None:
            message = str(exc) if isinstance(exc, KnownError) else failure_message(exc)
            self._hand_back(on_fail)
            self.error.emit(message)

        self._planner.plan(self.session, self.n_ctx, self.params.max_tokens, planned, failed)

    def _hand_back(self, on_fail: Callable[[], None] | None) -> None:
        """Give the unanswered question back to the composer; the controls come back."""
        self.generating = False
        unsent = self.session.take_unsent_question()
        if on_fail is not None:
            on_fail()
        if unsent is not None:
            self.unsent.emit(unsent)
        self.changed.emit()
        self.settled.emit()

    def _generate(self, plan: BudgetPlan) -> None:
        self.generating = True
        self.view.begin_answer(self.caveat)
        self.progress.begin(self._reopened)
        self.changed.emit()
        self._sent = list(plan.messages)
        self.answering.emit(self.recorder.conversation_id, True)
        self.bridge.generate(plan.messages, self.params)

    def _on_prefill(self, done: int, total: int) -> None:
        self.progress.prefill(done, total)

    def _on_token(self, chunk: str) -> None:
        if self.generating:
            self.progress.chunk()
            self.view.append_chunk(chunk)

    def _on_finished(self, usage: dict[str, Any]) -> None:
        if not self.generating:
            return
        self.generating = False
        self.status.set_busy(None)
        if self._discard_answer:
            self._discard_answer = False
            self.answering.emit(self.recorder.conversation_id, False)
            self.status.set_state("Ready")
            self.changed.emit()
            self.settled.emit()
            return
        stopped = bool(usage.get("stopped"))
        failure = str(usage.get("error") or "")
        note = f"Interrupted: the answer is incomplete. {failure}" if failure else STOPPED_NOTE
        text = self.view.current_answer()
        if text:  # saved first: showing it must never be what loses it
            self.session.add("assistant", text)
            meta: dict[str, Any] = {"mode": self.session.info[-1].mode}
            if "remote" in usage:  # what left the machine, for the audit trail
                meta["remote"] = usage["remote"]
            turn = self.view.turns[-1]
            turn.message_id = self._save(
                lambda: self.recorder.record_answer(
                    text,
                    usage,
                    self.params,
                    meta,
                    system_prompt=self.session.system_prompt,
                    prompt=self._sent,
                )
            )
            self.view.end_answer(note if stopped else "")
            self._reopened = False
            self.answer_saved.emit()
        else:
            self.view.end_answer()
            self.view.remove_last("assistant")
            if stopped and self.view.turns:
                note = STOPPED_READING_NOTE if self._reopened else STOPPED_EARLY_NOTE
                self.view.set_note(len(self.view.turns) - 1, note)
        if failure:
            self.error.emit(failure)
        self.answering.emit(self.recorder.conversation_id, False)  # after the save
        self.status.set_rate(float(usage.get("tokens_per_s") or 0.0))
        self.status.set_state("Stopped" if stopped else "Ready")
        self._settle()

    def _on_failed(self, message: str) -> None:
        self.generating = False
        self.answering.emit(self.recorder.conversation_id, False)
        self.status.set_busy(None)
        self.status.set_state("Ready")
        if self._discard_answer:
            self._discard_answer = False
            self.changed.emit()
            self.settled.emit()
            return
        self.view.end_answer()
        self.view.remove_last("assistant")
        # Never lose what the clinician wrote: give the unanswered message back.
        unsent = self.session.take_unsent_question()
        if unsent is not None:
            self.view.remove_last("user")
            self.unsent.emit(unsent)
        self.error.emit(message)
        self._settle()

    def _settle(self) -> None:
        """The send is over: start the new conversation asked for meanwhile, if any."""
        if self._new_after_stop:
            self._new_after_stop = False
            self._start_new()
        else:
            self.changed.emit()
        self.settled.emit()

    def _save(self, write: Callable[[], T]) -> T | None:
        """Write to history; on a known failure say so, keeping the conversation on screen."""
        try:
            result = write()
        except KnownError as exc:
            self.error.emit(f"Not saved to history: {exc}")
            return None
        if self.history_panel is not None:
            self.history_panel.refresh()
            self.history_panel.set_current(self.recorder.conversation_id)
        return result
