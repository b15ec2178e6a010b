"""Summary and reports from a run stored in a real encrypted history (answers written directly)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from curbside.evaluation import load_case_set, load_run, summarize, write_report
from curbside.evaluation.asking import score_answer
from curbside.evaluation.examples import EXAMPLES_DIR
from curbside.evaluation.runstore import open_run
from curbside.storage import HistoryStore, open_history

MODELS = [
    {"name": "alpha.gguf", "sha256": "a" * 64, "backend": None, "key": "a" * 64},
    {"name": "beta.gguf", "sha256": "b" * 64, "backend": None, "key": "b" * 64},
]


@pytest.fixture
def store(isolated_profile: Path):
    opened = open_history()
    yield opened
    opened.close()


def _run(store: HistoryStore, out: Path, set_name: str, replies: dict[str, list[str]]):
    case_set = load_case_set(EXAMPLES_DIR / set_name)
    config = {
        "set": case_set.name, "set_sha256": case_set.sha256, "format": case_set.format,
        "mode": "free@1", "params": {"temperature": 0.0, "max_tokens": 8}, "models": MODELS,
        "judge": None, "limit": None, "seed": 0, "prompts": {"choice": "choice@1"},
        "items": len(case_set.items), "kind": case_set.kind, "options": 4,
        "app_version": "0.1.0",
    }  # fmt: skip
    run = open_run(store, out, config)
    for model in MODELS:
        for item, text in zip(case_set.items, replies[model["name"]], strict=False):
            usage = {"model_s": 0.5 + len(text) / 100, "ttft_s": 0.1, "tokens_per_s": 40.0,
                     "completion_tokens": 5, "chars": len(text)}  # fmt: skip
            run.save_answer(model["key"], item.id, text, usage, score_answer(item, text))
    return run


def test_summary_scores_and_compares(store: HistoryStore, tmp_path: Path) -> None:
    answers = load_case_set(EXAMPLES_DIR / "medqa-us-sample.jsonl").items
    right = [item.answer or "" for item in answers]
    run = _run(store, tmp_path / "run", "medqa-us-sample.jsonl",
               {"alpha.gguf": right, "beta.gguf": ["Answer: A"] * 6 + ["no idea"] * 6})  # fmt: skip
    summary = summarize(run)
    alpha, beta = (r for r in summary.results if r.metric == "accuracy")
    assert alpha.value == 1.0 and alpha.n == 12 and alpha.unparsed == 0
    assert beta.unparsed == 6 and beta.value == sum(a == "A" for a in right[:6]) / 12
    overall = next(c for c in summary.comparisons if c.category == "all")
    assert overall.result.difference == pytest.approx(beta.value - 1.0)
    assert overall.result.ci95[1] < 0  # beta is clearly worse
    assert {c.category for c in summary.comparisons} == {"all", "step1", "step2&3"}
    assert len(summary.disagreements) == sum(a != "A" for a in right[:6]) + 6
    payload = summary.as_json()
    assert payload["items"] == 12 and len(payload["results"]) == 2
    assert payload["results"][0]["median_latency_s"] == pytest.approx(0.51)


def test_vignettes_give_top_k_and_keep_the_matched_line(
    store: HistoryStore, tmp_path: Path
) -> None:
    ddx = "1. Acute coronary syndrome\n2. Inferior STEMI\n3. Aortic dissection"
    run = _run(store, tmp_path / "run", "cases-sample.jsonl",
               {"alpha.gguf": [ddx], "beta.gguf": ["1. Pericarditis"]})  # fmt: skip
    summary = summarize(run)
    top = {(r.model, r.metric): r.value for r in summary.results}
    assert top[("alpha.gguf", "top1")] == 0.0 and top[("alpha.gguf", "top3")] == 1.0
    assert top[("beta.gguf", "top5")] == 0.0
    row = summary.disagreements[0]
    assert row["answers"]["alpha.gguf"] == "#2: 2. Inferior STEMI"
    assert row["answers"]["beta.gguf"] == "(not in differential)"


def test_html_is_self_contained_and_pdf_has_pages(store: HistoryStore, tmp_path: Path) -> None:
    answers = ["B", "D", "A", "D", "B", "C", "C", "C", "B", "A", "D", "A"]
    out = tmp_path / "run"
    _run(store, out, "medqa-us-sample.jsonl", {"alpha.gguf": answers, "beta.gguf": ["C"] * 12})
    run = load_run(store, out)
    html_path = write_report(run, "html", tmp_path / "report.html")
    page = html_path.read_text()
    assert not re.search(r"https?://", page)  # no remote resource of any kind
    assert len(re.findall(r"<img [^>]*src='data:image/png;base64,", page)) == 3
    assert "a" * 64 in page and "b" * 64 in page  # model digests in the header
    assert run.config["set_sha256"] in page and "free@1" in page
    assert re.search(
        r"Audit head hash</th><td class='hash'>([0-9a-f]{64}|audit: not available)<", page
    )
    assert "Items where the models disagree" in page
    pdf_path = write_report(run, "pdf", tmp_path / "report.pdf")
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", data)) >= 4
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_path), str(tmp_path / "p")],
                       check=True, timeout=120)  # fmt: skip
        assert len(list(tmp_path.glob("p-*.png"))) >= 4


def test_report_of_a_folder_without_a_run(store: HistoryStore, tmp_path: Path) -> None:
    from curbside.evaluation import CaseSetError

    with pytest.raises(CaseSetError, match="No evaluation run in"):
        load_run(store, tmp_path)


def test_retention_and_delete_all_take_evaluation_runs_too(
    store: HistoryStore, tmp_path: Path
) -> None:
    from curbside.evaluation import CaseSetError

    _run(store, tmp_path / "old", "medqa-us-sample.jsonl", {"alpha.gguf": ["A"], "beta.gguf": []})
    _run(store, tmp_path / "new", "medqa-us-sample.jsonl", {"alpha.gguf": ["B"], "beta.gguf": []})
    store.write(
        lambda db: db.execute(
            "UPDATE eval_runs SET created = '2000-01-01T00:00:00+00:00' WHERE id = 1"
        )
    )
    store.delete_older_than(30)
    with pytest.raises(CaseSetError, match="are not in this history"):
        load_run(store, tmp_path / "old")
    assert len(load_run(store, tmp_path / "new").answers()) == 1
    store.delete_all()
    count = store.read(lambda db: db.execute("SELECT count(*) FROM eval_answers").fetchone())
    assert count == (0,)
