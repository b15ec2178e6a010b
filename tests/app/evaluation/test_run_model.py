"""Runs with the real default model in-process: vignettes, the judge pass, Stop, resume."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from curbside.evaluation import Progress, RunRequest, run_evaluation, summarize
from curbside.evaluation.examples import EXAMPLES_DIR
from curbside.storage import open_history

pytestmark = pytest.mark.model


@pytest.fixture
def store(isolated_profile: Path):
    opened = open_history()
    yield opened
    opened.close()


def test_vignettes_are_ranked_and_progress_reaches_the_end(
    store, default_model_path: Path, tmp_path: Path
) -> None:
    seen: list[Progress] = []
    request = RunRequest(
        EXAMPLES_DIR / "agentclinic-sample.jsonl",
        [str(default_model_path)],
        tmp_path / "run",
        limit=2,
        max_tokens=48,
    )
    outcome = run_evaluation(request, store, on_progress=seen.append)
    assert outcome.computed == 2 and not outcome.stopped
    assert outcome.run.config["mode"] == "ddx@1"
    assert [p.done for p in seen] == [0, 1, 2] and seen[-1].total == 2
    assert seen[-1].eta_s == 0
    summary = summarize(outcome.run)
    assert {r.metric for r in summary.results} == {"top1", "top3", "top5"}
    for answer in outcome.run.answers():
        assert answer.answer.strip()
        assert answer.score["entries"] >= 1 and answer.score["gold"]
        assert answer.usage["completion_tokens"] <= 48


def test_judge_grades_every_criterion_once(store, default_model_path: Path, tmp_path: Path):
    case = json.loads((EXAMPLES_DIR / "cases-sample.jsonl").read_text().splitlines()[1])
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(case) + "\n")
    model = str(default_model_path)
    request = RunRequest(path, [model], tmp_path / "run", max_tokens=24, judge=model)
    outcome = run_evaluation(request, store)
    judge_key = outcome.run.config["judge"]["key"]
    grades = outcome.run.grades(judge_key)
    assert len(grades) == len(case["rubric"])
    summary = summarize(outcome.run)
    scored = [r for r in summary.results if r.metric == "healthbench"]
    # The tiny model may not answer in JSON: then it is a judge failure, never a guess.
    assert (scored and scored[0].unparsed == summary.judge_failures) or summary.judge_failures
    again = run_evaluation(request, store)
    assert again.computed == 0 and len(again.run.grades(judge_key)) == len(grades)


def test_stop_drops_the_answer_in_flight(store, default_model_path: Path, tmp_path: Path):
    cancel = threading.Event()

    def stop_after_first(progress: Progress) -> None:
        if progress.done >= 1:
            cancel.set()

    request = RunRequest(
        EXAMPLES_DIR / "medqa-us-sample.jsonl",
        [str(default_model_path)],
        tmp_path / "run",
        limit=4,
        max_tokens=8,
    )
    outcome = run_evaluation(request, store, cancel, stop_after_first)
    assert outcome.stopped and outcome.computed == 1
    assert len(outcome.run.answers()) == 1
    rest = run_evaluation(request, store)
    assert rest.computed == 3 and rest.already_stored == 1 and not rest.stopped
