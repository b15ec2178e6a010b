"""Build ``devset.jsonl`` from the hand-written case files (``cases_*.txt``).

Case files hold cases one after another. A case starts with a header line
``=== <id> | <style>`` and runs to the next header; trailing blank lines are
dropped, lines starting with ``%%`` are notes to annotators and never part of a
case. Identifiers are marked inline as ``[[LABEL:text]]``; the builder removes
the markup, records exact character offsets and checks every span against the
text it produced.

Usage (from the repository root)::

    .venv/bin/python tests/data/deid/build_devset.py          # write devset.jsonl
    .venv/bin/python tests/data/deid/build_devset.py --check  # fail if out of date
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from app.deid.findings import LABELS as DETECTOR_LABELS

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "devset.jsonl"
LABELS = frozenset(DETECTOR_LABELS)
_HEADER = re.compile(r"=== (?P<id>[a-z0-9-]+) \| (?P<style>[a-z_]+)")
_MARK = re.compile(r"\[\[(?P<label>[A-Z]+):(?P<text>[^\[\]]+)\]\]")


class CaseError(ValueError):
    """A case file is malformed (the message says where)."""


def parse_case(case_id: str, style: str, source: str) -> dict[str, object]:
    """Turn one marked-up case into a dev-set row with exact offsets."""
    text_parts: list[str] = []
    spans: list[tuple[int, int, str, str]] = []
    pos = length = 0
    for m in _MARK.finditer(source):
        text_parts.append(source[pos : m.start()])
        length += m.start() - pos
        label, value = m["label"], m["text"]
        if label not in LABELS:
            raise CaseError(f"{case_id}: unknown label {label!r}")
        if value != value.strip():
            raise CaseError(f"{case_id}: span {value!r} has outer whitespace")
        spans.append((length, length + len(value), label, value))
        text_parts.append(value)
        length += len(value)
        pos = m.end()
    text_parts.append(source[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise CaseError(f"{case_id}: unbalanced or malformed [[...]] markup")
    for start, end, _, value in spans:
        if text[start:end] != value:
            raise CaseError(f"{case_id}: offsets of {value!r} are wrong")
    rows = [{"start": s, "end": e, "label": label, "text": v} for s, e, label, v in spans]
    return {"id": case_id, "style": style, "text": text, "spans": rows}


def read_cases(path: Path) -> list[dict[str, object]]:
    """Parse every case in one case file."""
    rows: list[dict[str, object]] = []
    header: re.Match[str] | None = None
    lines: list[str] = []
    for line in [*path.read_text(encoding="utf-8").split("\n"), "=== end | end"]:
        if line.startswith("%%"):
            continue
        match = _HEADER.fullmatch(line)
        if match is None and line.startswith("==="):
            raise CaseError(f"{path.name}: malformed header {line!r}")
        if match is None:
            lines.append(line)
            continue
        if header is not None:
            rows.append(parse_case(header["id"], header["style"], "\n".join(lines).rstrip("\n")))
        elif any(s.strip() for s in lines):
            raise CaseError(f"{path.name}: text before the first case header")
        header, lines = match, []
    return rows


def build() -> str:
    """Return the JSONL text for all case files, checking ids are unique."""
    rows = [row for path in sorted(HERE.glob("cases_*.txt")) for row in read_cases(path)]
    ids = [str(row["id"]) for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CaseError(f"duplicate case ids: {duplicates}")
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str]) -> int:
    """Write (or with ``--check``, verify) ``devset.jsonl``."""
    built = build()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != built:
            print("devset.jsonl is out of date: run tests/data/deid/build_devset.py")
            return 1
        return 0
    OUTPUT.write_text(built, encoding="utf-8")
    print(f"wrote {OUTPUT.name}: {built.count(chr(10))} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
