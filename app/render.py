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

import markdown
import nh3

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
_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def markdown_to_safe_html(text: str) -> str:
    """Render Markdown to HTML that is safe to show in the app."""
    raw = markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
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
