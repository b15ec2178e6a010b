"""A saved conversation shown again, and the notes the conversation view can carry.

Reopening a conversation rebuilds both sides from history: the
:class:`curbside.chat.ChatSession` (what the model will be sent) and the
:class:`curbside.ui.chat_view.ChatView` (what the clinician sees), the case
first, each question in the mode it was asked in, answers with their ids (for
feedback) and the "stopped" note where they were cut short.
"""

from __future__ import annotations

from curbside.chat import CASE_KIND, Case, ChatSession
from curbside.prompts import mode_from_stamp
from curbside.storage import Conversation
from curbside.ui.chat_view import ChatView

STOPPED_NOTE = "Stopped: the answer is incomplete."
UNANSWERED_NOTE = (
    "The last question has no saved answer (Curbside closed before it finished). "
    "Press Regenerate to ask it again."
)
CASE_ONLY_NOTE = (
    "Only the case was saved (Curbside closed before the question). "
    "Choose a mode or type a question, then press Send."
)
STOPPED_EARLY_NOTE = "Stopped before any answer was written."
STOPPED_READING_NOTE = (
    "Stopped while re-reading the conversation: nothing was answered. Send again to continue."
)


def replay(conversation: Conversation, session: ChatSession, view: ChatView) -> None:
    """Replace what ``session`` and ``view`` hold with the saved ``conversation``."""
    session.clear()
    session.set_case(None)
    view.clear_conversation()
    for message in conversation.messages:
        meta = message.meta or {}
        if meta.get("kind") == CASE_KIND:
            session.set_case(Case.from_mapping(meta.get("fields") or {}))
        elif message.role == "user":
            mode = mode_from_stamp(meta.get("mode"))
            session.ask("" if message.content == mode.shown("") else message.content, mode)
            view.add_user(message.content, override_flag(meta.get("phi_override")))
        elif message.role == "assistant":
            session.add("assistant", message.content)
            note = STOPPED_NOTE if message.stopped else ""
            view.add_answer(message.content, note, message_id=message.id)


def override_flag(categories: object) -> str:
    """The mark on a message sent with identifiers left in ("" for none)."""
    if not categories or not isinstance(categories, list):
        return ""
    return f"Sent anyway with possible identifiers left in: {', '.join(map(str, categories))}"
