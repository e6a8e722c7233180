"""Free text from people, made safe to store: no NUL or other invisible control characters."""

from __future__ import annotations

import re

# C0 controls and DEL, except tab, line feed and carriage return, which multi-line fields legitimately hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """``value`` without NUL bytes and other invisible control characters (Unicode text is kept as is)."""
    return _CONTROL.sub("", value)
