"""``curbside feedback list|export`` on a real encrypted history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.cli import main
from curbside.feedback import FeedbackStore, Rating
from curbside.keys import sidecar
from curbside.storage import open_history

from tests.app.feedback.conftest import NAMED_QUESTION, add_exchange
from tests.cli.conftest import Runner


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))


@pytest.fixture
def rated() -> list[int]:
    with open_history() as store:
        up = add_exchange(store, "Syncope work-up?", "ECG first.", "workup@1")
        down = add_exchange(store, NAMED_QUESTION, "Quackenbush: ACS likely.")
        FeedbackStore(store).rate(up, Rating(1, 5))
        FeedbackStore(store).rate(down, Rating(-1, 1, ("omission",), "major", "missed PE"))
    return [up, down]


def test_list_filters_and_counts(rated: list[int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "list"]) == 0
    out = capsys.readouterr().out
    assert "2 rated answers: 1 helpful, 1 not helpful, 1 with a major error" in out
    assert "Audit head: " in out and "Quackenbush" not in out
    assert main(["feedback", "list", "--rating", "down", "--category", "omission"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == str(rated[1]) and lines[1].startswith("1 rated answers")


def test_export_formats_redaction_and_audit(rated: list[int], tmp_path: Path) -> None:
    out = tmp_path / "fb.jsonl"
    assert main(["feedback", "export", "--format", "jsonl", "--output", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["answer_id"] for r in records) == sorted(rated)
    assert "Quackenbush" not in out.read_text()
    bare = tmp_path / "bare.csv"
    assert main(["feedback", "export", "--format", "csv", "--no-text", "--output", str(bare)]) == 0
    assert "question" not in bare.read_text().splitlines()[0]
    pdf = tmp_path / "fb.pdf"
    args = ["feedback", "export", "--format", "pdf", "--since", "2000-01-01", "--output", str(pdf)]
    assert main(args) == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert main(["feedback", "export", "--format", "pdf", "--output", str(pdf)]) == 1  # exists
    with open_history() as store:
        exports = [e.details for e in store.audit.entries(events=("export",))]
    assert [(e["format"], e["redacted"], e["text"]) for e in exports] == [
        ("jsonl", True, True),
        ("csv", True, False),
        ("pdf", True, True),
    ]


def test_bad_date_is_a_usage_error(curbside: Runner) -> None:
    done = curbside("feedback", "list", "--since", "last week")
    assert done.returncode == 2 and b"2026-12-01" in done.stderr
