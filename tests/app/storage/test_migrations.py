"""Migrations: build the old schema, add data, migrate, check columns, indexes and triggers."""

from __future__ import annotations

from pathlib import Path

from curbside.keys.datakey import generate_data_key
from curbside.storage.driver import connect_keyed
from curbside.storage.schema import migrate, migrations
from sqlite_utils import Database


def _old_database(path: Path) -> Database:
    db = Database(connect_keyed(path, generate_data_key()), execute_plugins=False)
    migrations.apply(db, stop_before="m002_full_text_index")
    return db


def test_migrating_from_the_first_schema_keeps_and_indexes_old_rows(tmp_path: Path) -> None:
    db = _old_database(tmp_path / "old.db")
    assert "stopped" not in db["messages"].columns_dict
    assert not db["messages_fts"].exists()
    db["conversations"].insert(
        {"id": 1, "title": "Old anaphylaxis case", "created": "t", "updated": "t", "model_id": "m"}
    )
    db["messages"].insert(
        {"conversation_id": 1, "role": "user", "content": "adrenaline dose?", "created": "t"}
    )

    migrate(db)

    applied = [m.name for m in migrations.applied(db)]
    assert applied[:3] == [
        "m001_conversations_messages",
        "m002_full_text_index",
        "m003_message_audit",
    ]
    assert applied[-1] == "m006_evaluation_runs"
    columns = db["messages"].columns_dict
    assert {"stopped", "meta"} <= set(columns)
    assert db.execute("SELECT stopped, meta FROM messages").fetchone() == (0, None)
    triggers = {t.name for t in db.triggers if not t.name.startswith("audit_log_")}
    assert triggers == {
        f"{table}_fts_{event}"
        for table in ("messages", "conversations")
        for event in ("insert", "delete", "update")
    }
    assert {i.name for i in db["messages"].indexes} >= {"messages_by_conversation"}
    assert {i.name for i in db["conversations"].indexes} >= {"conversations_by_recency"}
    # Rows written before the index existed are searchable (the back-fill ran).
    hit = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'adrenaline'"
    assert db.execute(hit).fetchall() == [(1,)]
    title = "SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH 'anaphylaxis'"
    assert db.execute(title).fetchall() == [(1,)]
    migrate(db)  # idempotent
    assert len(migrations.applied(db)) == len(applied)
    db.close()


def test_fts_secure_delete_is_on(tmp_path: Path) -> None:
    db = _old_database(tmp_path / "new.db")
    migrate(db)
    for fts in ("messages_fts", "conversations_fts"):
        row = db.execute(f"SELECT v FROM {fts}_config WHERE k = 'secure-delete'").fetchone()
        assert row == (1,)
    db.close()


def test_evaluation_tables_cascade_and_refuse_a_second_answer(tmp_path: Path) -> None:
    import pytest
    from sqlcipher3 import dbapi2

    db = _old_database(tmp_path / "eval.db")
    migrate(db)
    assert {"eval_runs", "eval_answers", "eval_grades"} <= set(db.table_names())
    db.execute(
        "INSERT INTO eval_runs (id, run_key, created, set_name, set_sha256, config) "
        "VALUES (1, 'k', 't', 's', 'h', '{}')"
    )
    answer = "INSERT INTO eval_answers (run_id, model_key, item_id, answer, usage, score, created) "
    db.execute(answer + "VALUES (1, 'm', 'q1', 'B', '{}', '{}', 't')")
    with pytest.raises(dbapi2.IntegrityError):
        db.execute(answer + "VALUES (1, 'm', 'q1', 'C', '{}', '{}', 't')")
    db.execute(
        "INSERT INTO eval_grades (answer_id, judge_key, criterion, met, reply, created) "
        "VALUES (1, 'j', 0, 1, 'r', 't')"
    )
    db.execute("DELETE FROM eval_runs")
    assert db.execute("SELECT count(*) FROM eval_answers").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM eval_grades").fetchone() == (0,)
    db.close()
