"""The medical allow-list: words that look like names or places but are medicine.

Eponyms (Parkinson, Foley, Glasgow), drug names (Lasix, Ativan), scores and
devices are never flagged from a dictionary alone, and an eponym followed by
its clinical head word ("Bell's palsy", "Wells score") is protected even after
a title-like cue. Clinical abbreviations that happen to be Census surnames
("GU", "LE", "NG") are here too, as are weekdays, months used as words,
languages, nationalities and US state names (a state alone is not an
identifier under Safe Harbor).
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of ``text`` (word lists read best as prose)."""
    return frozenset(text.split())


EPONYMS = words(
    """
    addison alzheimer apgar asperger babinski baker barrett bartter bell bence berger
    bishop blalock bouchard boerhaave braxton broca brown brudzinski budd buerger
    burkitt carey chadwick charcot cheyne chvostek conn coombs crohn cullen curling
    cushing dandy doppler down dressler dubin duchenne dupuytren durie ebstein ehlers
    epley erb ewing fallot felty finkelstein fick fisher fleming foley fontan frank
    friedreich gerstmann gilbert glasgow goodpasture gram graves grey guillain hamman
    hartmann hashimoto heberden heimlich henoch hickman hirschsprung hodgkin holter
    homan homans horner huntington hurthle jackson jacksonian janeway jones kaposi
    kawasaki kayser kehr kernig kimmelstiel klebsiella klinefelter korsakoff kussmaul
    lachman langerhans leriche levine lhermitte lisfranc lou lyme mallory marfan
    mcburney mcmurray meckel meniere millard monteggia moro morton murphy nissen osgood
    osler paget pancoast parkinson parkinsons phalen pick pott prinzmetal purkinje
    quincke raynaud reiter reye rinne romberg rovsing salter sengstaken schatzki
    schilling sheehan shiley sjogren smith spurling starling stevens stokes sturge swan
    ganz takayasu tay tinel todd tourette trendelenburg trousseau turner valsalva
    virchow von willebrand waldenstrom wallenberg weber wegener wells wenckebach
    wernicke whipple wilms wilson wolff parkinson zenker zollinger ranson child pugh
    centor curb perc hasbled framingham duke wolff-parkinson-white mobitz beck cheyne-
    stokes tzanck kerley austin flint apley thompson allen homan's pemberton kocher
    pfannenstiel bovie penrose jackson-pratt jp pleurx passy muir passy-muir hoyer bair
    hugger riker kling yankauer ambu miami aspen philadelphia sarnoff weinberg salem
    dobhoff
    """
)

EPONYM_HEADS = words(
    """
    disease diseases syndrome syndromes sign signs palsy catheter catheters score scores
    scale scales criteria criterion test tests reflex reflexes maneuver manoeuvre
    phenomenon procedure operation repair fracture lymphoma sarcoma tumor tumour ulcer
    ulcers node nodes nodule nodules triad law classification stage stages staging
    classification rule rules index equation formula murmur rub spots lines line
    position tube drain drains bag collar valve hernia diverticulum esophagus cyst
    thyroiditis ophthalmopathy aneurysm angina arteritis encephalopathy sphincter splint
    boot collar stockings respirations breathing bronchoscopy apparatus
    """
)

DRUGS = words(
    """
    lasix ativan coumadin heparin lovenox zosyn vanco vancomycin cipro levaquin flagyl
    tylenol motrin advil aleve dilaudid morphine fentanyl versed propofol haldol zyprexa
    seroquel risperdal ambien xanax valium klonopin restoril lopressor toprol metoprolol
    norvasc lisinopril zestril vasotec captopril lipitor zocor crestor plavix aspirin
    asa eliquis xarelto pradaxa digoxin lanoxin amiodarone cordarone cardizem diltiazem
    nitro nitroglycerin levophed neo neosynephrine dopamine dobutamine milrinone
    vasopressin epi epinephrine insulin lantus humalog novolog nph glucophage metformin
    glipizide protonix pepcid zantac prilosec nexium carafate reglan zofran compazine
    phenergan colace senna dulcolax miralax lactulose kayexalate solumedrol prednisone
    decadron dexamethasone keppra dilantin depakote tegretol neurontin lyrica albuterol
    atrovent combivent spiriva advair singulair mucomyst ceftriaxone rocephin cefazolin
    ancef unasyn augmentin bactrim keflex zithromax azithromycin doxycycline gentamicin
    genta tobramycin meropenem imipenem cefepime ceftaz fluconazole diflucan nystatin
    acyclovir tamiflu synthroid levothyroxine potassium magnesium calcium bicarb narcan
    flumazenil atropine adenosine esmolol labetalol hydralazine nicardipine nipride
    cleviprex precedex ketamine succinylcholine rocuronium vecuronium cisatracurium
    bumex aldactone hctz diamox mannitol tpa alteplase integrilin aggrastat reopro
    amicar ddavp pitocin magnesium procrit epogen neupogen allegra claritin benadryl
    hydroxyzine oxycodone percocet vicodin ultram tramadol toradol celebrex ibuprofen
    naproxen gabapentin sertraline zoloft prozac paxil lexapro celexa wellbutrin
    trazodone remeron effexor cymbalta lithium clozapine abilify geodon ativan lorazepam
    midazolam diazepam clonazepam hydromorphone methadone suboxone naloxone
    """
)

CLINICAL = words(
    """
    gu co endo aline vea mech le los perl perla fick dec ros riss ng asa rom pao dk eves
    ota vue mt rm va mc app im ballon stas floro dopp dia bue comp marg ith wein grav
    rua flo eng ro prom timi essen sens ou wm situ tia vo trac cortis candida hema hy
    mach lente deline ada stabel bowell nore dul tyl ster aud hass tham couts md do rn
    np pa rrt lpn cna pt ot slp sw ekg ecg eeg cxr ct mri abg cbc bmp ed er icu ccu micu
    sicu csru nicu picu pacu ew or pre post op mg ml kg mcg hr bp rr bun cr inr ptt wbc
    hct hgb plt ua ivf npo prn bid tid qid qd qhs hs ac pc po iv sq sc ngt ogt peg picc
    cvl ett trach cpap bipap peep fio vent sat sats spo mae perrl perrla aox neuro resp
    cv gi id heme onc pulm renal derm psych cath lab labs echo tee tte cabg ptca stent
    mvr avr pda lad lcx rca om afib aflutter svt vt vf nsr st sb brady tachy dnr dni fc
    full code mom dad hsb wf husb dtr dau sis bro gf gm hosp hospital clinic unit floor
    ward rehab lima min careview carevue metavision coli aureus diff difficile
    pneumoniae epidermidis faecalis faecium albicans cloacae marcescens aeruginosa
    influenzae pylori jirovecii carinii strep staph enterococcus pseudomonas klebsiella
    serratia proteus acinetobacter abd meds lix ips fem mdis tol osh quinton
    amber flora max johnny stoll mins sr nsr ms mr ivp ngt simv imv prvc aprv cmv vicu
    mciu mcicu tsicu cvicu baseline synch mi na cr bs nsicu ooB oob ortho angio tele
    stepdown pheresis apheresis medsurg nsurg csurg neurosurg cardsurg cont contd surg
    vvi vvir ddd dddr aai vdd ddi aoo voo doo apaced vpaced avpaced usoh mva rle lle rue
    lue neb nebs vna pcu cmo pta moca mmse slums nihss phq gad epds
    """
)

MONTHS = words("january february march april june july august september october november december")
ANATOMY = words(
    """
    shin shins gums gum staples staple blocker blockers neice douglas crean puls dias
    chest heart head hand hands foot feet leg legs arm arms neck back hip hips knee knees
    skin nail nails bone bones brain lung lungs liver kidney bowel bowels belly rib ribs
    """
)
WEEKDAYS = words(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
    thurs fri sat sun
    """
)

LANGUAGES = words(
    """
    english spanish french german italian portuguese russian chinese mandarin cantonese
    vietnamese korean japanese arabic hindi urdu bengali punjabi polish greek haitian
    creole tagalog farsi persian hebrew yiddish somali swahili amharic american african
    asian european hispanic latino latina caucasian irish
    """
)

COUNTRIES = words(
    """
    poland mexico canada china japan korea vietnam philippines germany france italy
    spain portugal ireland england scotland wales britain russia ukraine brazil peru chile
    colombia venezuela argentina cuba haiti jamaica guatemala honduras nicaragua
    nigeria ghana kenya ethiopia somalia egypt morocco lebanon syria iraq iran
    turkey greece pakistan bangladesh nepal thailand cambodia laos indonesia australia
    """
)
"""Countries: above the level Safe Harbor asks to remove ("lives in Portugal")."""

US_STATES = words(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode
    island tennessee texas utah vermont virginia washington wisconsin wyoming new north
    south west
    """
)

_COMMON_SURNAMES = words(
    # Eponyms that are also among the commonest surnames: protected only when
    # their clinical head word follows ("Wilson's disease"), never on their own.
    """
    smith jones wilson murphy jackson thompson turner allen brown frank austin stevens
    todd fisher bishop baker carey child bell gilbert graves grey starling weber wells
    morton millard lou beck flint apley kocher jackson-pratt
    """
)

EPONYMS = EPONYMS | words(
    """
    weiss stokes johnson pugh barr epstein hunt hess fleischer braden ortolani barlow norton
    morse richmond ramsay killip nyha rockall blatchford ranson mallampati cormack lehane
    hoffmann hoffman thomas patrick faber
    """
)
EPONYM_HEADS = EPONYM_HEADS | words(
    """
    negative positive neg pos maneuver manoeuvre virus serology tear tears fever phenomenon
    respirations breathing catheter line
    """
)
_COMMON_SURNAMES = _COMMON_SURNAMES | words(
    "johnson hunt thomas patrick norton morse richmond pemberton ramsay"
)

NEVER_NAMES = (
    ANATOMY
    | (EPONYMS - _COMMON_SURNAMES)
    | DRUGS
    | CLINICAL
    | WEEKDAYS
    | LANGUAGES
    | US_STATES
    | COUNTRIES
)
"""Tokens (lowercase) never flagged as names or places from a dictionary alone."""


DRUG_STEMS: tuple[str, ...] = tuple(
    sorted(
        words(
            """
            olol pril sartan statin dipine azole mycin cillin oxacin tidine prazole xaban
            gliptin gliflozin lukast dronate zepam zolam triptan tyline pramine oxetine apine
            idone tropium terol sonide methasone nisone cycline penem vudine navir previr buvir
            ximab zumab mumab tinib fenib semide thiazide
            """
        )
    )
)
"""Endings of generic drug names (WHO INN stems): "amlodipine", "carvedilol", "apixaban"."""


def is_medical(word: str) -> bool:
    """Return True when ``word`` is on the medical allow-list or reads as a generic drug."""
    low = word.lower()
    if low.endswith("'s") or low.endswith("’s"):
        low = low[:-2]
    if low in NEVER_NAMES or (len(low) >= 7 and low.endswith(DRUG_STEMS)):
        return True
    return 4 <= len(low) <= 7 and low.endswith("icu")  # "NISICU", "pmicu": intensive care units
