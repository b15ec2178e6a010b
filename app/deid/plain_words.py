"""Findings that the layout or the grammar of a text shows to be no name and no place.

The clinical-vocabulary layer (:mod:`curbside.deid.clinical_filter`) asks what a
word means; this module asks what it is doing in the sentence. A finding is
dropped when:

* it is a lettered answer option, not an initial ("B. Enoxaparin" in a list
  that also has "A." and "C." lines): exam questions and case sets are pasted
  with their options;
* every word of it is a pronoun or another small function word ("He says",
  "During the past year"), which is never anybody's name;
* it is a chemical symbol with its charge or count ("Fe2+", "Ca2+");
* it is a continent, a world region or a country, whole or in part ("Africa",
  "the United States", "Costa Rica"): none is a Safe Harbor identifier;
* it is an ordinary lowercase word after a cue in a mixed-case text ("the
  doctor decides", "miss school"), or a capitalized ordinary word cut off
  from its cue by punctuation ("his mother; Social withdrawal");
* it is a field label made of ordinary words ("- Left Hand: tremor");
* it is the idiom "in good health";
* it is one name-like word after an article or "post-" ("after a Ross",
  "post-Norwood"): English puts no article before a person's name;
* it is one name-like word after a verb of medicines with nothing after it that
  a person takes ("Started Portia today"): many pills carry given names.

:func:`as_city` relabels a name that is a city with its state ("Philadelphia, PA").
"""

from __future__ import annotations

import re

from curbside.deid import lexicon
from curbside.deid.allowlist import US_STATES, words
from curbside.deid.clinical_terms import vocabulary
from curbside.deid.findings import Finding
from curbside.deid.tokens import Token

_PRONOUNS = words(
    """
    i i'm i've i'd i'll me my mine myself we we're us our ours you you're your yours he he's
    him his himself she she's her hers herself it it's its they they're them their theirs
    this that these those there here who whom whose which what someone somebody everyone
    nobody anyone during after before while since until although though because however
    when where then also both either neither each every all some any none the a an and or
    but nor of to in on at by for with from as is was were be been
    """
)
"""Pronouns and other closed-class words: never a person's name."""

_REGIONS = words(
    """
    africa asia europe antarctica oceania australasia america americas caribbean
    scandinavia balkans mediterranean sahara arctic
    """
)
_REGION_PHRASES = frozenset(
    {
        "north america",
        "south america",
        "central america",
        "latin america",
        "middle east",
        "far east",
        "near east",
        "west africa",
        "east africa",
        "north africa",
        "southern africa",
        "sub-saharan africa",
        "southeast asia",
        "south asia",
        "east asia",
        "central asia",
        "eastern europe",
        "western europe",
        "united states",
        "the united states",
        "west indies",
        "the caribbean",
        "pacific islands",
        "indian subcontinent",
    }
)
"""Continents and world regions: larger than any Safe Harbor geographic unit."""

_OPTION = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]*)?\(?([A-J])[.)][ \t]")
_OPTION_PREFIX = re.compile(r"[ \t]*(?:[-*•][ \t]*)?\(?")
_CHARGE = re.compile(r"\d*[+\-−⁺⁻]|\d")
_LABEL_AFTER = re.compile(r"[ \t]*:")
_HEALTH_IDIOM = re.compile(
    r"(?:in|of|with|otherwise|overall|generally|general|reasonably|previously)[ \t]+"
    r"(?:good|poor|excellent|fair|general|reasonable|great|bad|failing|declining|robust"
    r"|perfect|normal|usual)[ \t]+health\b",
    re.IGNORECASE,
)
_STATE_AFTER = re.compile(r",[ \t]{0,2}([A-Z][a-z]+|[A-Z]{2})\b")
_CODES = words(
    """
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
    """
)
_PHRASE_GOES_ON = re.compile(r" [a-z]{3,}")
_ARTICLE_BEFORE = re.compile(
    r"(?:(?<![\w'])(?:a|an|the)[ \t]+|(?<!\w)(?:post|pre|s/p)[ \t\-]?)$", re.IGNORECASE
)
_FAMILY_AFTER = re.compile(
    r"[ \t]+(?:family|families|household|home|house|residence|twins|children|kids|brothers"
    r"|sisters|parents|boys|girls)\b",
    re.IGNORECASE,
)
_MEDICINE_VERB = re.compile(
    r"(?<!\w)(?:(?:switched|changed|switch|change)[ \t]+(from)|(?:re)?start(?:ed|s|ing)?"
    r"|stop(?:ped|s|ping)?|continu(?:e|ed|es|ing)|tak(?:e|es|ing)|tolerat(?:es|ed|ing)"
    r"|prescrib(?:e|ed|ing)|refill(?:ed|s)?|resum(?:e|ed|es|ing)|discontinu(?:e|ed|ing)"
    r"|(?:switched|changed)(?:[ \t]+from[ \t]+[\w\-]+)?[ \t]+to)[ \t]+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"[ \t]+(on|to|from|home|back|out|in|into|off|up|down|with|by|at|and|or|'s)\b",
    re.IGNORECASE,
)
_CUT_OFF = re.compile(r";[ \t]*$")


def explained_by_shape(text: str, tokens: list[Token], finding: Finding, weak: bool) -> bool:
    """True when ``finding`` (its words ``tokens``) is grammar or layout, not an identifier.

    Args:
        text: The case text.
        tokens: The finding's own words.
        finding: A NAME, LOCATION or FACILITY finding.
        weak: The finding rests on weak evidence (a dictionary hit, a capital letter).
    """
    if finding.label == "NAME" and all(t.low in _PRONOUNS for t in tokens):
        return True  # "He says", "She reports", "During the past 10 years"
    if finding.reason == "initial and surname" and _lowercase_after_initial(tokens):
        return True  # "A newborn is found", "stage I colon cancer"
    if _option_label(text, tokens, finding):
        return True
    if finding.label == "NAME" and len(finding.text) <= 3 and _charged(text, finding.end):
        return True  # "Fe2+", "Ca2+": an element and its charge
    if _geography(text, finding) and (finding.label != "NAME" or weak):
        return True
    if _HEALTH_IDIOM.search(text, max(0, finding.start - 30), finding.end):
        return finding.label == "FACILITY" and finding.text.lower().endswith("health")
    if weak and _field_label(text, tokens, finding):
        return True
    if weak and finding.label == "NAME" and len(tokens) == 1 and _after_article(text, finding):
        return True  # "after a Ross", "awaiting the Glenn", "post-Norwood": an operation
    if weak and finding.label == "NAME" and len(tokens) == 1 and _taken(text, tokens[0]):
        return True  # "Started Portia today", "Continue Jolivette while breastfeeding"
    return finding.label == "NAME" and _plain_word_after_cue(text, tokens, finding)


def as_city(text: str, finding: Finding) -> Finding:
    """ "Philadelphia, PA" found as a name is a city: say so, keep it flagged."""
    if finding.label != "NAME" or not lexicon.is_place(finding.text.lower()):
        return finding
    state = _STATE_AFTER.match(text, finding.end)
    if state is None or not (state.group(1).lower() in US_STATES or state.group(1) in _CODES):
        return finding
    return Finding(finding.start, finding.end, "LOCATION", finding.text, "city and its state")


def _option_label(text: str, tokens: list[Token], finding: Finding) -> bool:
    """ "B. Enoxaparin": a lettered option on its own line, in a list with its neighbours."""
    if finding.label != "NAME" or len(tokens) > 2 or not _at_line_start(text, tokens[0].start):
        return False
    initial = tokens[0]
    if len(initial.text) != 1 or text[initial.end : initial.end + 1] not in (".", ")"):
        return False
    letter = initial.text
    neighbours = {chr(ord(letter) - 1), chr(ord(letter) + 1)}
    listed = any(
        o.group(1) in neighbours
        for o in _OPTION.finditer(text, max(0, finding.start - 600), finding.end + 600)
    )
    if not listed or len(tokens) == 1:
        return listed
    word = tokens[1].low
    # "A. Amelia" may still be a person; "B. Freshwater", "C. Heparan", "D. IP3" are answers.
    phrase = _PHRASE_GOES_ON.match(text, tokens[1].end) is not None  # "D. Freshwater snails"
    return (
        phrase
        or _clinical(word)
        or lexicon.is_dictionary_word(word)
        or tokens[1].text.isupper()
        or not lexicon.is_person_name(word)
    )


def _at_line_start(text: str, offset: int) -> bool:
    """Only indentation, a bullet or "(" between the line's start and ``offset``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return _OPTION_PREFIX.fullmatch(text, line_start, offset) is not None


def _lowercase_after_initial(tokens: list[Token]) -> bool:
    """ "A newborn": an article or a numeral before a lowercase word in a mixed-case line."""
    return len(tokens) == 2 and tokens[1].mixed and tokens[1].text[:1].islower()


def _clinical(low: str) -> bool:
    vocab = vocabulary()
    return low in vocab["drug"] or low in vocab["clinical"]


def _charged(text: str, end: int) -> bool:
    return _CHARGE.match(text, end) is not None


def _geography(text: str, finding: Finding) -> bool:
    """A continent, region or country named whole or in part ("Costa" of "Costa Rica")."""
    low = finding.text.lower()
    countries = vocabulary()["country"]
    if low in _REGIONS or low in _REGION_PHRASES or low in countries:
        return finding.label != "NAME" or low in _REGIONS or low in _REGION_PHRASES
    tail = text[finding.end : finding.end + 30].lower().split()
    phrase = low
    for word in tail[:3]:
        phrase = f"{phrase} {word.strip('.,;:()')}"
        if phrase in countries or phrase in _REGION_PHRASES:
            return True
    return False


def _after_article(text: str, finding: Finding) -> bool:
    """English puts no article before a person's name; a family word after it does."""
    if _ARTICLE_BEFORE.search(text, max(0, finding.start - 16), finding.start) is None:
        return False
    low = finding.text.lower()
    plural = (  # "the Glenns"; "Ross" is one man
        low.endswith("s") and lexicon.is_person_name(low[:-1]) and not lexicon.is_person_name(low)
    )
    return _FAMILY_AFTER.match(text, finding.end) is None and not plural


def _taken(text: str, token: Token) -> bool:
    """A name-like pill after a verb of medicines, with nothing after that a person takes.

    "Started Portia today" is the pill; "started Portia on metformin", "takes
    Hailey to school" and "Continue Maria's care" are people.
    """
    if token.bare_end != token.end:
        return False
    before = _MEDICINE_VERB.search(text, max(0, token.start - 48), token.start)
    if before is None:
        return False
    after = _PERSON_AFTER.match(text, token.end)
    return after is None or (before.group(1) is not None and after.group(1).lower() == "to")


def _field_label(text: str, tokens: list[Token], finding: Finding) -> bool:
    """ "- Left Hand: resting tremor": ordinary words heading a field, not a town."""
    return (
        _LABEL_AFTER.match(text, finding.end) is not None
        and _at_line_start(text, finding.start)
        and all(lexicon.is_common_word(t.low) for t in tokens)
    )


def _plain_word_after_cue(text: str, tokens: list[Token], finding: Finding) -> bool:
    """An ordinary word a cue pulled in: "the doctor decides", "mother; Social withdrawal"."""
    if not finding.reason.startswith("after '"):
        return False
    if all(t.mixed and t.text.islower() for t in tokens):
        return all(_plain(t.low) and not _named(t.low) for t in tokens)
    if _CUT_OFF.search(text, max(0, finding.start - 3), finding.start):
        return all(lexicon.is_common_word(t.low) and not _named(t.low) for t in tokens)
    return False


def _plain(low: str) -> bool:
    """A dictionary word, or an adverb by its ending ("empirically"); "o" of "o rourke" is not."""
    if len(low) < 4:
        return False
    plain = lexicon.is_dictionary_word(low) or lexicon.is_common_word(low)
    return plain or (len(low) > 5 and low.endswith("ly"))


def _named(low: str) -> bool:
    return lexicon.is_first_name(low) or lexicon.is_surname(low)
