"""``curbside eval`` as a subprocess: check, run with --json, two models, resume after SIGKILL."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from curbside.evaluation.examples import EXAMPLES_DIR

from tests.doubles.gguf_files import tiny_llama

MEDQA = EXAMPLES_DIR / "medqa-us-sample.jsonl"
CASES = EXAMPLES_DIR / "cases-sample.jsonl"


def _err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode()


def test_check_describes_a_set(curbside) -> None:
    result = curbside("eval", "check", str(CASES))
    assert result.returncode == 0, _err(result)
    out = result.stdout.decode()
    assert "cases-sample.jsonl: cases, 4 items" in out
    assert "with gold diagnosis: 4, with rubric: 2" in out


def test_a_bad_set_is_one_line_and_writes_nothing(curbside, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = MEDQA.read_text().splitlines()[0]
    bad.write_text(good + "\n" + good.replace('"answer_idx": "B"', '"answer_idx": "Q"') + "\n")
    out = tmp_path / "run"
    result = curbside("eval", "run", str(bad), "--model", "x.gguf", "--out", str(out))
    assert result.returncode == 1
    lines = _err(result).strip().splitlines()
    assert len(lines) == 1
    assert "bad.jsonl, line 2, field 'answer_idx': unknown answer letter 'Q'" in lines[0]
    assert not out.exists()


def test_an_unknown_backend_is_a_clear_error(curbside, tmp_path: Path) -> None:
    result = curbside(
        "eval", "run", str(MEDQA), "--model", "m", "--backend", "vllm", "--out", str(tmp_path / "r")
    )
    assert result.returncode == 1
    assert "Traceback" not in _err(result) and "vllm" in _err(result)


@pytest.mark.model
def test_run_json_two_models_and_report(curbside, default_model_path: Path, tmp_path: Path) -> None:
    tiny = tiny_llama(tmp_path / "tiny.gguf", context_length=4096)
    out = tmp_path / "run"
    args = ("eval", "run", str(MEDQA), "--model", str(default_model_path), "--model", str(tiny))
    result = curbside(
        *args, "--limit", "3", "--max-tokens", "6", "--out", str(out), "--json", timeout=600
    )
    assert result.returncode == 0, _err(result)
    payload = json.loads(result.stdout)
    assert set(payload) == {"set", "set_sha256", "items", "results"}
    assert payload["set"] == "medqa-us-sample.jsonl" and payload["items"] == 3
    assert len(payload["results"]) == 2
    for row in payload["results"]:
        assert set(row) == {
            "model", "model_sha256", "metric", "value", "ci95", "unparsed",
            "median_latency_s", "tokens_per_s",
        }  # fmt: skip
        assert row["metric"] == "accuracy"
        assert 0 <= row["ci95"][0] <= row["value"] <= row["ci95"][1] <= 1
        assert len(row["model_sha256"]) == 64
        assert row["median_latency_s"] > 0
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["params"]["temperature"] == 0.0
    assert "question" not in (out / "run.json").read_text()  # settings only, no case text
    again = curbside(*args, "--limit", "3", "--max-tokens", "6", "--out", str(out), "--json")
    assert "0 answers computed now, 6 were already stored" in _err(again)
    assert json.loads(again.stdout) == payload
    report = tmp_path / "report.html"
    written = curbside("eval", "report", str(out), "--format", "html", "--output", str(report))
    assert written.returncode == 0, _err(written)
    page = report.read_text()
    # Each run is an audit event, so the header carries the trail's head hash.
    assert re.search(r"Audit head hash</th><td class='hash'>[0-9a-f]{64}<", page)
    assert default_model_path.name in page and "tiny.gguf" in page
    other = curbside("eval", "run", str(MEDQA), "--model", str(tiny), "--out", str(out))
    assert other.returncode == 1 and "holds a run with other settings" in _err(other)


def _stored_answers(home: Path) -> list[tuple[str, str, str]]:
    code = (
        "import json, keyring; from tests.file_keyring import FileKeyring; "
        "keyring.set_keyring(FileKeyring()); from curbside.storage import open_history; "
        "s = open_history(); print(json.dumps(s.read(lambda db: db.execute("
        "'SELECT model_key, item_id, answer FROM eval_answers ORDER BY id').fetchall())))"
    )
    env = {**os.environ, "CURBSIDE_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, check=True, timeout=60
    )
    return [tuple(row) for row in json.loads(done.stdout)]


@pytest.mark.model
def test_resume_after_sigkill_computes_each_item_once(
    curbside, isolated_profile: Path, default_model_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    args = ["eval", "run", str(MEDQA), "--model", str(default_model_path), "--limit", "6",
            "--max-tokens", "8", "--out", str(out)]  # fmt: skip
    env = {**os.environ, "CURBSIDE_HOME": str(isolated_profile),
           "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "curbside", *args], stderr=subprocess.PIPE, env=env
    )
    assert proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + 600
    while not re.search(rb"\b[2-5]/6\b", seen):
        chunk = os.read(proc.stderr.fileno(), 4096)
        assert chunk and time.monotonic() < deadline, seen.decode(errors="replace")
        seen += chunk
    proc.send_signal(signal.SIGKILL)  # mid-run: the next answer is being generated
    proc.wait(timeout=30)
    proc.stderr.close()
    before = _stored_answers(isolated_profile)
    assert 2 <= len(before) < 6
    result = curbside(*args, timeout=600)
    assert result.returncode == 0, _err(result)
    assert f"{6 - len(before)} answers computed now, {len(before)} were already stored" in _err(
        result
    )
    after = _stored_answers(isolated_profile)
    assert after[: len(before)] == before  # nothing stored was lost or redone
    assert len(after) == 6 == len({(model, item) for model, item, _ in after})
