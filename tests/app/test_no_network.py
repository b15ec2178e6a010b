"""The app makes no network connection of its own: the whole core path runs with sockets refused."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from curbside.chat.recorder import ConversationRecorder, ModelIdentity
from curbside.chat.render import markdown_to_safe_html
from curbside.deid import detect, redact
from curbside.engine.base import GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine
from curbside.storage import open_history


@pytest.mark.model
def test_core_path_never_opens_a_connection(
    monkeypatch: pytest.MonkeyPatch, default_model_path: Path
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network use is forbidden in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    case = "Seen by Dr. Rosalind Quackenbush. 63F, pleuritic chest pain. Differential?"
    text = redact(case, detect(case)).text
    engine = LlamaEngine(default_model_path, n_ctx=512)
    messages = [{"role": "user", "content": text}]
    result = StreamResult(
        engine.stream(messages, GenerationParams(max_tokens=8), threading.Event())
    )
    answer = "".join(result)
    engine.close()
    markdown_to_safe_html(answer + "\n\n![x](https://tracker.example/p.png)")
    with open_history() as store:
        recorder = ConversationRecorder(store, ModelIdentity.for_path(default_model_path))
        recorder.record_user(text)
        recorder.record_answer(
            answer, result.usage.as_dict() if result.usage else {}, GenerationParams()
        )
    assert attempts == []
