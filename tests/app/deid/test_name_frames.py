"""Names told by the sentence frame: an age, a header line, a sign-off, an initial, a role.

Table-driven. The names here are invented or common in their traditions and
are not drawn from the multi-locale set; each negative row is a clinical line
of the same shape that must stay clean.
"""

from __future__ import annotations

import pytest
from curbside.deid import detect
from curbside.deid.name_frames import frame_names
from curbside.deid.tokens import tokenize

FOUND = [
    ("Oyelaran Bassey is a 52-year-old woman with lupus.", "Oyelaran Bassey", "name before an age"),
    ("Marit van der Kolk is a 30 yo G2P1.", "Marit van der Kolk", "name before an age"),
    ("Tadeusz has been sleeping poorly since the move.", "Tadeusz", "name before 'has been'"),
    ("NGUYỄN HÀ HAS BEEN EATING LESS.", "NGUYỄN HÀ", "name before 'HAS BEEN'"),
    ("From: Achterberg, Wim\nRe: INR", "Achterberg, Wim", "surname, given name in a header line"),
    ("PATIENT: OKONKWO, CHIDI\nBED 4", "OKONKWO, CHIDI", "surname, given name in a header line"),
    ("Quispe, Rosa M.\nReview of COPD.", "Quispe, Rosa M", "surname, given name in a header line"),
    ("Will chase the bloods.\nThanks, Siobhán", "Siobhán", "name signing off a message"),
    ("Results shared with Kwabena T. this morning.", "Kwabena T.", "given name and initial"),
    ("Consent taken by Ilse Brandt (registrar).", "Ilse Brandt", "name before the person's role"),
    ("Came in with Dilnoza, her daughter.", "Dilnoza", "name before the person's role"),
]

CLEAN = [
    "Patient is a 45-year-old man with COPD.",
    "PICC has been pulled and the tip sent.",
    "Duoderm has been applied to the sacrum.",
    "Headache, nausea\nNo vomiting.",
    "Hypertension, Diabetes\nOn metformin.",
    "ECG shows Mobitz I.",
    "Vitamin D. Calcium normal.",
    "Thanks, all.",
    "Seen with hepatitis B. Plan as above.",
]


@pytest.mark.parametrize(("text", "name", "why"), FOUND)
def test_the_frame_shows_the_name(text: str, name: str, why: str) -> None:
    names = [f for f in detect(text) if f.label == "NAME"]
    assert any(name in f.text or f.text in name for f in names), names
    tokens = tokenize(text)
    assert why in {reason for _, reason in frame_names(text, tokens)}


@pytest.mark.parametrize("text", CLEAN)
def test_clinical_lines_of_the_same_shape_stay_clean(text: str) -> None:
    assert [(f.label, f.text, f.reason) for f in detect(text)] == []
