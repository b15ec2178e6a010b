"""Build ``names_dev_frames.jsonl``: unseen names in a third set of sentence frames, for work.

``names_multilocale.jsonl`` has frames the frame rules were tuned on and
``names_heldout_frames.jsonl`` has frames nobody may read. This set sits in
between: 40 frames written for issue 17's second name pass *before* the name
model's new training frames (``curbside.deid.train.frames``), in the shapes
clinical writing gives a person that no rule spells out: a lone given name as
object or subject mid-sentence, the first words of a note, a name after a rank
or role, "Last, First" with no label, an SMS-style question, a name in a list.
Names come only from the test half of Faker's lists
(``curbside.deid.train.synth.half``), so neither the model nor any rule saw them.
It is a development set: its misses may be read, so its figure is in-sample
for the decisions made while reading them.

Usage (from the repository root, with the ``train`` extra installed)::

    .venv/bin/python tests/data/deid/build_dev_frames.py          # write the JSONL
    .venv/bin/python tests/data/deid/build_dev_frames.py --check  # fail if out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "names_dev_frames.jsonl"
PER_TRADITION = 160

DEV_FRAMES: tuple[str, ...] = (
    "I saw {first} today in clinic; the rash has faded.",
    "Spoke with {first} about stopping the steroid taper.",
    "Quick question re {first} - ok to restart apixaban after the scope?",
    "{first} is back on the ward after the CT.",
    "{full} - 3 days of productive cough, no fever.",
    "Major {last} was seen at the barracks clinic with a knee effusion.",
    "Handover: bed 12 is {first}, post-op day 2 after a hemicolectomy.",
    "Ward clerk {first} has booked the echo for Tuesday.",
    "Reviewed by Staff Nurse {last} at 14:00; obs stable.",
    "Text from {first}: can I take ibuprofen with my lisinopril?",
    "{last}, {first}\nReferral for colonoscopy, iron deficiency.",
    "Dear {title} {last},\nThank you for seeing this patient.",
    "Please thank {first} {initial}. for the quick turnaround on the biopsy.",
    "Gave the discharge letter to {first} and went over the new inhalers.",
    "The GP, {full}, faxed over the medication list.",
    "Had a long talk with {first} and the family about hospice.",
    "{first}'s INR was 4.1 this morning so warfarin is held.",
    "Asked {first} to bring all the pill bottles to the next visit.",
    "Midwife {full} reviewed the CTG at 02:00.",
    "Letter copied to {full}, practice nurse.",
    "Told {first} the scan was normal and {pron} was relieved.",
    "Thank you for referring {full}, whom I saw in the chest clinic.",
    "Visited {first} at home; the pressure sore is healing.",
    "Inspector {last} from the police waited outside the cubicle.",
    "On the phone with {first} from pharmacy about the vancomycin trough.",
    "Bed 4 ({first}) pulled out the cannula overnight.",
    "{full} and {pron} mother came in together.",
    "Ms {last} - review of the thyroid ultrasound.",
    "Sister {last} on ward 7 rang about the potassium.",
    "Discussed the sepsis screen with {first} {initial}. in ED.",
    "Meet {first}, a {age}-year-old {sex} with new ascites.",
    "Will review {first} again after lunch with the bloods.",
    "{first} mentioned chest tightness when climbing stairs.",
    "Update for {first}'s family: extubated and comfortable.",
    "Examined {first} with the registrar; abdomen soft.",
    "Hi all, {first} in bay 3 needs a repeat lactate.",
    "Flight Lieutenant {full} attended with a painful swollen calf.",
    "Corporal {last} reports a fall from the truck at 06:00.",
    "Sent a message to {first} asking about the missed dose.",
    "Reminded {first} {last} to fast from midnight before the scope.",
)
"""The working frames (never used by the trainer)."""


def build() -> str:
    """Return the JSONL text (deterministic for the pinned Faker version)."""
    sys.path.insert(0, str(HERE))
    from build_names import build as build_rows  # type: ignore[import-not-found]

    return str(build_rows(DEV_FRAMES, "dev-frames", PER_TRADITION))


def main(argv: list[str]) -> int:
    """Write the set, or with ``--check`` report whether the committed file is current."""
    built = build()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != built:
            print(f"{OUTPUT.name} is out of date: run {Path(__file__).name}")
            return 1
        return 0
    OUTPUT.write_text(built, encoding="utf-8")
    print(f"wrote {OUTPUT} ({built.count(chr(10))} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
