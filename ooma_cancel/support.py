"""Stage 2, contacting support: what to have ready, what to ask, and the rules of the contact log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ooma_cancel.checks import checked
from ooma_cancel.formatting import day_text, moment_text
from ooma_cancel.models import Channel, InteractionCreate
from ooma_cancel.text import clean_text

# A clock a few minutes fast on this machine or the person's must not turn "just now" into "the future".
CLOCK_SLACK = timedelta(minutes=10)
EARLIEST = date(1990, 1, 1)  # older than any Ooma account: a year typed wrong

CHANNELS: tuple[str, ...] = tuple(channel.value for channel in Channel)
OUTCOMES: tuple[str, ...] = (
    "answered",
    "transferred",
    "retention offer declined",
    "cancellation accepted",
    "call back later",
    "no answer / disconnected",
)
QUESTIONS: tuple[str, ...] = (
    "What is my balance today, and what will my final bill be?",
    "Which equipment must I return, by when, and will you send a prepaid label?",
    "On which date will my service end? (Ask for the date you requested.)",
    "What is the confirmation number for this cancellation? (Write it down; read it back.)",
    "On which date will the final bill be issued, and how will I receive it?",
)
# Provider-profile keys shown in the before-you-call panel, in this order.
CONTACT_KEYS: tuple[str, ...] = (
    "support_phone",
    "support_web",
    "support_hours",
    "cancellation_channels",
    "mailing_address",
)


@dataclass(frozen=True)
class InteractionForm:
    """What the person entered for one contact, before validation (date and time in their own zone)."""

    day: date | None
    at: time | None
    channel: str = Channel.PHONE.value
    representative: str = ""
    reference: str = ""
    summary: str = ""
    outcome: str = ""
    follow_up_on: date | None = None


# A validated contact, as the store writes it (``occurred_at`` timezone-aware): the table's create model.
InteractionDetails = InteractionCreate

INTERACTION_MESSAGES = {
    "channel": "Choose the channel from the list.",
    "representative": "Keep the name or ID under {max} characters.",
    "reference": "Keep the reference under {max} characters.",
    "summary.string_too_short": "Write down what was said, even in a few words.",
    "summary": "Keep the summary under {max} characters.",
    "outcome": "Keep the outcome under {max} characters.",
}


def zone(name: str | None) -> tzinfo:
    """The visitor's timezone by IANA name; UTC when the browser did not say or the name is unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def validate_interaction(
    form: InteractionForm, *, tz: tzinfo, now: datetime
) -> tuple[InteractionDetails | None, dict[str, str]]:
    """Check one contact; return it clean (time made timezone-aware in ``tz``), or None and messages."""
    errors: dict[str, str] = {}
    occurred_at: datetime | None = None
    if form.day is None or form.at is None:
        errors["when"] = "Enter the date and time of the contact."
    else:
        occurred_at = datetime.combine(form.day, form.at, tzinfo=tz)
        if occurred_at > now + CLOCK_SLACK:
            errors["when"] = "A contact cannot be in the future: check the date and time."
        elif form.day < EARLIEST:
            errors["when"] = f"That date is before {EARLIEST.year}: check the year."
    if form.follow_up_on and form.day and form.follow_up_on < form.day:
        errors["follow_up_on"] = "The follow-up date cannot be before the contact."
    values = {
        "channel": form.channel,
        "representative": " ".join(clean_text(form.representative).split()),
        "reference": clean_text(form.reference).strip(),
        "summary": clean_text(form.summary).strip(),
        "outcome": " ".join(clean_text(form.outcome).split()),
        "follow_up_on": form.follow_up_on,
    }
    if occurred_at is not None:
        values["occurred_at"] = occurred_at
    return checked(InteractionCreate, values, INTERACTION_MESSAGES, errors=errors)


def is_overdue(follow_up_on: date | None, today: date) -> bool:
    """A follow-up is overdue from the day after it was due (the overview counts the same way)."""
    return follow_up_on is not None and follow_up_on < today


def follow_up_phrase(follow_up_on: date | None, today: date) -> str:
    """``overdue since Mar 3`` / ``due today`` / ``due Mar 9`` / empty."""
    if follow_up_on is None:
        return ""
    if is_overdue(follow_up_on, today):
        return f"OVERDUE since {day_text(follow_up_on)}"
    if follow_up_on == today:
        return "due today"
    return f"due {day_text(follow_up_on)}"


def local_time(moment: datetime, tz: tzinfo) -> str:
    """A stored (UTC) timestamp as the visitor reads it: ``Mar 3, 2026 3:20 PM`` (the one 12-hour style)."""
    return moment_text(moment, tz)
