"""Table-driven rule tests for the PHI detector: one row per case.

``FOUND`` rows say which characters must be flagged (and as what); ``CLEAN``
rows are the medical allow-list and other hard negatives, where any finding
at all is a false positive.
"""

from __future__ import annotations

import itertools

import pytest

from app.deid import Finding, detect

FOUND: list[tuple[str, str, str]] = [
    # (text, identifier that must be covered, label)
    ("Seen by Dr. Healey today.", "Healey", "NAME"),
    ("per dr. white's order", "white", "NAME"),
    ("DR TYRO IN TO SPEAK WITH FAMILY", "TYRO", "NAME"),
    ("His wife Rose called at noon.", "Rose", "NAME"),
    ("Son Will is the proxy.", "Will", "NAME"),
    ("daughter May Thornton aware", "May", "NAME"),
    ("Hope Delgado, LPN found him on the floor.", "Hope Delgado", "NAME"),
    ("social: wife, rose, left phone number", "rose", "NAME"),
    ("MURIELE WILLIAM RN", "MURIELE WILLIAM", "NAME"),
    ("DAN A. FORMAN-LYONS, RRT", "FORMAN-LYONS", "NAME"),
    ("Seen by J. Yi, MD. Pain improved.", "Yi", "NAME"),
    ("Name: SMITH, JOHN", "SMITH, JOHN", "NAME"),
    ("Patient: Rose Alvarez   DOB: 03/14/1948", "Rose Alvarez", "NAME"),
    ("Hank Przybylo (son) cell# 450-928-6612", "Hank Przybylo", "NAME"),
    ("Gerry Masci arrived in micu. Later Masci was calm.", "Masci was", "NAME"),
    ("E. WELSH AWARE OF K 3.1", "WELSH", "NAME"),
    ("Mrs. Zoë Müller seen", "Zoë Müller", "NAME"),
    ("lab tech: Dmitri Volkov called", "Dmitri Volkov", "NAME"),
    ("pt RUTH ANN GREENE slept well", "GREENE", "NAME"),
    ("Electronically signed by: Carmen Reyes, MD", "Carmen Reyes", "NAME"),
    ("Admitted 03/14/2024 for CHF.", "03/14/2024", "DATE"),
    ("f/u 3/14/24", "3/14/24", "DATE"),
    ("Echo 2024-03-14 showed EF 30%.", "2024-03-14", "DATE"),
    ("Cath on 14-Mar-2024.", "14-Mar-2024", "DATE"),
    ("Surgery on March 14th went well.", "March 14th", "DATE"),
    ("Follow-up Mar 14, 2024 in clinic.", "Mar 14, 2024", "DATE"),
    ("extubated on 3/14 without issue", "3/14", "DATE"),
    ("DOB: 1/2/1950", "1/2/1950", "DATE"),
    ("birthday is tomorrow, may 16, 2015", "may 16, 2015", "DATE"),
    ("Onset 11/92 after MI.", "11/92", "DATE"),
    ("tetanus booster 6/2019", "6/2019", "DATE"),
    ("Last seen in March 2024.", "March 2024", "DATE"),
    ("93 y/o male from home", "93", "AGE"),
    ("She is a 102-year-old woman.", "102", "AGE"),
    ("Winifred Pemberton (99) in bed 4", "99", "AGE"),
    ("Age: 95", "95", "AGE"),
    ("Call 617-555-0143 x22 for results.", "617-555-0143", "PHONE"),
    ("Cell (413) 555-0199", "(413) 555-0199", "PHONE"),
    ("tel 212- 476- 8356 evenings", "476- 8356", "PHONE"),
    ("Pager #54321", "54321", "PHONE"),
    ("home 671-9309", "671-9309", "PHONE"),
    ("I'm at x4412 all day", "4412", "PHONE"),
    ("e-mail jane.doe@example.org please", "jane.doe@example.org", "EMAIL"),
    ("portal https://mychart.example.com/login", "https://mychart.example.com/login", "URL"),
    ("see www.example.org for forms", "www.example.org", "URL"),
    ("Logged in from 192.168.10.4", "192.168.10.4", "IP"),
    ("IPv6 2001:db8::ff00:42:8329 seen", "2001:db8::ff00:42:8329", "IP"),
    ("SSN 123-45-6789 on file", "123-45-6789", "SSN"),
    ("last 4 of SSN 6789", "6789", "SSN"),
    ("SSN xxx-xx-4321", "4321", "SSN"),
    ("MRN: 00482913", "00482913", "ID"),
    ("Acct # 99887766", "99887766", "ID"),
    ("Member ID: W2847710093", "W2847710093", "ID"),
    ("policy #rg17 reviewed", "rg17", "ID"),
    ("ref # 8336652 for the transfer", "8336652", "ID"),
    ("case S24-11873 to pathology", "S24-11873", "ID"),
    ("DEA AB1234563", "AB1234563", "LICENSE"),
    ("prescriber BN7971143 signed", "BN7971143", "LICENSE"),
    ("NPI 1234567893", "1234567893", "LICENSE"),
    ("driver's license S12345670", "S12345670", "LICENSE"),
    ("VIN 1M8GDM9AXKP042788", "1M8GDM9AXKP042788", "VEHICLE"),
    ("car 1HGCM82633A004352 parked", "1HGCM82633A004352", "VEHICLE"),
    ("plate 7KXM214 outside", "7KXM214", "VEHICLE"),
    ("Pacemaker S/N: PX12345", "PX12345", "DEVICE"),
    ("loop recorder SN RLA604118S", "RLA604118S", "DEVICE"),
    ("Lives at 23 Old Wharf Road, Dennis Port", "23 Old Wharf Road", "ADDRESS"),
    ("PO Box 1234", "PO Box 1234", "ADDRESS"),
    ("Hagerstown, MD 21740", "21740", "ZIP"),
    ("Medford MA 02155", "02155", "ZIP"),
    ("Lives in Hagerstown, MD 21740", "Hagerstown", "LOCATION"),
    ("SOCIAL: PT LIVES WITH SON IN ROCKVILLE.", "ROCKVILLE", "LOCATION"),
    ("Son called from SCRANTON last night.", "SCRANTON", "LOCATION"),
    ("Transferred from Calvert Hospital for care.", "Calvert Hospital", "FACILITY"),
    ("taken to kernan hosp after the fall", "kernan hosp", "FACILITY"),
    ("REFERRED TO GH. ARRIVED AT 2130", "GH", "FACILITY"),
    ("to go to St. Agnes tomorrow", "St. Agnes", "FACILITY"),
    ("d/c'd to Sacred Heart Memorial at 4pm", "Sacred Heart Memorial", "FACILITY"),
    ("from University of Maryland Medical Center", "University of Maryland", "FACILITY"),
    ("PLAN: TRANSFER TO QUARTERMAIN 2 IN AM. QUARTERMAIN AWARE.", "QUARTERMAIN AWARE", "LOCATION"),
    ("pt transferred to 209 quartermain.", "quartermain", "LOCATION"),
    ("his wife june stayed overnight", "june", "NAME"),
    ("I'm at x4412. - Kevin (hospitalist)", "Kevin", "NAME"),
    ("BP DID DROP. NP DJURIC MADE AWARE", "DJURIC", "NAME"),
    ("grace dudak aware of k 3.1", "dudak", "NAME"),
    ("SOCIAL:DAUGHTER-KRISSY 301 944-5032", "KRISSY", "NAME"),
    ("daughters sarah and margie in to visit", "margie", "NAME"),
    ("Re: her father Leonard Vance, 90, more confused", "90", "AGE"),
    ("ON 2/31/14 PT PRESENTED TO ED", "2/31/14", "DATE"),
    ("wean from vent and extubate 3/11", "3/11", "DATE"),
    ("MERIDIAN REFERENCE LABORATORIES\nCLIA 22D0987654", "MERIDIAN", "FACILITY"),
    ("MERIDIAN REFERENCE LABORATORIES\nCLIA 22D0987654", "22D0987654", "LICENSE"),
    ("Hospital Medicine\nRiverbend University Hospital", "Riverbend University", "FACILITY"),
    ("Follow-up at Riverside Pediatrics next week.", "Riverside Pediatrics", "FACILITY"),
    ("PATIENT: GARCIA, MARIA L   MRN: 4471-229-03", "GARCIA, MARIA L", "NAME"),
    ("seen at Memorial Medical Center ED on 10/29", "Memorial Medical Center", "FACILITY"),
    ("Address: 1457 Willow Creek Dr., Apt 3B, Springfield", "1457 Willow Creek Dr.", "ADDRESS"),
    ("91M with aspiration PNA", "91", "AGE"),
    ("Dr. Park, Lakeside Family Medicine, 22 Harbor St", "Lakeside Family Medicine", "FACILITY"),
    ("Home health via Northland Home Care.", "Northland Home Care", "FACILITY"),
    ("call me 612-555-0110. thx, jess (pharmD)", "jess", "NAME"),
    ("hi dr adebayo, my dad harold ellison (dob 4/19/1931)", "harold ellison", "NAME"),
    ("he lives with me at 88 birch hollow rd, amherst ma 01002.", "01002", "ZIP"),
    ("he lives with me at 88 birch hollow rd, amherst ma 01002.", "88 birch hollow rd", "ADDRESS"),
    ("can you call me at 413.555.0133? thanks, peggy", "peggy", "NAME"),
    ("PCP DR. KWAME ASANTE, NEW BEDFORD.", "NEW BEDFORD", "LOCATION"),
    # A person as the subject of a reporting verb; a modal verb never takes "is".
    ("social: bob visited in the evening", "bob", "NAME"),
    ("Will is doing better today.", "Will", "NAME"),
    ("At this time, Oyelaran wishes to continue.", "Oyelaran", "NAME"),
    # Word-names after a relation, in-laws, relations glued to a heading.
    ("DAUGHTER MAY AND SON-IN-LAW PETER IN TO VISIT", "MAY", "NAME"),
    ("daughter pat lives nearby", "pat", "NAME"),
    ("COPING-DAUGHTER ,LORNA HAS CALLED TWICE", "LORNA", "NAME"),
    # A signature line; eponyms, initials and double-barrelled names before credentials.
    ("Plan discussed with team.\nGLADYS\n", "GLADYS", "NAME"),
    ("Hugo Foley CRT", "Hugo Foley", "NAME"),
    ("K. ZOLNIERCZYK NP AWARE OF LABS", "ZOLNIERCZYK", "NAME"),
    ("Vasquez-Ohlin MD placed the line.", "Vasquez-Ohlin", "NAME"),
    ("witnessed by k. brandvold and m. ocasio", "m. ocasio", "NAME"),
    # Cues that take a word-name or a nickname; a middle-initial label.
    ("ok, this is rob in room 12 - can you call?", "rob", "NAME"),
    ("Newborn: baby girl Adeyemi, 3.1 kg", "Adeyemi", "NAME"),
    ('Ortiz, Miles (goes by "Sonny") 44M', "Sonny", "NAME"),
    ("Last: Ferrante   First: Lucia   MI: J", "J", "NAME"),
    ("renal input please. pt is lucia ferrante (MRN 4471002)", "lucia", "NAME"),
    # Places named in passing: wards, regions, employers, towns after a preposition.
    ("PLAN: WESTOVERLY 2 WHEN BED AVAIL.", "WESTOVERLY", "LOCATION"),
    ("Pt went home to the Eastern Shore last week.", "Eastern Shore", "LOCATION"),
    ("he works for lindqvist health as a driver", "lindqvist health", "FACILITY"),
    ("HUSBAND IS CEO OF ZANTRIX, SMOKER", "ZANTRIX", "LOCATION"),
    ("brought by EMS -> BCH EW today", "BCH", "FACILITY"),
    ("daughter returned to new haven today", "new haven", "LOCATION"),
    ("FOUND IN ST AGNES HOSPITAL", "ST AGNES HOSPITAL", "FACILITY"),
    ("Admitted from MD Hospital at 1900.", "MD Hospital", "FACILITY"),
    ("discharged to Kessler Rehab on Monday", "Kessler Rehab", "FACILITY"),
    ("She lives in Lochmoor now.", "Lochmoor", "LOCATION"),
    # Dates written loosely.
    ("relapse in March of 1998.", "March of 1998", "DATE"),
    ("admitted in sept. to rehab", "sept", "DATE"),
    ("HX:9/14 CHEST PAIN", "9/14", "DATE"),
    ("back to OR on 6-9 for revision", "6-9", "DATE"),
    ("what day is it? it's the 12th.", "12th", "DATE"),
]

CLEAN: list[str] = [
    "Parkinson disease, stable on carbidopa-levodopa.",
    "History of Wilson's disease.",
    "Bell's palsy on the left, improving.",
    "Foley catheter placed, draining clear urine.",
    "Glasgow Coma Scale 15.",
    "Wells score 2, D-dimer negative.",
    "Graves disease treated with methimazole.",
    "Hodgkin lymphoma in remission.",
    "Cushing syndrome ruled out.",
    "Babinski negative bilaterally.",
    "Apgar 8 and 9.",
    "Lasix 40 mg IV given.",
    "Ativan 1 mg for agitation.",
    "BP 120/80, HR 72.",
    "3/6 holosystolic murmur at the apex.",
    "Tylenol q4h prn.",
    "5/5 strength throughout.",
    "4/5 strength in the left leg.",
    "I:E ratio 1:2.",
    "Pain 4/10 in the back.",
    "Pain 7/10, improved to 3/10.",
    "D5 1/2NS at 75 mL/hr.",
    "Give 1/2 tab at night.",
    "Blood cultures 2/2 bottles positive.",
    "Symptoms for 3 days, worse over 2 weeks.",
    "MI in 1992, CABG in 2004.",
    "58 year old woman with CHF.",
    "A 45 yo man with chest pain.",
    "She moved from Maryland.",
    "Travelled to Texas last year.",
    "Kussmaul respirations with DKA.",
    "Mallory-Weiss tear on EGD.",
    "Cheyne-Stokes breathing overnight.",
    "Stevens-Johnson syndrome suspected.",
    "Child-Pugh B cirrhosis.",
    "Epstein-Barr virus serology pending.",
    "Homans sign negative.",
    "Murphy's sign positive.",
    "McBurney point tenderness.",
    "Swan-Ganz catheter in place.",
    "Hickman line flushed.",
    "PEEP 5, PS 10/5 overnight.",
    "CPAP 5/5 tolerated.",
    "GCS 14 (E4V4M6).",
    "Potassium 3.1, repleted with KCl 40 mEq.",
    "INR 2.3 on Coumadin 5 mg.",
    "Dopamine weaned off; Levophed at 0.05.",
    "Zosyn and vancomycin started.",
    "Creatinine 1.1 -> 2.9 over 48h after CT with contrast.",
    "AAA 4.8 cm found incidentally.",
    "Troponin 0.04, then 0.12.",
    "EF 30-35%.",
    "Tidal volumes 950-1000.",
    "TV 400-500 on AC 14.",
    "Sats in the high 90s on 2L NC.",
    "Breathing in synch with the vent.",
    "Pt desats to the high 80s with suctioning.",
    "Pt cont on propofol.",
    "Given 500 cc bolus, urine amber.",
    "Sternal wound clean and dry.",
    "Braden 14.",
    "Hunt-Hess 3, Fisher 3.",
    "Newborn screen sent.",
    "Austin Flint murmur not heard.",
    "Ortolani and Barlow negative.",
    "Virchow node not palpable.",
    "Rocky Mountain spotted fever titers pending.",
    "ENT clinic follow-up.",
    "Seen in the Memory Clinic last year.",
    "Device clinic interrogation normal.",
    "Cirrhosis from NASH.",
    "Started on apixaban 5 bid.",
    "Transitioned to glargine 20 units qhs.",
    "Returned to SIMV overnight.",
    "Transfer to floor when bed available.",
    "Monday follow-up with cardiology.",
    "Speaks Spanish; interpreter used.",
    "Strep pneumoniae in sputum; E. coli in urine.",
    "C. diff negative.",
    "Ages 65 and older are at risk.",
    "Will call if worse.",
    "May need dialysis.",
    "Hope to extubate tomorrow.",
    "Rose from 20 to 40 mg.",
    "CPAP 10/5 overnight, FiO2 40%.",
    "PSV increased to 10/5 overnight to rest.",
    "Chest pain 8/10, EKG done.",
    "PA line in place, PA pressures 40/20.",
    "Subject: blood pressure readings",
    "CC: fall at home",
    "3RD CULTURE SENT.",
    "Family at bedside. Health Care Proxy. Copy of it is in the chart.",
    "Admitted to a community hospital last year; university hospital follow-up.",
    "Strength 5/5, 2/6 SEM at RUSB, JVP 12 cm.",
    "T 98F overnight, Tmax 99F, HR 92.",
    "Seen by Internal Medicine today; consult Family Medicine.",
    "Son called and was updated.",
    "son will visit tomorrow",
    "Daughter may come in tonight.",
    "Duoderm remains intact.",
    "weak grasp in left hand.",
    "C/O to floor when stable.",
    "Cont rehab.",
    "On 2-3 L NC overnight.",
    "Pt in Trendelberg for line placement.",
    "Will follow up in may.",
    "this is frank blood per the surgeon",
    "MI: 2019, stented.",
    "c/o ha since this morning",
]


def _covered(findings: list[Finding], text: str, target: str) -> list[Finding]:
    start = text.index(target)
    end = start + len(target)
    return [f for f in findings if f.start < end and start < f.end]


@pytest.mark.parametrize(("text", "target", "label"), FOUND, ids=[row[1] for row in FOUND])
def test_identifier_is_found(text: str, target: str, label: str) -> None:
    findings = detect(text)
    hits = _covered(findings, text, target)
    assert hits, f"{target!r} not flagged in {text!r}: {findings}"
    assert label in {f.label for f in hits}
    start = text.index(target)
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert min(f.start for f in hits) <= start


@pytest.mark.parametrize("text", CLEAN, ids=[row[:30] for row in CLEAN])
def test_allow_list_has_no_findings(text: str) -> None:
    assert detect(text) == []


def test_findings_are_sorted_and_disjoint() -> None:
    text = " ".join(row[0] for row in FOUND)
    findings = detect(text)
    assert findings == sorted(findings, key=lambda f: f.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert all(f.reason for f in findings)


def test_empty_text() -> None:
    assert detect("") == []
