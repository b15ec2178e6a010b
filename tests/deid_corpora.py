"""Load the annotated corpora the PHI detector is measured on.

* The dev set: ``tests/data/deid/devset.jsonl``, synthetic cases written for
  this project (built from ``cases.txt`` by ``build_devset.py``).
* The PhysioNet de-identification gold corpus (deid 1.1): 2,434 real ICU
  nursing notes with surrogate identifiers. It is GPL data, so it is read at
  test time from where it lives (``$CURBSIDE_PHYSIONET_DIR``, else
  ``<repo>/../shared/data/physionet-deid``) and never copied into the project.

Both come back as :class:`Document` objects whose spans use the dev-set
categories (see :data:`PHYSIONET_LABELS` for the mapping), so one scorer serves
both. Used by the tests in ``tests/app/deid/`` and by the benchmarks.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curbside.deid.scoring import YEAR, Score, Span, SpanLike, score_spans, score_tokens

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVSET_PATH = REPO_ROOT / "tests" / "data" / "deid" / "devset.jsonl"
PHYSIONET_ENV = "CURBSIDE_PHYSIONET_DIR"

PHYSIONET_LABELS: dict[str, str] = {
    "PTName": "NAME",
    "PTNameInitial": "NAME",
    "RelativeProxyName": "NAME",
    "HCPName": "NAME",
    # PhysioNet does not separate cities from hospitals ("GH", "HOLY CROSS").
    "Location": "LOCATION",
    "Date": "DATE",
    "DateYear": YEAR,
    "Phone": "PHONE",
    "Age": "AGE",
    # The three "Other" spans are a policy number, a reference number and a note number.
    "Other": "ID",
}
"""PhysioNet identifier types mapped to dev-set categories (bare years to :data:`YEAR`)."""

_RECORD = re.compile(
    r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.DOTALL
)


@dataclass(frozen=True)
class Document:
    """One annotated case: its text and the gold identifier spans in it."""

    id: str
    style: str
    text: str
    spans: tuple[Span, ...]

    @property
    def is_clean(self) -> bool:
        """True for a case with no identifiers at all (a hard-negative case)."""
        return not self.spans


Detector = Callable[[str], Sequence[SpanLike]]
"""Anything shaped like ``curbside.deid.detect``: text in, findings with offsets out."""


@dataclass(frozen=True)
class Evaluation:
    """A detector's scores on one corpus, span-overlap and token-level, with and without years."""

    spans: Score
    spans_with_years: Score
    tokens: Score
    tokens_with_years: Score

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready summary (counts and rates only, no case text)."""
        return {
            "span": self.spans.as_dict(),
            "span_with_bare_years": self.spans_with_years.as_dict(),
            "token": self.tokens.as_dict(),
            "token_with_bare_years": self.tokens_with_years.as_dict(),
        }


def evaluate(detect: Detector, docs: Sequence[Document]) -> Evaluation:
    """Run ``detect`` once over ``docs`` and score the findings four ways.

    The headline figures (``spans``, ``tokens``) exclude bare years, which are
    not Safe Harbor identifiers; the ``*_with_years`` figures count them as gold.
    """
    rows = [(doc.id, doc.text, doc.spans, list(detect(doc.text))) for doc in docs]
    return Evaluation(
        spans=score_spans(rows, exclude_bare_years=True),
        spans_with_years=score_spans(rows),
        tokens=score_tokens(rows, exclude_bare_years=True),
        tokens_with_years=score_tokens(rows),
    )


def load_devset(path: Path = DEVSET_PATH) -> list[Document]:
    """Read the dev set, checking that every span's offsets give its text."""
    docs = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        spans = tuple(Span(s["start"], s["end"], s["label"], s["text"]) for s in row["spans"])
        doc = Document(row["id"], row["style"], row["text"], spans)
        _check_offsets(doc, f"{path.name}:{line_no}")
        docs.append(doc)
    return docs


def physionet_dir() -> Path:
    """Return where the PhysioNet corpus should be (it may be absent)."""
    override = os.environ.get(PHYSIONET_ENV)
    if override:
        return Path(override).expanduser()
    return REPO_ROOT.parent / "shared" / "data" / "physionet-deid"


def physionet_available(directory: Path | None = None) -> bool:
    """Return True when both corpus files are present."""
    root = directory or physionet_dir()
    return (root / "id.text").is_file() and (root / "id-phi.phrase").is_file()


def load_physionet(directory: Path | None = None) -> list[Document]:
    """Read every PhysioNet note with its gold spans (offsets into the note body).

    Raises:
        FileNotFoundError: The corpus is not at ``directory`` (or :func:`physionet_dir`).
        ValueError: A phrase line names an unknown note or type, or its offsets do
            not give its text.
    """
    root = directory or physionet_dir()
    raw = (root / "id.text").read_text(encoding="utf-8")
    bodies = {(m[1], m[2]): m[3] for m in _RECORD.finditer(raw)}
    spans: dict[tuple[str, str], list[Span]] = {key: [] for key in bodies}
    phrases = (root / "id-phi.phrase").read_text(encoding="utf-8")
    for line_no, line in enumerate(phrases.split("\n"), 1):
        if line.strip():
            key, span = _parse_phrase(line, line_no)
            if key not in spans:
                raise ValueError(f"id-phi.phrase:{line_no}: no note {key} in id.text")
            spans[key].append(span)
    docs = [
        Document(f"{patient}-{note}", "physionet", bodies[(patient, note)], _years(found))
        for (patient, note), found in spans.items()
    ]
    for doc in docs:
        _check_offsets(doc, f"physionet note {doc.id}")
    return docs


PHYSIONET_SPLIT_SEED = 20261201
"""Seed of the PhysioNet split (issue 17): fixed, so the halves never move."""


def split_physionet(docs: Sequence[Document]) -> tuple[list[Document], list[Document]]:
    """Split PhysioNet into a development half and a test half by note id.

    Note ids are sorted, shuffled with :data:`PHYSIONET_SPLIT_SEED` and cut in
    two; the first half is for development, the second is scored once per
    release and never tuned on.
    """
    ids = sorted(doc.id for doc in docs)
    random.Random(PHYSIONET_SPLIT_SEED).shuffle(ids)
    dev_ids = frozenset(ids[: len(ids) // 2])
    dev = [doc for doc in docs if doc.id in dev_ids]
    test = [doc for doc in docs if doc.id not in dev_ids]
    return dev, test


def _parse_phrase(line: str, line_no: int) -> tuple[tuple[str, str], Span]:
    # "<patient> <note> <start> <end> <type> <text>"; the text may hold spaces.
    patient, note, start, end, kind, text = line.split(" ", 5)
    if kind not in PHYSIONET_LABELS:
        raise ValueError(f"id-phi.phrase:{line_no}: unknown identifier type {kind!r}")
    return (patient, note), Span(int(start), int(end), PHYSIONET_LABELS[kind], text)


_TWO_DIGIT_YEAR = re.compile(r"['’]?\d\d['’]?")


def _years(spans: list[Span]) -> tuple[Span, ...]:
    """Relabel as :data:`YEAR` the two-digit years PhysioNet tagged ``Date``.

    The corpus marks most bare years ``DateYear`` but some ``Date`` ("CVA 74'",
    "CABG '79", "NQWMI 13"). A ``Date`` of two digits with no other date span
    within three characters (so not the day or year of "may 16, 2015") is one of
    those. Four-digit years are recognised by the scorer itself.
    """
    dates = [s for s in spans if s.label == "DATE"]

    def isolated(span: Span) -> bool:
        return not any(
            other is not span and other.start - span.end <= 3 and span.start - other.end <= 3
            for other in dates
        )

    return tuple(
        Span(s.start, s.end, YEAR, s.text)
        if s.label == "DATE" and _TWO_DIGIT_YEAR.fullmatch(s.text) and isolated(s)
        else s
        for s in spans
    )


def _check_offsets(doc: Document, where: str) -> None:
    for span in doc.spans:
        if doc.text[span.start : span.end] != span.text:
            found = doc.text[span.start : span.end]
            raise ValueError(f"{where}: span {span.text!r} has offsets giving {found!r}")


def name_recall(detect: Detector, rows: Sequence[dict[str, Any]], tradition: str) -> float:
    """Share of one tradition's gold names that some finding overlaps (a name set's JSONL rows)."""
    gold = caught = 0
    for row in rows:
        if row["tradition"] != tradition:
            continue
        found = detect(row["text"])
        for span in row["spans"]:
            gold += 1
            caught += any(f.start < span["end"] and span["start"] < f.end for f in found)
    return caught / gold
