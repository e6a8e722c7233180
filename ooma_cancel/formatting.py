"""How dates, times and money read on a page: one small pure formatter, no Streamlit.

Pages format through here so a date reads the same everywhere (``Nov 30, 2026``); letters and PDFs keep their
own wording for now. Money is integer cents, formatted by :func:`ooma_cancel.money.format_dollars`.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from ooma_cancel.money import format_dollars

__all__ = ["amount_field", "day_text", "days_phrase", "format_dollars", "moment_text", "yes_or_blank"]


def day_text(day: date | None, *, missing: str = "") -> str:
    """``Nov 30, 2026``; ``missing`` when there is no date."""
    return f"{day:%b %-d, %Y}" if day else missing


def days_phrase(day: date, today: date) -> str:
    """``in 3 days`` / ``today`` / ``2 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} ago"


def moment_text(moment: datetime, zone: tzinfo) -> str:
    """``Nov 30, 2026 2:05 PM`` in ``zone`` (the visitor's time zone)."""
    return moment.astimezone(zone).strftime("%b %-d, %Y %-I:%M %p")


def amount_field(cents: int | None) -> str:
    """What an amount field shows before it is edited: ``59.99`` (no sign, no ``$``); empty for none or zero."""
    if not cents:
        return ""
    whole, part = divmod(abs(cents), 100)
    return f"{whole}.{part:02d}"


def yes_or_blank(flag: bool) -> str:
    """A table cell for a yes/no fact where only yes is worth reading."""
    return "yes" if flag else ""
