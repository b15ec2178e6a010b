"""Feedback in the encrypted history: rate, change, delete, list, each audited.

One rating per answer. A rating copies what produced the answer (model name
and SHA-256, mode stamp, parameters) from the stored message, so the link
survives later model or prompt changes. The free-text comment is checked by
the PHI guard under the one rule (:func:`curbside.privacy.decide`, action
``save``): a comment with identifiers is refused unless the clinician overrides,
and then the categories are stored with it and audited. The audit log records
each change with the rating's fields and a digest of the comment, never the
comment. Ratings go with their answer when its conversation is deleted.
"""

from __future__ import annotations

import json
from typing import Any

from curbside.audit import append_in, digest
from curbside.deid import detect
from curbside.errors import InputError
from curbside.feedback.model import Feedback, FeedbackFilter, Rating
from curbside.privacy import decide, record_verdict
from curbside.storage import HistoryStore

_SELECT = """SELECT f.id, f.message_id, m.conversation_id, f.rating, f.helpfulness,
    f.categories, f.severity, f.comment, f.model_name, f.model_sha256, f.mode, f.params,
    f.created, f.updated, f.comment_phi
    FROM feedback f JOIN messages m ON m.id = f.message_id"""


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="microseconds")


class FeedbackStore:
    """Ratings of answers in one open history.

    Args:
        history: The open history store.
    """

    def __init__(self, history: HistoryStore) -> None:
        self.history = history

    def rate(self, message_id: int, rating: Rating, *, allow_phi: bool = False) -> Feedback:
        """Add or change the rating of answer ``message_id``; return it as stored.

        Raises:
            InputError: The rating is invalid, the message is not an answer, or the
                comment holds identifiers and ``allow_phi`` is False.
        """
        rating = rating.checked()
        found = [finding.label for finding in detect(rating.comment)] if rating.comment else []
        verdict = decide("save", found, override=allow_phi, how_to_override="save anyway")
        if verdict.status != "clear":
            record_verdict(self.history.audit, verdict, found, "feedback comment")
        if not verdict.allowed:
            raise InputError(verdict.message, verdict.hint)
        phi = json.dumps(list(verdict.categories)) if verdict.overridden else None
        self.history.write(lambda db: _upsert(db, message_id, rating, phi))
        stored = self.get(message_id)
        assert stored is not None
        return stored

    def delete(self, message_id: int) -> bool:
        """Remove the rating of ``message_id``; return False when there was none."""

        def remove(db: Any) -> bool:
            row = db.execute("SELECT id FROM feedback WHERE message_id = ?", [message_id])
            found = row.fetchone()
            if found is None:
                return False
            db.execute("DELETE FROM feedback WHERE id = ?", [found[0]])
            append_in(db, "feedback.delete", {"feedback_id": found[0], "message_id": message_id})
            return True

        return self.history.write(remove)

    def get(self, message_id: int) -> Feedback | None:
        """Return the rating of ``message_id``, or None."""
        sql = f"{_SELECT} WHERE f.message_id = ?"
        row = self.history.read(lambda db: db.execute(sql, [message_id]).fetchone())
        return None if row is None else _feedback(row)

    def for_conversation(self, conversation_id: int) -> dict[int, Feedback]:
        """Return the ratings of a conversation's answers, by message id."""
        sql = f"{_SELECT} WHERE m.conversation_id = ?"
        rows = self.history.read(lambda db: db.execute(sql, [conversation_id]).fetchall())
        return {row[1]: _feedback(row) for row in rows}

    def find(self, where: FeedbackFilter | None = None, limit: int | None = None) -> list[Feedback]:
        """Return ratings matching ``where``, most recent first."""
        clauses, params = _clauses(where or FeedbackFilter())
        sql = _SELECT + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
        sql += " ORDER BY f.created DESC, f.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.history.read(lambda db: db.execute(sql, params).fetchall())
        return [_feedback(row) for row in rows]

    def models_and_modes(self) -> tuple[list[tuple[str, str]], list[str]]:
        """Return the (SHA-256, name) of rated models and the rated mode stamps."""

        def query(db: Any) -> tuple[list[tuple[str, str]], list[str]]:
            models = db.execute(
                "SELECT DISTINCT coalesce(model_sha256, ''), coalesce(model_name, '') "
                "FROM feedback ORDER BY 2"
            ).fetchall()
            modes = db.execute("SELECT DISTINCT coalesce(mode, '') FROM feedback ORDER BY 1")
            return [tuple(m) for m in models], [m[0] for m in modes.fetchall()]

        return self.history.read(query)


def _upsert(db: Any, message_id: int, rating: Rating, phi: str | None) -> None:
    source = db.execute(
        "SELECT role, model_sha256, settings, meta FROM messages WHERE id = ?", [message_id]
    ).fetchone()
    if source is None or source[0] != "assistant":
        raise InputError(f"Message {message_id} is not a saved answer.", "Rate an answer.")
    meta = json.loads(source[3]) if source[3] else {}
    stamp = _now()
    values = {
        "rating": rating.rating,
        "helpfulness": rating.helpfulness,
        "categories": json.dumps(list(rating.categories)),
        "severity": rating.severity,
        "comment": rating.comment,
        "comment_phi": phi,
        "updated": stamp,
    }
    existing = db.execute("SELECT id FROM feedback WHERE message_id = ?", [message_id]).fetchone()
    if existing is None:
        values |= {
            "message_id": message_id,
            "model_name": meta.get("model_name"),
            "model_sha256": source[1],
            "mode": meta.get("mode"),
            "params": source[2],
            "created": stamp,
        }
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = db.execute(
            f"INSERT INTO feedback ({columns}) VALUES ({marks})", list(values.values())
        )
        feedback_id, event = cursor.lastrowid, "feedback.add"
    else:
        assignments = ", ".join(f"{k} = ?" for k in values)
        db.execute(
            f"UPDATE feedback SET {assignments} WHERE id = ?", [*values.values(), existing[0]]
        )
        feedback_id, event = existing[0], "feedback.change"
    details = {
        "feedback_id": feedback_id,
        "message_id": message_id,
        "model_sha256": source[1],
        "mode": meta.get("mode"),
        "rating": rating.rating,
        "helpfulness": rating.helpfulness,
        "categories": list(rating.categories),
        "severity": rating.severity,
        "comment_sha256": digest(rating.comment) if rating.comment else None,
        "comment_phi": json.loads(phi) if phi else None,
    }
    append_in(db, event, details)


def _clauses(where: FeedbackFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.model:
        clauses.append("(f.model_sha256 = ? OR f.model_name = ?)")
        params += [where.model, where.model]
    if where.mode:
        clauses.append("(f.mode = ? OR substr(f.mode, 1, ?) = ?)")
        params += [where.mode, len(where.mode) + 1, where.mode + "@"]
    if where.rating is not None:
        clauses.append("f.rating = ?")
        params.append(where.rating)
    if where.category:
        clauses.append("EXISTS (SELECT 1 FROM json_each(f.categories) WHERE value = ?)")
        params.append(where.category)
    if where.severity:
        clauses.append("f.severity = ?")
        params.append(where.severity)
    if where.since:
        clauses.append("f.created >= ?")
        params.append(where.since)
    if where.until:
        clauses.append("f.created < ?")
        params.append(where.until)
    return clauses, params


def _feedback(row: Any) -> Feedback:
    categories = tuple(json.loads(row[5] or "[]"))
    rating = Rating(row[3], row[4], categories, row[6], row[7] or "")
    params = json.loads(row[11]) if row[11] else {}
    phi = tuple(json.loads(row[14])) if row[14] else ()
    return Feedback(
        row[0], row[1], row[2], rating, row[8], row[9], row[10], params, row[12], row[13], phi
    )
