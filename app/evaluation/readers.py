"""Read a case set file into a validated :class:`CaseSet`, or refuse it with file, line and field.

Case sets are untrusted files: the whole file is bounded
(:data:`~curbside.infra.limits.MAX_CASE_SET_BYTES`), each line too, JSON
nesting is bounded, and every item is validated before anything runs, so a bad
line stops the run before a single answer is computed or stored.

Formats (``--format``; guessed from the file when not given):

* ``medqa`` — JSONL, one question a line: ``question``, ``options``
  ``{"A": ..., "B": ...}``, ``answer_idx`` (the letter), optional ``meta_info``
  (the category) and ``realidx``/``id``.
* ``agentclinic`` — AgentClinic OSCE JSONL (or a JSON array): ``OSCE_Examination``
  with the patient's history, examination and tests (the case text is built
  from them) and ``Correct_Diagnosis``.
* ``cases`` — the unit's own set, JSONL or CSV; see :mod:`curbside.evaluation.formats`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from curbside.evaluation import formats
from curbside.evaluation.items import CaseSet, CaseSetError, EvalItem
from curbside.infra import TooLarge, read_bounded
from curbside.infra.limits import (
    MAX_CASE_SET_BYTES,
    MAX_CASE_SET_ITEMS,
    MAX_CASE_SET_LINE_CHARS,
    MAX_JSON_DEPTH,
)

FORMATS = ("medqa", "agentclinic", "cases")
"""Case set formats, as ``--format`` names them."""

_BUILDERS = {
    "medqa": formats.medqa_item,
    "agentclinic": formats.agentclinic_item,
    "cases": formats.cases_item,
}

Record = tuple[int, dict[str, Any]]
"""A line number and the object read from it."""


def load_case_set(path: Path, fmt: str | None = None) -> CaseSet:
    """Read and validate the case set at ``path``.

    Args:
        path: A ``.jsonl``, ``.json`` or ``.csv`` file.
        fmt: One of :data:`FORMATS`; None guesses from the first item.

    Raises:
        CaseSetError: The file is missing, too large, empty, not UTF-8, or a
            line is malformed (the message names the file, line and field).
    """
    path = Path(path)
    data = _read(path)
    text = _decode(path, data)
    if not text.strip():
        raise CaseSetError(f"{path.name} is empty.", "Choose a case set with at least one item.")
    records = list(_records(path, text))
    chosen = fmt or _guess_format(path, records[0][1])
    if chosen not in _BUILDERS:
        raise CaseSetError(f"Unknown case set format '{chosen}'.", f"Use one of: {FORMATS}.")
    build = _BUILDERS[chosen]
    items: list[EvalItem] = []
    first_line: dict[str, int] = {}
    for line, record in records:
        where = formats.Where(path.name, line)
        item = build(record, where)
        if item.id in first_line:
            raise where.error(
                "id", f"duplicate id '{item.id}' (first on line {first_line[item.id]})"
            )
        first_line[item.id] = line
        items.append(item)
    digest = hashlib.sha256(data).hexdigest()
    return CaseSet(path=path.resolve(), format=chosen, sha256=digest, items=tuple(items))


def _read(path: Path) -> bytes:
    try:
        return read_bounded(path, MAX_CASE_SET_BYTES)
    except TooLarge:
        size = path.stat().st_size / 1e6
        limit = MAX_CASE_SET_BYTES / 1e6
        raise CaseSetError(
            f"{path.name} is {size:.0f} MB; a case set may be at most {limit:.0f} MB.",
            "Split it into smaller sets.",
        ) from None
    except FileNotFoundError:
        raise CaseSetError(f"Case set not found: {path}", "Check the path.") from None
    except OSError as exc:
        raise CaseSetError(
            f"Cannot read {path}: {exc.strerror or exc}", "Check the path."
        ) from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseSetError(
            f"{path.name}, line {line}: not UTF-8 text.", "Save the file as UTF-8."
        ) from None


def _records(path: Path, text: str) -> Iterator[Record]:
    lines = text.splitlines()
    if len(lines) > MAX_CASE_SET_ITEMS + 1:
        raise CaseSetError(
            f"{path.name} has {len(lines):,} lines; a set may hold at most "
            f"{MAX_CASE_SET_ITEMS:,} items.",
            "Split it into smaller sets.",
        )
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_CASE_SET_LINE_CHARS:
            raise CaseSetError(
                f"{path.name}, line {number}: {len(line):,} characters, over the "
                f"{MAX_CASE_SET_LINE_CHARS:,} one item may take.",
                "Check the file is a case set; shorten the item.",
            )
    if path.suffix.lower() == ".csv":
        yield from _csv_records(path, text)
    elif text.lstrip().startswith("["):
        yield from _array_records(path, text)
    else:
        yield from _jsonl_records(path, lines)


def _jsonl_records(path: Path, lines: list[str]) -> Iterator[Record]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = formats.Where(path.name, number)
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise where.error(None, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        except RecursionError:
            raise where.error(None, "JSON nested too deeply") from None
        yield number, _object(value, where)


def _array_records(path: Path, text: str) -> Iterator[Record]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise formats.Where(path.name, exc.lineno).error(
            None, f"not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    except RecursionError:
        raise CaseSetError(f"{path.name}: JSON nested too deeply.", "Check the file.") from None
    if not isinstance(value, list):
        raise CaseSetError(f"{path.name}: expected a JSON array of items.", "Check the file.")
    if not value:
        raise CaseSetError(f"{path.name} is empty.", "Choose a case set with at least one item.")
    for index, entry in enumerate(value, 1):
        # A JSON array has no useful line per item; the item's position stands in.
        yield index, _object(entry, formats.Where(path.name, index, unit="item"))


def _csv_records(path: Path, text: str) -> Iterator[Record]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        formats.check_csv_header(header, formats.Where(path.name, 1))
        for row in reader:
            where = formats.Where(path.name, reader.line_num)
            if None in row:
                raise where.error(None, f"more cells than the {len(header)} header columns")
            if all(not (value or "").strip() for value in row.values()):
                continue
            yield reader.line_num, formats.csv_row(row, where)
    except csv.Error as exc:
        raise formats.Where(path.name, reader.line_num).error(None, f"bad CSV ({exc})") from None


def _object(value: Any, where: formats.Where) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise where.error(None, "expected a JSON object")
    if _depth(value) > MAX_JSON_DEPTH:
        raise where.error(None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _depth(value: Any, level: int = 1) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def _guess_format(path: Path, first: dict[str, Any]) -> str:
    if "OSCE_Examination" in first:
        return "agentclinic"
    if "answer_idx" in first or (
        "options" in first and "question" in first and "case" not in first
    ):
        return "medqa"
    if path.suffix.lower() == ".csv" or "case" in first or "id" in first:
        return "cases"
    raise CaseSetError(
        f"{path.name}: cannot tell the case set format from its first item.",
        "Pass --format medqa, agentclinic or cases.",
    )
