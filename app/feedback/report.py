"""Rated answers with their question and answer, redacted by default, for exports.

Redaction is the export rule's own: each conversation holding a rated answer
is redacted as a whole by :func:`curbside.privacy.redacted_conversation`, with
the rating comments added as extra texts, so a name found anywhere in the
conversation is replaced everywhere (placeholders numbered consistently), and
the export holds no identifier that the redacted conversation does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from curbside.chat import CASE_KIND
from curbside.errors import ConversationNotFoundError
from curbside.feedback.model import Feedback
from curbside.privacy import Detector, ScanCache, redacted_conversation
from curbside.storage import Conversation, HistoryStore, Message


@dataclass(frozen=True)
class RatedAnswer:
    """One rated answer as exported.

    Attributes:
        feedback: The rating and what produced the answer.
        question: The clinician's question (or the mode's request) before the answer.
        answer: The answer text.
        comment: The rating's comment.
    """

    feedback: Feedback
    question: str
    answer: str
    comment: str

    def as_dict(self, *, text: bool = True) -> dict[str, Any]:
        """Return the JSONL object: ids, time, model, mode, rating and (with ``text``) texts."""
        fb, rating = self.feedback, self.feedback.rating
        record: dict[str, Any] = {
            "answer_id": fb.message_id,
            "conversation_id": fb.conversation_id,
            "time": fb.updated,
            "rated_at": fb.created,
            "model": {"name": fb.model_name, "sha256": fb.model_sha256},
            "mode": fb.mode,
            "params": fb.params,
            "rating": rating.rating,
            "helpfulness": rating.helpfulness,
            "categories": list(rating.categories),
            "severity": rating.severity,
        }
        if text:
            record |= {"comment": self.comment, "question": self.question, "answer": self.answer}
        return record


def rated_answers(
    store: HistoryStore,
    ratings: list[Feedback],
    *,
    redact: bool = True,
    scan: Detector | None = None,
) -> Iterator[RatedAnswer]:
    """Yield each rating with its question, answer and comment (redacted unless told not).

    Yields in the order of ``ratings``, reading and redacting each conversation
    when its first rating comes up and keeping only the texts still to be
    yielded, so an export can be written as it goes. Each distinct text is
    scanned once (``scan``, a fresh :class:`curbside.privacy.ScanCache` by default).
    """
    scan = scan or ScanCache()
    by_conversation: dict[int, list[Feedback]] = defaultdict(list)
    for feedback in ratings:
        by_conversation[feedback.conversation_id].append(feedback)
    texts: dict[int, tuple[str, str, str]] = {}
    read: set[int] = set()
    for feedback in ratings:
        conversation_id = feedback.conversation_id
        if conversation_id not in read:
            read.add(conversation_id)
            try:
                conversation = store.get_conversation(conversation_id)
            except ConversationNotFoundError:
                continue  # deleted meanwhile: its ratings went with it
            texts |= _texts(conversation, by_conversation[conversation_id], redact, scan)
        found = texts.pop(feedback.message_id, None)
        if found is not None:
            yield RatedAnswer(feedback, *found)


def _texts(
    conversation: Conversation, group: list[Feedback], redact: bool, scan: Detector
) -> dict[int, tuple[str, str, str]]:
    comments = [
        Message(-fb.message_id, conversation.id, "user", fb.rating.comment, "")
        for fb in group
        if fb.rating.comment
    ]
    if redact:
        widened = replace(conversation, messages=[*conversation.messages, *comments])
        cleaned = redacted_conversation(widened, scan).messages
    else:
        cleaned = [*conversation.messages, *comments]
    content = {message.id: message.content for message in cleaned}
    question_of = _questions(conversation.messages, content)
    return {
        fb.message_id: (
            question_of.get(fb.message_id, ""),
            content.get(fb.message_id, ""),
            content.get(-fb.message_id, ""),
        )
        for fb in group
    }


def _questions(messages: list[Message], content: dict[int, str]) -> dict[int, str]:
    """Map each answer's id to the last question before it (cases are not questions)."""
    questions: dict[int, str] = {}
    last = ""
    for message in messages:
        if message.role == "user" and (message.meta or {}).get("kind") != CASE_KIND:
            last = content.get(message.id, message.content)
        elif message.role == "assistant":
            questions[message.id] = last
    return questions
