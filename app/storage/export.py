"""Export one conversation as Markdown, JSON or HTML (the PDF is rendered from the HTML).

Exports are plaintext by nature: they leave the encrypted database. Every export
carries the title, the model name and SHA-256, the timestamps, and ``app.NOTICE``.
Files are written atomically and readable by the owner only.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from curbside import NOTICE, __version__
from curbside.errors import ExportError
from curbside.infra import atomic_write
from curbside.prompts import mode_from_stamp
from curbside.storage.faults import from_os_error
from curbside.storage.models import Conversation, Message

FORMATS = ("md", "json", "pdf")
_ROLE_LABEL = {"user": "You", "assistant": "Curbside", "system": "System"}
"""The words the app itself uses for the two sides of a conversation."""


def human_time(iso: str) -> str:
    """Return a stored ISO timestamp as local time a person reads ("1 Dec 2026, 16:52")."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%-d %b %Y, %H:%M")
    except ValueError:
        return iso


def message_heading(msg: Message) -> str:
    """Return "You — 1 Dec 2026, 16:52 · Differential diagnosis" (with stopped/case marks)."""
    meta = msg.meta or {}
    label = "Case" if meta.get("kind") == "case" else _ROLE_LABEL.get(msg.role, msg.role)
    mode = f" · {mode_from_stamp(meta['mode']).label}" if meta.get("mode") else ""
    stopped = " (stopped before the end)" if msg.stopped else ""
    return f"{label} — {human_time(msg.created)}{mode}{stopped}"


def model_name(model_id: str) -> str:
    """Return the catalog's display name for ``model_id`` (the id itself if unknown)."""
    try:
        from curbside.models.catalog import load_catalog

        entry = load_catalog().find(model_id)
    except (OSError, ValueError, KeyError):
        return model_id
    return entry.name if entry else model_id


def header(conv: Conversation) -> dict[str, Any]:
    """Return the facts every export starts with."""
    return {
        "title": conv.title,
        "model_name": model_name(conv.model_id),
        "model_id": conv.model_id,
        "model_sha256": conv.model_sha256,
        "created": conv.created,
        "updated": conv.updated,
        "exported_by": f"Curbside {__version__}",
        "notice": NOTICE,
    }


def to_markdown(conv: Conversation) -> str:
    """Return the conversation as Markdown."""
    head = header(conv)
    lines = [
        f"# {conv.title}",
        "",
        f"> {NOTICE}",
        "",
        f"- Model: {head['model_name']} (`{conv.model_id}`)",
        f"- Model SHA-256: `{conv.model_sha256 or 'unknown'}`",
        f"- Created: {human_time(conv.created)}",
        f"- Updated: {human_time(conv.updated)}",
        "",
    ]
    for msg in conv.messages:
        lines += [f"## {message_heading(msg)}", ""]
        lines += [msg.content, ""]
    lines += ["---", "", f"*{NOTICE}*", ""]
    return "\n".join(lines)


def to_json(conv: Conversation) -> str:
    """Return the conversation as JSON (header fields plus every message)."""
    messages = [
        {
            "id": m.id,
            "role": m.role,
            "content": m.content,
            "created": m.created,
            "prompt_tokens": m.prompt_tokens,
            "completion_tokens": m.completion_tokens,
            "settings": m.settings,
            "model_sha256": m.model_sha256,
            "stopped": m.stopped,
            "meta": m.meta,
        }
        for m in conv.messages
    ]
    document = {"format": "curbside-conversation", "version": 1, **header(conv)}
    document["messages"] = messages
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_html(conv: Conversation) -> str:
    """Return the conversation as a self-contained, fully escaped HTML document."""
    head = header(conv)
    e = html.escape
    parts = [
        f"<html><head><meta charset='utf-8'><title>{e(conv.title)}</title></head><body>",
        f"<h1>{e(conv.title)}</h1>",
        f"<p><b>{e(NOTICE)}</b></p>",
        "<p>",
        f"Model: {e(head['model_name'])} ({e(conv.model_id)})<br>",
        f"Model SHA-256: <tt>{e(conv.model_sha256 or 'unknown')}</tt><br>",
        f"Created: {e(human_time(conv.created))}<br>Updated: {e(human_time(conv.updated))}",
        "</p><hr>",
    ]
    for msg in conv.messages:
        parts.append(f"<h3>{e(message_heading(msg))}</h3>")
        parts.append(f"<p style='white-space: pre-wrap'>{e(msg.content)}</p>")
    parts.append(f"<hr><p><i>{e(NOTICE)}</i></p></body></html>")
    return "\n".join(parts)


def write_text_export(conv: Conversation, fmt: str, path: Path) -> None:
    """Write a Markdown or JSON export to ``path`` (atomically, owner-only).

    Raises:
        ExportError: Unknown format.
        KnownError: The file cannot be written (read-only, disk full).
    """
    renderers = {"md": to_markdown, "json": to_json}
    if fmt not in renderers:
        raise ExportError(f"Unknown export format {fmt!r}.", "Use md or json (pdf needs Qt).")
    write_private(path, renderers[fmt](conv).encode("utf-8"))


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, mode 0600; OS failures become typed errors."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise from_os_error(exc, path) from exc
