"""Messages reach the encrypted history as each one completes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.chat.recorder import ConversationRecorder, ModelIdentity, title_from
from curbside.engine.base import GenerationParams
from curbside.models.catalog import load_catalog
from curbside.storage import HistoryStore, open_history


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    opened = open_history()
    yield opened
    opened.close()


def test_first_message_creates_the_conversation_and_answers_carry_the_audit_trail(
    store: HistoryStore,
) -> None:
    model = ModelIdentity.for_path(Path("models") / load_catalog().default().file)
    recorder = ConversationRecorder(store, model)
    recorder.record_user("58M chest pain\nradiating to jaw")
    usage = {"prompt_tokens": 40, "completion_tokens": 12, "stopped": False}
    params = GenerationParams(max_tokens=64, temperature=0.1)
    recorder.record_answer("Consider ACS.", usage, params, meta={"mode": "ddx@1"})
    saved = store.get_conversation(recorder.conversation_id or -1)
    assert saved.title == "58M chest pain"
    assert saved.model_id == model.id and saved.model_sha256 == model.sha256
    user, answer = saved.messages
    assert (user.role, user.content) == ("user", "58M chest pain\nradiating to jaw")
    assert answer.content == "Consider ACS."
    assert answer.prompt_tokens == 40 and answer.completion_tokens == 12
    assert answer.settings is not None and answer.settings["temperature"] == 0.1
    assert answer.model_sha256 == load_catalog().default().sha256
    assert answer.meta is not None and answer.meta["mode"] == "ddx@1"
    assert not answer.stopped


def test_stopped_answer_is_saved_marked(store: HistoryStore) -> None:
    recorder = ConversationRecorder(store, ModelIdentity("m", "M", None))
    recorder.record_user("question")
    recorder.record_answer("partial", {"stopped": True}, GenerationParams())
    saved = store.get_conversation(recorder.conversation_id or -1)
    assert saved.messages[-1].stopped


def test_new_conversation_and_reopen(store: HistoryStore) -> None:
    recorder = ConversationRecorder(store, ModelIdentity("m", "M", None))
    recorder.record_user("first case")
    first = recorder.conversation_id
    recorder.start_new()
    recorder.record_user("second case")
    assert recorder.conversation_id != first
    reopened = recorder.open(first or -1)
    assert [m.content for m in reopened.messages] == ["first case"]
    recorder.record_user("follow-up")
    assert len(store.get_conversation(first or -1).messages) == 2


def test_without_history_nothing_is_saved_and_nothing_fails() -> None:
    recorder = ConversationRecorder(None)
    recorder.record_user("text")
    recorder.record_answer("answer", {}, GenerationParams())
    assert recorder.conversation_id is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n  Fever in a 3-year-old \nmore", "Fever in a 3-year-old"),
        ("", "Conversation"),
        ("x" * 100, "x" * 59 + "…"),
    ],
)
def test_titles(text: str, title: str) -> None:
    assert title_from(text) == title


def test_unknown_model_file_is_identified_by_name_and_recorded_hash() -> None:
    identity = ModelIdentity.for_path(Path("/m/medgemma-local.gguf"), "ab" * 32)
    assert identity == ModelIdentity("medgemma-local", "medgemma-local.gguf", "ab" * 32)


def test_a_case_names_its_conversation_by_age_sex_and_complaint(store: HistoryStore) -> None:
    from curbside.chat.case import Case

    recorder = ConversationRecorder(store, ModelIdentity("m", "M", None))
    recorder.record_case(Case(age="58 years", sex="Male", chief_complaint="Chest pressure."))
    saved = store.get_conversation(recorder.conversation_id or -1)
    assert saved.title == "58 years Male Chest pressure."
    assert saved.messages[0].meta == {
        "kind": "case",
        "fields": {"age": "58 years", "sex": "Male", "chief_complaint": "Chest pressure."},
    }
