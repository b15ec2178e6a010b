"""The history schema as ordered, named migrations (sqlite-utils ``Migrations``).

Applied when the database opens, each in its own transaction. Names are never
reused or reordered: add a new function at the end to change the schema.

* ``m001_conversations_messages``: the two tables. Messages cascade away with
  their conversation; ``role`` is checked.
* ``m002_full_text_index``: FTS5 indexes over message content and conversation
  titles (external content, kept in sync by triggers, back-filled from rows that
  already exist). FTS5 ``secure-delete`` makes deleted text leave the index too.
* ``m003_message_audit``: ``stopped`` and a free JSON ``meta`` column on messages
  (prompt mode, PHI overrides and the like, for audit).
* ``m004_audit_log``: the hash-chained audit log (:mod:`curbside.audit`),
  separate from conversation content; triggers make it append-only, and
  deleting conversations never touches it.
* ``m005_feedback``: clinicians' ratings of answers, one per answer, going with
  the answer when its conversation is deleted.
* ``m006_evaluation_runs``: evaluation runs (``curbside eval``), their answers
  (one row per model and item, unique, so a resumed run never stores an answer
  twice) and the judge's grades; answers hold model output about case text, so
  they live here, encrypted, rather than in plain files.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("curbside.history")

_TOKENIZER = "porter unicode61 remove_diacritics 2"


@migrations()
def m001_conversations_messages(db: Database) -> None:
    """Create ``conversations`` and ``messages``."""
    db.execute(
        """CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            model_id TEXT NOT NULL,
            model_sha256 TEXT,
            pinned INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL
                REFERENCES conversations(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL,
            created TEXT NOT NULL,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            settings TEXT,
            model_sha256 TEXT
        )"""
    )
    db.execute("CREATE INDEX messages_by_conversation ON messages(conversation_id, id)")
    db.execute("CREATE INDEX conversations_by_recency ON conversations(archived, pinned, updated)")


def _fts(db: Database, fts: str, table: str, column: str) -> None:
    db.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{_TOKENIZER}')"
    )
    db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('secure-delete', 1)")
    new_row = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    old_row = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    db.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {new_row} END")
    db.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {old_row} END")
    db.execute(
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {column} ON {table} "
        f"BEGIN {old_row} {new_row} END"
    )
    db.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


@migrations()
def m002_full_text_index(db: Database) -> None:
    """Index message content and conversation titles with FTS5, synced by triggers."""
    _fts(db, "messages_fts", "messages", "content")
    _fts(db, "conversations_fts", "conversations", "title")


@migrations()
def m003_message_audit(db: Database) -> None:
    """Add ``stopped`` and ``meta`` (free JSON for audit) to messages."""
    db.execute("ALTER TABLE messages ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE messages ADD COLUMN meta TEXT")


@migrations()
def m004_audit_log(db: Database) -> None:
    """Create the append-only ``audit_log`` (UPDATE and DELETE refused by triggers)."""
    db.execute(
        """CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            event TEXT NOT NULL,
            details TEXT NOT NULL,
            prev TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX audit_by_event ON audit_log(event, seq)")
    db.execute("CREATE INDEX audit_by_time ON audit_log(time)")
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )


@migrations()
def m005_feedback(db: Database) -> None:
    """Create ``feedback``: one rating per answer, with what produced the answer."""
    db.execute(
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL UNIQUE
                REFERENCES messages(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
            helpfulness INTEGER CHECK (helpfulness BETWEEN 1 AND 5),
            categories TEXT NOT NULL DEFAULT '[]',
            severity TEXT CHECK (severity IN ('major', 'minor')),
            comment TEXT NOT NULL DEFAULT '',
            comment_phi TEXT,
            model_name TEXT,
            model_sha256 TEXT,
            mode TEXT,
            params TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX feedback_by_time ON feedback(created)")
    db.execute("CREATE INDEX feedback_by_model ON feedback(model_sha256, mode)")


@migrations()
def m006_evaluation_runs(db: Database) -> None:
    """Create ``eval_runs``, ``eval_answers`` and ``eval_grades``."""
    db.execute(
        """CREATE TABLE eval_runs (
            id INTEGER PRIMARY KEY,
            run_key TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            set_name TEXT NOT NULL,
            set_sha256 TEXT NOT NULL,
            config TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE eval_answers (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
            model_key TEXT NOT NULL,
            item_id TEXT NOT NULL,
            answer TEXT NOT NULL,
            usage TEXT NOT NULL,
            score TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (run_id, model_key, item_id)
        )"""
    )
    db.execute(
        """CREATE TABLE eval_grades (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES eval_answers(id) ON DELETE CASCADE,
            judge_key TEXT NOT NULL,
            criterion INTEGER NOT NULL,
            met INTEGER,
            reply TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (answer_id, judge_key, criterion)
        )"""
    )


def migrate(db: Database) -> None:
    """Apply every pending migration."""
    migrations.apply(db)
