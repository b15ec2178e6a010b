"""Redaction: consistent placeholders, ages over 89, relative dates, offsets."""

from __future__ import annotations

import datetime as dt

import pytest
from curbside.deid import Finding, detect, redact

CASE = (
    "Name: John Smith  MRN: 12345678  DOB: 03/14/1931\n"
    "Seen 03/14/2024 and again 3/17/24. 94 yo man.\n"
    "Dr. Healey called his wife Rose at 617-555-0143. Smith is stable; Healey agrees.\n"
)


def test_same_identifier_same_placeholder() -> None:
    out = redact(CASE).text
    assert "John" not in out and "Smith" not in out and "Healey" not in out
    assert out.count("[NAME-1]") == 2  # "John Smith" and the later "Smith"
    assert out.count("[NAME-2]") == 2  # both "Healey"
    assert "[NAME-3]" in out  # Rose
    assert "[ID-1]" in out and "[PHONE-1]" in out


def test_age_over_89_becomes_90_plus() -> None:
    assert "90+ yo man" in redact(CASE).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Admitted 3/10/2024, extubated 3/13/2024.", "Admitted Day 0, extubated Day +3."),
        ("CT 2024-03-12; admitted 2024-03-14.", "CT Day 0; admitted Day +2."),
        ("Seen 03/14/2024, labs 3/10.", "Seen Day +4, labs Day 0."),
    ],
)
def test_relative_dates(text: str, expected: str) -> None:
    assert redact(text, dates="relative").text == expected


def test_relative_dates_keep_birth_date_as_placeholder() -> None:
    out = redact(CASE, dates="relative").text
    assert "DOB: [DATE-1]" in out
    assert "Seen Day 0 and again Day +3." in out


def test_relative_dates_with_explicit_anchor() -> None:
    text = "Admitted 3/10/2024."
    assert redact(text, dates="relative", anchor=dt.date(2024, 3, 8)).text == "Admitted Day +2."


def test_replacements_map_both_texts() -> None:
    result = redact(CASE)
    for rep in result.replacements:
        assert result.text[rep.new_start : rep.new_end] == rep.placeholder
        assert CASE[rep.start : rep.end]
    assert result.categories == sorted({r.label for r in result.replacements})


def test_chosen_findings_only() -> None:
    findings = [f for f in detect(CASE) if f.label == "PHONE"]
    out = redact(CASE, findings).text
    assert "[PHONE-1]" in out and "John Smith" in out


def test_no_findings_leaves_text() -> None:
    assert redact("BP 120/80, 3/6 murmur.").text == "BP 120/80, 3/6 murmur."
    assert redact("").text == ""


def test_overlapping_input_is_not_doubled() -> None:
    text = "call 617-555-0143 now"
    a = Finding(5, 17, "PHONE", "617-555-0143", "x")
    b = Finding(9, 12, "ID", "555", "y")
    assert redact(text, [a, b]).text == "call [PHONE-1] now"
