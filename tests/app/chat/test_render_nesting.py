"""Rendering can't wedge a conversation: deep nesting and converter failures give plain text."""

from __future__ import annotations

import pytest
from curbside.chat import render
from curbside.chat.render import MAX_NESTING, markdown_to_safe_html, nesting_depth


@pytest.mark.parametrize(
    "text",
    [
        "- " * 496 + "x",
        "> " * 600 + "x",
        ">" * 2000 + "x",
        "1. " * 400 + "x",
        "\n".join("  " * depth + "- item" for depth in range(400)),
        "* " * 300 + "<script>alert(1)</script>",
    ],
    ids=["dash-lists", "quotes", "tight-quotes", "numbered", "indented", "with-html"],
)
def test_deeply_nested_text_is_shown_escaped(text: str) -> None:
    html = markdown_to_safe_html(text)
    assert html.startswith("<p>") and "<ul>" not in html and "<blockquote>" not in html
    assert "<script>" not in html
    assert text.split("\n")[0][:20].replace(">", "&gt;") in html


def test_ordinary_nesting_is_still_markdown() -> None:
    text = "- a\n    - b\n        - c\n\n> quoted\n\n1. one\n2. two"
    assert nesting_depth(text) <= 5 < MAX_NESTING
    html = markdown_to_safe_html(text)
    assert html.count("<ul>") == 3 and "<blockquote>" in html and "<ol>" in html


def test_any_converter_failure_gives_escaped_text(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def reset(self) -> Broken:
            return self

        def convert(self, text: str) -> str:
            raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(render, "_CONVERTER", Broken())
    assert markdown_to_safe_html("**a** <b>b</b>") == "<p>**a** &lt;b&gt;b&lt;/b&gt;</p>"
