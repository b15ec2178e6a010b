"""Twin frames: one sentence shape, filled once with a person and once with medicine.

A capital letter says little in a clinical note: "Saw Nkechi today" and "Saw
Ortho today", "Spoke with Aoife about the plan" and "Spoke with Cardiology
about the plan" share every word but one. Each frame here has one slot,
``{X}``, that training fills either with a person (a lone given name, a full
name, a title and surname, a given name and an initial, or "Surname, Given")
or with a capitalized clinical word of a kind that fits the sentence: a
service or ward, a drug, an eponym with its head noun, a month or weekday, a
town, an organism, a capitalized ordinary word or note shorthand. The model
then learns the shapes people take in clinic letters, nursing notes,
handovers, referral emails and text messages, and that the word itself, not
the capital, decides.

The frames were written from how clinicians write, for issue 17's second name
pass; none is in the evaluation sets (``tests/data/deid``).

Name forms: ``f`` given name, ``F`` full name, ``t`` title and surname, ``i``
given name and initial, ``l`` surname, ``c`` "Surname, Given". Filler kinds:
``S`` service or ward, ``D`` drug, ``E`` eponym and head, ``M`` month or
weekday, ``P`` town, ``O`` organism, ``W`` capitalized word, ``H`` shorthand,
``V`` device or line, ``L`` language.
"""

from __future__ import annotations


def _listed(text: str) -> tuple[str, ...]:
    """The words of ``text`` in their written order (a seeded draw depends on it)."""
    return tuple(text.split())


TWINS: tuple[tuple[str, str, str], ...] = (
    # A person as the object of what a clinician does.
    ("Saw {X} this morning on the ward round.", "fFt", "SW"),
    ("Reviewed {X} in the day unit; wound clean and dry.", "fFti", "SD"),
    ("Examined {X} at the bedside with the student.", "fFt", "W"),
    ("Told {X} the biopsy results in person.", "fFt", "S"),
    ("Asked {X} to repeat the urine sample.", "fFt", "SO"),
    ("Called {X} back at 16:30, no answer.", "fFtc", "S"),
    ("Phoned {X} with the potassium result.", "fFt", "S"),
    ("Rang {X} to move the appointment to next week.", "fFt", "S"),
    ("Texted {X} the clinic address.", "fF", "S"),
    ("Emailed {X} the discharge summary.", "fFt", "S"),
    ("Visited {X} on the hospice unit.", "fFt", "SW"),
    ("Met {X} and the family in the quiet room.", "fFt", "W"),
    ("Reassured {X} that the lump is benign.", "fFt", "W"),
    ("Thanked {X} for coming in early.", "fF", "S"),
    ("Admitted {X} overnight for IV antibiotics.", "fFt", "DO"),
    ("Discharged {X} home with district nurse follow-up.", "fFt", "D"),
    ("Referred {X} to the falls clinic.", "fFt", "S"),
    ("Booked {X} for a repeat scan in six weeks.", "fFt", "M"),
    ("Consented {X} for the procedure this afternoon.", "fFt", "E"),
    ("Will see {X} again after the bloods are back.", "fFt", "M"),
    ("Plan to review {X} in two weeks.", "fFt", "SM"),
    ("Please can you see {X} today?", "fFt", "W"),
    ("Can someone check on {X} in bay 2?", "fF", "W"),
    ("Encouraged {X} to keep a food diary.", "fF", "W"),
    ("Gave {X} a leaflet on inhaler technique.", "fF", "D"),
    ("Explained the risks to {X} and the partner.", "fFt", "W"),
    ("Handed over {X} to the night team.", "fFt", "S"),
    ("Escorted {X} to radiology.", "fF", "S"),
    # A person after a preposition.
    ("Spoke with {X} about the new tablets.", "fFti", "SD"),
    ("Discussed the MRI with {X} this afternoon.", "fFti", "S"),
    ("Long conversation with {X} regarding resuscitation.", "fFt", "S"),
    ("Follow-up call with {X} on Friday.", "fFt", "S"),
    ("Went through the results with {X}.", "fFti", "S"),
    ("Appointment for {X} moved to the morning list.", "fFt", "S"),
    ("Results for {X} are in the inbox.", "fFt", "DO"),
    ("Bloods for {X} went to the lab at 09:00.", "fFt", "S"),
    ("Letter to {X} about the missed appointment.", "fFtc", "S"),
    ("Message from {X}: the swelling is worse tonight.", "fFc", "S"),
    ("Note from {X}, the community nurse.", "fF", "S"),
    ("Question from {X} about the dose of iron.", "fFt", "S"),
    ("Query re {X}: can we stop the aspirin?", "fFt", "DS"),
    ("Concerns about {X} raised by the school.", "fFt", "W"),
    ("Waiting to hear from {X} about the bed.", "fFt", "S"),
    ("Covering for {X} until 17:00.", "fFt", "S"),
    ("Thanks to {X} for the quick review.", "fFt", "S"),
    ("Sitting with {X} while the family travel in.", "fF", "W"),
    ("Safeguarding concern discussed with {X}.", "fFt", "S"),
    ("Had a call from {X} in pharmacy about the dose.", "fFt", "S"),
    ("Chatted with {X} from the stroke team.", "fFt", "S"),
    ("{X} from radiology rang with the CT result.", "fFt", "S"),
    ("Talked to {X} from the GP surgery this morning.", "fFt", "S"),
    ("Hi all, {X} on the ward needs a cannula.", "f", "S"),
    ("Morning all, {X} is for discharge today.", "f", "S"),
    ("Bay 2 ({X}) is waiting for transport.", "fF", "DS"),
    ("The daughter ({X}) rang for an update.", "fF", "W"),
    ("Cubicle 5 - {X} - needs a chest film.", "fF", "D"),
    # A person as the subject.
    ("{X} came to clinic with her sister.", "fFtc", "W"),
    ("{X} rang the ward asking for a sick note.", "fFt", "S"),
    ("{X} is worried about the new lump.", "fFt", "W"),
    ("{X} would like to go home today.", "fFt", "W"),
    ("{X} has stopped taking the statin.", "fFt", "D"),
    ("{X} tells me the cough is worse at night.", "fFt", "W"),
    ("{X} was seen by the crisis team yesterday.", "fFt", "DE"),
    ("{X} is on the list for Thursday.", "fFt", "DE"),
    ("{X} needs a repeat ECG before discharge.", "fFt", "W"),
    ("{X} declined the flu vaccine again.", "fFt", "W"),
    ("{X} remembers nothing of the fall.", "fFt", "W"),
    ("{X} did not attend the last two appointments.", "fFt", "S"),
    ("{X} understands the plan and agrees with it.", "fFt", "W"),
    ("{X} looked pale and clammy on arrival.", "fFt", "W"),
    ("Today {X} is brighter and eating well.", "fFt", "M"),
    ("Overnight {X} pulled out the NG tube.", "fFt", "W"),
    ("Since Monday {X} has had loose stools.", "fFt", "W"),
    ("When I arrived {X} was asleep.", "fFt", "W"),
    ("Unfortunately {X} fell again at home.", "fFt", "W"),
    ("I think {X} would benefit from physio.", "fFt", "D"),
    ("Both {X} and her husband have the flu.", "fF", "O"),
    # The first words of a note or a line.
    ("{X} - follow-up of the leg ulcer.", "fFtc", "DEW"),
    ("{X}: second opinion on the rash.", "Fc", "DEW"),
    ("{X}, chest pain since this morning.", "fFt", "EW"),
    ("{X} seen in A&E after a fall.", "fFt", "W"),
    ("{X} for review of the thyroid bloods.", "fFt", "D"),
    ("{X} on the phone again re pain relief.", "fF", "S"),
    ("{X}\nRe: annual diabetic review", "Fct", "S"),
    # Possessives.
    ("{X}'s daughter rang to say she will visit.", "fFt", "W"),
    ("{X}'s wound looks much better.", "fFt", "W"),
    ("Went over {X}'s blood results with the registrar.", "fFt", "S"),
    ("{X}'s GP is happy to take over the monitoring.", "fFt", "W"),
    ("Copy of {X}'s letter sent to the practice.", "fFt", "S"),
    # Vocatives and messages.
    ("Hi {X}, the patient in bed 6 is ready for you.", "fFt", "S"),
    ("Dear {X},\nI saw your patient today in clinic.", "Ft", "S"),
    ("Morning {X} - any news on the echo?", "f", "S"),
    ("{X}, could you chase the CT report please?", "f", "S"),
    ("Thanks {X}, much appreciated.", "f", "S"),
    ("Many thanks,\n{X}", "fF", "S"),
    ("Kind regards\n{X}\nPractice Nurse", "fF", "S"),
    ("Sent from {X}'s phone", "fF", "W"),
    # Names in lists and pairs.
    ("Present: {X}, the ward sister and the registrar.", "fFt", "S"),
    ("Team today: {X} and the F1.", "fFt", "S"),
    ("Family at the bedside: wife {X} and two sons.", "fF", "W"),
    ("Contact numbers for {X} and the neighbour are on file.", "fF", "S"),
    ("{X} and Dr {last2} will present the case.", "fF", "S"),
    # After a role or a rank.
    ("Staff nurse {X} gave the 22:00 doses.", "fFl", "W"),
    ("Charge nurse {X} escalated the NEWS of 7.", "fFl", "W"),
    ("Healthcare assistant {X} did the obs.", "fF", "W"),
    ("Our pharmacist {X} checked the interactions.", "fF", "W"),
    ("The registrar, {X}, reviewed the ECG.", "fF", "W"),
    ("Physio {X} mobilised the patient with a frame.", "fF", "W"),
    ("Porter {X} took the samples down.", "fF", "W"),
    ("Key worker {X} will attend the meeting.", "fF", "W"),
    ("District nurse {X} visits twice a week.", "fF", "M"),
    ("Health visitor {X} has concerns about weight.", "fF", "W"),
    ("Sergeant {X} was injured on exercise.", "lF", "W"),
    ("Lieutenant {X} attended with a hand injury.", "lF", "W"),
    ("Private {X} reports knee pain on running.", "lF", "W"),
    ("Colonel {X} requests a medical board.", "lF", "W"),
    ("Constable {X} stayed with the patient.", "lF", "W"),
    ("Father {X} came to anoint the patient.", "lF", "W"),
    ("Imam {X} visited this evening.", "lF", "W"),
    ("Rabbi {X} will come tomorrow.", "lF", "M"),
    ("Detective {X} asked for a statement.", "lF", "W"),
    ("Councillor {X} wrote in support.", "lF", "W"),
    # Headers.
    ("From: {X}\nSent: Tuesday\nSubject: blood results", "cF", "S"),
    ("To: {X}\nRe: referral for physiotherapy", "cFt", "S"),
    ("Patient: {X}\nClinic: respiratory", "cF", "W"),
    ("{X} (pt) - bloods due", "cfF", "D"),
)
"""(frame, name forms, filler kinds): one slot filled with a person or with medicine."""

NEGATIVES: tuple[str, ...] = (
    "Major trauma call at 14:10, team assembled.",
    "Private room requested for infection control.",
    "Chief complaint: {W} and fever.",
    "Father is at the bedside.",
    "Sergeant is the patient's rank; off duty for a week.",
    "Staff nurse informed of the new plan.",
    "Dear colleague,\nThank you for seeing this patient.",
    "Thanks for your help.",
    "Kind regards\nThe Respiratory Team",
    "Started {D} for the {W}.",
    "{D} 5 mg started, review on {M}.",
    "Saw {S} notes from the weekend.",
    "Booked for {S} on {M}.",
    "Clinic on {M} with {S}.",
    "{E} positive; discussed with {S}.",
    "Grew {O} in two bottles.",
    "Discussed with {S}: continue {D}.",
    "{W} better today.",
    "{W} improved overnight; {H} weaned.",
    "Started to wean {H} this morning, SBP stable.",
    "SBP by {V} 90-120s, MAP above 65.",
    "{V} in place, draining well.",
    "{V} to gravity, clear yellow urine.",
    "Has a {V} in the right subclavian.",
    "Blood drawn from the {V} and sent.",
    "{V} flushed and dressing changed.",
    "Received one dose of {H} overnight.",
    "Remains on {H} and {D}, titrating.",
    "Monitor shows {H} with a controlled rate.",
    "Understands some {L}; family interpret.",
    "Speaks only {L}, interpreter booked.",
    "Moving back from {P} next month.",
    "Family drove up from {P} today.",
    "Cultures from the {V} pending.",
    "Suctioned via {V} for thick secretions.",
    "Off {H} since 04:00, awake and calm.",
    "Plan: wean {H}, continue {D}, recheck {H} at noon.",
    "Tolerating {H} well, no nausea.",
    "Given {H} for the low potassium.",
    "See {W} flowsheet for the numbers.",
    "Needs {V} changed tomorrow.",
    "Pt with {V} and {V} in situ.",
    "Increased {H} to 0.1 and added {H}.",
)
"""Sentences with no person, in the same register, many using the twin frames' words."""

SERVICES: tuple[str, ...] = _listed(
    """
    Cardiology Radiology Pharmacy Ortho Orthopaedics Physio Physiotherapy Neurology
    Nephrology Renal Micro Microbiology Haematology Hematology Oncology Palliative Surgery
    Urology ICU CCU MICU SICU ENT OT SALT Dietetics Security Admissions Endoscopy Theatre
    Theatres Resus Triage Gastro GI Derm Dermatology Psych Psychiatry Rheum Rheumatology
    Obstetrics Gynae Paeds Pediatrics Neonates NICU Vascular Plastics Maxfax Ophthalmology
    Audiology Phlebotomy Histology Cytology Pathology Chaplaincy Transport Outpatients
    Bed Management Infection Control Discharge Lounge Day Surgery Acute Medicine Stroke
    Rehab Geriatrics Hepatology Respiratory Endocrine Diabetes Anaesthetics Anesthesia
    """
)
"""Hospital services, teams and wards as notes write them (capitalized, never people)."""

CAPITALIZED: tuple[str, ...] = _listed(
    """
    Pain Bloods Obs Family Chest Plan Urine Sputum Skin Mobility Appetite Sleep Mood
    Wound Diet Bowels Breathing Swelling Fluids Observations Cough Fever Nausea Vomiting
    Dressing Catheter Cannula Oxygen Sats Temperature Rash Bruising Confusion Weakness
    Dizziness Headache Review Consent Discharge Transfer Referral Handover Allergy Tone
    Power Reflexes Sensation Gait Speech Swallow Vision Hearing Hygiene Nutrition
    """
)
"""Capitalized ordinary clinical words that open note lines."""

CALENDAR: tuple[str, ...] = _listed(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Christmas Easter
    """
)
"""Months and weekdays (and two feasts) that sit where a name could."""

DEVICES: tuple[str, ...] = _listed(
    """
    Foley Hickman Quinton Yankauer Swan Groshong Mediport Portacath Ambu Dobhoff Salem
    Pleurevac Penrose Blake Bovie Venodyne Aline Cordis Picc PICC Trach Peg PEG Mepilex
    Duoderm Tegaderm Kerlix Xeroform Bair Aquacel Vac VAC Passy Miami Aspen Philadelphia
    Bivona Shiley Jackson-Pratt Hemovac Pigtail Nasogastric Rectal Flexiseal Hoyer
    """
)
"""Devices, dressings and lines as ICU notes write them, capitalized (many are eponyms)."""

LANGUAGES: tuple[str, ...] = _listed(
    """
    English Spanish Portuguese Cantonese Mandarin Vietnamese Russian Polish Arabic Somali
    Haitian Creole Hindi Urdu Punjabi Bengali Tagalog Korean Japanese Italian Greek Farsi
    Yoruba Igbo Hausa Amharic Tigrinya Swahili Turkish Romanian Albanian Irish Welsh
    """
)
"""Languages, which notes capitalize in the sentences where people are named."""
