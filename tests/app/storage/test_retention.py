"""History retention: conversations older than the policy's period go, securely, on open."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.storage import HistoryStore, open_history

OLD = "2020-01-01T00:00:00.000000+00:00"


def _backdate(store: HistoryStore, cid: int) -> None:
    store.db.execute("UPDATE conversations SET updated = ? WHERE id = ?", [OLD, cid])
    store.db.conn.commit()


def test_delete_older_than(tmp_path: Path) -> None:
    with open_history() as store:
        old = store.create_conversation("Old case", "m", None)
        store.add_message(old, "user", "RETENTION-CANARY question")
        new = store.create_conversation("New case", "m", None)
        store.add_message(new, "user", "recent question")  # an empty one is not listed
        _backdate(store, old)
        assert store.delete_older_than(0) == 0
        assert store.delete_older_than(30) == 1
        assert [c.id for c in store.list_conversations()] == [new]
        assert store.search("RETENTION-CANARY") == []


def test_policy_retention_applies_when_the_history_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_history() as store:
        old = store.create_conversation("Old case", "m", None)
        keep = store.create_conversation("Recent case", "m", None)
        store.add_message(keep, "user", "recent question")  # an empty one is not listed
        _backdate(store, old)
    policy = tmp_path / "policy.toml"
    policy.write_text("retention_days = 90\n")
    monkeypatch.setenv("CURBSIDE_POLICY", str(policy))
    with open_history() as store:
        assert [c.id for c in store.list_conversations()] == [keep]
