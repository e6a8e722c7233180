"""Stage 7, service end date: validate the confirmed date and derive every date that follows from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ooma_cancel.checks import checked
from ooma_cancel.deadlines import notice_deadline, return_deadline
from ooma_cancel.ledger import billing_date, next_billing_dates
from ooma_cancel.models import EndDateUpdate

MAX_YEARS_AHEAD = 2

# A valid end-date record, ready to store (the table's update model).
EndDateData = EndDateUpdate

END_DATE_MESSAGES = {
    "source": "Keep this under {max} characters.",
    "gap_plan": "Keep the plan under {max} characters.",
    "billing_day": "The billing day is a day of the month, {min} to {max}.",
}


def validate_end_date(
    *,
    confirmed_on: date | None,
    source: str,
    gap_plan: str,
    billing_day: int | None,
    request_submitted_on: date | None,
    today: date,
) -> tuple[EndDateData | None, dict[str, str]]:
    """Check the confirmed end date and its details; None and one message per field when something is wrong."""
    errors: dict[str, str] = {}
    source = " ".join(source.split())
    if confirmed_on is not None:
        if request_submitted_on and confirmed_on < request_submitted_on:
            errors["confirmed_on"] = (
                f"The end date {confirmed_on:%b %-d, %Y} is before you made the request "
                f"({request_submitted_on:%b %-d, %Y}): check the date Ooma gave you."
            )
        elif confirmed_on > today + timedelta(days=365 * MAX_YEARS_AHEAD):
            errors["confirmed_on"] = f"An end date more than {MAX_YEARS_AHEAD} years ahead is not plausible."
        if not source:
            errors["source"] = "Say where the confirmation came from, e.g. “e-mail from Ooma, Mar 3”."
    values = {
        "confirmed_on": confirmed_on,
        "source": source,
        "gap_plan": gap_plan.strip(),
        "billing_day": billing_day,
    }
    return checked(EndDateUpdate, values, END_DATE_MESSAGES, errors=errors)


def mismatch(requested_on: date | None, confirmed_on: date | None) -> str | None:
    """A warning when Ooma confirmed another end date than the one requested."""
    if requested_on is None or confirmed_on is None or requested_on == confirmed_on:
        return None
    later = confirmed_on > requested_on
    consequence = (
        "you may be billed for the extra days: ask Ooma to correct it or note why"
        if later
        else "service stops earlier than you planned: make sure your number port and your other line are ready"
    )
    return (
        f"Ooma confirmed {confirmed_on:%b %-d, %Y}, but you asked for {requested_on:%b %-d, %Y} "
        f"({abs((confirmed_on - requested_on).days)} days {'later' if later else 'earlier'}): {consequence}."
    )


def last_billing_cycle(end_on: date, billing_day: int) -> tuple[date, date]:
    """The billing cycle the end date falls in: from the billing day on or before it, to the end date."""
    start = billing_date(end_on.year, end_on.month, billing_day)
    if start > end_on:
        previous = end_on.replace(day=1) - timedelta(days=1)
        start = billing_date(previous.year, previous.month, billing_day)
    return start, end_on


@dataclass(frozen=True)
class DerivedDates:
    """Everything that follows from the end date, for the page, the overview and the calendar."""

    end_on: date
    confirmed: bool
    countdown_days: int
    billing_stops_after: date
    last_cycle: tuple[date, date] | None
    no_new_cycle_from: date | None
    equipment_deadline: date
    contract_end: date | None
    early_termination: bool
    notice_deadline: date | None


def derive(
    *,
    end_on: date,
    confirmed: bool,
    billing_day: int | None,
    window_days: int,
    fixed_term: bool,
    term_ends_on: date | None,
    notice_days: int,
    today: date,
) -> DerivedDates:
    """Billing stop, last billing cycle, equipment deadline, contract end and countdown for an end date."""
    contract_end = term_ends_on if fixed_term else None
    return DerivedDates(
        end_on=end_on,
        confirmed=confirmed,
        countdown_days=(end_on - today).days,
        billing_stops_after=end_on,
        last_cycle=last_billing_cycle(end_on, billing_day) if billing_day else None,
        no_new_cycle_from=next_billing_dates(end_on, billing_day, 1)[0] if billing_day else None,
        equipment_deadline=return_deadline(end_on, window_days),
        contract_end=contract_end,
        early_termination=bool(contract_end and end_on < contract_end),
        notice_deadline=notice_deadline(contract_end, notice_days) if contract_end else None,
    )
