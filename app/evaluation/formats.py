"""Turn one record of each case set format into an :class:`EvalItem`, validating every field.

**The unit's own set** (``--format cases``), one item per JSONL line::

    {"id": "chest-07",                       # required, unique
     "case": "54 M, 2 h of crushing chest pain ...",   # required: the vignette
     "question": "What is the most likely diagnosis?",  # required
     "diagnosis": "Acute myocardial infarction",        # optional gold diagnosis
     "synonyms": ["STEMI", "heart attack"],             # optional, for "diagnosis"
     "diagnoses": [{"name": "...", "synonyms": [...]}], # optional, several golds
     "category": "cardiology",                          # optional
     "rubric": [{"criterion": "Recommends an ECG within 10 minutes",
                 "points": 5, "tags": ["axis:completeness"]}]}   # optional

CSV takes the same names as columns (``id``, ``case``, ``question`` required;
``diagnosis``, ``category`` optional; ``synonyms`` separated by ``|``;
``rubric`` as a JSON array in its cell). Unknown fields are refused, so a
misspelt ``diagnsis`` is caught rather than silently unscored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from curbside.evaluation.items import CaseSetError, EvalItem, GoldDiagnosis, RubricItem
from curbside.infra.limits import MAX_INPUT_CHARS, MAX_RUBRIC_ITEMS

CASE_FIELDS = ("id", "case", "question", "diagnosis", "synonyms", "diagnoses", "category", "rubric")
REQUIRED_CASE_FIELDS = ("id", "case", "question")
LETTERS = "ABCDEFGHIJ"
DX_QUESTION = (
    "What is the most likely diagnosis? Give your differential diagnosis as a numbered "
    "list, most likely first, one diagnosis per line."
)


@dataclass(frozen=True)
class Where:
    """A place in a case set file, for error messages."""

    file: str
    line: int
    unit: str = "line"

    def error(self, field: str | None, problem: str) -> CaseSetError:
        """Return the error for ``field`` (None: the whole line) at this place."""
        place = f"{self.file}, {self.unit} {self.line}"
        if field:
            place += f", field '{field}'"
        return CaseSetError(f"{place}: {problem}.", "Fix the file and run again; nothing was run.")


def _text(record: Mapping[str, Any], name: str, where: Where, required: bool = True) -> str:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise where.error(name, "missing" if value is None else "empty")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise where.error(name, "expected text")
    text = str(value).strip()
    if len(text) > MAX_INPUT_CHARS:
        raise where.error(name, f"{len(text):,} characters, over the {MAX_INPUT_CHARS:,} allowed")
    return text


def _text_list(value: Any, name: str, where: Where) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(name, "expected a list of text")
    return tuple(v.strip() for v in value if v.strip())


def medqa_item(record: Mapping[str, Any], where: Where) -> EvalItem:
    """A MedQA-style multiple-choice question."""
    question = _text(record, "question", where)
    options = record.get("options")
    if not isinstance(options, dict) or len(options) < 2:
        raise where.error("options", "expected an object of at least two lettered options")
    clean: dict[str, str] = {}
    for letter in options:
        if letter not in LETTERS or len(letter) != 1:
            raise where.error("options", f"'{letter}' is not an option letter (A–J)")
        clean[letter] = _text(options, letter, where)
    answer = _text(record, "answer_idx", where).upper()
    if answer not in clean:
        raise where.error(
            "answer_idx", f"unknown answer letter '{answer}' (options are {', '.join(clean)})"
        )
    raw_id = record.get("id", record.get("realidx"))
    item_id = f"q{where.line}" if raw_id is None else _text(record, _id_key(record), where)
    category = _text(record, "meta_info", where, required=False)
    return EvalItem(item_id, "", question, clean, answer, category=category)


def _id_key(record: Mapping[str, Any]) -> str:
    return "id" if "id" in record else "realidx"


def agentclinic_item(record: Mapping[str, Any], where: Where) -> EvalItem:
    """An AgentClinic OSCE vignette; the case text is built from its fields."""
    osce = record.get("OSCE_Examination")
    if not isinstance(osce, dict):
        raise where.error("OSCE_Examination", "missing or not an object")
    gold = _text(osce, "Correct_Diagnosis", where)
    sections = []
    for key in ("Patient_Actor", "Physical_Examination_Findings", "Test_Results"):
        if key in osce:
            sections.append(f"## {_label(key)}\n" + "\n".join(_render(osce[key], 0)))
    if not sections:
        raise where.error("OSCE_Examination", "no Patient_Actor, examination or test results")
    objective = _text(osce, "Objective_for_Doctor", where, required=False)
    question = f"{objective} {DX_QUESTION}".strip()
    case_text = "\n\n".join(sections)
    if len(case_text) > MAX_INPUT_CHARS:
        raise where.error("OSCE_Examination", "the case is too long")
    return EvalItem(f"ac-{where.line}", case_text, question, gold=(GoldDiagnosis(gold),))


def _label(key: str) -> str:
    text = key.replace("_", " ").strip()
    # Only the first letter changes: "MRI_Brain" reads "MRI Brain", not "Mri brain".
    return text[:1].upper() + text[1:]


def _render(value: Any, level: int) -> list[str]:
    indent = "  " * level
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            if isinstance(inner, dict):
                lines.append(f"{indent}- {_label(str(key))}:")
                lines.extend(_render(inner, level + 1))
            else:
                lines.append(f"{indent}- {_label(str(key))}: {_flat(inner)}")
        return lines
    return [f"{indent}{_flat(value)}"]


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(str(k))}: {_flat(v)}" for k, v in value.items())
    return str(value)


def cases_item(record: Mapping[str, Any], where: Where) -> EvalItem:
    """An item of the unit's own set (see the module docstring for the schema)."""
    unknown = sorted(set(record) - set(CASE_FIELDS))
    if unknown:
        raise where.error(unknown[0], f"unknown field (known: {', '.join(CASE_FIELDS)})")
    gold = list(_golds(record.get("diagnoses"), where))
    name = _text(record, "diagnosis", where, required=False)
    if name:
        gold.insert(0, GoldDiagnosis(name, _text_list(record.get("synonyms"), "synonyms", where)))
    elif record.get("synonyms"):
        raise where.error("synonyms", "given without a 'diagnosis'")
    return EvalItem(
        id=_text(record, "id", where),
        case_text=_text(record, "case", where),
        question=_text(record, "question", where),
        gold=tuple(gold),
        rubric=_rubric(record.get("rubric"), where),
        category=_text(record, "category", where, required=False),
    )


def _golds(value: Any, where: Where) -> list[GoldDiagnosis]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error("diagnoses", "expected a list")
    golds = []
    for entry in value:
        if isinstance(entry, str) and entry.strip():
            golds.append(GoldDiagnosis(entry.strip()))
        elif isinstance(entry, dict):
            name = _text(entry, "name", Where(where.file, where.line))
            golds.append(GoldDiagnosis(name, _text_list(entry.get("synonyms"), "synonyms", where)))
        else:
            raise where.error("diagnoses", "each entry is a name or {name, synonyms}")
    return golds


def _rubric(value: Any, where: Where) -> tuple[RubricItem, ...]:
    if value is None or value == "":
        return ()
    if not isinstance(value, list):
        raise where.error("rubric", "expected a list of {criterion, points, tags}")
    if len(value) > MAX_RUBRIC_ITEMS:
        raise where.error("rubric", f"{len(value)} criteria, over the {MAX_RUBRIC_ITEMS} allowed")
    items = []
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, dict):
            raise where.error("rubric", f"criterion {number} is not an object")
        field = f"rubric[{number}]"
        criterion = _text(entry, "criterion", Where(where.file, where.line)) if entry else ""
        points = entry.get("points")
        if isinstance(points, bool) or not isinstance(points, int | float) or points == 0:
            raise where.error(f"{field}.points", "expected a non-zero number")
        items.append(
            RubricItem(criterion, float(points), _text_list(entry.get("tags"), field, where))
        )
    return tuple(items)


def check_csv_header(header: Sequence[str], where: Where) -> None:
    """Refuse a CSV header without the required columns or with unknown ones."""
    missing = [name for name in REQUIRED_CASE_FIELDS if name not in header]
    if missing:
        raise where.error(missing[0], "missing column in the header")
    unknown = [name for name in header if name not in CASE_FIELDS]
    if unknown:
        raise where.error(unknown[0], f"unknown column (known: {', '.join(CASE_FIELDS)})")


def csv_row(row: Mapping[str, str | None], where: Where) -> dict[str, Any]:
    """Turn a CSV row into a record of the JSONL schema."""
    record: dict[str, Any] = {k: v for k, v in row.items() if v not in (None, "")}
    if "synonyms" in record:
        record["synonyms"] = [s for s in str(record["synonyms"]).split("|") if s.strip()]
    if "diagnoses" in record:
        record["diagnoses"] = [s for s in str(record["diagnoses"]).split("|") if s.strip()]
    if "rubric" in record:
        try:
            record["rubric"] = json.loads(str(record["rubric"]))
        except (json.JSONDecodeError, RecursionError):
            raise where.error("rubric", "not a valid JSON array") from None
    return record
