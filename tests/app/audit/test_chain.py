"""The audit chain on a real SQLCipher history: append, read, verify, tamper."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.audit import GENESIS, canonical, digest, entry_hash, verify_rows
from curbside.errors import KnownError
from curbside.storage import HistoryStore, open_history

from tests.app.audit.tamper import tamper


def _fill(store: HistoryStore, n: int) -> list[str]:
    return [store.audit.append("test.event", {"n": i, "note": "ü"}).hash for i in range(n)]


def test_canonical_form_is_sorted_compact_utf8() -> None:
    assert canonical({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'
    with pytest.raises(ValueError):
        canonical({"x": float("nan")})
    with pytest.raises(ValueError):
        canonical({"x": object()})


def test_entry_hash_is_sha256_of_the_canonical_entry() -> None:
    import hashlib

    record = {"seq": 3, "time": "2026-12-01T10:00:00.000001+00:00", "event": 'é"x', "prev": GENESIS}
    details = {"b": [1, 2], "a": "ü"}
    expected = hashlib.sha256(canonical(record | {"details": details}).encode()).hexdigest()
    assert entry_hash(3, record["time"], record["event"], canonical(details), GENESIS) == expected


def test_entry_hash_covers_every_field() -> None:
    base = entry_hash(1, "t", "e", "{}", GENESIS)
    assert len(base) == 64
    assert entry_hash(2, "t", "e", "{}", GENESIS) != base
    assert entry_hash(1, "u", "e", "{}", GENESIS) != base
    assert entry_hash(1, "t", "f", "{}", GENESIS) != base
    assert entry_hash(1, "t", "e", '{"a":1}', GENESIS) != base
    assert entry_hash(1, "t", "e", "{}", "1" * 64) != base


def test_unlock_is_the_first_entry_and_chain_links(store: HistoryStore) -> None:
    hashes = _fill(store, 3)
    entries = store.audit.entries()
    assert [e.event for e in entries] == ["history.unlock", *["test.event"] * 3]
    assert entries[0].prev == GENESIS
    assert [e.prev for e in entries[1:]] == [e.hash for e in entries[:-1]]
    result = verify_rows(store.audit.rows())
    assert result.intact and result.count == 4 and result.head == hashes[-1]
    assert result.summary() == f"4 entries, chain intact, head {hashes[-1]}"


def test_triggers_refuse_update_and_delete(store: HistoryStore) -> None:
    _fill(store, 1)
    for sql in ("UPDATE audit_log SET event = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(KnownError):
            store.write(lambda db, q=sql: db.execute(q))
    assert store.audit.count() == 2


def test_deleting_history_keeps_the_audit_log(store: HistoryStore) -> None:
    cid = store.create_conversation("t", "m", None)
    store.add_message(cid, "user", "question about troponin")
    store.delete(cid)
    other = store.create_conversation("u", "m", None)
    store.add_message(other, "user", "x")
    store.delete_all()
    events = [(e.event, e.details) for e in store.audit.entries()]
    assert ("conversation.delete", {"conversation_id": cid, "messages": 1}) in events
    assert ("history.delete_all", {"conversations": 1, "messages": 1}) in events
    assert verify_rows(store.audit.rows()).intact


def test_filters_by_event_and_time(store: HistoryStore) -> None:
    _fill(store, 2)
    assert len(store.audit.entries(events=("test.event",))) == 2
    assert len(store.audit.entries(events=("history.",))) == 1
    assert store.audit.entries(since="2999-01-01") == []
    assert len(store.audit.entries(limit=1)) == 1
    assert "test.event" in store.audit.event_types()


def test_digest_is_sha256_of_utf8() -> None:
    assert digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _reopen_verify(head: str | None = None) -> tuple[str, int | None]:
    with open_history() as reopened:
        result = verify_rows(reopened.audit.rows(), expected_head=head)
    return result.problem, result.bad_seq


@pytest.mark.parametrize(
    ("statements", "bad", "why"),
    [
        (['UPDATE audit_log SET details = \'{"n":9,"note":"ü"}\' WHERE seq = 3'], 3, "hash"),
        (["UPDATE audit_log SET time = '2020-01-01T00:00:00' WHERE seq = 2"], 2, "hash"),
        (['UPDATE audit_log SET details = \'{"note":"ü", "n":1}\' WHERE seq = 3'], 3, ""),
        (["DELETE FROM audit_log WHERE seq = 3"], 4, "missing"),
        (
            [
                "UPDATE audit_log SET seq = -1 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = -1",
            ],
            2,
            "",
        ),
    ],
    ids=["edit-details", "edit-time", "respace-details", "delete", "reorder"],
)
def test_tampering_is_detected_naming_the_entry(
    isolated_profile: Path, statements: list[str], bad: int, why: str
) -> None:
    with open_history() as store:
        _fill(store, 4)
    tamper(isolated_profile, *statements)
    problem, bad_seq = _reopen_verify()
    assert problem and bad_seq == bad
    assert why in problem


def test_truncation_is_detected_against_a_recorded_head(isolated_profile: Path) -> None:
    with open_history() as store:
        head = _fill(store, 4)[-1]
    assert _reopen_verify(head) == ("", None)  # the log grew since (unlock, lock): still fine
    tamper(isolated_profile, "DELETE FROM audit_log WHERE seq >= 4")
    problem, _ = _reopen_verify()
    assert problem == ""  # a shorter chain verifies on its own ...
    problem, _ = _reopen_verify(head)
    assert "truncated" in problem and head in problem  # ... but not against the head
