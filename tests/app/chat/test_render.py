"""Model output becomes sanitized HTML: formatting kept, anything active removed."""

from __future__ import annotations

import pytest
from curbside.chat.render import markdown_to_safe_html, plain_to_html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**bold** and *it*", "<strong>bold</strong>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
        ("```\nx = 1\n```", "<pre><code>x = 1"),
        ("- one\n- two", "<li>two</li>"),
        ("1. first\n2. second", "<ol>"),
        ("[guideline](https://example.org)", 'href="https://example.org"'),
    ],
)
def test_formatting_survives(markdown: str, expected: str) -> None:
    assert expected in markdown_to_safe_html(markdown)


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<script>alert(1)</script>", "alert(1)"),
        ("<img src='http://tracker.example/p.png'>", "tracker.example"),
        ("![x](http://tracker.example/p.png)", "tracker.example"),
        ("[x](javascript:alert(1))", "javascript:"),
        ("<a href='file:///etc/passwd'>f</a>", "file:"),
        ("<b onclick='steal()'>x</b>", "onclick"),
        ("<iframe src='https://evil.example'></iframe>", "iframe"),
        ("<style>body{background:url(http://x.example)}</style>", "x.example"),
        ("<link rel=stylesheet href=http://x.example/s.css>", "x.example"),
        ("<!-- hidden -->", "hidden"),
    ],
)
def test_active_content_and_remote_resources_are_removed(hostile: str, forbidden: str) -> None:
    assert forbidden not in markdown_to_safe_html(hostile)


def test_plain_text_is_escaped_with_line_breaks() -> None:
    assert plain_to_html("<b>x</b>\ny") == "&lt;b&gt;x&lt;/b&gt;<br>y"
