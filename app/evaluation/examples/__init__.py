"""Small example case sets shipped with Curbside (see README.md here for sources and licences)."""

from __future__ import annotations

from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent
"""The folder holding the example sets."""


def example_sets() -> list[Path]:
    """Every example case set file, sorted by name."""
    return sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in (".jsonl", ".csv"))
