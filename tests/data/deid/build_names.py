"""Build ``names_multilocale.jsonl``: held-out names from 31 locales in held-out sentence frames.

The PHI guard's name model is trained on the *training half* of Faker's name
lists in the frames of ``curbside.deid.train.frames``. This set takes names
only from the other half (``curbside.deid.train.synth.half``) and puts them in
the frames below, none of which the trainer uses, so a name recall measured
here is a recall on names and sentences the model has never seen. The cue
rules were not written against it either.

Usage (from the repository root, with the ``train`` extra installed)::

    .venv/bin/python tests/data/deid/build_names.py          # write the JSONL
    .venv/bin/python tests/data/deid/build_names.py --check  # fail if out of date
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from curbside.deid.train.synth import TEST, TRADITIONS, person, render

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "names_multilocale.jsonl"
PER_TRADITION = 200
SEED = 2026

FRAMES: tuple[str, ...] = (
    "{full} is a {age}-year-old {sex} with type 2 diabetes presenting with chest pain.",
    "Patient: {last}, {first}\nSeen today for follow-up of hypertension.",
    "From: {last}, {first}\nSubject: question about warfarin dosing\n"
    "Can you look at the INR trend?",
    "Spoke with her daughter {full} who is the health care proxy.",
    "Discussed with Dr. {last} from cardiology, who agrees with heparin.",
    "Sgt. {full} was brought in after a training exercise with heat exhaustion.",
    "Charge nurse {full} notified of the critical potassium.",
    "Plan reviewed with {first} {initial}. at the bedside.",
    "{first} {initial}. {last} reports three days of dysuria and fever.",
    "Pharmacist {full} recommended renal dosing of the cefepime.",
    "The interpreter, {full}, translated the consent discussion.",
    "Message left for {full} to call back about the biopsy result.",
    "{first} has been more withdrawn according to the family.",
    "Her husband {first} says she stopped eating two days ago.",
    "Case discussed with {full}, the hospitalist on call.",
    "Signed: {full}, MD",
    "Referred by {full}, NP, for evaluation of anemia.",
    "Pt {full} c/o worsening SOB x 3 days.",
    "Son {first} at bedside, updated on plan.",
    "Lives with partner {full}; independent in ADLs.",
    "Captain {last} reports the patient collapsed on deck.",
    "Per Professor {last}, the biopsy slides will be re-read.",
    "{last}, {first} {initial}.\nFollow-up visit for COPD.",
    "Sounds good, will start the diuretic.\nThanks, {first}",
    "Attending: {full}",
    "Seen with resident {full}; plan agreed.",
    "Nurse {first} noted the blood pressure drop at midnight.",
    "{title} {full} was given discharge instructions.",
    "The patient's mother, {full}, gave consent for the lumbar puncture.",
    "Called {title} {last} at home to review the potassium of 5.9.",
)
"""Evaluation frames (the training frames are in ``curbside.deid.train.frames``)."""

HELD_OUT_OUTPUT = HERE / "names_heldout_frames.jsonl"
HELD_OUT_FRAMES: tuple[str, ...] = (
    "Telephone call from {full} asking about the appointment.",
    "{full} was discharged home with district nurse follow-up.",
    "Seen in the presence of {first}, a student nurse.",
    "Chaperone: {full}",
    "Result discussed with {title} {last} on the phone.",
    "{first} is anxious about the operation tomorrow.",
    "Bloods taken by {first} at 08:00.",
    "Patient name: {last}, {first}",
    "Many thanks,\n{first} {last}",
    "Plan per {full}, the on-call surgeon.",
    "{title} {full} is known to the renal team.",
    "Husband ({first}) present during the consultation.",
    "Escorted from the ward by {first}.",
    "Referral letter from {title} {last} received today.",
    "{last}, {first}: bed 4, day 2 post-op.",
)
"""Frames written after the sentence-frame rules and never tuned on: score them, never
read their misses (a rule written from one makes the figure in-sample)."""


def build(frames: tuple[str, ...] = FRAMES, seed: str = str(SEED), per: int = PER_TRADITION) -> str:
    """Return the JSONL text (deterministic for the pinned Faker version)."""
    from faker import Faker

    lines = []
    for tradition, locales in TRADITIONS.items():
        rng = random.Random(f"{seed}-{tradition}")
        for n in range(per):
            locale = locales[n % len(locales)]
            faker = Faker(locale)
            faker.seed_instance(rng.randrange(1 << 30))
            who = person(faker, locale, TEST, rng)
            frame = rng.choice(frames)
            case = "upper" if rng.random() < 0.15 else "mixed"
            text, spans = render(frame, who, rng, case)
            row = {
                "id": f"{tradition}-{n:03d}",
                "tradition": tradition,
                "locale": locale,
                "person": [who.first, who.last],
                "text": text,
                "spans": [
                    {"start": s, "end": e, "label": "NAME", "text": text[s:e]} for s, e in spans
                ],
            }
            lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def build_held_out() -> str:
    """Return the held-out-frames JSONL text (150 cases per tradition)."""
    return build(HELD_OUT_FRAMES, "heldout-frames", 150)


def main(argv: list[str]) -> int:
    """Write the sets, or with ``--check`` report whether the committed files are current."""
    stale = 0
    for output, built in ((OUTPUT, build()), (HELD_OUT_OUTPUT, build_held_out())):
        if "--check" in argv:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != built:
                print(f"{output.name} is out of date: run {Path(__file__).name}")
                stale = 1
            continue
        output.write_text(built, encoding="utf-8")
        print(f"wrote {output} ({built.count(chr(10))} cases)")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
