"""``curbside ask --backend`` leaves an answer audit entry saying where it ran and who said it.

The server is a local one on loopback that names its model in every chunk,
as real servers do; the entry must carry the host, port, URL shape, the model
asked for and the one reported, and the settings, and never the question, the
answer or the API key.
"""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.app.remote.conftest import answer_events, sse
from tests.cli.conftest import Runner

KEY = "sk-ward-audit-41"
QUESTION = "Causes of syncope in a 30-year-old runner?"
SERVED = "medgemma-27b-q4"


def named_events() -> list[object]:
    """The usual answer, each JSON event naming the model that answers."""
    return [
        {**event, "model": SERVED} if isinstance(event, dict) else event
        for event in answer_events()
    ]


def _audit(curbside: Runner, tmp_path: Path) -> tuple[list[dict], str]:
    out = tmp_path / "audit.jsonl"
    done = curbside("audit", "export", "--format", "jsonl", "--output", str(out))
    assert done.returncode == 0, done.stderr.decode()
    text = out.read_text()
    return [json.loads(line) for line in text.splitlines()[:-1]], text


def test_a_remote_answer_is_audited_with_host_reported_model_and_settings(
    curbside: Runner, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(
        "/v1/chat/completions", headers={"Authorization": f"Bearer {KEY}"}
    ).respond_with_handler(
        lambda _: Response(sse(*named_events()), content_type="text/event-stream")
    )
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY + "\n")
    url = httpserver.url_for("/v1")
    added = curbside(
        "backends", "add", "ward", "--url", url, "--auth", "bearer", "--model", "medgemma",
        "--api-key-file", str(key_file),
    )  # fmt: skip
    assert added.returncode == 0, added.stderr.decode()
    asked = curbside(
        "ask", "--backend", "ward", "--temperature", "0.2", "--max-tokens", "64", "--json", QUESTION
    )
    assert asked.returncode == 0, asked.stderr.decode()
    answer = json.loads(asked.stdout)["answer"]

    entries, text = _audit(curbside, tmp_path)
    [said] = [e["details"] for e in entries if e["event"] == "answer"]
    remote = said["remote"]
    assert remote["host"] == "localhost" and remote["port"] == httpserver.port
    assert remote["backend"] == "ward" and remote["shape"] == "openai"
    assert remote["auth"] == "bearer"
    assert remote["model"] == "medgemma" and remote["reported_model"] == SERVED
    assert len(remote["prompt_sha256"]) == 64 and remote["finish_reason"] == "stop"
    assert said["model"]["id"] == "remote:ward" and said["model"]["sha256"] is None
    assert said["params"]["temperature"] == 0.2 and said["params"]["max_tokens"] == 64
    assert said["completion_tokens"] == 4 and said["ended"] == "stop"
    # No case text, no answer text, no key anywhere in the trail.
    assert QUESTION not in text and answer not in text and KEY not in text
    verified = curbside("audit", "verify")
    assert verified.returncode == 0 and b"chain intact" in verified.stdout


def test_a_local_answer_entry_has_no_remote_section() -> None:
    from curbside.audit import answer_details

    details = answer_details(
        conversation_id=1,
        message_id=2,
        model={"id": "m", "name": "m", "sha256": "0" * 64},
        mode="free@1",
        system_prompt="",
        params={},
        usage={},
        prompt="[]",
        answer="",
    )
    assert "remote" not in details


def test_the_remote_section_keeps_only_its_fields_and_types() -> None:
    from curbside.audit.events import remote_details

    record = {
        "backend": "ward",
        "host": "gpu.example.org",
        "port": True,  # not a port
        "reported_model": "x" * 5000,
        "api_key": KEY,  # never kept, whoever puts it there
        "question": QUESTION,
        "sent_at": 1_764_000_000,
    }
    kept = remote_details(record)
    assert KEY not in json.dumps(kept) and QUESTION not in json.dumps(kept)
    assert kept["port"] is None and len(kept["reported_model"]) == 200
    assert kept["sent_at"] == 1_764_000_000.0 and set(kept) >= {"host", "model", "shape"}
