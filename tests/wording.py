"""What a person must never read on any page, in AppTests (tests/app/test_one_voice.py) and in the browser
(tests/e2e/test_layout.py)."""

import re

# What a person must never read. Web and file names (support.ooma.com, ooma-cancellation-….pdf) are names of
# places, not words, so an "ooma" inside a host or file name is not flagged.
RULES = {
    "a placeholder": re.compile(r"\(not recorded\)", re.IGNORECASE),
    "a plural in brackets": re.compile(r"\(s\)"),
    "a bracketed gap": re.compile(r"\["),
    "an internal word": re.compile(r"\bseed(ed)?\b", re.IGNORECASE),
    "a snake_case word": re.compile(r"(?<![\w.:/@$-])[a-z]+(?:_[a-z0-9]+)+\b"),
    "a lower-case ooma": re.compile(r"(?<![\w./@-])ooma(?![\w.@-])"),
}
# Streamlit's own Markdown directives (":orange-badge[…]", ":material/check:") are layout, not words.
DIRECTIVES = re.compile(r":[a-z]+(?:-[a-z]+)*\[|:material/[a-z_]+:")
# A link the app builds itself (a table's "Track shipment ↗" cell) is shown as its words, not its brackets.
LINKS = re.compile(r"\[([^\]]*)\]\(<[^>]*>\)")


def as_read(text: str) -> str:
    """Markdown as a person reads it: links as their words, Streamlit's directives gone."""
    return DIRECTIVES.sub("", LINKS.sub(r"\1", text))
