"""Speed mechanics of the scan must not change what it finds (issue 17's speed line)."""

from __future__ import annotations

import pytest
from curbside.deid import detect
from curbside.deid.name_model import model_names
from curbside.deid.tokens import tokenize

REPEATED = [
    "PT SEEN BY DR SMITH AND WIFE ROSE. BP 120/80 HR 72 NSR. ",
    "Family meeting with daughter Aoife Ní Bhriain today. ",
    "Seen by Dr. Okonkwo Adeyemi; spoke with his son Chidi. ",
]


@pytest.mark.parametrize("line", REPEATED)
def test_a_repeated_line_reads_the_same_in_every_copy(line: str) -> None:
    """The name model reads a window once per text; every copy still gets its findings."""
    once = [(f.start, f.end, f.label, f.reason) for f in model_names(line, tokenize(line))]
    assert once, "the line must give the model something to find"
    copies = 5
    text = line * copies
    many = [(f.start, f.end, f.label, f.reason) for f in model_names(text, tokenize(text))]
    shifted = [
        (s + k * len(line), e + k * len(line), lab, why)
        for k in range(copies)
        for s, e, lab, why in once
    ]
    assert sorted(many) == sorted(shifted)
    found = detect(text)
    assert len(found) == copies * len(detect(line))


def test_a_note_without_line_breaks_is_read_like_one_with_them() -> None:
    """The model's windows stop at line breaks, found without rescanning the text."""
    line = "WIFE ROSE CALLED AT NOON. "
    flat = line * 40
    broken = (line.rstrip() + "\n") * 40
    found = model_names(flat, tokenize(flat))
    assert len(found) == 40 and {f.text for f in found} == {"ROSE"}
    assert len(model_names(broken, tokenize(broken))) == 40
