"""The clinical case a conversation is about: free text, structured fields, or both.

A :class:`Case` renders as clean Markdown with a heading per section; empty
sections are left out. The rendering is deterministic (line endings and
trailing spaces normalised), because the case sits near the start of every
prompt and must stay byte-identical from turn to turn for llama.cpp to reuse
what it has already read.

Cases load from plain text, or from TOML/JSON files holding the structured
fields (the sample cases' format, see :mod:`curbside.chat.samples`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from curbside.chat.input_check import MAX_INPUT_CHARS, decode_input, looks_binary
from curbside.errors import InputError
from curbside.infra import TooLarge
from curbside.infra.files import read_stream_bounded
from curbside.infra.limits import MAX_CASE_FILE_BYTES
from curbside.infra.untrusted import TooDeep, load_structured

SECTIONS: tuple[tuple[str, str], ...] = (
    ("chief_complaint", "Chief complaint"),
    ("hpi", "History of present illness"),
    ("past_history", "Past medical history"),
    ("medications", "Medications"),
    ("allergies", "Allergies"),
    ("social_history", "Social history"),
    ("family_history", "Family history"),
    ("vitals", "Vital signs"),
    ("exam", "Examination"),
    ("labs", "Laboratory results"),
    ("imaging", "Imaging"),
    ("question", "The question"),
)
"""Structured sections in the order they are rendered: (field name, heading)."""

FIELD_LABELS: dict[str, str] = {"age": "Age", "sex": "Sex", **dict(SECTIONS)}
"""Every structured field with its label, for editors."""


@dataclass(frozen=True)
class Case:
    """A de-identified clinical case.

    Attributes:
        free_text: A pasted case, as written.
        age: e.g. ``"58 years"`` or ``"3 months"``.
        sex: As recorded.
        chief_complaint ... question: The structured sections (see :data:`SECTIONS`).
    """

    free_text: str = ""
    age: str = ""
    sex: str = ""
    chief_complaint: str = ""
    hpi: str = ""
    past_history: str = ""
    medications: str = ""
    allergies: str = ""
    social_history: str = ""
    family_history: str = ""
    vitals: str = ""
    exam: str = ""
    labs: str = ""
    imaging: str = ""
    question: str = ""

    def is_empty(self) -> bool:
        """True when every field is blank."""
        return not any(value.strip() for value in asdict(self).values())

    def is_structured(self) -> bool:
        """True when any structured field (not the free text) is filled."""
        return any(v.strip() for k, v in asdict(self).items() if k != "free_text")

    def to_dict(self) -> dict[str, str]:
        """Return the non-empty fields (for storage and files)."""
        return {key: value for key, value in asdict(self).items() if value.strip()}

    def to_markdown(self) -> str:
        """Render the case as Markdown: ``# Case``, then one ``##`` heading per filled section.

        Returns an empty string for an empty case.
        """
        if self.is_empty():
            return ""
        free = _clean(self.free_text)
        if not self.is_structured():
            return f"# Case\n\n{free}"
        parts = ["# Case"]
        patient = _patient_line(_clean(self.age), _clean(self.sex))
        if patient:
            parts.append(f"## Patient\n\n{patient}")
        if free:
            parts.append(f"## Case notes\n\n{free}")
        for name, heading in SECTIONS:
            text = _clean(getattr(self, name))
            if text:
                parts.append(f"## {heading}\n\n{text}")
        return "\n\n".join(parts)

    def validate(self) -> Case:
        """Return the case unchanged, or raise :class:`InputError` if it cannot be sent."""
        total = sum(len(value) for value in asdict(self).values())
        if total > MAX_INPUT_CHARS:
            raise InputError(
                f"The case is {total:,} characters; Curbside accepts up to {MAX_INPUT_CHARS:,}.",
                "Keep the history, findings and results that matter; leave out the rest.",
            )
        for name, value in asdict(self).items():
            if looks_binary(value):
                label = FIELD_LABELS.get(name, "Case text")
                raise InputError(
                    f"{label} contains binary data (control characters), not readable text.",
                    "Copy the case from a text view, not a file or an image.",
                )
        return self

    @classmethod
    def from_text(cls, text: str) -> Case:
        """A free-text case (a paste)."""
        return cls(free_text=text)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Case:
        """Build a case from field names to text; unknown names are refused.

        Raises:
            InputError: An unknown field, or a value that is not text.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(
                f"Unknown case field(s): {', '.join(unknown)}.",
                f"Use: {', '.join(sorted(known))}.",
            )
        values: dict[str, str] = {}
        for key, value in data.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise InputError(f"Case field '{key}' must be text.", "Quote the value.")
            values[key] = value
        return cls(**values).validate()


def load_case_file(path: Path) -> Case:
    """Read a case from ``path``: ``.toml``/``.json`` hold fields, anything else is free text.

    A TOML or JSON file may hold the fields at the top level or in a ``case``
    table (the sample cases' layout; their other keys are ignored).

    Raises:
        InputError: The file is missing, unreadable, malformed or empty.
    """
    try:
        # A stream read within the budget: a pipe (`--case <(...)`) works, /dev/zero stops.
        with path.open("rb") as handle:
            data = read_stream_bounded(handle, MAX_CASE_FILE_BYTES)
    except TooLarge:
        raise InputError(
            f"The case file {path} is larger than {MAX_CASE_FILE_BYTES // (1024 * 1024)} MB: "
            "not a case (or not a text file).",
            "Give the case as a plain-text, TOML or JSON file.",
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(
            f"Cannot read the case file {path}: {reason}.", "Check the path and permissions."
        ) from exc
    text = decode_input(data)
    suffix = path.suffix.lower()
    if suffix in (".toml", ".json"):
        case = Case.from_mapping(_parse_structured(text, suffix, path))
    else:
        case = Case.from_text(text).validate()
    if case.is_empty():
        raise InputError(f"The case file {path} is empty.", "Put the case text in it.")
    return case


def _parse_structured(text: str, suffix: str, path: Path) -> Mapping[str, object]:
    try:
        raw = load_structured(text, suffix[1:])
    except TooDeep as exc:
        raise InputError(
            f"The case file {path} is not a case: {exc}.",
            "A case file holds fields such as chief_complaint and hpi, one level deep.",
        ) from None
    except ValueError as exc:  # json.JSONDecodeError, tomllib.TOMLDecodeError
        raise InputError(
            f"The case file {path} is not valid {suffix[1:].upper()}: {exc}.",
            "Fix the file, or save the case as plain text (.txt).",
        ) from exc
    if not isinstance(raw, dict):
        raise InputError(
            f"The case file {path} does not hold case fields.",
            "Use field names such as chief_complaint, hpi, labs.",
        )
    inner = raw.get("case")
    return inner if isinstance(inner, dict) else raw


def _clean(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def _patient_line(age: str, sex: str) -> str:
    parts = [f"Age: {age}" if age else "", f"Sex: {sex}" if sex else ""]
    return "; ".join(p for p in parts if p)
