"""What each audited event records, in one place.

Each builder returns the ``details`` of one event type. They take plain values
(ids, hashes, counts, settings) and turn any case text they are given into a
SHA-256 digest, so no caller can put a question, an answer or a comment into
the log by mistake. An answer from a remote server carries a ``remote``
section (:func:`remote_details`). Event types:

``history.unlock`` / ``history.lock``, ``model.load``, ``answer``,
``phi.blocked`` / ``phi.override``, ``export``, ``feedback.add`` /
``feedback.change`` / ``feedback.delete``, ``settings.change``,
``policy.change`` / ``model.settings`` (:mod:`.config_changes`),
``conversation.delete`` / ``history.delete_all`` / ``history.retention``,
``audit.checkpoint``.
"""

from __future__ import annotations

from typing import Any

from curbside.audit.chain import digest

EVENT_TYPES = (
    "history.unlock",
    "history.lock",
    "model.load",
    "answer",
    "phi.blocked",
    "phi.override",
    "export",
    "feedback.add",
    "feedback.change",
    "feedback.delete",
    "settings.change",
    "policy.change",
    "model.settings",
    "conversation.delete",
    "history.delete_all",
    "history.retention",
    "audit.checkpoint",
)
"""Every event type the app records (the Audit view's filter)."""


def answer_details(
    *,
    conversation_id: int,
    message_id: int,
    model: dict[str, Any],
    mode: str,
    system_prompt: str,
    params: dict[str, Any],
    usage: dict[str, Any],
    prompt: str,
    answer: str,
    remote: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Details of one answer: who said it, with which settings, and digests of the text.

    Args:
        model: ``id``, ``name`` and ``sha256`` of the model.
        mode: The mode stamp (``id@version``).
        system_prompt: The system prompt in force (recorded as a digest).
        params: The generation parameters.
        usage: Token counts and how the answer ended (``stopped``, ``finish_reason``).
        prompt: What the model was asked (the question, recorded as a digest).
        answer: The answer text (recorded as a digest).
        remote: For an answer from a remote server, its record (see
            :func:`remote_details`); None for the local engine.
    """
    ended = "stopped" if usage.get("stopped") else str(usage.get("finish_reason") or "complete")
    details = {
        "conversation_id": conversation_id,
        "message_id": message_id,
        "model": {k: model.get(k) for k in ("id", "name", "sha256")},
        "mode": mode,
        "system_prompt_sha256": digest(system_prompt),
        "params": params,
        "prompt_tokens": usage.get("prompt_tokens"),
        "completion_tokens": usage.get("completion_tokens"),
        "prompt_sha256": digest(prompt),
        "answer_sha256": digest(answer),
        "ended": ended,
    }
    if remote is not None:
        details["remote"] = remote_details(remote)
    return details


REMOTE_FIELDS = {
    "backend": str,
    "host": str,
    "port": int,
    "shape": str,
    "auth": str,
    "model": str,
    "reported_model": str,
    "n_ctx": int,
    "prompt_sha256": str,
    "sent_at": float,
    "finish_reason": str,
}
"""What an audit entry keeps of a remote answer's record, and each value's type."""


def remote_details(record: dict[str, Any]) -> dict[str, Any]:
    """The remote server's part of an answer entry: where it ran and which model said it.

    Only :data:`REMOTE_FIELDS` are kept, each of its type (texts cut to 200
    characters), so neither case text nor an API key can ride along in the
    record: the auth *style* is kept, never a key.
    """
    kept: dict[str, Any] = {}
    for name, kind in REMOTE_FIELDS.items():
        value = record.get(name)
        if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
            kept[name] = float(value)
        elif kind is int and isinstance(value, int) and not isinstance(value, bool):
            kept[name] = value
        elif kind is str and isinstance(value, str):
            kept[name] = value[:200]
        else:
            kept[name] = None
    return kept


def model_load_details(
    *,
    path_name: str,
    sha256: str | None,
    size: int | None,
    quantization: str | None,
    options: dict[str, Any],
    versions: dict[str, str],
) -> dict[str, Any]:
    """Details of a model load: the file's identity, the build and the load options."""
    return {
        "file": path_name,
        "sha256": sha256,
        "size": size,
        "quantization": quantization,
        "options": options,
        **versions,
    }


def phi_details(
    *, action: str, categories: list[str] | tuple[str, ...], counts: dict[str, int], where: str
) -> dict[str, Any]:
    """Details of a PHI decision: categories and counts only, never the text."""
    return {
        "action": action,
        "categories": sorted(set(categories)),
        "counts": dict(sorted(counts.items())),
        "where": where,
    }


def export_details(
    *, what: str, fmt: str, redacted: bool, count: int, ids: list[int] | None = None
) -> dict[str, Any]:
    """Details of an export: what left, in which format, redacted or not."""
    details: dict[str, Any] = {"what": what, "format": fmt, "redacted": redacted, "count": count}
    if ids is not None:
        details["ids"] = ids
    return details
