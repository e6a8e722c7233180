"""Which lines of a statement are the provider's: descriptor patterns kept with the provider facts."""

from __future__ import annotations

import re
from functools import cache

from ooma_cancel.provider import statement_descriptors


def descriptor_pattern(descriptors: tuple[str, ...] | list[str], *, ignore_case: bool = False) -> str:
    """A regex (RE2 and Python) for descriptions containing one of ``descriptors``.

    Each descriptor must start at a word start ("OOMA" does not match "ZOOMAX"); a trailing ``*`` stands for
    any reference after it ("OOMA*" matches "OOMA*MONTHLY 4411"). Descriptors match as written: banks print
    "OOMA INC" in capitals, while Ooma's own bill says "Ooma Premier", which is a product, not a merchant.
    """
    parts = []
    for text in descriptors:
        text = text.strip()
        if not text:
            continue
        star = text.endswith("*")
        body = re.escape(text.rstrip("*").strip())
        body = body.replace(r"\ ", r"\s+").replace(" ", r"\s+")
        parts.append(body + (r"\*" if star else r"(?:[^A-Za-z0-9]|$)"))
    if not parts:
        return r"[^\s\S]"  # matches nothing
    return ("(?i)" if ignore_case else "") + r"(?:^|[^A-Za-z0-9])(?:" + "|".join(parts) + ")"


@cache
def provider_pattern() -> str:
    """The regex for the provider's own descriptors (from ``ooma_cancel/data/providers/ooma.toml``)."""
    return descriptor_pattern(statement_descriptors())
