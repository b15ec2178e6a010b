"""The structured case: Markdown rendering, validation, and loading from files."""

from __future__ import annotations

from pathlib import Path

import pytest
from curbside.chat.case import SECTIONS, Case, load_case_file
from curbside.errors import InputError

ROWS = [
    (
        "free text only",
        Case(free_text="  67F, fever and cough.\r\nCRP 120.  \n"),
        "# Case\n\n67F, fever and cough.\nCRP 120.",
    ),
    (
        "age and sex only",
        Case(age="3 months", sex="Female"),
        "# Case\n\n## Patient\n\nAge: 3 months; Sex: Female",
    ),
    (
        "empty sections left out",
        Case(sex="Male", chief_complaint="Syncope.", labs="  ", question="Cause?"),
        "# Case\n\n## Patient\n\nSex: Male\n\n## Chief complaint\n\nSyncope.\n\n"
        "## The question\n\nCause?",
    ),
    (
        "paste plus structured fields",
        Case(free_text="Referral letter text.", vitals="BP 90/50"),
        "# Case\n\n## Case notes\n\nReferral letter text.\n\n## Vital signs\n\nBP 90/50",
    ),
    ("empty case", Case(free_text=" \n ", hpi="\t"), ""),
]


@pytest.mark.parametrize(("name", "case", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_markdown_rendering(name: str, case: Case, expected: str) -> None:
    assert case.to_markdown() == expected


def test_every_section_has_a_heading_in_order() -> None:
    case = Case(**{name: f"text of {name}" for name, _ in SECTIONS})
    rendered = case.to_markdown()
    positions = [rendered.index(f"## {heading}\n\ntext of {name}") for name, heading in SECTIONS]
    assert positions == sorted(positions)


def test_rendering_is_deterministic_for_the_prompt_cache() -> None:
    a = Case(hpi="Line one.   \r\nLine two.\r\n", labs="K 6.1")
    b = Case(hpi="Line one.\nLine two.", labs="K 6.1\n\n")
    assert a.to_markdown() == b.to_markdown()


def test_mapping_round_trip_and_unknown_fields() -> None:
    case = Case(age="40 years", labs="Hb 90 g/L")
    assert Case.from_mapping(case.to_dict()) == case
    assert Case.from_mapping({"age": 40}).age == "40"
    with pytest.raises(InputError, match=r"Unknown case field.*patient_name"):
        Case.from_mapping({"patient_name": "x"})
    with pytest.raises(InputError, match="must be text"):
        Case.from_mapping({"labs": ["Hb"]})


def test_binary_or_huge_case_is_refused() -> None:
    with pytest.raises(InputError, match="Laboratory results contains binary data"):
        Case(labs="\x00\x01garbage").validate()
    with pytest.raises(InputError, match="accepts up to"):
        Case(free_text="x" * 200_001).validate()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("case.txt", "Pasted case.\n", Case(free_text="Pasted case.\n")),
        ("case.md", "# Notes\nK 6.3", Case(free_text="# Notes\nK 6.3")),
        ("case.toml", 'age = "70 years"\nlabs = "K 6.3"\n', Case(age="70 years", labs="K 6.3")),
        ("sample.toml", 'id = "x"\n[case]\nhpi = "Fell."\n', Case(hpi="Fell.")),
        ("case.json", '{"case": {"exam": "Clonus"}}', Case(exam="Clonus")),
    ],
)
def test_case_files(tmp_path: Path, name: str, content: str, expected: Case) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert load_case_file(path) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("absent.txt", None, "Cannot read the case file"),
        ("empty.txt", b"   \n", "is empty"),
        ("bad.toml", b"age = ", "not valid TOML"),
        ("list.json", b"[1]", "does not hold case fields"),
        ("latin1.txt", "Fièvre".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_case_files_get_a_clear_message(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_case_file(path)
