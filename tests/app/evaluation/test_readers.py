"""Case set readers: every format, the shipped examples, the full sets, and each bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.evaluation import CaseSetError, load_case_set
from curbside.evaluation.examples import EXAMPLES_DIR, example_sets
from curbside.infra.limits import MAX_CASE_SET_BYTES

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")

QUESTION = {
    "question": "Which drug?",
    "options": {"A": "Aspirin", "B": "Heparin", "C": "Warfarin", "D": "Alteplase"},
    "answer_idx": "B",
    "meta_info": "step1",
}


def _jsonl(tmp_path: Path, rows: list[object], name: str = "set.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_every_shipped_example_reads_and_has_its_licence() -> None:
    kinds = {p.name: load_case_set(p) for p in example_sets()}
    assert kinds["medqa-us-sample.jsonl"].format == "medqa"
    assert kinds["medqa-us-sample.jsonl"].kind == "choice"
    assert kinds["agentclinic-sample.jsonl"].format == "agentclinic"
    assert kinds["cases-sample.jsonl"].items[0].rubric[2].points == -6
    assert kinds["cases-sample.csv"].items[1].gold[0].synonyms[0] == "ureteric stone"
    assert (EXAMPLES_DIR / "LICENSE-medqa").read_text().startswith("MIT License")
    assert (EXAMPLES_DIR / "LICENSE-agentclinic").read_text().startswith("MIT License")


def test_full_external_sets_read() -> None:
    medqa = load_case_set(SHARED / "medqa-us" / "test.jsonl")
    assert len(medqa.items) == 1273 and medqa.items[0].answer == "B"
    assert {i.category for i in medqa.items} == {"step1", "step2&3"}
    clinic = load_case_set(SHARED / "agentclinic" / "agentclinic_medqa_extended.jsonl")
    assert len(clinic.items) == 214
    first = clinic.items[0]
    assert first.gold[0].name == "Myasthenia gravis"
    assert "Myasthenia" not in first.case_text  # the gold answer is not in the case text
    assert "Acetylcholine Receptor Antibodies: Present (elevated)" in first.case_text


def test_agentclinic_as_a_json_array(tmp_path: Path) -> None:
    line = (EXAMPLES_DIR / "agentclinic-sample.jsonl").read_text().splitlines()[0]
    path = tmp_path / "osce.json"
    path.write_text(f"[{line}]")
    assert load_case_set(path).items[0].gold[0].name == "Myasthenia gravis"


@pytest.mark.parametrize(
    ("rows", "fmt", "expected"),
    [
        (["{not json"], None, "set.jsonl, line 1: not valid JSON"),
        ([QUESTION, "[1, 2]"], None, "line 2: expected a JSON object"),
        ([{**QUESTION, "answer_idx": "F"}], None, "field 'answer_idx': unknown answer letter 'F'"),
        ([{k: v for k, v in QUESTION.items() if k != "question"}], "medqa", "field 'question'"),
        ([{**QUESTION, "options": {"A": "x", "1": "y"}}], None, "'1' is not an option letter"),
        ([{**QUESTION, "id": 7}, {**QUESTION, "id": 7}], None, "line 2, field 'id': duplicate"),
        ([{"id": "a", "case": "x"}], "cases", "line 1, field 'question': missing"),
        ([{"id": "a", "case": "x", "question": "q", "diagnsis": "y"}], "cases", "'diagnsis'"),
        (
            [
                {
                    "id": "a",
                    "case": "x",
                    "question": "q",
                    "rubric": [{"criterion": "c", "points": 0}],
                }
            ],
            "cases",
            "field 'rubric[1].points': expected a non-zero number",
        ),
        ([{"OSCE_Examination": {"Patient_Actor": {}}}], None, "'Correct_Diagnosis': missing"),
        ([QUESTION, QUESTION, "", {"nothing": 1}], "medqa", "line 4, field 'question'"),
        (['{"a": ' + "[" * 40 + "1" + "]" * 40 + "}"], None, "nested deeper"),
    ],
)
def test_bad_lines_name_file_line_and_field(
    tmp_path: Path, rows: list[object], fmt: str | None, expected: str
) -> None:
    with pytest.raises(CaseSetError) as caught:
        load_case_set(_jsonl(tmp_path, rows), fmt)
    assert expected in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n  \n")
    with pytest.raises(CaseSetError, match=r"empty\.jsonl is empty"):
        load_case_set(path)


def test_a_50_mb_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_CASE_SET_BYTES
    with pytest.raises(CaseSetError, match=r"huge.jsonl is 52 MB; a case set may be at most"):
        load_case_set(path)


def test_missing_file_and_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(CaseSetError, match="Case set not found"):
        load_case_set(tmp_path / "nope.jsonl")
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(QUESTION).encode() + b"\n" + b'{"question": "caf\xe9"}\n')
    with pytest.raises(CaseSetError, match="line 2: not UTF-8"):
        load_case_set(path)


def test_csv_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "unit.csv"
    path.write_text("id,case,question\na,case one,q\na,case two,q\n")
    with pytest.raises(CaseSetError, match=r"unit\.csv, line 3, field 'id': duplicate id 'a'"):
        load_case_set(path)
    path.write_text("id,case\na,case one\n")
    with pytest.raises(CaseSetError, match="field 'question': missing column"):
        load_case_set(path)
    path.write_text('id,case,question,rubric\na,x,q,"[{bad"\n')
    with pytest.raises(CaseSetError, match="line 2, field 'rubric': not a valid JSON array"):
        load_case_set(path)
    path.write_text("id,case,question\na,x,q,extra\n")
    with pytest.raises(CaseSetError, match="line 2: more cells"):
        load_case_set(path)


def test_set_digest_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = _jsonl(tmp_path, [QUESTION])
    assert load_case_set(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
