"""Exam vignettes as de-identified clinical text: the guard should stay quiet on them.

Two MIT-licensed sets live beside the repository (``../shared/data``, or
``$CURBSIDE_VIGNETTES_DIR``): MedQA's US test split (1,273 USMLE-style
questions, ``medqa-us/test.jsonl``) and AgentClinic-MedQA extended (214 OSCE
vignettes, ``agentclinic/agentclinic_medqa_extended.jsonl``). They are fictional
cases written for exams, so they name no real patient, but they are dense with
eponyms, drugs, place-named terms and numbers.

Each is read with the evaluation harness's own reader
(:func:`curbside.evaluation.load_case_set`), and an item's text is what the
harness sends to a model: the case, the question and the lettered options. Each
set is split by item id with a fixed seed into a development half (rules may be
written looking at its findings) and a test half (scored, never read).
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from curbside.evaluation import load_case_set

from tests.deid_corpora import REPO_ROOT

VIGNETTES_ENV = "CURBSIDE_VIGNETTES_DIR"
SPLIT_SEED = 20261202
"""Seed of the vignette splits (issue 17): fixed, so the halves never move."""

SETS: dict[str, tuple[str, str]] = {
    "medqa": ("medqa-us/test.jsonl", "medqa"),
    "agentclinic": ("agentclinic/agentclinic_medqa_extended.jsonl", "agentclinic"),
}
"""Set name -> (file under the data directory, the harness's format name)."""


@dataclass(frozen=True)
class Vignette:
    """One exam item as the guard sees it."""

    id: str
    text: str


def vignettes_dir() -> Path:
    """Return where the shared data sets should be (they may be absent)."""
    override = os.environ.get(VIGNETTES_ENV)
    if override:
        return Path(override).expanduser()
    return REPO_ROOT.parent / "shared" / "data"


def available(name: str, directory: Path | None = None) -> bool:
    """Return True when set ``name`` ("medqa" or "agentclinic") is present."""
    return ((directory or vignettes_dir()) / SETS[name][0]).is_file()


def load(name: str, directory: Path | None = None) -> list[Vignette]:
    """Read set ``name`` with the harness's reader; one :class:`Vignette` per item."""
    relative, fmt = SETS[name]
    case_set = load_case_set((directory or vignettes_dir()) / relative, fmt)
    found = []
    for item in case_set.items:
        options = "\n".join(f"{letter}. {text}" for letter, text in item.options.items())
        parts = [item.case_text, item.question, options]
        found.append(Vignette(item.id, "\n\n".join(p for p in parts if p)))
    return found


def split(items: Sequence[Vignette]) -> tuple[list[Vignette], list[Vignette]]:
    """Split into a development half and a test half by item id (sorted, shuffled, cut)."""
    ids = sorted(item.id for item in items)
    random.Random(SPLIT_SEED).shuffle(ids)
    dev_ids = frozenset(ids[: len(ids) // 2])
    return [v for v in items if v.id in dev_ids], [v for v in items if v.id not in dev_ids]


@dataclass(frozen=True)
class CleanRate:
    """How often a detector speaks on identifier-free items."""

    items: int
    flagged: int
    by_label: dict[str, int]

    @property
    def share(self) -> float:
        """Share of items with at least one finding."""
        return self.flagged / self.items if self.items else 0.0

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready summary (counts only, no item text)."""
        return {
            "items": self.items,
            "flagged": self.flagged,
            "share_flagged": round(self.share, 4),
            "findings_by_label": dict(sorted(self.by_label.items())),
        }


def clean_rate(detect: Callable[[str], Sequence[object]], items: Sequence[Vignette]) -> CleanRate:
    """Run ``detect`` over ``items`` and count the items flagged and findings per label."""
    flagged = 0
    labels: Counter[str] = Counter()
    for item in items:
        found = detect(item.text)
        if found:
            flagged += 1
            labels.update(str(getattr(f, "label", "?")) for f in found)
    return CleanRate(len(items), flagged, dict(labels))
