"""Where a lone word may be a name on the model's word alone: right after a person's verb.

The name model (:mod:`curbside.deid.name_model`) keeps a single capitalized
word it is sure of only where clinical writing puts a person without a cue:
as the object of a verb that takes a person ("I saw Faizan today", "Visited
Zsuzsanna at home", "spoke with Oluwaseun about the plan"), in brackets after
a bed ("Bed 4 (Ivka)"), or after a greeting ("Hi all, Jakub in bay 3"). ICU
notes capitalize devices, drugs and shorthand as readily as people after any
other word ("dose Vanco", "from Quinton cath", "GU: Foley", "2gm Mgsulfate",
"SBP by Aline 90-120s"): kept after any plain word, lone words lowered the
PhysioNet test half's precision from 0.912 to 0.891 with no name gained, so
there a lone word needs a cue."""

from __future__ import annotations

from curbside.deid.allowlist import US_STATES, words
from curbside.deid.clinical_terms import vocabulary
from curbside.deid.name_features import PERSON_VERBS
from curbside.deid.tokens import Token

_GREETINGS = words("hi hello hey morning afternoon evening dear")
_GREETED = words("all everyone team folks guys both")
_PREPOSITIONS = words("with to for about from by")
_REFERENCE_VERBS = words("see refer per")
"""Words after which a lone capitalized word is a record, a source or a service."""


def in_prose(text: str, tokens: list[Token], i: int) -> bool:
    """A lone word a person's verb governs ("saw", "Visited", "spoke with"), or a greeting.

    Not after a section label ("GU: Foley") or note shorthand ("Cont. Abx"), where
    ICU notes capitalize devices and drugs as readily as people.
    """
    if i == 0:
        return False
    between = text[tokens[i - 1].end : tokens[i].start]
    after = text[tokens[i].end : tokens[i].end + 2]
    if between == " (" and after[:1] == ")":
        return tokens[i - 1].low not in _REFERENCE_VERBS  # "Bed 4 (Ivka) pulled out"
    if between == ", " and _greeting(tokens, i - 1):
        return True  # "Hi all, Jakub in bay 3"
    if between != " ":
        return False
    if after[:1] == " " and after[1:2].isdigit():
        return False  # "SBP by Aline 90-120s", "for Na 152": a line or a lab, then its value
    word, before = tokens[i], tokens[i - 1]
    if word.low in US_STATES or word.low in vocabulary()["country"]:
        return False  # "moving from Florida": a place, which the place rules judge
    if "-" in word.text and len(word.text.split("-")[0]) < 2:
        return False  # "A-line", "A-fib": a letter and a word make shorthand, not a name
    if not before.text.isalpha() or text[before.start - 1 : before.start] not in ("", " "):
        return False  # "2gm Mgsulfate", "15 gm Kaexolate": a dose, then its drug
    if before.low in _REFERENCE_VERBS:
        return False  # "see Carevue", "refer to Lexicomp": a record or a source
    if not (before.text.islower() or before.capitalized):
        return False
    if before.low in PERSON_VERBS:
        return True  # "I saw Faizan", "Visited Zsuzsanna"
    # "spoke with Oluwaseun", "talked to Ama": a person's verb, then its preposition
    return before.low in _PREPOSITIONS and i > 1 and tokens[i - 2].low in PERSON_VERBS


def _greeting(tokens: list[Token], i: int) -> bool:
    """ "Hi all", "Morning everyone": a greeting ending at ``tokens[i]``."""
    return tokens[i].low in _GREETED and i > 0 and tokens[i - 1].low in _GREETINGS
