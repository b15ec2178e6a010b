"""Model output (Markdown) to sanitized HTML for display.

The model's text is untrusted: it may contain raw HTML, scripts, remote images
or tracking links. It is converted with Python-Markdown (tables, fenced code,
lists) and then cleaned with nh3 (the Ammonia sanitizer) against a strict
allow-list: no scripts, styles, images, iframes or forms, no event handlers,
and links only to http, https and mailto (which the UI opens only after an
explicit click and a confirmation).
"""

from __future__ import annotations

import html
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


def markdown_to_safe_html(text: str) -> str:
    """Render Markdown to HTML that is safe to show in the app."""
    with _CONVERTER_LOCK:
        raw = _CONVERTER.reset().convert(text)
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
