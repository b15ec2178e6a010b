"""Sample cases: synthetic, clearly fictional, de-identified, written for Curbside.

Each sample is a TOML file in this package: an ``id``, a ``title``, a
``specialty``, ``fictional = true``, and a ``[case]`` table with the fields of
:class:`curbside.chat.case.Case`. None is drawn from a real record; names, places and
dates are absent by design. The demo, the menu in the case editor and the tests
use them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from curbside.chat.case import Case
from curbside.errors import InputError

FICTION_NOTICE = "Fictional sample case, written for Curbside. Not a real patient."


@dataclass(frozen=True)
class SampleCase:
    """One sample case.

    Attributes:
        id: Stable short name (``ed-chest-pain``).
        title: Shown in menus.
        specialty: The area of practice it exercises.
        case: The case itself.
    """

    id: str
    title: str
    specialty: str
    case: Case


@cache
def list_samples() -> tuple[SampleCase, ...]:
    """Return every sample case, sorted by title."""
    folder = resources.files(__name__)
    samples = [
        _parse(entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    return tuple(sorted(samples, key=lambda sample: sample.title))


def load_sample(sample_id: str) -> SampleCase:
    """Return the sample called ``sample_id``.

    Raises:
        InputError: No such sample (the message lists the ids).
    """
    for sample in list_samples():
        if sample.id == sample_id:
            return sample
    ids = ", ".join(sample.id for sample in list_samples())
    raise InputError(f"There is no sample case '{sample_id}'.", f"Choose one of: {ids}.")


def _parse(name: str, text: str) -> SampleCase:
    data = tomllib.loads(text)
    if data.get("fictional") is not True:
        # A guard for contributors: only clearly fictional cases may ship.
        raise ValueError(f"sample {name} is not marked fictional = true")
    return SampleCase(
        id=str(data["id"]),
        title=str(data["title"]),
        specialty=str(data["specialty"]),
        case=Case.from_mapping(data["case"]),
    )
