"""The name model: its weights file is reproducible, and its findings say why.

Retraining runs the real trainer (``make train-deid``'s second step) on the
same seeded synthetic notes and must give the committed weights byte for byte,
so the file in the repository is what the code and the pinned packages make.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest
from curbside.deid import detect
from curbside.deid.name_model import model_names
from curbside.deid.tokens import tokenize

needs_train_extra = pytest.mark.skipif(
    importlib.util.find_spec("faker") is None, reason="needs the train extra"
)


@needs_train_extra
@pytest.mark.train
def test_retraining_reproduces_the_committed_weights(tmp_path: Path) -> None:
    from curbside.deid.train import fit

    out = fit.train(tmp_path / "name_crf.bin")
    committed = fit.OUTPUT.read_bytes()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(committed).hexdigest()
    assert len(committed) < 400_000  # small enough to commit and to ship


@pytest.mark.parametrize(
    ("text", "name", "why"),
    [
        (
            "Case discussed with Chidinma Okafor, the hospitalist.",
            "Chidinma Okafor",
            "written as a person's name (after 'with')",
        ),
        ("Ó Briain, Aoife\nFollow-up visit.", "Ó Briain", "surname, given name at the start"),
        ("Tomasz Wiśniewski reports dizziness.", "Tomasz Wiśniewski", "name before 'reports'"),
        # A lone given name in running prose, in a sentence no rule spells out.
        ("I saw Faizan today in clinic.", "Faizan", "name after 'saw'"),
        (
            "Visited Zsuzsanna at home.",
            "Zsuzsanna",
            "written as a person's name (after 'Visited')",
        ),
        (
            "Spoke with Oluwaseun about the plan.",
            "Oluwaseun",
            "written as a person's name (after 'with')",
        ),
    ],
)
def test_model_names_say_what_the_model_saw(text: str, name: str, why: str) -> None:
    found = model_names(text, tokenize(text))
    assert any(f.text == name and f.reason.startswith(why) for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Remains on Levo, Vanco and flagyl.",
        "HEME: Crit 26 this am, stable.",
        "She was extubated easily at noon.",
        "CHEST CLEAR. MONITORING CLOSELY OVERNIGHT.",
        # The same shapes with medicine in the slot: a lone word needs prose, not a label,
        # a dose or a value after it.
        "Spoke with Cardiology about the echo.",
        "GU: Foley to gravity, clear yellow urine.",
        "Given 2gm Mgsulfate overnight.",
        "SBP by Aline 90-120s overnight.",
        "Hickman line in situ.",
    ],
)
def test_note_shorthand_is_not_read_as_a_name(text: str) -> None:
    assert model_names(text, tokenize(text)) == []


def test_model_findings_reach_detect() -> None:
    text = "Pharmacist Oluwaseun Adebayo reviewed the dosing."
    assert [f.text for f in detect(text) if f.label == "NAME"] == ["Oluwaseun Adebayo"]
