"""Saving a conversation to history as each message completes.

The window and the CLI tell the recorder about each finished message; it
creates the conversation on the first one and appends the rest, so a crash
mid-answer loses at most the answer in flight. A stopped answer is saved with
what streamed, marked as stopped. Which model said what (its id and SHA-256)
and the generation settings go with every answer, for the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curbside.audit import answer_details, canonical
from curbside.chat.case import Case
from curbside.engine.base import GenerationParams
from curbside.models.catalog import load_catalog
from curbside.storage import Conversation, HistoryStore

TITLE_CHARS = 60
CASE_KIND = "case"
"""``meta["kind"]`` of the stored message that holds the conversation's case."""


@dataclass(frozen=True)
class ModelIdentity:
    """What the audit trail records about the model that answered."""

    id: str
    name: str
    sha256: str | None

    @classmethod
    def for_path(cls, path: Path, recorded_sha256: str | None = None) -> ModelIdentity:
        """Identify a model file by the catalog, else by its file name and recorded hash."""
        entry = load_catalog().by_file(path.name)
        if entry is not None:
            return cls(entry.id, entry.name, entry.sha256)
        return cls(path.stem, path.name, recorded_sha256)


def title_from(text: str) -> str:
    """Return a conversation title: the first non-empty line, shortened."""
    lines = (ln.strip().lstrip("#").strip() for ln in text.splitlines())
    line = next((ln for ln in lines if ln and ln != "Case"), "Conversation")
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


class ConversationRecorder:
    """Appends one conversation's messages to the history store.

    Args:
        store: The open history, or None when history is unavailable (then
            nothing is saved and every call is a no-op).
        model: The model answering.
    """

    def __init__(self, store: HistoryStore | None, model: ModelIdentity | None = None) -> None:
        self.store = store
        self.model = model
        self.conversation_id: int | None = None
        self.title: str | None = None
        """The title for the next conversation created (else one from its first text)."""

    def record_user(self, text: str, meta: dict[str, Any] | None = None) -> None:
        """Save the clinician's message (creating the conversation if needed)."""
        if self.store is None:
            return
        self._ensure_conversation(text)
        assert self.conversation_id is not None
        self.store.add_message(self.conversation_id, "user", text, meta=meta)

    def _ensure_conversation(self, title_source: str) -> None:
        if self.conversation_id is None and self.store is not None:
            model = self.model or ModelIdentity("unknown", "unknown", None)
            title = self.title or title_from(title_source)
            self.conversation_id = self.store.create_conversation(title, model.id, model.sha256)

    def record_case(self, case: Case, title_hint: str = "") -> None:
        """Save the case attached to the conversation (its fields, for reopening).

        Stored as a user-role message marked ``{"kind": "case"}`` in its
        metadata; reopening a conversation restores it into the case editor.
        """
        if self.store is None:
            return
        summary = " ".join(part for part in (case.age, case.sex, case.chief_complaint) if part)
        self._ensure_conversation(title_hint or summary or case.free_text or case.to_markdown())
        assert self.conversation_id is not None
        meta = {"kind": CASE_KIND, "fields": case.to_dict()}
        self.store.add_message(self.conversation_id, "user", case.to_markdown(), meta=meta)

    def record_answer(
        self,
        text: str,
        usage: dict[str, Any],
        params: GenerationParams,
        meta: dict[str, Any] | None = None,
        *,
        system_prompt: str = "",
        prompt: Sequence[Any] = (),
    ) -> int | None:
        """Save a finished (or stopped) answer with its figures and settings; return its id.

        The audit log gets an ``answer`` entry: ids, the model's SHA-256, the mode
        stamp, digests of the system prompt, of ``prompt`` (the messages the
        model was sent) and of the answer, the parameters, token counts and how
        it ended, and for a remote server its record (``meta["remote"]``: host,
        port, URL shape, the model asked for and the one that answered). Never
        the text itself, never an API key. The answer and its entry are
        committed in one transaction: if either cannot be written, neither is.
        """
        if self.store is None or self.conversation_id is None:
            return None
        model = self.model or ModelIdentity("unknown", "unknown", None)
        # Built before the transaction (digests take time; bad details fail first).
        details = answer_details(
            conversation_id=self.conversation_id,
            message_id=0,  # the new message's id, filled in inside the transaction
            model={"id": model.id, "name": model.name, "sha256": model.sha256},
            mode=str((meta or {}).get("mode") or ""),
            system_prompt=system_prompt,
            params=params.as_dict(),
            usage=usage,
            prompt=canonical(list(prompt)),
            answer=text,
            remote=(meta or {}).get("remote"),
        )
        canonical(details)
        return self.store.add_message(
            self.conversation_id,
            "assistant",
            text,
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            settings=params.as_dict(),
            model_sha256=model.sha256,
            stopped=bool(usage.get("stopped")),
            meta={"model_id": model.id, "model_name": model.name, **(meta or {})},
            audit=lambda message_id: ("answer", details | {"message_id": message_id}),
        )

    def start_new(self) -> None:
        """The next message starts a new conversation."""
        self.conversation_id = None
        self.title = None

    def open(self, conversation_id: int) -> Conversation:
        """Continue a saved conversation; return it (with its messages)."""
        if self.store is None:
            raise LookupError("history is not available")
        conversation = self.store.get_conversation(conversation_id)
        self.conversation_id = conversation_id
        return conversation
