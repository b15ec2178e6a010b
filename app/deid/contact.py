"""Rules for ways to reach a person: phone, fax and pager numbers, e-mail, URLs, IP addresses.

Every pattern uses bounded repetition only, and none nests one unbounded
repetition inside another, so the scan stays linear on adversarial input
(100 KB of digits, slashes or capitals).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from curbside.deid.findings import Finding, make

_SEP = r"[ \t.\-]{0,3}"
_PHONE = re.compile(
    r"(?<![\w/.])(?:\+?1" + _SEP + r")?"
    r"(?:\(\s?\d{3}\s?\)" + _SEP + r"|\d{3}" + _SEP + r")"
    r"\d{3}" + _SEP + r"\d{4}"
    r"(?:[ \t]{0,2}(?:x|ext\.?|extension|#)[ \t]{0,2}\d{1,6}\.?)?"
    r"(?![\w/])",
    re.IGNORECASE,
)
_SLASH_PHONE = re.compile(r"(?<![\d/])\d{3}/\d{3}[/\-]\d{4}(?![\d/])")
# "+33 1 42 68 53 00", "+44 (20) 7946-0958": a country code, then groups of digits.
_INTL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ \t.\-]{1,2}\(?\d{1,5}\)?){2,6}(?![\w/])")
_LOCAL_PHONE = re.compile(r"(?<![\w/.\-])\d{3}-\d{4}(?![\w/\-]|\.\d)")
_PHONE_CUE = re.compile(
    r"\b(?:phone|ph|tel|telephone|cell|mobile|home|work|office|fax|pager|pgr|pg|beeper|bpr"
    r"|page|call|contact|number|no|#|c|h|w|m|f)\b[\s:#.()\-]{0,4}$",
    re.IGNORECASE,
)
_PAGER = re.compile(
    r"\b(?:pager|pgr|pg|beeper|bpr|page|pager\s?no|ext|extension)\.?[ \t]{0,2}[#:]?[ \t]{0,2}"
    r"(?:(?:number|no\.?|num)[ \t]{0,2})?[ \t#:]{0,3}(\d{4,7})(?![\w/])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,6}")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]{1,2000}", re.IGNORECASE)
_DOMAIN = re.compile(
    r"\b[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,4}\.(?:com|org|net|edu|gov|io|us|info|health"
    r"|care|biz|co\.uk)(?:/[^\s<>\"'()]{0,500})?\b",
    re.IGNORECASE,
)
_TLD = re.compile(r"\.(?:com|org|net|edu|gov|io|us|info|health|care|biz|co\.uk)\b", re.IGNORECASE)
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.]\d)")
_IPV6 = re.compile(r"(?<![:\w])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![:\w])")


def find_contacts(text: str) -> Iterator[Finding]:
    """Yield PHONE, EMAIL, URL and IP findings in ``text``."""
    yield from _phones(text)
    yield from _emails(text)
    yield from _urls(text)
    yield from _ips(text)


def _emails(text: str) -> Iterator[Finding]:
    """Anchor on each "@" and widen, so "a@a@a@..." stays linear."""
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and text[start - 1] in _LOCAL_CHARS and at - start < 64:
            start -= 1
        m = _EMAIL.match(text, start) if start < at else None
        if m and m.end() > at:
            yield make(text, m.start(), m.end(), "EMAIL", "e-mail address")
        at = text.find("@", at + 1)


def _phones(text: str) -> Iterator[Finding]:
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        raw = m.group().strip()
        if raw.isdigit() and not _PHONE_CUE.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # ten bare digits without a cue: left to the ID rules
        if digits >= 10:
            yield make(text, m.start(), m.end(), "PHONE", "phone number pattern")
    for m in _SLASH_PHONE.finditer(text):
        yield make(text, m.start(), m.end(), "PHONE", "phone number pattern")
    if "+" in text:
        for m in _INTL_PHONE.finditer(text):
            if 8 <= sum(c.isdigit() for c in m.group()) <= 15:
                yield make(text, m.start(), m.end(), "PHONE", "international phone number")
    for m in _LOCAL_PHONE.finditer(text):
        first, second = m.group().split("-")
        if not (first.endswith("0") and second.endswith("0")):  # "800-1000" is a range
            yield make(text, m.start(), m.end(), "PHONE", "seven-digit phone number")
    for m in _PAGER.finditer(text):
        yield make(text, m.start(1), m.end(1), "PHONE", "pager or extension number")


def _urls(text: str) -> Iterator[Finding]:
    matches: list[re.Match[str]] = []
    lowered = text.lower()
    if "://" in text or "www." in lowered:
        matches.extend(_URL.finditer(text))
    for tld in _TLD.finditer(text):
        start = tld.start()
        while start > 0 and text[start - 1] in _DOMAIN_CHARS and tld.start() - start < 253:
            start -= 1
        m = _DOMAIN.match(text, start)
        if m:
            matches.append(m)
    for m in matches:
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?":
            end -= 1
        yield make(text, m.start(), end, "URL", "web address")


def _ips(text: str) -> Iterator[Finding]:
    if "." in text:
        for m in _IPV4.finditer(text):
            if all(int(part) <= 255 for part in m.group().split(".")):
                yield make(text, m.start(), m.end(), "IP", "IPv4 address")
    if "::" in text or text.count(":") >= 7:
        for m in _IPV6.finditer(text):
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            if sum(c.isalnum() for c in m.group()) >= 3:
                yield make(text, m.start(), m.end(), "IP", "IPv6 address")
