"""HistoryStore on a real SQLCipher file: conversations, messages, list order, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from curbside.errors import ConversationNotFoundError, InputError, SQLCipherMissingError
from curbside.keys import generate_data_key
from curbside.storage import HistoryStore, driver, highlight_html
from curbside.storage.models import fts_query

SHA = "ab" * 32


def test_messages_round_trip_with_settings_and_meta(store: HistoryStore) -> None:
    cid = store.create_conversation("Chest pain, 54 M", "qwen-default", SHA)
    store.add_message(cid, "user", "Crushing chest pain for 2 h")
    store.add_message(
        cid,
        "assistant",
        "Partial answer",
        prompt_tokens=120,
        completion_tokens=7,
        settings={"temperature": 0.2},
        model_sha256=SHA,
        stopped=True,
        meta={"prompt_mode": "ddx@1", "phi_override": ["NAME"]},
    )
    conv = store.get_conversation(cid)
    assert (conv.title, conv.model_id, conv.model_sha256) == (
        "Chest pain, 54 M",
        "qwen-default",
        SHA,
    )
    first, second = conv.messages
    assert (first.role, first.content, first.stopped, first.meta) == (
        "user",
        "Crushing chest pain for 2 h",
        False,
        None,
    )
    assert second.settings == {"temperature": 0.2}
    assert (second.prompt_tokens, second.completion_tokens, second.stopped) == (120, 7, True)
    assert second.meta == {"prompt_mode": "ddx@1", "phi_override": ["NAME"]}
    assert conv.updated >= second.created


def test_list_puts_pinned_first_then_most_recent(store: HistoryStore) -> None:
    ids = [store.create_conversation(f"case {n}", "m", None) for n in range(4)]
    for cid in ids:  # a conversation with no message is not listed
        store.add_message(cid, "user", "question")
    store.add_message(ids[0], "user", "touches case 0 last")
    store.set_pinned(ids[2], True)
    listed = [c.id for c in store.list_conversations()]
    assert listed == [ids[2], ids[0], ids[3], ids[1]]
    assert store.list_conversations(limit=2, offset=1)[0].id == ids[0]
    assert store.list_conversations()[1].message_count == 2
    store.set_pinned(ids[2], False)
    assert store.list_conversations()[0].id == ids[0]


def test_archived_conversations_are_hidden_by_default(store: HistoryStore) -> None:
    cid = store.create_conversation("old", "m", None)
    store.add_message(cid, "user", "question")
    store.set_archived(cid, True)
    assert store.list_conversations() == []
    assert [c.id for c in store.list_conversations(include_archived=True)] == [cid]


def test_rename_and_unknown_ids(store: HistoryStore) -> None:
    cid = store.create_conversation("  ", "m", None)
    assert store.get_conversation(cid).title == "Untitled"
    store.rename(cid, "  Sepsis   workup ")
    assert store.get_conversation(cid).title == "Sepsis workup"
    with pytest.raises(InputError):
        store.rename(cid, "   ")
    for call in (
        lambda: store.get_conversation(999),
        lambda: store.rename(999, "x"),
        lambda: store.set_pinned(999, True),
        lambda: store.delete(999),
        lambda: store.add_message(999, "user", "x"),
    ):
        with pytest.raises(ConversationNotFoundError):
            call()


def test_bad_role_is_refused(store: HistoryStore) -> None:
    cid = store.create_conversation("c", "m", None)
    with pytest.raises(InputError, match="role"):
        store.add_message(cid, "tool", "x")


def test_search_finds_messages_and_titles_with_highlights(store: HistoryStore) -> None:
    a = store.create_conversation("Troponin question", "m", None)
    b = store.create_conversation("Headache", "m", None)
    store.add_message(b, "user", "Thunderclap headache, consider subarachnoid haemorrhage")
    store.add_message(a, "assistant", "A rising troponin suggests myocardial injury")
    hits = store.search("troponin")
    assert [(h.conversation_id, h.message_id is None) for h in hits] == [(a, True), (a, False)]
    assert hits[0].snippet_html() == "<b>Troponin</b> question"
    assert "<b>troponin</b>" in hits[1].snippet_html()
    assert hits[1].snippet_plain() == "A rising [troponin] suggests myocardial injury"
    # Prefix while typing, stemming, diacritics.
    assert store.search("subarach")[0].conversation_id == b
    assert store.search("haemorrhages")[0].conversation_id == b
    assert store.search("cafe") == []


def test_search_snippets_escape_stored_markup(store: HistoryStore) -> None:
    cid = store.create_conversation("x", "m", None)
    store.add_message(cid, "user", '<img src=x onerror="alert(1)"> sepsis & <b>shock</b>')
    html = store.search("sepsis")[0].snippet_html()
    assert "<img" not in html and "<b>shock</b>" not in html
    assert html.startswith("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <b>sepsis</b> &amp;")


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("chest pain", '"chest" "pain"*'),
        ('say "hi"', '"say" """hi"""*'),
        ("a AND b", '"a" "AND" "b"*'),
        ("-x", '"-x"*'),
        ("col:val", '"col:val"*'),
        ("   ", None),
        ("* ( )", None),
    ],
)
def test_fts_query_turns_any_input_into_literal_terms(typed: str, query: str | None) -> None:
    assert fts_query(typed) == query


@pytest.mark.parametrize("typed", ['"', "AND", "NEAR(", "a OR", "x:y", "^", "*", "((", "a -b"])
def test_search_never_raises_on_fts_syntax(store: HistoryStore, typed: str) -> None:
    store.create_conversation("x", "m", None)
    assert isinstance(store.search(typed), list)


def test_highlight_html_escapes_everything_but_markers() -> None:
    assert highlight_html("\ue000<a>\ue001 & 'q'") == "<b>&lt;a&gt;</b> &amp; &#x27;q&#x27;"


def test_delete_removes_messages_and_index_entries(store: HistoryStore) -> None:
    keep = store.create_conversation("keep", "m", None)
    gone = store.create_conversation("gone", "m", None)
    store.add_message(keep, "user", "pneumothorax keep")
    store.add_message(gone, "user", "pneumothorax gone")
    store.rename(gone, "renamed")
    store.delete(gone)
    assert [h.conversation_id for h in store.search("pneumothorax")] == [keep]
    assert store.search("renamed") == []
    count = store.db.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert count == 1
    store.delete_all()
    assert store.list_conversations() == [] and store.search("pneumothorax") == []
    assert store.check_integrity() == []


def test_sqlite_utils_catches_sqlcipher_errors(store: HistoryStore) -> None:
    """The binding in curbside.storage.driver makes sqlite-utils catch sqlcipher3's errors."""
    import sqlcipher3
    import sqlite_utils.utils

    assert sqlite_utils.utils.OperationalError is sqlcipher3.dbapi2.OperationalError
    store.db["no_such_table"].drop(ignore=True)  # raises if the binding is wrong
    store.db["conversations"].create_index(["title"], if_not_exists=True)
    with pytest.raises(sqlcipher3.dbapi2.OperationalError):
        store.db["no_such_table"].drop()


def test_a_library_without_sqlcipher_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PRAGMA key is silently ignored by plain SQLite: cipher_version must catch it."""
    monkeypatch.setattr(driver.sqlcipher3, "connect", sqlite3.connect)
    with pytest.raises(SQLCipherMissingError, match="not SQLCipher"):
        driver.connect_keyed(tmp_path / "x.db", generate_data_key())
    assert not (tmp_path / "x.db").exists() or (tmp_path / "x.db").stat().st_size == 0


def test_empty_conversations_are_not_listed_and_unanswered_ones_say_so(
    store: HistoryStore,
) -> None:
    """What kills leave: a conversation with no message, or a question with no answer."""
    store.create_conversation("killed before the first message", "m", None)
    asked = store.create_conversation("killed mid-answer", "m", None)
    store.add_message(asked, "user", "question")
    done = store.create_conversation("answered", "m", None)
    store.add_message(done, "user", "question")
    store.add_message(done, "assistant", "answer")
    listed = {c.title: c for c in store.list_conversations()}
    assert sorted(listed) == ["answered", "killed mid-answer"]
    assert listed["killed mid-answer"].status_note == "no answer — Regenerate"
    assert listed["answered"].answered and listed["answered"].status_note == ""
