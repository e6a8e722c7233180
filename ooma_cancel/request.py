"""Stage 3, the cancellation request: its draft, whether it is complete, its notice deadline and status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ooma_cancel.account import missing_identifiers
from ooma_cancel.case_rules import PORT_PENDING_REFUSAL, fixed_term_ends_on
from ooma_cancel.deadlines import notice_deadline
from ooma_cancel.letters import MAILING_ADDRESS
from ooma_cancel.models import AccountBase, CancellationRequest, Channel, RequestStatus, limit

# The channels Ooma can receive a cancellation through, as the person reads them.
REQUEST_CHANNELS: dict[str, str] = {
    Channel.PHONE.value: "Phone call with a representative",
    Channel.CHAT.value: "Chat with a representative",
    Channel.WEB_PORTAL.value: "Web portal (your Ooma account)",
    Channel.MAIL.value: "Written letter (mail)",
}
WRITTEN = Channel.MAIL.value
# A letter's postal tracking number, and Ooma's reason for a rejection: the table's limits.
MAX_TRACKING = limit(CancellationRequest, "tracking_number")
MAX_REASON = limit(CancellationRequest, "rejected_reason")
TRACKING_RE = re.compile(rf"^[A-Za-z0-9 -]{{6,{MAX_TRACKING}}}$")

# Identifiers the request must carry (the account's own missing-items wording).
IDENTIFIERS = ("account holder's name", "account number", "registered phone number", "service address")
INTENT = "clear statement that you want to cancel"
END_DATE = "requested end date"
WRITTEN_CONFIRMATION = "request for written confirmation and a confirmation number"
FINAL_BILL_AND_EQUIPMENT = "request for the final bill date and equipment return instructions"

S = RequestStatus
# Which status may follow which. Completed and rejected are final; a rejection can start a new draft.
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.ACKNOWLEDGED, S.COMPLETED, S.REJECTED}),
    S.ACKNOWLEDGED: frozenset({S.COMPLETED, S.REJECTED}),
    S.COMPLETED: frozenset(),
    S.REJECTED: frozenset({S.DRAFT}),
}


@dataclass(frozen=True)
class RequestDraft:
    """What the request says and how it is sent; the store writes it while the request is a draft."""

    channel: str
    requested_end_on: date | None
    states_intent: bool
    asks_written_confirmation: bool
    asks_final_bill_and_equipment: bool


@dataclass(frozen=True)
class NoticeInfo:
    """The written-notice deadline of a fixed-term Ooma Office agreement, as of ``today``."""

    term_ends_on: date
    deadline: date
    days_left: int
    renews_on: date

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    def consequence(self) -> str:
        """What happens if notice is late, in the person's words."""
        if self.passed:
            return (
                f"The notice deadline ({self.deadline:%b %-d, %Y}) has passed: unless Ooma agrees otherwise, the "
                f"agreement renews for the same term on {self.renews_on:%b %-d, %Y}. Send written notice anyway "
                "and ask Ooma to confirm what you owe."
            )
        return (
            f"Written notice must reach Ooma by {self.deadline:%b %-d, %Y} ({self.days_left} days left). "
            f"Otherwise the agreement renews automatically for the same term on {self.renews_on:%b %-d, %Y}."
        )


def validate_draft(draft: RequestDraft, *, today: date) -> tuple[RequestDraft | None, dict[str, str]]:
    """Check a draft; a written letter always carries every statement (the generated letter says them)."""
    errors: dict[str, str] = {}
    if draft.channel not in REQUEST_CHANNELS:
        errors["channel"] = "Choose how you will send the request from the list."
    if draft.requested_end_on is not None and draft.requested_end_on < today:
        errors["requested_end_on"] = "The requested end date cannot be in the past: choose today or later."
    if draft.requested_end_on is not None and draft.requested_end_on > today + timedelta(days=3 * 365):
        errors["requested_end_on"] = "That end date is more than three years away: check the year."
    if errors:
        return None, errors
    if draft.channel == WRITTEN:
        draft = RequestDraft(draft.channel, draft.requested_end_on, True, True, True)
    return draft, {}


def missing_items(
    account: AccountBase | None, draft: RequestDraft | None, *, mailing_address: str | None = None
) -> list[str]:
    """Everything the request still lacks, in the order it appears in the request; empty when ready.

    A written letter also needs Ooma's mailing address for written notices (``mailing_address``, the case's
    value: pass it, blank when unknown; None skips the check)."""
    have = set(missing_identifiers(account))
    missing = [item for item in IDENTIFIERS if item in have]
    if draft is None:
        return [*missing, INTENT, END_DATE, WRITTEN_CONFIRMATION, FINAL_BILL_AND_EQUIPMENT]
    if draft.channel == WRITTEN and mailing_address is not None and not mailing_address.strip():
        missing.append(MAILING_ADDRESS)
    if not draft.states_intent:
        missing.append(INTENT)
    if draft.requested_end_on is None:
        missing.append(END_DATE)
    if not draft.asks_written_confirmation:
        missing.append(WRITTEN_CONFIRMATION)
    if not draft.asks_final_bill_and_equipment:
        missing.append(FINAL_BILL_AND_EQUIPMENT)
    return missing


def notice_info(account: AccountBase | None, *, today: date, notice_days: int) -> NoticeInfo | None:
    """The notice deadline when the account is a fixed-term Office agreement with a known end; else None."""
    term_ends_on = fixed_term_ends_on(account)
    if term_ends_on is None:
        return None
    deadline = notice_deadline(term_ends_on, notice_days)
    return NoticeInfo(
        term_ends_on=term_ends_on,
        deadline=deadline,
        days_left=(deadline - today).days,
        renews_on=term_ends_on + timedelta(days=1),
    )


@dataclass(frozen=True)
class StatusChange:
    """A requested move to ``target`` with what it needs: a date, a tracking number, a reason."""

    target: RequestStatus
    on: date | None = None
    tracking_number: str = ""
    reason: str = ""
    # Submitting while a wanted number port is still pending can lose the number: only when accepted.
    accepts_port_pending: bool = False


def check_transition(
    current: RequestStatus,
    change: StatusChange,
    *,
    today: date,
    submitted_on: date | None,
    acknowledged_on: date | None,
    missing: list[str],
    port_pending: bool = False,
) -> list[str]:
    """Why this status change is impossible (empty when it may go ahead).

    ``port_pending``: the person wants to keep the number and its port has not completed; submitting is then
    refused unless the change says the person accepts that risk.
    """
    target = change.target
    if target not in TRANSITIONS[current]:
        return [f"A request that is {current.value} cannot become {target.value}."]
    if target is S.SUBMITTED and port_pending and not change.accepts_port_pending:
        return [PORT_PENDING_REFUSAL]
    problems: list[str] = []
    if target is S.SUBMITTED and missing:
        problems.append("The request is not complete yet. Missing: " + ", ".join(missing) + ".")
    if target in (S.SUBMITTED, S.ACKNOWLEDGED, S.COMPLETED):
        if change.on is None:
            problems.append("Enter the date.")
        elif change.on > today:
            problems.append("That date is in the future: enter the day it actually happened.")
        elif target is not S.SUBMITTED and submitted_on and change.on < submitted_on:
            problems.append(f"That is before the request was submitted ({submitted_on:%b %-d, %Y}).")
        elif target is S.COMPLETED and acknowledged_on and change.on < acknowledged_on:
            problems.append(f"That is before Ooma acknowledged the request ({acknowledged_on:%b %-d, %Y}).")
    tracking = change.tracking_number.strip()
    if tracking and not TRACKING_RE.fullmatch(tracking):
        problems.append(f"A tracking number has 6 to {MAX_TRACKING} letters, digits, spaces or dashes.")
    if target is S.REJECTED:
        reason = change.reason.strip()
        if not reason:
            problems.append("Write down the reason Ooma gave for rejecting the request.")
        elif len(reason) > MAX_REASON:
            problems.append(f"Keep the reason under {MAX_REASON:,} characters.")
    return problems
