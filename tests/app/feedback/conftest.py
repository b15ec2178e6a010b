"""Fixtures for feedback tests: a real history holding answers to rate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.keys import sidecar
from curbside.storage import HistoryStore, open_history

from tests.app.storage.helpers import CHEAP_KDF

SHA = "ab" * 32
NAMED_QUESTION = "Mr. John Quackenbush, MRN 4829174, has chest pain. Differential?"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2id parameters."""
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", CHEAP_KDF)


def add_exchange(
    store: HistoryStore, question: str, answer: str, mode: str = "differential@1"
) -> int:
    """Save a question and its answer the way the recorder does; return the answer id."""
    cid = store.create_conversation(question[:30], "smollm2", SHA)
    store.add_message(cid, "user", question, meta={"mode": mode})
    return store.add_message(
        cid,
        "assistant",
        answer,
        settings={"temperature": 0.2, "max_tokens": 256},
        model_sha256=SHA,
        meta={"model_id": "smollm2", "model_name": "SmolLM2 135M", "mode": mode},
    )


@pytest.fixture
def store(isolated_profile: Path) -> Iterator[HistoryStore]:
    """An open history."""
    opened = open_history()
    yield opened
    opened.close()
