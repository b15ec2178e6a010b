"""Feedback exports: redacted by default, no identifier beyond the redacted conversation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from curbside.deid import detect
from curbside.feedback import FeedbackStore, Rating
from curbside.feedback.export import to_csv, to_jsonl, write_feedback_export
from curbside.feedback.report import rated_answers
from curbside.privacy import redacted_conversation
from curbside.storage import HistoryStore

from tests.app.feedback.conftest import NAMED_QUESTION, add_exchange


def _rated(store: HistoryStore) -> int:
    answer = add_exchange(store, NAMED_QUESTION, "Quackenbush may have ACS; get an ECG.")
    FeedbackStore(store).rate(
        answer,
        Rating(-1, 2, ("omission",), "major", "Quackenbush also needs a CXR"),
        allow_phi=True,
    )
    return answer


def test_jsonl_is_one_redacted_object_per_rated_answer(store: HistoryStore) -> None:
    answer = _rated(store)
    answers = list(rated_answers(store, FeedbackStore(store).find()))
    record = json.loads(to_jsonl(answers))
    assert record["answer_id"] == answer and record["rating"] == -1
    assert record["model"] == {"name": "SmolLM2 135M", "sha256": "ab" * 32}
    assert record["mode"] == "differential@1" and record["categories"] == ["omission"]
    assert {"time", "severity", "comment", "question", "answer"} <= set(record)
    text = json.dumps(record)
    for identifier in ("Quackenbush", "4829174", "John"):
        assert identifier not in text
    # Nothing the PHI guard finds in the export is missing from the redacted conversation.
    conversation = redacted_conversation(store.get_conversation(record["conversation_id"]))
    redacted_text = "\n".join(m.content for m in conversation.messages)
    for field in ("question", "answer", "comment"):
        for finding in detect(record[field]):
            assert finding.text in redacted_text


def test_no_text_and_unredacted_exports(store: HistoryStore) -> None:
    _rated(store)
    ratings = FeedbackStore(store).find()
    bare = json.loads(to_jsonl(list(rated_answers(store, ratings)), text=False))
    assert not {"question", "answer", "comment"} & set(bare)
    kept = json.loads(to_jsonl(list(rated_answers(store, ratings, redact=False))))
    assert "Quackenbush" in kept["question"] and "Quackenbush" in kept["comment"]


def test_csv_neutralizes_formulas(store: HistoryStore) -> None:
    answer = add_exchange(store, '=HYPERLINK("x")', "-1 mg")
    FeedbackStore(store).rate(answer, Rating(1, comment="+cmd"))
    rows = list(
        csv.DictReader(to_csv(list(rated_answers(store, FeedbackStore(store).find()))).splitlines())
    )
    assert rows[0]["question"].startswith("'=") and rows[0]["answer"] == "'-1 mg"
    assert rows[0]["comment"] == "'+cmd"


def test_pdf_report_has_charts(store: HistoryStore, tmp_path: Path) -> None:
    _rated(store)
    answers = list(rated_answers(store, FeedbackStore(store).find()))
    out = tmp_path / "feedback.pdf"
    write_feedback_export(answers, "pdf", out, head="f" * 64)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 2
    assert b"/Subtype /Image" in data  # the summary chart
