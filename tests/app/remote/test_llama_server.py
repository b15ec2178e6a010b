"""Against a real OpenAI-compatible server: ``python -m llama_cpp.server`` on loopback."""

from __future__ import annotations

import threading

import pytest
from curbside.engine import GenerationParams, StreamResult
from curbside.remote import Backend, RemoteError, check_connection, open_backend

from tests.doubles.llama_server import API_KEY, MODEL_ALIAS, LlamaServer

pytestmark = pytest.mark.model

QUESTION = [
    {"role": "system", "content": "You are a concise clinical assistant."},
    {"role": "user", "content": "List three causes of chest pain."},
]


def test_an_answer_streams_in_several_chunks(llama_server: LlamaServer) -> None:
    engine = open_backend(llama_server.url, model=MODEL_ALIAS, api_key=API_KEY)
    result = StreamResult(
        engine.stream(QUESTION, GenerationParams(max_tokens=16, seed=1), threading.Event())
    )
    chunks = list(result)
    engine.close()
    assert len(chunks) > 3 and result.text.strip()
    assert result.usage is not None
    assert result.usage.finish_reason in ("stop", "length")
    assert 1 < result.usage.completion_tokens <= 16
    assert result.usage.ttft_s > 0 and result.usage.tokens_per_s > 0
    assert engine.last_sent is not None and engine.last_sent.host == "127.0.0.1"


def test_stop_mid_answer_keeps_the_part_and_the_server_answers_again(
    llama_server: LlamaServer,
) -> None:
    engine = open_backend(llama_server.url, model=MODEL_ALIAS, api_key=API_KEY)
    cancel = threading.Event()
    result = StreamResult(engine.stream(QUESTION, GenerationParams(max_tokens=200), cancel))
    for index, _ in enumerate(result):
        if index == 2:
            cancel.set()
    assert result.usage is not None and result.usage.stopped
    assert result.usage.finish_reason == "cancelled"
    assert len(result.chunks) == 3
    again = StreamResult(engine.stream(QUESTION, GenerationParams(max_tokens=4), threading.Event()))
    assert "".join(again).strip()
    engine.close()


def test_a_wrong_key_is_one_line_about_the_key(llama_server: LlamaServer) -> None:
    engine = open_backend(llama_server.url, model=MODEL_ALIAS, api_key="not-the-key")
    with pytest.raises(RemoteError) as caught:
        list(engine.stream(QUESTION, GenerationParams(max_tokens=4), threading.Event()))
    engine.close()
    assert caught.value.kind == "auth"
    assert "refused the API key (HTTP 401)" in str(caught.value)


def test_an_unknown_model_is_reported_by_test_connection(llama_server: LlamaServer) -> None:
    backend = Backend(name="ward", url=llama_server.url, model="medgemma-27b", auth="bearer")
    report = check_connection(backend, API_KEY)
    assert report.models == [MODEL_ALIAS]
    assert not report.model_listed
    assert "'medgemma-27b' is not among them" in report.summary(backend)
    assert report.latency_ms > 0


def test_the_servers_tokenizer_counts_the_prompt(llama_server: LlamaServer) -> None:
    engine = open_backend(llama_server.url, model=MODEL_ALIAS, api_key=API_KEY)
    counted = engine.count_tokens(QUESTION)
    engine.close()
    assert engine.counter.exact and engine.counter.source == "server tokenizer"
    assert 10 < counted < 60  # two short messages and their role markers


def test_ask_on_the_command_line_with_the_key_from_the_environment(
    llama_server: LlamaServer, tmp_path, monkeypatch
) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "CURBSIDE_API_KEY": API_KEY}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "curbside",
            "ask",
            "--backend",
            llama_server.url,
            "--remote-model",
            MODEL_ALIAS,
            "--max-tokens",
            "8",
            "--no-save",
            "--json",
            "Causes of fever?",
        ],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    payload = json.loads(done.stdout)
    assert payload["answer"].strip()
    assert payload["remote"]["model"] == MODEL_ALIAS
