"""Model output (Markdown) to sanitized HTML for display.

The model's text is untrusted: it may contain raw HTML, scripts, remote images
or tracking links. It is converted with Python-Markdown (tables, fenced code,
lists) and then cleaned with nh3 (the Ammonia sanitizer) against a strict
allow-list: no scripts, styles, images, iframes or forms, no event handlers,
and links only to http, https and mailto (which the UI opens only after an
explicit click and a confirmation).

Rendering must never wedge a conversation: Python-Markdown recurses once per
level of nesting (``"- " * 496`` is 496 nested lists and a RecursionError), so
text nested deeper than :data:`MAX_NESTING` is shown as escaped plain text,
and so is text on which the converter fails in any other way.
"""

from __future__ import annotations

import html
import re
import threading

import nh3
from markdown import Markdown
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# One converter, built from extension objects: naming extensions as strings
# makes Markdown search package entry points on every call (~50 ms).
_CONVERTER = Markdown(
    extensions=[TableExtension(), FencedCodeExtension(), SaneListExtension()],
    output_format="html",
)
_CONVERTER_LOCK = threading.Lock()  # a Markdown instance keeps state while converting
MAX_NESTING = 16
"""Deepest list/quote nesting rendered as Markdown; real answers use 3 or 4."""
# One block marker at the start of what is left of a line: a quote mark or a list marker.
_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?")
_INDENT_PER_LEVEL = 2


def nesting_depth(text: str) -> int:
    """Return the deepest block nesting any line of ``text`` asks Markdown for (an estimate).

    Counts the quote marks and list markers that open a line (``"- - - x"`` is
    three lists deep, ``">>>x"`` three quotes), plus, on such a line, its
    indentation at two columns a level (the tightest a nested list can be).
    It over-counts rather than under-counts: an over-count only costs plain text.
    """
    return max((_line_depth(line) for line in text.splitlines()), default=0)


def _line_depth(line: str) -> int:
    indent = len(line) - len(line.lstrip(" \t"))
    depth, position = 0, 0
    while match := _MARKER.match(line, position):
        if match.end() == position:
            break
        depth += 1
        position = match.end()
    return depth + indent // _INDENT_PER_LEVEL if depth else 0


def markdown_to_safe_html(text: str) -> str:
    """Render Markdown to HTML that is safe to show in the app.

    Never raises on any text: too deep a nesting, or any failure of the
    converter, gives the text escaped as plain text instead.
    """
    if nesting_depth(text) > MAX_NESTING:
        return _plain_block(text)
    try:
        with _CONVERTER_LOCK:
            raw = _CONVERTER.reset().convert(text)
    except Exception:  # RecursionError or a converter bug: the answer still shows
        return _plain_block(text)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def plain_to_html(text: str) -> str:
    """Escape plain text (what the clinician typed) for display, keeping line breaks."""
    return html.escape(text).replace("\n", "<br>")


def _plain_block(text: str) -> str:
    return f"<p>{plain_to_html(text)}</p>"
