"""The clinical-vocabulary layer: eponyms, scores, drugs and organisms stay clean; people do not.

Table-driven: each row is a text and what the guard must say about it. The
eponyms and places here are deliberately *not* in any list: the head-noun rule
has to recognize them from the word that follows.
"""

from __future__ import annotations

import gzip
import importlib.util

import pytest
from curbside.deid import detect
from curbside.deid.clinical_terms import HEADS, clinical_terms, is_drug, vocabulary
from curbside.deid.tokens import tokenize

CLEAN = [
    # Invented eponyms before head nouns: only the grammar can tell.
    "Zarnowski sign was present on the left.",
    "The Quillfeather score was 4 on admission.",
    "Okonedo criteria were not met.",
    "Braxton Hicks contractions overnight, irregular.",
    "Sister Mary Joseph nodule at the umbilicus.",
    "Hunt and Hess grade 2.",
    "Glasgow Coma Scale 13.",
    "Ottawa ankle rules negative.",
    "Edinburgh Postnatal Depression Scale 9.",
    "Seattle Heart Failure Model reviewed.",
    "St. Jude valve in the aortic position.",
    "Norwalk virus on the ward.",
    "circle of Willis is patent.",
    # Place-named terms and guideline sources.
    "We followed recommendations from the Cleveland Clinic.",
    "Per Mayo Clinic recommendations, avoid NSAIDs.",
    # Drugs, by name and by the dose after an unknown brand.
    "Keppra 500 mg twice daily.",
    "Camila was switched to a combined pill.",
    "Zentrovil 20 mg daily was started.",
    # Organisms in binomial form, known or not.
    "Kingella kingae grew from the joint fluid.",
    "Cultures grew Morbillivex quinarum.",
    # Dates that are not dates.
    "Fracture of the 5th metatarsal.",
    "Power 4/5 in the left arm.",
    "Day 3/7 of antibiotics.",
    "Symptoms started in June.",
    # A town's whole name right before a head noun names the term, not the town.
    "Fort Collins virus titres were negative.",
    "Lugano classification stage II.",
    # A medicine as the subject of what was done with it; a feast day; a country.
    "Alesse was stopped after two cycles.",
    "Diane was prescribed for acne.",
    "The rash flared over Easter.",
    "Her parents emigrated from Jordan.",
    # Durations in British shorthand, test scores, a service, a strain letter.
    "Follow-up in 6/52 with a repeat scan.",
    "Review in 2/12.",
    "MoCA 22/30 at the memory clinic.",
    "Referred to the lipid clinic.",
    "Serology positive for coxsackie A.",
    # A spinal level and Snellen acuity are fractions; "DR" in a mixed-case line is retinopathy.
    "C6/7 foraminal narrowing on the MRI.",
    "Acuity 6/18 on the left.",
    "No DR progression this year.",
    # A plural head noun names the term as well as the singular one.
    "Vantrell pupils bilaterally.",
    "Achilles tendinopathy on the left.",
]

STILL_PHI = [
    ("Seen by Dr. Wells, who agrees.", "NAME", "Wells"),
    ("Dr. Murphy sign-out: stable overnight.", "NAME", "Murphy"),
    ("Her daughter Heather visited.", "NAME", "Heather"),
    ("Transferred from Sacred Heart Hospital.", "FACILITY", "Sacred Heart Hospital"),
    ("Seen on 6/14 in clinic.", "DATE", "6/14"),
    ("Admitted on June 3rd.", "DATE", "June 3rd"),
    ("Aoife Ní Bhriain reports chest pain.", "NAME", "Aoife Ní Bhriain"),
    ("Lucia was started on metformin.", "NAME", "Lucia"),
    ("Jordan was prescribed amoxicillin.", "NAME", "Jordan"),
    ("Review on 3/12 in clinic.", "DATE", "3/12"),
    ("Films reviewed with DR Patel today.", "NAME", "Patel"),
    ("Moved from Fort Collins last year.", "LOCATION", "Fort Collins"),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clinical_text_raises_nothing(text: str) -> None:
    assert [(f.label, f.text, f.reason) for f in detect(text)] == []


@pytest.mark.parametrize(("text", "label", "span"), STILL_PHI)
def test_identifiers_beside_clinical_words_are_still_found(
    text: str, label: str, span: str
) -> None:
    found = {(f.label, f.text) for f in detect(text)}
    assert any(span in got and lab == label for lab, got in found), found


@pytest.mark.parametrize(
    ("text", "term", "why"),
    [
        ("Zarnowski sign positive", "Zarnowski sign", "clinical term before 'sign'"),
        ("Kingella kingae grew", "Kingella kingae", "organism name"),
        ("Zentrovil 20 mg daily", "Zentrovil", "drug name before a dose"),
        ("loop of Henle", "loop of Henle", "eponym in 'loop of'"),
    ],
)
def test_terms_say_why_in_plain_words(text: str, term: str, why: str) -> None:
    terms = clinical_terms(text, tokenize(text))
    assert [(text[t.start : t.end], t.why) for t in terms] == [(term, why)]


def test_a_possessive_name_before_test_results_stays_a_name() -> None:
    # "Bell's palsy" is an eponym, "Carol's test results" a person's.
    assert clinical_terms("Bell's palsy", tokenize("Bell's palsy"))
    assert not clinical_terms("Carol's test results", tokenize("Carol's test results"))


def test_vocabulary_has_its_four_sources() -> None:
    vocab = vocabulary()
    assert set(vocab) == {"clinical", "drug", "eponym", "country"}
    assert {"india", "nigeria", "united kingdom"} <= vocab["country"]
    assert len(vocab["drug"]) > 20_000 and len(vocab["clinical"]) > 5_000
    assert {"hodgkin", "norwalk", "kawasaki", "klebsiella"} <= vocab["eponym"]
    assert is_drug("Keppra") and is_drug("heparin") and not is_drug("daughter")
    assert "sign" in HEADS and "criteria" in HEADS


@pytest.mark.skipif(importlib.util.find_spec("icd10") is None, reason="needs the train extra")
def test_vocabulary_file_is_rebuilt_byte_for_byte() -> None:
    from curbside.deid.train import build_vocab

    built = build_vocab.build()
    assert built == build_vocab.OUTPUT.read_bytes()
    assert gzip.decompress(built).decode("utf-8").count("\n") > 30_000
