"""Sample cases: at least ten, fictional, loadable, covering the specialties asked for."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from curbside.chat.samples import list_samples, load_sample
from curbside.errors import InputError

REQUIRED = [
    "ed-chest-pain",
    "sepsis",
    "pediatric-fever",
    "stroke",
    "dka",
    "anemia-workup",
    "rash",
    "syncope",
    "aki",
    "pregnancy-headache",
]


def test_at_least_ten_samples_with_unique_ids() -> None:
    samples = list_samples()
    assert len(samples) >= 10
    assert len({s.id for s in samples}) == len(samples)
    assert set(REQUIRED) <= {s.id for s in samples}


@pytest.mark.parametrize("sample_id", REQUIRED)
def test_each_required_sample_loads_as_a_full_case(sample_id: str) -> None:
    sample = load_sample(sample_id)
    case = sample.case
    assert sample.title and sample.specialty
    for field in ("age", "sex", "chief_complaint", "hpi", "vitals", "exam", "question"):
        assert getattr(case, field).strip(), field
    rendered = case.to_markdown()
    assert rendered.startswith("# Case\n\n## Patient\n\nAge: ")
    assert "## The question" in rendered


def test_every_sample_file_is_marked_fictional_and_names_no_one() -> None:
    files = [
        f for f in resources.files("curbside.chat.samples").iterdir() if f.name.endswith(".toml")
    ]
    assert len(files) == len(list_samples())
    for entry in files:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        assert data["fictional"] is True
        assert not {"name", "mrn", "dob", "address"} & set(data["case"]), entry.name


def test_there_is_a_long_case_for_prefill_work() -> None:
    assert len(load_sample("aki").case.to_markdown()) > 4500


def test_unknown_sample_lists_the_ids() -> None:
    with pytest.raises(InputError, match="ed-chest-pain"):
        load_sample("nope")
