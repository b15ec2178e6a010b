"""The evaluation harness runs a case set against a remote server (issue 15 with issue 14).

A unit compares its local model with the server's: the same run, with the
model named as the server's and ``backend`` set, answers the items through the
real ``llama_cpp.server`` on loopback. The PHI guard still decides what leaves:
an item whose text has possible identifiers is that item's failure, recorded
with the guard's line, and nothing of it reaches the server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.evaluation import RunRequest, run_evaluation, summarize
from curbside.evaluation.examples import EXAMPLES_DIR
from curbside.storage import open_history

from tests.doubles.llama_server import API_KEY, MODEL_ALIAS, LlamaServer

pytestmark = pytest.mark.model


def test_a_case_set_runs_against_the_server(
    llama_server: LlamaServer,
    memory_keyring: dict[tuple[str, str], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CURBSIDE_API_KEY", API_KEY)
    request = RunRequest(
        EXAMPLES_DIR / "medqa-us-sample.jsonl",
        [MODEL_ALIAS],
        tmp_path / "run",
        max_tokens=8,
        backend=llama_server.url,
    )
    with open_history() as store:
        outcome = run_evaluation(request, store)
        answers = outcome.run.answers()
        summary = summarize(outcome.run)
    assert outcome.computed == len(answers) == 12
    answered = [a for a in answers if a.answer]
    refused = [a for a in answers if not a.answer]
    assert answered and all(float(a.usage["model_s"]) > 0 for a in answered)
    for answer in refused:  # the guard's one line, per item
        assert "nothing was sent to the remote server" in answer.score["error"]
    [row] = summary.results
    assert row.ci95[0] <= row.value <= row.ci95[1]
