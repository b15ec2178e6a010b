"""An answer and its audit entry are committed together or not at all (real SQLCipher file).

The claim: no answer is ever saved without its ``answer`` audit entry, and no
``answer`` entry ever names a message that was not saved. Checked three ways:
the audit insert fails (a real SQLite trigger refuses it), the message insert
fails, and the process is SIGKILLed between the two inserts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.audit import verify_rows
from curbside.chat.recorder import ConversationRecorder, ModelIdentity
from curbside.engine.base import GenerationParams
from curbside.errors import KnownError
from curbside.storage import HistoryStore, open_history

from tests.app.storage.conftest import cheap_kdf

__all__ = ["cheap_kdf"]  # cheap Argon2id parameters for the passphrase profile (autouse)

PASSPHRASE = "correct horse battery staple 13"
MODEL = ModelIdentity("m", "Model M", "ab" * 32)
USAGE = {"prompt_tokens": 10, "completion_tokens": 3, "finish_reason": "stop"}


@pytest.fixture
def store(isolated_profile: Path) -> Iterator[HistoryStore]:
    opened = open_history()
    yield opened
    opened.close()


def _refuse_inserts(store: HistoryStore, table: str) -> None:
    # A TEMP trigger lives only in this connection: a real failure of the real
    # INSERT statement, as a full disk or a damaged page would give.
    store.db.execute(
        f"CREATE TEMP TRIGGER refuse_{table} BEFORE INSERT ON main.{table} "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    )


def _answers(store: HistoryStore, conversation_id: int) -> list[str]:
    messages = store.get_conversation(conversation_id).messages
    return [m.content for m in messages if m.role == "assistant"]


def _answer_events(store: HistoryStore) -> list[int]:
    return [e.details["message_id"] for e in store.audit.entries(events=("answer",))]


@pytest.mark.parametrize("refused", ["audit_log", "messages"])
def test_a_refused_insert_saves_neither_answer_nor_entry(store: HistoryStore, refused: str) -> None:
    recorder = ConversationRecorder(store, MODEL)
    recorder.record_user("58M chest pain")
    assert recorder.conversation_id is not None
    entries_before = store.audit.count()
    _refuse_inserts(store, refused)
    with pytest.raises(KnownError):
        recorder.record_answer("Consider ACS.", USAGE, GenerationParams())
    assert _answers(store, recorder.conversation_id) == []
    assert store.audit.count() == entries_before
    # Once the fault is gone, the same answer is saved with its entry.
    store.db.execute(f"DROP TRIGGER temp.refuse_{refused}")
    message_id = recorder.record_answer("Consider ACS.", USAGE, GenerationParams())
    assert _answers(store, recorder.conversation_id) == ["Consider ACS."]
    assert _answer_events(store) == [message_id]


# The child saves a question, then an answer, and is killed after the answer's
# row is inserted but before its audit entry is: inside the one transaction.
_KILLED_BETWEEN = """
import sys, time
import curbside.storage.store as store_module
from curbside.chat.recorder import ConversationRecorder, ModelIdentity
from curbside.engine.base import GenerationParams
from curbside.storage import open_history

def stall(db, event, details):
    count = db.execute("SELECT count(*) FROM messages WHERE role = 'assistant'").fetchone()[0]
    print(f"answer inserted ({count}), audit entry not yet", flush=True)
    time.sleep(120)

store = open_history(passphrase=sys.argv[1])
recorder = ConversationRecorder(store, ModelIdentity("m", "Model M", "ab" * 32))
recorder.record_user("58M chest pain")
store_module.append_in = stall
recorder.record_answer("Consider ACS.", {}, GenerationParams())
"""


def test_a_crash_between_answer_and_audit_entry_saves_neither(isolated_profile: Path) -> None:
    with open_history(passphrase=PASSPHRASE):
        pass
    env = {**os.environ, "CURBSIDE_HOME": str(isolated_profile)}
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BETWEEN, PASSPHRASE],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline().strip() == "answer inserted (1), audit entry not yet"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_history(passphrase=PASSPHRASE) as store:
        (summary,) = store.list_conversations()
        assert [m.role for m in store.get_conversation(summary.id).messages] == ["user"]
        assert _answer_events(store) == []
        assert verify_rows(store.audit.rows()).intact
