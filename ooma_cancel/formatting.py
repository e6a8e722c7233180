"""How dates, times, money and counts read to a person: the one small pure formatter, no Streamlit.

Pages, letters, PDFs, the dossier, the calendar file's text and exports' human-readable parts format through
here, so a date reads the same everywhere (``Nov 30, 2026``), a time is 12-hour (``9:05 AM``) in the visitor's
time zone, and money is ``$1,234.56`` from integer cents. ISO dates are for machine files only.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ooma_cancel.money import format_dollars

__all__ = [
    "UTC_NOTE",
    "amount_field",
    "channel_text",
    "choice_text",
    "clock_text",
    "date_range_text",
    "day_text",
    "days_phrase",
    "ends_phrase",
    "format_dollars",
    "lower_first",
    "moment_text",
    "plural",
    "visitor_zone",
    "yes_or_blank",
]

# Said wherever a time is shown and the browser did not tell us its time zone.
UTC_NOTE = "Times are in UTC: your browser did not say which time zone it is in."


def day_text(day: date | None, *, missing: str = "") -> str:
    """``Nov 30, 2026``; ``missing`` when there is no date."""
    return f"{day:%b %-d, %Y}" if day else missing


def date_range_text(start: date | None, end: date | None, *, missing: str = "") -> str:
    """``Nov 15 – Dec 14, 2026``: a period in the one date style, the year said once when both ends share it
    (``Dec 15, 2026 – Jan 14, 2027`` when they do not); one day reads as that day; an open end as the known one."""
    if not start or not end:
        return day_text(start or end, missing=missing)
    if start == end:
        return day_text(start)
    first = f"{start:%b %-d}" if start.year == end.year else day_text(start)
    return f"{first} – {day_text(end)}"


def days_phrase(day: date, today: date) -> str:
    """``in 3 days`` / ``today`` / ``2 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {plural(delta, 'day')}"
    return f"{plural(-delta, 'day')} ago"


def clock_text(moment: datetime, zone: tzinfo) -> str:
    """``9:05 AM`` in ``zone``: the one 12-hour style for times."""
    return moment.astimezone(zone).strftime("%-I:%M %p")


def moment_text(moment: datetime, zone: tzinfo) -> str:
    """``Nov 30, 2026 2:05 PM`` in ``zone`` (the visitor's time zone)."""
    return f"{day_text(moment.astimezone(zone).date())} {clock_text(moment, zone)}"


def visitor_zone(name: str | None) -> tuple[tzinfo, bool]:
    """The visitor's time zone from its IANA name (``st.context.timezone``), and whether we fell back to UTC
    (the browser did not say, or said a name we do not know): then show :data:`UTC_NOTE`."""
    if not name:
        return UTC, True
    try:
        return ZoneInfo(name), False
    except (ZoneInfoNotFoundError, ValueError):
        return UTC, True


def plural(count: int, noun: str, plural_form: str | None = None, *, with_count: bool = True) -> str:
    """``1 contact`` / ``2 contacts`` / ``0 contacts`` (never ``contact(s)``); ``with_count=False`` gives the
    noun alone in the right form."""
    many = plural_form or (
        noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    )
    word = noun if count == 1 else many
    return f"{count:,} {word}" if with_count else word


def ends_phrase(subject: str, day: date, today: date, *, verb: str = "end") -> str:
    """``Service ends Nov 30, 2026`` until the day is over; ``Service ended Nov 30, 2026`` from the day after.
    On the day itself it still ``ends``: the service runs through its last day."""
    done = day < today
    return f"{subject} {verb}{'ed' if done else 's'} {day_text(day)}"


# Names and acronyms that keep their capitals wherever they fall in a sentence.
PROPER_WORDS = frozenset({"Ooma", "PIN", "FOC", "Telo", "Linx", "Office", "ZIP", "ID", "PDF", "US"})


def lower_first(text: str) -> str:
    """A label used inside a sentence: ``Port-out PIN obtained`` → ``port-out PIN obtained``; a first word
    that is a name or an acronym (``Ooma account number ready``) keeps its capitals."""
    first = re.split(r"[\s'’-]", text, maxsplit=1)[0]
    if not first or first in PROPER_WORDS or (len(first) > 1 and first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def choice_text(value: str) -> str:
    """A stored value as a choice in a select or radio reads: ``phone`` → ``Phone``, ``e-mail`` → ``E-mail``,
    ``end date`` → ``End date`` (only the first letter changes: names and acronyms inside are kept)."""
    return value[:1].upper() + value[1:] if value else value


def channel_text(value: str) -> str:
    """A contact channel as a person reads it: ``Phone``, ``Chat``, ``E-mail``."""
    return choice_text(value)


def amount_field(cents: int | None) -> str:
    """What an amount field shows before it is edited: ``59.99`` (no sign, no ``$``); empty for none or zero."""
    if not cents:
        return ""
    whole, part = divmod(abs(cents), 100)
    return f"{whole}.{part:02d}"


def yes_or_blank(flag: bool) -> str:
    """A table cell for a yes/no fact where only yes is worth reading."""
    return "yes" if flag else ""
