"""Free text from people: made safe to store, and made inert before it reaches anything that renders Markdown."""

from __future__ import annotations

import re

# C0 controls and DEL, except tab, line feed and carriage return, which multi-line fields legitimately hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Streamlit's renderer turns bare URLs and e-mail addresses into links *after* escapes are resolved (GFM's
# autolink literals run on the text), and `:material/…:`, `:streamlit:` and emoji shortcodes into pictures.
# An invisible word joiner breaks each of those patterns without changing what a person reads.
_WORD_JOINER = "\u2060"
# Characters that start Markdown syntax anywhere in a line: emphasis, code, links and images (which need
# `[`), HTML and autolinks (`<`), tables, strikethrough, Streamlit's `$…$` math and `:red[…]` directives.
# CommonMark lets any ASCII punctuation be backslash-escaped. `@` gets a joiner: no e-mail autolink.
_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]<|~$"} | {"@": "@" + _WORD_JOINER})
# Characters that are syntax only at the start of a line: list items, thematic breaks, setext underlines,
# headings, block quotes, ordered lists (`1.`, `1)`).
_LINE_START = re.compile(r"^(?:[-=+#>]|\d+[.)])")
_URL_SCHEME = re.compile(r"(?i)(https?|www|ftp|mailto|data|javascript|vbscript)(?=[:.])")
_SHORTCODE = re.compile(r"(?i):(?=[a-z_])")


def clean_text(value: str) -> str:
    """``value`` without NUL bytes and other invisible control characters (Unicode text is kept as is)."""
    return _CONTROL.sub("", value)


def escape_markdown(text: object) -> str:
    """``text`` (a person's or an imported value) as Markdown that shows exactly those characters, inert.

    Markdown's syntax characters are backslash-escaped (no link, image, HTML, emphasis, heading, list,
    table, math or directive can start), bare URLs, e-mail addresses and shortcodes are broken with an
    invisible word joiner, and line breaks become Markdown hard breaks with each line's indentation dropped
    (no code block).
    """
    lines = (line.strip() for line in str(text).splitlines())
    return "  \n".join(_escape_line(line) for line in lines if line)


def _escape_line(line: str) -> str:
    line = _LINE_START.sub(lambda start: f"{start[0][:-1]}\\{start[0][-1]}", line.translate(_ESCAPES))
    return _SHORTCODE.sub(":" + _WORD_JOINER, _URL_SCHEME.sub(r"\1" + _WORD_JOINER, line))
