"""Clinical head nouns: what an eponym, a place-named term or a society's instrument names.

A capitalized run right before one of these words ("Pavlik harness", "Kozak
sequence", "Ivor Lewis oesophagectomy", "Greulich and Pyle atlas") names a
device, a structure, a procedure or a method, not a person or a town. Three
kinds of evidence make a head, none of them a list of particular eponyms:

* a closed class of nouns clinicians put after an eponym (devices, structures,
  stains, media, scales, manoeuvres, classifications);
* the shape of medical words: a lowercase word ending as procedures and
  diseases end ("-ectomy", "-plasty", "-itis", "-oma", "-pathy");
* a learned body on the way to the head ("New York Heart Association class",
  "European Society of Cardiology guidelines"): the capitalized words before a
  society, college or association name the body, and the head its instrument.

:data:`MODEL_HEADS` are the heads the name model was trained with (its
features use them); :data:`EXTRA_HEADS` and the endings only widen the rule,
so no retraining follows from changing them.
"""

from __future__ import annotations

import re

from curbside.deid.allowlist import words

MODEL_HEADS = words(
    """
    sign signs score scores scale scales criteria criterion classification class grade
    grades stage staging index rule rules reflex reflexes test tests maneuver manoeuvre
    maneuvers node nodes nodule nodules cell cells body bodies protein proteins valve
    blade pupil contractions disease syndrome angina palsy virus fever encephalitis
    formula equation protocol model questionnaire inventory system guidelines guideline
    guidance definition triad pentad murmur phenomenon lesion lesions fracture procedure
    repair incision operation shunt catheter tube drain brace splint boot collar pulse
    pulses spots lines nails tumor tumour sarcoma lymphoma carcinoma anomaly
    malformation deformity contracture cyst neuroma diverticulum esophagus tear ulcer
    ligament duct fascia triangle pouch canal fissure gland glands capsule tendon
    crystals spirals rods granules variant pattern waves wave block periodicity approach
    method chart assessment respirations breathing gait aphasia paralysis encephalopathy
    thyroiditis arteritis purpura anemia ataxia dystrophy hernia kyphosis circulation
    cardiomyopathy bioprosthesis reservoir monitor sump clamp scissors forceps retractor
    suction cautery belly boil recommendations guide algorithm esophagectomy
    fundoplication reconstruction bypass stockings ventilation technique factor antigen
    antibody antibodies agar stain staining tincture stain papules striae nodes
    lymphadenopathy dissection hypothesis law principle flu review
    """
)
"""The head nouns the name model was trained with (its features and its training
sentences use them): changing this set means retraining (``make train-deid``)."""

EXTRA_HEADS = words(
    """
    category categories adl adls iadl iadls rupture tendinopathy tendinitis tendonitis
    harness sequence sequences fibers fibres fiber fibre atlas surgery flap graft frame
    cerclage suture stitch screw cup balloon stethoscope speculum needle plates grid rings
    ring spot hump injury dislocation amputation fixation nail traction cast curve curves
    centile centiles percentile rating interview screen screening battery examination exam
    projection position membrane artery arteries vein veins
    nerve nerves muscle muscles tract nucleus bundle junction plexus corpuscle corpuscles
    inclusions inclusion effect ratio reaction cycle pathway receptor channel complex
    apparatus response diet solution medium broth culture manoeuvres maneuvers sheath
    organ organs follicles follicle cartilage bone bones foramen sinus sinuses septum
    diagnosis staging scoring instrument device pump mask airway laryngoscope
    cannula stent filter implant prosthesis lens plaque plaques crisis crises spectrum
    mutation mutations translocation gene genes deletion hormone dermatitis eruption rash
    erythema hypoplasia aplasia dysplasia atresia stenosis regurgitation
    bruising ecchymosis ecchymoses discoloration discolouration
    tenderness swelling
    """
)
"""Head nouns beyond the trained set: devices, structures, methods, findings."""

HEAD_ENDINGS = (
    "ectomy",
    "ectomies",
    "otomy",
    "ostomy",
    "plasty",
    "pexy",
    "rrhaphy",
    "scopy",
    "graphy",
    "itis",
    "osis",
    "oma",
    "omas",
    "pathy",
    "plasia",
    "trophy",
    "algia",
    "emia",
    "aemia",
)
"""Endings of procedures and diseases ("Heller myotomy", "Hashimoto thyroiditis")."""

RESULT_HEADS = words("negative positive neg pos")
"""A result right after an eponym names its test ("Ottawa negative"); only right after."""

DRUG_FORM_HEADS = words(
    """
    dose doses level levels toxicity overdose monotherapy injection injections infusion
    infusions tablet tablets capsule capsules inhaler inhalers patch patches cream ointment
    drops spray gel kit pen pens autoinjector prescription refill
    """
)
"""What a medicine comes as or is measured by ("Clozaril level", "Narcan kit")."""

DOSING_AFTER = re.compile(
    r"[ \t]{1,2}(?:(?:once|twice|three[ \t]times|four[ \t]times)[ \t](?:a[ \t])?"
    r"(?:day|daily|weekly|nightly)|bid|tid|qid|qds|tds|qhs|qam|qpm|prn|po(?![ \t]+box)"
    r"|subcut|subcutaneously|intravenously|nebulised|nebulized|puffs?"
    r"|XR|SR|XL|CR|ODT|XLT|HCT)\b"
)
"""Dosing words after a brand ("Trulicity once weekly", "Seroquel XR", "Norco prn"):
no person is "twice daily". Case matters: "Sr" is a senior, "SR" a slow release."""

BODIES = words(
    """
    association society college academy institute foundation federation organization
    organisation group consortium network league union council board committee alliance
    collaborative collaboration coalition task force agency service
    """
)
"""Learned bodies whose names precede their instruments ("... Heart Association class")."""

BODY_LINKS = words("of for on against in")
"""Small words inside a body's name ("College of Rheumatology", "League Against Epilepsy")."""


def shaped_like_a_head(text: str) -> bool:
    """True for a lowercase word shaped like a procedure or a disease ("oesophagectomy")."""
    return len(text) >= 6 and text.islower() and text.endswith(HEAD_ENDINGS)
