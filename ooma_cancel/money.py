"""Money as integer cents: parse what a person types, format what they read. Never float.

The limits of what the app keeps live here, once: one amount (a charge, a payment, a fee, a bill line) is at most
``MAX_CENTS`` either way, and a total of many (a bill's disputed total) at most ``MAX_TOTAL_CENTS``. Forms
(``parse_cents``), imports (``ooma_cancel.transfer``) and a bill being saved check them with ``check_amount``;
the database columns are 64-bit, so every allowed value fits on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ooma_cancel.errors import UserError

AMOUNT_RE = re.compile(r"^(-)?\$?(-)?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
MAX_CENTS = 100_000_000  # $1,000,000: anything larger on a phone bill is a typo
MAX_TOTAL_CENTS = 10**15  # $10 trillion: a million lines at MAX_CENTS, far inside a 64-bit column


def format_dollars(cents: int) -> str:
    """``$1,234.56`` / ``-$5.00`` from integer cents."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}.{part:02d}"


def parse_cents(text: str, *, allow_negative: bool = False) -> int:
    """Integer cents from ``12``, ``12.5``, ``$1,234.56`` or ``-5.00``; ValueError with a readable reason."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        raise UserError("Enter an amount.")
    match = AMOUNT_RE.fullmatch(cleaned)
    if not match or (match.group(1) and match.group(2)):
        raise UserError("This is not an amount: use digits, e.g. 12.99.")
    try:
        value = Decimal(cleaned.replace("$", "").replace(",", ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern already rules this out
        raise UserError("This is not an amount: use digits, e.g. 12.99.") from error
    cents = int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents < 0 and not allow_negative:
        raise UserError("Enter the amount without a minus sign; choose the kind to say which way it goes.")
    return check_amount(cents)


def limit_message(limit: int = MAX_CENTS) -> str:
    """The refusal, in words (one dollar figure only: Markdown reads a pair of ``$`` as a formula)."""
    return f"The largest amount the app keeps is {format_dollars(limit)}: check the amount."


def check_amount(cents: int, *, limit: int = MAX_CENTS) -> int:
    """``cents`` when it is within the limit either way; ValueError saying the limit otherwise."""
    if abs(cents) > limit:
        raise UserError(limit_message(limit))
    return cents
