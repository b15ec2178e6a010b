"""Grammar, layout and measurement keep de-identified text quiet; identifiers stay found.

Table-driven, one row per case: what the general rules of issue 17's third pass
must let through (answer options, pronouns, measurements, grades, bodies before
their instruments, brands before dosing words) and what they must still catch
beside them. The words are invented or ordinary on purpose, so that a row passes
by the rule and not by a list.
"""

from __future__ import annotations

import pytest
from curbside.deid import detect
from curbside.deid.clinical_terms import clinical_terms
from curbside.deid.tokens import tokenize

CLEAN = [
    # Lettered answer options are no initials, whatever the option says.
    "Which drug is next?\n\nA. Vorantide\nB. Zelquimab\nC. Warm compresses\nD. Freshwater snails",
    "(A) Morrowcline\n(B) Tessarin",
    # Pronouns and small words are nobody's name, whatever a cue before them says.
    "He says the pain is worse at night. She reports no fever.",
    "He lives with his wife. During the past year he fell twice.",
    "The patient's mother; Social withdrawal was noted.",
    "The doctor decides to order a breath test; the doctor empirically starts a PPI.",
    # Measurements are no ages, IDs or dates.
    "Her temperature is 102.2°F (39°C) and ferritin is 106 ng/mL.",
    "Ammonia 80 (ref: 19-60 µg/dL).",
    "Two pills instead of the 1 he usually takes.",
    "Murmur at the 2nd–3rd intercostal space.",
    "Weight on the 9th centile, height on the 25th.",
    "Snellen 6/24 in the left eye, pinhole 6/9.",
    "Review 3/12 with bloods; course of 10/7 of antibiotics.",
    "Oxidation of Fe2+ to Fe3+.",
    # Grades, codes and classes after an eponym or a town.
    "She has Quillon IV breasts.",
    "Barrington C3M6 segment on endoscopy.",
    "Coxsackie A16 in the nursery.",
    "New York Heart Association Class III on exertion.",
    "European Society of Cardiology guidelines were followed.",
    "Amsterdam II criteria for Lynch were met.",
    # Procedures, devices and methods named after people, by their head or ending.
    "Ivor Lewis oesophagectomy last year.",
    "Hip held in a Pavlik harness.",
    "Bone age read on the Greulich and Pyle atlas.",
    "Heller myotomy with a partial wrap.",
    "Grey Turner bruising in the flanks.",
    "Ottawa negative, so no film.",
    # Brands before dosing words or forms; a pill continued without "on".
    "Trulicity once weekly, Seroquel XR at night, Clozaril level pending.",
    "Heather was continued postpartum.",
    "Started Verinne today; switched from Kassia to Lorelei because of spotting.",
    # Continents, regions and countries, whole or in part; field labels; an idiom.
    "He moved from Africa to the United States; she returned from Costa Rica.",
    "  - Upper Extremities:\n    - Left Hand: resting tremor",
    "She is in good health otherwise.",
]

STILL_PHI = [
    ("A 95-year-old woman from a nursing home.", "AGE", "95"),
    ("She is 94.", "AGE", "94"),
    ("Visited family in St. Louis, Missouri.", "LOCATION", "St. Louis"),
    ("A clinic in Philadelphia, PA ran the trial.", "LOCATION", "Philadelphia"),
    ("Seen by Smith II today.", "NAME", "Smith"),
    ("Mr. John Smith III was seen.", "NAME", "John Smith III"),
    ("Lucia was started on metformin.", "NAME", "Lucia"),
    ("Attendees:\nA. Brannigan\nB. Whitcombe", "NAME", "Brannigan"),
    ("Since 8/7 she has fallen three times.", "DATE", "8/7"),
    ("Jane Patch was seen by Dr. Ng.", "NAME", "Jane Patch"),
    ("Dr. o rourke and Dr. Stavros in the room.", "NAME", "o"),
    ("His wife. Precious called the ward.", "NAME", "Precious"),
    ("Started Portia on metformin.", "NAME", "Portia"),
    ("She takes Hailey to school.", "NAME", "Hailey"),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_raises_nothing(text: str) -> None:
    assert [(f.label, f.text, f.reason) for f in detect(text)] == []


@pytest.mark.parametrize(("text", "label", "span"), STILL_PHI)
def test_identifiers_beside_them_are_still_found(text: str, label: str, span: str) -> None:
    found = {(f.label, f.text) for f in detect(text)}
    assert any(span in got and lab == label for lab, got in found), found


@pytest.mark.parametrize(
    ("text", "term", "why"),
    [
        ("Quillon IV breasts", "Quillon IV", "eponym before a grade"),
        ("Pavlik harness", "Pavlik harness", "clinical term before 'harness'"),
        ("Heller myotomy", "Heller myotomy", "clinical term before 'myotomy'"),
        ("Seroquel XR", "Seroquel", "drug name before a dose"),
    ],
)
def test_terms_say_why_in_plain_words(text: str, term: str, why: str) -> None:
    terms = clinical_terms(text, tokenize(text))
    assert [(text[t.start : t.end], t.why) for t in terms] == [(term, why)]


def test_a_city_with_its_state_says_city() -> None:
    (finding,) = detect("A trip to St. Louis, Missouri.")
    assert (finding.label, finding.reason) == ("LOCATION", "city and its state")
