"""Feedback exports: JSONL (one object per rated answer), CSV, and the PDF report.

Text fields in CSV that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with an
apostrophe. Files are plaintext: the caller redacts by default (see
:mod:`curbside.feedback.report`) and writes them atomically, owner-only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from curbside.feedback.report import RatedAnswer
from curbside.infra import atomic_write

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


def to_jsonl(answers: Iterable[RatedAnswer], *, text: bool = True) -> str:
    """Return one JSON object per rated answer, one per line."""
    lines = [json.dumps(a.as_dict(text=text), ensure_ascii=False) for a in answers]
    return "".join(line + "\n" for line in lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(answers: Iterable[RatedAnswer], *, text: bool = True) -> str:
    """Return the ratings as CSV (texts left out without ``text``)."""
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
    return out.getvalue()


def write_feedback_export(
    answers: list[RatedAnswer], fmt: str, path: Path, *, text: bool = True, head: str = ""
) -> None:
    """Write ``answers`` to ``path`` in ``fmt`` (``csv``, ``jsonl`` or ``pdf``)."""
    if fmt == "pdf":
        from curbside.feedback.pdf import write_pdf_report

        write_pdf_report(answers, path, text=text, head=head)
    elif fmt == "jsonl":
        atomic_write(path, to_jsonl(answers, text=text))
    elif fmt == "csv":
        atomic_write(path, to_csv(answers, text=text))
    else:
        raise ValueError(f"unknown feedback export format {fmt!r}")
