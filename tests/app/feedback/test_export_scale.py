"""Long feedback exports: each distinct text scanned once, the file written as it goes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from curbside.deid import Finding, detect
from curbside.feedback import FeedbackStore, Rating
from curbside.feedback.export import to_csv, to_jsonl, write_feedback_export
from curbside.feedback.report import RatedAnswer, rated_answers
from curbside.privacy import ScanCache
from curbside.storage import HistoryStore

from tests.app.feedback.conftest import NAMED_QUESTION, add_exchange

ANSWER = "Consider ACS; get an ECG and a troponin."


def _rate_many(store: HistoryStore, count: int) -> None:
    feedback = FeedbackStore(store)
    for n in range(count):
        question = NAMED_QUESTION if n % 2 == 1 else f"Chest pain, case {n}. Differential?"
        answer = add_exchange(store, question, ANSWER)
        named = n % 2 == 1  # names only where the question gives the guard its cue
        comment = "Quackenbush also needs a CXR" if named and n % 3 == 0 else ""
        feedback.rate(answer, Rating(1 if n % 2 else -1, 3, (), None, comment), allow_phi=True)


def test_the_cache_scans_each_text_once_and_finds_the_same(store: HistoryStore) -> None:
    scanned: list[str] = []

    def counting(text: str) -> list[Finding]:
        scanned.append(text)
        return detect(text)

    cache = ScanCache(counting)
    assert cache(NAMED_QUESTION) == detect(NAMED_QUESTION)
    assert cache(NAMED_QUESTION) == detect(NAMED_QUESTION)
    assert (scanned, cache.scans, cache.hits) == ([NAMED_QUESTION], 1, 1)


def test_a_cached_export_equals_one_that_scans_every_text(store: HistoryStore) -> None:
    _rate_many(store, 12)
    ratings = FeedbackStore(store).find()
    cache = ScanCache()
    cached = to_jsonl(rated_answers(store, ratings, scan=cache))
    assert cached == to_jsonl(rated_answers(store, ratings, scan=detect))
    assert cache.hits > 0 and cache.scans < cache.hits + cache.scans
    assert len(cached.splitlines()) == 12
    assert "Quackenbush" not in cached and "4829174" not in cached


def test_jsonl_and_csv_are_streamed_whole_and_counted(store: HistoryStore, tmp_path: Path) -> None:
    _rate_many(store, 5)
    ratings = FeedbackStore(store).find()
    for fmt, render in (("jsonl", to_jsonl), ("csv", to_csv)):
        path = tmp_path / f"feedback.{fmt}"
        assert write_feedback_export(rated_answers(store, ratings), fmt, path) == 5
        assert path.read_text(encoding="utf-8") == render(list(rated_answers(store, ratings)))
    first = json.loads((tmp_path / "feedback.jsonl").read_text().splitlines()[0])
    assert first["answer_id"] == ratings[0].message_id  # the order of the ratings is kept


def test_an_export_that_fails_midway_leaves_no_file(store: HistoryStore, tmp_path: Path) -> None:
    _rate_many(store, 4)

    def failing() -> Iterator[RatedAnswer]:
        answers = rated_answers(store, FeedbackStore(store).find())
        yield next(answers)
        raise OSError(28, "No space left on device")

    exports = tmp_path / "exports"
    exports.mkdir()
    path = exports / "feedback.jsonl"
    with pytest.raises(OSError):
        write_feedback_export(failing(), "jsonl", path)
    assert list(exports.iterdir()) == []  # no file, and no partial file beside it
