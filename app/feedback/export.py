"""Feedback exports: JSONL (one object per rated answer), CSV, and the PDF report.

Text fields in CSV that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with an
apostrophe. Files are plaintext: the caller redacts by default (see
:mod:`curbside.feedback.report`); they are streamed to a temporary file and
renamed into place once complete, owner-only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from curbside.feedback.report import RatedAnswer
from curbside.infra import atomic_stream

FEEDBACK_FORMATS = ("csv", "jsonl", "pdf")
_CSV_COLUMNS = (
    "answer_id",
    "conversation_id",
    "time",
    "rated_at",
    "model_name",
    "model_sha256",
    "mode",
    "rating",
    "helpfulness",
    "categories",
    "severity",
    "comment",
    "question",
    "answer",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def jsonl_lines(answers: Iterable[RatedAnswer], *, text: bool = True) -> Iterator[str]:
    """Yield one JSON object per rated answer, each a line ending in a newline."""
    for answer in answers:
        yield json.dumps(answer.as_dict(text=text), ensure_ascii=False) + "\n"


def to_jsonl(answers: Iterable[RatedAnswer], *, text: bool = True) -> str:
    """Return one JSON object per rated answer, one per line."""
    return "".join(jsonl_lines(answers, text=text))


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(answers: Iterable[RatedAnswer], *, text: bool = True) -> Iterator[str]:
    """Yield the CSV header, then one row per rated answer (texts left out without ``text``)."""
    columns = _CSV_COLUMNS if text else _CSV_COLUMNS[:-3]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for answer in answers:
        record = answer.as_dict(text=text)
        record |= {
            "model_name": record["model"]["name"],
            "model_sha256": record["model"]["sha256"],
            "categories": ";".join(record["categories"]),
        }
        writer.writerow([_cell(record.get(column)) for column in columns])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def to_csv(answers: Iterable[RatedAnswer], *, text: bool = True) -> str:
    """Return the ratings as CSV (texts left out without ``text``)."""
    return "".join(csv_lines(answers, text=text))


def write_feedback_export(
    answers: Iterable[RatedAnswer], fmt: str, path: Path, *, text: bool = True, head: str = ""
) -> int:
    """Write ``answers`` to ``path`` in ``fmt`` (``csv``, ``jsonl`` or ``pdf``); return the count.

    JSONL and CSV are written as the answers come (``answers`` may be the
    generator :func:`curbside.feedback.rated_answers` returns), so a
    10,000-answer export never holds every redacted text at once; the file
    appears only once complete. The PDF's charts need every answer first.
    """
    if fmt == "pdf":
        from curbside.feedback.pdf import write_pdf_report

        listed = list(answers)
        write_pdf_report(listed, path, text=text, head=head)
        return len(listed)
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown feedback export format {fmt!r}")
    count = 0

    def counted() -> Iterator[RatedAnswer]:
        nonlocal count
        for answer in answers:
            count += 1
            yield answer

    lines = (jsonl_lines if fmt == "jsonl" else csv_lines)(counted(), text=text)
    with atomic_stream(path) as handle:
        for line in lines:
            handle.write(line.encode("utf-8"))
    return count
