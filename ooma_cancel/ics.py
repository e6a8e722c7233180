"""The case's calendar: every deadline and follow-up as all-day events in one ``.ics`` file, each with a reminder.

Built with the ``icalendar`` library so any calendar (Google, Apple, Outlook) reads it. Events carry no
account or phone numbers: a calendar is often shared or synced to places the dashboard is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import icalendar

from ooma_cancel.deadlines import notice_deadline
from ooma_cancel.formatting import day_text
from ooma_cancel.models import utcnow

PRODID = "-//Cancel Ooma dashboard//ooma-cancel//EN"
REMINDER_HOUR = 9  # reminders fire at 9:00 on the chosen day before, not at midnight


@dataclass(frozen=True)
class CalendarItem:
    """One all-day event; ``uid`` stays the same across exports so re-importing updates instead of duplicating."""

    uid: str
    day: date
    summary: str
    description: str = ""
    remind_days_before: int = 1


def case_items(
    *,
    case_id: int,
    end_on: date | None,
    end_confirmed: bool,
    equipment: Iterable[tuple[int, str, date]] = (),
    fixed_term: bool = False,
    term_ends_on: date | None = None,
    notice_days: int = 90,
    follow_ups: Iterable[tuple[int, date, str]] = (),
    dispute_follow_ups: Iterable[tuple[int, date, str]] = (),
    card_dispute_deadlines: Iterable[tuple[int, date, str]] = (),
) -> list[CalendarItem]:
    """Every dated step of a case: end date, equipment deadlines, notice deadline, follow-ups, disputes.

    ``equipment`` is (item id, label, deadline); ``follow_ups`` (interaction id, day, reference);
    ``dispute_follow_ups`` (upload id, day, file name); ``card_dispute_deadlines`` (bill line id, deadline,
    what is due: the billing-error notice, or the issuer's answer).
    """
    uid = f"case{case_id}"
    items: list[CalendarItem] = []
    if end_on:
        items.append(
            CalendarItem(
                f"{uid}-end-date@ooma-cancel",
                end_on,
                "Ooma service ends" if end_confirmed else "Ooma service ends (requested, not confirmed)",
                "Last day of service. Make sure your number port is complete and another line covers 911.",
                3,
            )
        )
    for item_id, label, deadline in equipment:
        items.append(
            CalendarItem(
                f"{uid}-equipment-{item_id}@ooma-cancel",
                deadline,
                f"Ooma equipment must arrive: {label}",
                "Return deadline (service end date + return window). Keep the tracking number and proof "
                "of delivery.",
                7,
            )
        )
    if fixed_term and term_ends_on:
        items.append(
            CalendarItem(
                f"{uid}-notice@ooma-cancel",
                notice_deadline(term_ends_on, notice_days),
                "Last day for written notice to Ooma (fixed-term Office agreement)",
                f"The agreement ends on {day_text(term_ends_on)} and auto-renews unless written notice "
                f"reaches Ooma at least {notice_days} days before.",
                14,
            )
        )
    for interaction_id, day, reference in follow_ups:
        items.append(
            CalendarItem(
                f"{uid}-follow-up-{interaction_id}@ooma-cancel",
                day,
                "Follow up with Ooma" + (f" ({reference})" if reference else ""),
                "Follow-up noted in the contact log.",
                1,
            )
        )
    for upload_id, day, filename in dispute_follow_ups:
        items.append(
            CalendarItem(
                f"{uid}-dispute-{upload_id}@ooma-cancel",
                day,
                "Follow up on the bill dispute",
                f"Check whether Ooma corrected the disputed charges (bill file: {filename}).",
                1,
            )
        )
    for key, day, what in card_dispute_deadlines:
        items.append(
            CalendarItem(
                f"{uid}-card-dispute-{key}@ooma-cancel",
                day,
                what,
                "Card or bank dispute of an Ooma charge (US federal rule; check your card agreement). The "
                "written notice must reach the card issuer or bank by this day.",
                7,
            )
        )
    return sorted(items, key=lambda item: (item.day, item.uid))


def to_ics(items: Iterable[CalendarItem], *, name: str, now: datetime | None = None) -> bytes:
    """The items as one iCalendar file, each event with a display reminder."""
    stamp = now or utcnow()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for item in items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        # Relative to the all-day event's start (midnight): N days before, at REMINDER_HOUR.
        alarm.add("trigger", -timedelta(days=item.remind_days_before, hours=-REMINDER_HOUR))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
