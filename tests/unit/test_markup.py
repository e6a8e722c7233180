"""A person's text, escaped for Markdown, starts no link, image, HTML or formatting and reads the same."""

from __future__ import annotations

import re

import pytest

from ooma_cancel.text import escape_markdown
from ooma_cancel.ui.markup import ours

JOINER = "\u2060"
HOSTILE = [
    "[Verify your account](http://evil.example)",
    "![i](http://evil.example/p.png)",
    "[x][1]\n\n[1]: http://evil.example",
    "<http://evil.example>",
    "<a@evil.example>",
    "see http://evil.example/p?q=1 now",
    "see HTTPS://evil.example and www.evil.example",
    "write to someone@evil.example",
    "<img src=http://evil.example/p.png onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[open](data:text/html,<script>alert(1)</script>)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "[run](javascript:alert(1))",
    "**bold** __bold__ *it* _it_ ~~gone~~ `code`",
    "# Heading\n> quote\n- item\n+ item\n1. one\n2) two\n---\n===",
    "    indented code\n```\nfenced\n```",
    "| a | b |\n|---|---|\n| c | d |",
    "$x^2$ and $$y$$",
    ":red[coloured] :material/home: :streamlit: :smile:",
    "back\\slash and trailing backslash\\",
]


def unescape(markdown: str) -> str:
    """What a reader sees: backslash escapes resolved, invisible joiners dropped, hard breaks as new lines."""
    text = markdown.replace("  \n", "\n").replace(JOINER, "")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def live_markdown(markdown: str) -> list[str]:
    """Constructs in ``markdown`` that a GFM renderer (Streamlit's included) would turn into something."""
    found = []
    for construct, pattern in {
        "unescaped syntax": r"(?<!\\)(?:\\\\)*[\[\]<`*_~$|]",
        "bare URL": r"(?i)(?:https?|ftp)://|www\.",
        "e-mail address": r"@\w",
        "data or javascript URL": r"(?i)(?:data|javascript):",
        "shortcode or icon": r"(?i):[a-z_]",
        "block at line start": r"(?m)^(?:[-=+#>]|\d+[.)]|\s)",
    }.items():
        if re.search(pattern, markdown):
            found.append(construct)
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_inert_and_reads_the_same(text):
    escaped = escape_markdown(text)
    assert live_markdown(escaped) == [], escaped
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert unescape(escaped) == "\n".join(lines)


def test_the_checker_sees_live_markdown():
    """The test above could fail: unescaped text is caught for each construct."""
    assert "unescaped syntax" in live_markdown("[x](http://evil.example)")
    assert "bare URL" in live_markdown("go to www.evil.example")
    assert "e-mail address" in live_markdown("a@evil.example")
    assert "data or javascript URL" in live_markdown("data:text/html,x")
    assert "shortcode or icon" in live_markdown(":streamlit:")
    assert "block at line start" in live_markdown("# heading")
    assert "unescaped syntax" in live_markdown("\\\\[x]")  # an escaped backslash leaves the bracket live


def test_plain_text_is_left_readable():
    assert escape_markdown("CX-118734") == "CX-118734"
    assert escape_markdown("Home phone (sample), 10:30 a.m.") == "Home phone (sample), 10:30 a.m."
    assert escape_markdown("Zoë’s line — 50% off?") == "Zoë’s line — 50% off?"


def test_line_breaks_become_hard_breaks_without_indentation():
    assert escape_markdown("first\n\n    second\r\nthird") == "first  \nsecond  \nthird"


def test_anything_is_shown_as_its_string():
    assert escape_markdown(1234) == "1234"


def test_our_own_text_keeps_its_markdown_but_not_math():
    assert ours("**Settled.** $12.00 paid, $0.00 due") == "**Settled.** \\$12.00 paid, \\$0.00 due"
