"""Where a case stands: each stage's status, the one next action, and the warnings that matter.

Everything here is computed from :class:`CaseFacts`, a plain summary of the case read from the database,
so the rules can be tested without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ooma_cancel.case_rules import end_date_to_plan_with, port_still_pending
from ooma_cancel.formatting import ends_phrase, plural
from ooma_cancel.models import RequestStatus, Stage
from ooma_cancel.money import format_dollars as money


class Status(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in progress"
    BLOCKED = "blocked"
    NOT_NEEDED = "not needed"
    TO_DO = "to do"


@dataclass(frozen=True)
class EquipmentFact:
    return_required: bool
    delivered_on: date | None
    shipped_on: date | None
    deadline: date | None
    fee_cents: int


@dataclass(frozen=True)
class EscalationFact:
    """Where the card or bank dispute stands (stage 8b), read by ``store.escalation.escalation_fact``."""

    offered: bool
    offered_from: date | None  # when Ooma's time to answer the dispute runs out
    next_deadline: date | None  # the earliest notice deadline still ahead
    overdue_charges: int
    undated_charges: int
    sent_on: date | None
    outcome: str


# A notice deadline this close outranks journey order on the overview: missing it loses the right.
URGENT_DEADLINE_DAYS = 14


@dataclass(frozen=True)
class CaseFacts:
    """What the overview needs to know about a case; built by ``store.facts.case_facts``."""

    accounts: int = 0
    account_missing: tuple[str, ...] = ("account holder's name", "account number")
    account_confirmed: bool = False
    keep_number: bool | None = None
    port_completed_on: date | None = None
    interactions: int = 0
    request_status: str | None = None
    request_submitted_on: date | None = None
    requested_end_on: date | None = None
    equipment: tuple[EquipmentFact, ...] = ()
    ledger_entries: int = 0
    balance_cents: int = 0
    cancellation_confirmation: str | None = None
    confirmed_end_on: date | None = None
    bill_uploads: int = 0
    disputed_cents: int = 0
    overdue_follow_ups: int = 0
    escalation: EscalationFact | None = None  # None: the final bill left nothing disputed
    extra_warnings: tuple[str, ...] = field(default=())

    @property
    def end_on(self) -> date | None:
        """The service end date to plan with: the confirmed one, else the requested one."""
        return end_date_to_plan_with(self.confirmed_end_on, self.requested_end_on)


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    title: str
    status: Status
    detail: str


@dataclass(frozen=True)
class NextAction:
    stage: Stage
    text: str


STAGE_TITLES: dict[Stage, str] = {
    Stage.ACCOUNT: "Account identification",
    Stage.PORT: "Keep your number",
    Stage.SUPPORT: "Contacting support",
    Stage.REQUEST: "Cancellation request",
    Stage.EQUIPMENT: "Equipment return",
    Stage.BALANCE: "Outstanding balance",
    Stage.CONFIRMATION: "Confirmation number",
    Stage.END_DATE: "Service end date",
    Stage.BILL: "Review final bill",
    Stage.ESCALATION: "Escalation",
}

SUBMITTED = {RequestStatus.SUBMITTED, RequestStatus.ACKNOWLEDGED, RequestStatus.COMPLETED}


def port_pending(facts: CaseFacts) -> bool:
    """The person wants to keep the number and the port has not completed yet."""
    return port_still_pending(facts.keep_number, facts.port_completed_on)


def cancelled_before_port(facts: CaseFacts) -> bool:
    """A cancellation was submitted while a wanted port is still pending: the number may be lost."""
    return port_pending(facts) and facts.request_status in SUBMITTED


def stage_progress(facts: CaseFacts, today: date) -> list[StageProgress]:
    """The status of every stage, in journey order."""
    rows = [
        _account(facts),
        _port(facts),
        _support(facts),
        _request(facts),
        _equipment(facts, today),
        _balance(facts),
        _confirmation(facts),
        _end_date(facts, today),
        _bill(facts),
        _escalation(facts, today),
    ]
    return [StageProgress(stage, STAGE_TITLES[stage], status, detail) for stage, status, detail in rows]


def _account(f: CaseFacts) -> tuple[Stage, Status, str]:
    if f.accounts == 0:
        return Stage.ACCOUNT, Status.TO_DO, "Enter the account you want to cancel."
    if f.account_missing:
        return Stage.ACCOUNT, Status.IN_PROGRESS, "Missing: " + ", ".join(f.account_missing) + "."
    if f.accounts > 1 and not f.account_confirmed:
        return Stage.ACCOUNT, Status.IN_PROGRESS, "Confirm which account to cancel."
    return Stage.ACCOUNT, Status.DONE, "Account identified."


def _port(f: CaseFacts) -> tuple[Stage, Status, str]:
    if f.keep_number is False:
        return Stage.PORT, Status.NOT_NEEDED, "You chose to let the number go."
    if f.keep_number is None:
        return Stage.PORT, Status.TO_DO, "Decide whether to keep your number before you cancel."
    if f.port_completed_on:
        return Stage.PORT, Status.DONE, f"Port completed on {f.port_completed_on:%b %-d, %Y}."
    if cancelled_before_port(f):
        return Stage.PORT, Status.BLOCKED, "Cancellation submitted before the port completed."
    return Stage.PORT, Status.IN_PROGRESS, "Port not completed yet: do not cancel until it is."


def _support(f: CaseFacts) -> tuple[Stage, Status, str]:
    if f.interactions == 0:
        return Stage.SUPPORT, Status.TO_DO, "No contact with Ooma logged yet."
    if f.overdue_follow_ups:
        return Stage.SUPPORT, Status.IN_PROGRESS, f"{plural(f.overdue_follow_ups, 'follow-up')} overdue."
    if f.request_status in SUBMITTED:
        return Stage.SUPPORT, Status.DONE, f"{plural(f.interactions, 'contact')} logged."
    return Stage.SUPPORT, Status.IN_PROGRESS, f"{plural(f.interactions, 'contact')} logged."


def _request(f: CaseFacts) -> tuple[Stage, Status, str]:
    status = f.request_status
    if status is None:
        return Stage.REQUEST, Status.TO_DO, "No cancellation request yet."
    if status == RequestStatus.REJECTED:
        return Stage.REQUEST, Status.BLOCKED, "Ooma rejected the request: see why and resubmit."
    if status == RequestStatus.COMPLETED:
        return Stage.REQUEST, Status.DONE, "Cancellation completed."
    if status in SUBMITTED:
        when = f" on {f.request_submitted_on:%b %-d, %Y}" if f.request_submitted_on else ""
        return Stage.REQUEST, Status.IN_PROGRESS, f"Request {status}{when}; waiting for Ooma."
    if port_pending(f):
        return Stage.REQUEST, Status.BLOCKED, "Wait for the number port to complete before submitting."
    return Stage.REQUEST, Status.IN_PROGRESS, "Draft: not submitted yet."


def _equipment(f: CaseFacts, today: date) -> tuple[Stage, Status, str]:
    required = [item for item in f.equipment if item.return_required]
    if not f.equipment:
        return Stage.EQUIPMENT, Status.TO_DO, "List your Ooma devices (a bought Telo usually stays with you)."
    if not required:
        return Stage.EQUIPMENT, Status.NOT_NEEDED, "Nothing has to be returned."
    outstanding = [item for item in required if item.delivered_on is None]
    if not outstanding:
        return Stage.EQUIPMENT, Status.DONE, "Every device that had to go back was delivered."
    overdue = [item for item in outstanding if item.deadline and item.deadline < today]
    if overdue:
        fee = sum(item.fee_cents for item in overdue)
        return (
            Stage.EQUIPMENT,
            Status.BLOCKED,
            f"{plural(len(overdue), 'device')} overdue; {money(fee)} in fees at risk.",
        )
    return Stage.EQUIPMENT, Status.IN_PROGRESS, f"{plural(len(outstanding), 'device')} still to be delivered."


def _balance(f: CaseFacts) -> tuple[Stage, Status, str]:
    if f.ledger_entries == 0:
        return Stage.BALANCE, Status.TO_DO, "Record your charges and payments to know what you owe."
    if f.balance_cents <= 0:
        credit = f" ({money(-f.balance_cents)} in credit: ask for a refund)" if f.balance_cents < 0 else ""
        return Stage.BALANCE, Status.DONE, f"Settled{credit}."
    return Stage.BALANCE, Status.IN_PROGRESS, f"{money(f.balance_cents)} outstanding."


def _confirmation(f: CaseFacts) -> tuple[Stage, Status, str]:
    if f.cancellation_confirmation:
        return Stage.CONFIRMATION, Status.DONE, "Cancellation confirmation number recorded."
    if f.request_status in SUBMITTED:
        return Stage.CONFIRMATION, Status.IN_PROGRESS, "Ask Ooma for a cancellation confirmation number."
    return Stage.CONFIRMATION, Status.TO_DO, "You will get a confirmation number when you cancel."


def _end_date(f: CaseFacts, today: date) -> tuple[Stage, Status, str]:
    if f.confirmed_end_on:
        if f.requested_end_on and f.requested_end_on != f.confirmed_end_on:
            return Stage.END_DATE, Status.BLOCKED, "Confirmed end date differs from the one you requested."
        if f.confirmed_end_on <= today:
            # "ended" only from the day after: the service runs through its last day.
            return Stage.END_DATE, Status.DONE, ends_phrase("Service", f.confirmed_end_on, today) + "."
        return Stage.END_DATE, Status.IN_PROGRESS, ends_phrase("Service", f.confirmed_end_on, today) + "."
    if f.requested_end_on:
        return Stage.END_DATE, Status.IN_PROGRESS, "Requested, not confirmed by Ooma yet."
    return Stage.END_DATE, Status.TO_DO, "No end date yet."


def _bill(f: CaseFacts) -> tuple[Stage, Status, str]:
    if f.bill_uploads == 0:
        return Stage.BILL, Status.TO_DO, "Upload the final bill when it arrives."
    if f.disputed_cents > 0:
        return Stage.BILL, Status.IN_PROGRESS, f"{money(f.disputed_cents)} to dispute."
    return Stage.BILL, Status.DONE, "Final bill checked: nothing to dispute."


def _escalation(f: CaseFacts, today: date) -> tuple[Stage, Status, str]:
    e = f.escalation
    if e is None:
        return Stage.ESCALATION, Status.NOT_NEEDED, "Only if Ooma leaves a disputed charge unresolved."
    if e.outcome:
        return Stage.ESCALATION, Status.DONE, f"The card issuer or bank decided: {e.outcome}."
    if not e.offered:
        when = f" by {e.offered_from:%b %-d, %Y}" if e.offered_from else ""
        return Stage.ESCALATION, Status.NOT_NEEDED, f"Only if Ooma does not correct the charges{when}."
    if e.sent_on:
        return (
            Stage.ESCALATION,
            Status.IN_PROGRESS,
            f"Notice sent {e.sent_on:%b %-d, %Y}; waiting for the answer.",
        )
    if e.next_deadline:
        return (
            Stage.ESCALATION,
            Status.IN_PROGRESS,
            f"Send the billing-error notice by {e.next_deadline:%b %-d, %Y} ({(e.next_deadline - today).days} days).",
        )
    if e.overdue_charges and not e.undated_charges:
        return (
            Stage.ESCALATION,
            Status.BLOCKED,
            "The card dispute deadline has passed: complain to the regulators.",
        )
    return (
        Stage.ESCALATION,
        Status.TO_DO,
        "Say how you paid and when your statement first showed each charge.",
    )


def urgent_escalation(facts: CaseFacts, today: date) -> date | None:
    """The notice deadline when it is near and the notice is not sent (it outranks journey order)."""
    e = facts.escalation
    if e is None or not e.offered or e.sent_on or e.outcome or e.next_deadline is None:
        return None
    return e.next_deadline if (e.next_deadline - today).days <= URGENT_DEADLINE_DAYS else None


def next_action(facts: CaseFacts, today: date) -> NextAction | None:
    """The single most useful thing to do now; None when every stage is done or not needed."""
    progress = stage_progress(facts, today)
    # A lost number cannot be undone: it outranks journey order.
    if cancelled_before_port(facts):
        return NextAction(
            Stage.PORT, "Call Ooma now: a cancellation is in while your number port is not complete."
        )
    urgent = urgent_escalation(facts, today)
    if urgent is not None:
        return NextAction(
            Stage.ESCALATION,
            f"Escalation: the billing-error notice must reach your card issuer or bank by {urgent:%b %-d, %Y} "
            f"({(urgent - today).days} days left).",
        )
    for row in progress:
        if row.status is Status.BLOCKED:
            return NextAction(row.stage, f"{row.title}: {row.detail}")
    for row in progress:
        if row.status in (Status.TO_DO, Status.IN_PROGRESS):
            return NextAction(row.stage, f"{row.title}: {row.detail}")
    return None


def warnings(facts: CaseFacts, today: date) -> list[str]:
    """Problems the person must see on the overview, most serious first."""
    found: list[str] = []
    if cancelled_before_port(facts):
        found.append(
            "A cancellation was submitted before your number port completed: the number can be released. "
            "Ask Ooma to hold the cancellation until the port completes."
        )
    if facts.request_status in SUBMITTED and facts.balance_cents > 0:
        found.append(f"{money(facts.balance_cents)} is still outstanding on the account.")
    for item in facts.equipment:
        if item.return_required and item.delivered_on is None and item.deadline and item.deadline < today:
            found.append(f"A device is past its return deadline ({item.deadline:%b %-d, %Y}).")
    if facts.confirmed_end_on and facts.requested_end_on and facts.confirmed_end_on != facts.requested_end_on:
        found.append(
            f"Ooma confirmed {facts.confirmed_end_on:%b %-d, %Y} as the end date, "
            f"but you asked for {facts.requested_end_on:%b %-d, %Y}."
        )
    found.extend(facts.extra_warnings)
    return found
