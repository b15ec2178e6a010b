"""``curbside ask`` with the real default model leaves model-load and answer audit entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.models import load_catalog

from tests.cli.conftest import Runner


@pytest.mark.model
def test_ask_records_the_load_and_the_answer(curbside: Runner, tmp_path: Path) -> None:
    question = "Causes of hyponatraemia?"
    result = curbside("ask", "--allow-phi", "--max-tokens", "6", "--json", question)
    assert result.returncode == 0, result.stderr.decode()
    answer = json.loads(result.stdout)["answer"]
    out = tmp_path / "audit.jsonl"
    done = curbside("audit", "export", "--format", "jsonl", "--output", str(out))
    assert done.returncode == 0, done.stderr.decode()
    entries = [json.loads(line) for line in out.read_text().splitlines()[:-1]]
    by_event = {e["event"]: e["details"] for e in entries}
    load = by_event["model.load"]
    entry = load_catalog().default()
    assert load["sha256"] == entry.sha256 and load["size"] == entry.size
    assert load["quantization"] and load["llama_cpp_python"] and load["llama_cpp"]
    assert load["options"]["n_ctx"] > 0 and load["source"] == "cli"
    said = by_event["answer"]
    assert said["model"]["sha256"] == entry.sha256 and said["completion_tokens"] > 0
    assert said["ended"] in ("stop", "length") and said["mode"].startswith("free@")
    assert len(said["answer_sha256"]) == 64
    text = out.read_text()
    assert question not in text and (not answer.strip() or answer.strip() not in text)
    verified = curbside("audit", "verify")
    assert verified.returncode == 0 and b"chain intact" in verified.stdout
