"""m004_audit_log and m005_feedback: built on the m003 schema with rows in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.keys.datakey import generate_data_key
from curbside.storage.driver import DatabaseError, connect_keyed
from curbside.storage.schema import migrate, migrations
from sqlite_utils import Database


def test_audit_and_feedback_tables_arrive_on_an_m003_database(tmp_path: Path) -> None:
    db = Database(connect_keyed(tmp_path / "old.db", generate_data_key()), execute_plugins=False)
    migrations.apply(db, stop_before="m004_audit_log")
    assert not db["audit_log"].exists()
    db["conversations"].insert(
        {"id": 1, "title": "t", "created": "t", "updated": "t", "model_id": "m"}
    )
    db["messages"].insert(
        {"id": 7, "conversation_id": 1, "role": "assistant", "content": "a", "created": "t"}
    )
    migrate(db)
    names = [m.name for m in migrations.applied(db)]
    assert names[3:5] == ["m004_audit_log", "m005_feedback"]
    assert list(db["audit_log"].columns_dict) == ["seq", "time", "event", "details", "prev", "hash"]
    assert db["audit_log"].pks == ["seq"]
    assert {t.name for t in db.triggers} >= {"audit_log_no_update", "audit_log_no_delete"}
    assert {i.name for i in db["audit_log"].indexes} >= {"audit_by_event", "audit_by_time"}
    assert {"message_id", "rating", "categories", "severity", "model_sha256", "mode"} <= set(
        db["feedback"].columns_dict
    )
    db.execute(
        "INSERT INTO feedback (message_id, rating, created, updated) VALUES (7, 1, 't', 't')"
    )
    with pytest.raises(DatabaseError):
        db.execute(
            "INSERT INTO feedback (message_id, rating, created, updated) VALUES (7, 2, 't', 't')"
        )
    db.execute("DELETE FROM conversations")  # ratings go with their answer
    assert db.execute("SELECT count(*) FROM feedback").fetchone() == (0,)
    db.close()
