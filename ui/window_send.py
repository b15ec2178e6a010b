"""The main window's conversation: send (behind the PHI guard), stop, new, reopen, card actions.

A mixin of :class:`curbside.ui.main_window.MainWindow`; the flow itself lives
in :class:`curbside.ui.chat_controller.ChatController`. "Send anyway" is
never one click: :meth:`ConversationSide.confirm_override` names the kinds of
identifier that will be kept, and the message is then marked on screen.
"""

from __future__ import annotations

from dataclasses import replace

from curbside.chat import Case, validate_user_text
from curbside.engine import GenerationParams
from curbside.errors import InputError
from curbside.privacy import Verdict, case_phi_categories, decide, machine_rules, redacted_case
from curbside.ui.answer_actions import copy_markdown, insert_quote
from curbside.ui.window_base import WindowParts
from PySide6.QtWidgets import QMessageBox


class ConversationSide(WindowParts):
    """Sending and the conversation's lifecycle for the main window."""

    def send(self, override: bool = False) -> None:
        """Send the question (in the chosen mode, about the case) once the PHI guard allows it.

        Ignored while generating or with no model. With unresolved identifiers
        in the question or the case, the send is blocked unless ``override``
        (the clinician's explicit "Send anyway", confirmed), which is recorded
        with the categories left, never the text.
        """
        if self.chat.generating or self.loader.current is None:
            return
        draft = self.composer.toPlainText()
        try:
            text = validate_user_text(draft) if draft.strip() else ""
        except InputError as exc:
            self.show_error(str(exc))
            return
        case = self.case_editor.case()
        if not text and case.is_empty():
            self.show_error("The message is empty. Type or paste a case or a question.")
            return
        decided = self._phi_left(text, case, override)
        if decided is None:
            return
        verdict, found = decided
        left = list(verdict.categories)
        if override and left and not self.confirm_override(left):
            self.composer.setFocus()
            return
        self.audit.phi_decision(verdict, found, "window")  # only what was really sent
        self._clear_for_remote(text, case)
        meta = {"phi_override": left} if override else None
        self.chat.params = self._params_for_mode()
        self.chat.caveat = self.demo_caveat()
        self.clear_error()
        self.composer.clear()  # a question that cannot be answered comes back via `unsent`
        self.phi_guard.reset()
        try:
            self.chat.send(text, self.mode_bar.current_mode(), case, meta)
        except InputError as exc:
            self.composer.setPlainText(draft)
            self.show_error(str(exc))
        self.composer.setFocus()

    def confirm_override(self, categories: list[str]) -> bool:
        """Ask before sending with identifiers left in; True to go ahead (tests replace this)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Send with identifiers?")
        box.setText(f"Send with possible identifiers left in: {', '.join(categories)}?")
        remote = self.loader.current.remote if self.loader.current is not None else None
        where = (
            f"the remote server {remote.name} ({remote.host}), as your administrator's policy "
            "allows,"
            if remote is not None
            else "the model on this computer"
        )
        box.setInformativeText(
            f"They go to {where} and are saved in the encrypted history. "
            "The message will be marked, and the override recorded (the kinds of identifier, "
            "never the text). Titles, file names and the window title stay redacted."
        )
        send = box.addButton("Send with identifiers", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is send

    def _phi_left(self, text: str, case: Case, override: bool) -> tuple[Verdict, list[str]] | None:
        """Return the verdict and what was found (the categories left in), or None if blocked.

        A blocked send is recorded in the audit trail here; an allowed one by the
        caller, once the clinician has confirmed an override.
        """
        found: list[str] = []
        if text:
            found.extend(self.phi_guard.ensure_clear_before_send(override=override).categories)
        in_case = case_phi_categories(case) if not case.is_empty() else []
        remote = self.loader.current is not None and self.loader.current.remote is not None
        verdict = decide("remote" if remote else "send", [*found, *in_case], override=override)
        if not verdict.allowed:
            self.audit.phi_decision(verdict, [*found, *in_case], "window")
            where = "The case" if in_case and not found else "The text"
            self.show_error(
                f"{where} has possible identifiers ({', '.join(verdict.categories)}). "
                + verdict.hint,
                send_anyway=not remote or machine_rules().allow_remote_override,
                redact_case=bool(in_case),
            )
            return None
        return verdict, [*found, *in_case]

    def _clear_for_remote(self, text: str, case: Case) -> None:
        """Tell a remote server's PHI gate what the window decided may go.

        The window decides with the clinician's "not PHI" marks and, where the
        policy allows remote overrides, a confirmed "Send anyway"; the gate in
        the engine then lets exactly that question and that case pass, and
        still checks everything else (the system prompt, earlier turns).
        """
        if self.loader.current is None or self.loader.current.remote is None:
            return
        if text:
            self.remote_gate.clear(self.mode_bar.current_mode().render_request(text))
        if not case.is_empty():
            self.remote_gate.clear_case(case.to_markdown())

    def redact_case(self) -> None:
        """Replace the identifiers in every field of the case with placeholders."""
        self.case_editor.set_case(redacted_case(self.case_editor.case()))
        self.clear_error()
        self.send_button.setFocus() if self.send_button.isEnabled() else self.composer.setFocus()

    def _params_for_mode(self) -> GenerationParams:
        """The settings for the next answer, by the one precedence rule (settings_rule)."""
        return self.mode_bar.params()

    def _on_draft_changed(self, *_: object) -> None:
        self._update_controls()
        self.status.clear_transient()
        if self.loader.current is None:
            return
        draft, mode = self.composer.toPlainText(), self.mode_bar.current_mode()
        case = self.case_editor.case()
        session = self.chat.session
        # A copy: the count runs on the engine's thread while the session moves on.
        preview = replace(
            session,
            case=None if case.is_empty() else case,
            turns=list(session.turns),
            info=list(session.info),
        )
        n_ctx, max_tokens = self.chat.n_ctx, self.mode_bar.params().max_tokens
        self.meter.request_update(
            lambda count: preview.preview_plan(draft, mode, count, n_ctx, max_tokens)
        )

    def stop(self) -> None:
        """Stop the answer (or the reading of the case); focus returns to the composer."""
        self.chat.stop()
        self.composer.setFocus()

    def escape(self) -> None:
        """Esc: stop an answer; otherwise leave presentation mode."""
        if self.chat.generating:
            self.stop()
        elif self.zoom.presenting:
            self.presentation_action.setChecked(False)

    def regenerate(self) -> None:
        """Drop the last answer and ask again."""
        if self.loader.current is not None:
            self.chat.caveat = self.demo_caveat()
            self.chat.regenerate()

    def new_conversation(self) -> None:
        """Start over with an empty conversation and case.

        During an answer, ask first: the answer is then stopped and kept,
        marked stopped, in the conversation being left.
        """
        if self.chat.generating and not self.confirm_new_during_answer():
            return
        self.chat.new_conversation()
        self.case_editor.clear()
        self.clear_error()
        self.setWindowTitle(self.base_title())
        self.composer.setFocus()

    def confirm_new_during_answer(self) -> bool:
        """Ask whether to stop the answer and start anew (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "Stop the answer?",
            "Curbside is still answering. Stop the answer and start a new conversation? "
            "What was written so far is kept in this conversation, marked as stopped.",
            defaultButton=QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_conversation(self, conversation_id: int) -> None:
        """Show a saved conversation and continue it."""
        self.clear_error()
        self.chat.open_conversation(conversation_id)

    def _give_back(self, text: str) -> None:
        if not self.composer.toPlainText().strip():
            self.composer.setPlainText(text)

    def on_card_action(self, action: str, index: int) -> None:
        """Run a message card's action (copy, quote, regenerate, feedback)."""
        turn = self.view.turns[index]
        if action == "copy":
            copy_markdown(turn.text)
            self.status.flash("Copied to the clipboard.")
        elif action == "quote":
            selected = self.view.textCursor().selectedText()
            insert_quote(self.composer, selected if selected.strip() else turn.text)
        elif action == "regenerate" and index == len(self.view.turns) - 1:
            self.regenerate()
        elif action == "feedback":
            self.feedback_requested.emit(index)

    def base_title(self) -> str:
        """The window title with no conversation open."""
        return "Curbside — offline clinical reasoning assistant"
