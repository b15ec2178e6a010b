"""Is the gold diagnosis in the model's differential, and at which rank?

The differential is read as the answer's top-level list: numbered lines if
there are any, else bullet lines at the outermost indent, else every non-empty
line. Sub-bullets ("- For: ...") are not diagnoses. Each entry is matched
against the gold diagnosis and the synonyms the set supplies after
normalizing both: case, accents, punctuation and Markdown, simple English
plurals, and common clinical abbreviations written in capitals (``MI``, ``PE``,
``DKA`` ...; lower-case "all" or "mg" stay words). The
matched line is kept so a reviewer can check the call.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from curbside.evaluation.items import GoldDiagnosis

MAX_ENTRIES = 10
ABBREVIATIONS = {
    "mi": "myocardial infarction",
    "ami": "acute myocardial infarction",
    "stemi": "st elevation myocardial infarction",
    "nstemi": "non st elevation myocardial infarction",
    "acs": "acute coronary syndrome",
    "cad": "coronary artery disease",
    "chf": "congestive heart failure",
    "hf": "heart failure",
    "af": "atrial fibrillation",
    "afib": "atrial fibrillation",
    "pe": "pulmonary embolism",
    "dvt": "deep vein thrombosis",
    "vte": "venous thromboembolism",
    "copd": "chronic obstructive pulmonary disease",
    "ards": "acute respiratory distress syndrome",
    "cap": "community acquired pneumonia",
    "tb": "tuberculosis",
    "uti": "urinary tract infection",
    "aki": "acute kidney injury",
    "ckd": "chronic kidney disease",
    "dka": "diabetic ketoacidosis",
    "hhs": "hyperosmolar hyperglycemic state",
    "dm": "diabetes mellitus",
    "t1dm": "type 1 diabetes mellitus",
    "t2dm": "type 2 diabetes mellitus",
    "htn": "hypertension",
    "gerd": "gastroesophageal reflux disease",
    "ibd": "inflammatory bowel disease",
    "ibs": "irritable bowel syndrome",
    "sle": "systemic lupus erythematosus",
    "ra": "rheumatoid arthritis",
    "ms": "multiple sclerosis",
    "als": "amyotrophic lateral sclerosis",
    "gbs": "guillain barre syndrome",
    "mg": "myasthenia gravis",
    "sah": "subarachnoid hemorrhage",
    "tia": "transient ischemic attack",
    "cva": "stroke",
    "itp": "immune thrombocytopenia",
    "ttp": "thrombotic thrombocytopenic purpura",
    "hus": "hemolytic uremic syndrome",
    "dic": "disseminated intravascular coagulation",
    "aml": "acute myeloid leukemia",
    "all": "acute lymphoblastic leukemia",
    "cml": "chronic myeloid leukemia",
    "cll": "chronic lymphocytic leukemia",
    "hiv": "human immunodeficiency virus infection",
    "pcos": "polycystic ovary syndrome",
    "pid": "pelvic inflammatory disease",
    "bph": "benign prostatic hyperplasia",
    "pml": "progressive multifocal leukoencephalopathy",
}
_ENTRY = re.compile(r"^(\s*)(?:(\d{1,2})[.)]|[-*•+])\s+(.*)$")
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class DiagnosisMatch:
    """Where the gold diagnosis appears in a differential.

    Attributes:
        rank: 1 for the first entry; None when absent.
        line: The matched entry as the model wrote it (empty when absent).
        entries: How many entries the differential had.
    """

    rank: int | None
    line: str
    entries: int

    def within(self, k: int) -> bool:
        """True when the gold diagnosis is among the first ``k`` entries."""
        return self.rank is not None and self.rank <= k


def normalize(text: str) -> str:
    """Lower-case words without accents, punctuation or plurals; abbreviations spelled out."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents go; other non-ASCII (dashes, symbols) separate words: "Guillain–Barré".
    folded = "".join(
        c if c.isascii() else ("" if unicodedata.combining(c) else " ") for c in decomposed
    )
    folded = re.sub(r"'s\b", "", folded)
    words = []
    for word in _WORD.findall(folded):
        expansion = ABBREVIATIONS.get(word.lower()) if _is_abbreviation(word) else None
        words.extend((expansion or _singular(word.lower())).split())
    return " ".join(words)


def _is_abbreviation(word: str) -> bool:
    # Only capitals count ("MG", "AFib"): lower-case "all", "mg" or "ms" are words or units.
    return sum(c.isupper() for c in word) >= 2


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ys", "as")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def differential(answer: str) -> list[str]:
    """Return the answer's top-level entries, in order (at most :data:`MAX_ENTRIES`)."""
    lines = [line for line in answer.splitlines() if line.strip()]
    listed = [(m, line) for line in lines if (m := _ENTRY.match(line))]
    numbered = [line for m, line in listed if m.group(2)]
    if numbered:
        entries = numbered
    elif listed:
        outer = min(len(m.group(1).expandtabs()) for m, _ in listed)
        entries = [line for m, line in listed if len(m.group(1).expandtabs()) == outer]
    else:
        entries = lines
    return [line.strip() for line in entries[:MAX_ENTRIES]]


def _variants(name: str) -> list[str]:
    """The name, the name without its parenthesis, and what the parenthesis holds.

    "Progressive multifocal encephalopathy (PML)" is matched by either half.
    """
    inside = re.findall(r"\(([^)]*)\)", name)
    outside = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return [name, outside, *inside]


def find_gold(answer: str, gold: Sequence[GoldDiagnosis]) -> DiagnosisMatch:
    """Return the rank of the first entry naming any gold diagnosis (or a synonym)."""
    entries = differential(answer)
    wanted = [normalize(v) for d in gold for name in d.names for v in _variants(name)]
    wanted = [w for w in wanted if w]
    for rank, line in enumerate(entries, 1):
        said = f" {normalize(line)} "
        if any(f" {w} " in said for w in wanted):
            return DiagnosisMatch(rank, line, len(entries))
    return DiagnosisMatch(None, "", len(entries))
