"""Checklist & FAQ: the source's expert tips, ticked from the case, and its questions answered in plain words.

Everything is computed from :class:`~ooma_cancel.progress.CaseFacts` (one cheap summary of the case), so the
page stays fast and the rules are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ooma_cancel.formatting import plural
from ooma_cancel.models import RequestStatus, Stage
from ooma_cancel.money import format_dollars
from ooma_cancel.progress import SUBMITTED, CaseFacts, cancelled_before_port


class Tick(StrEnum):
    DONE = "done"
    NOT_NEEDED = "not needed"
    OPEN = "open"
    ATTENTION = "needs attention"


@dataclass(frozen=True)
class Tip:
    """One tip: what to do, why, whether the case shows it is done, and the stage whose page completes it."""

    title: str
    why: str
    tick: Tick
    status: str
    stage: Stage


def _verify_account(f: CaseFacts) -> tuple[Tick, str]:
    if f.accounts == 0:
        return Tick.OPEN, "No account entered yet."
    if f.account_missing:
        return Tick.OPEN, "Still missing: " + ", ".join(f.account_missing) + "."
    if f.accounts > 1 and not f.account_confirmed:
        return Tick.OPEN, "You have several accounts: confirm which one to cancel."
    return Tick.DONE, "Everything Ooma asks for is recorded."


def _port_first(f: CaseFacts) -> tuple[Tick, str]:
    if f.keep_number is False:
        return Tick.NOT_NEEDED, "You chose to let the number go."
    if f.keep_number is None:
        return Tick.OPEN, "Decide whether to keep your number."
    if f.port_completed_on:
        return Tick.DONE, f"Port completed on {f.port_completed_on:%b %-d, %Y}."
    if cancelled_before_port(f):
        return Tick.ATTENTION, "You cancelled before the port completed: call Ooma to hold the cancellation."
    return Tick.OPEN, "The port has not completed yet: do not cancel until it has."


def _document_contacts(f: CaseFacts) -> tuple[Tick, str]:
    if f.interactions == 0:
        return Tick.OPEN, "No contact with Ooma logged yet."
    if f.overdue_follow_ups:
        return Tick.ATTENTION, f"{plural(f.overdue_follow_ups, 'follow-up')} overdue."
    return Tick.DONE, f"{plural(f.interactions, 'contact')} logged."


def _confirmation(f: CaseFacts) -> tuple[Tick, str]:
    if f.cancellation_confirmation:
        return Tick.DONE, "Cancellation confirmation number recorded."
    if f.request_status in SUBMITTED:
        return Tick.ATTENTION, "You have cancelled but recorded no confirmation number: ask Ooma for one."
    return Tick.OPEN, "You get one when you cancel: write it down before the call or chat ends."


def _end_date(f: CaseFacts) -> tuple[Tick, str]:
    if f.confirmed_end_on and f.requested_end_on and f.confirmed_end_on != f.requested_end_on:
        return Tick.ATTENTION, "Ooma confirmed a different end date from the one you asked for."
    if f.confirmed_end_on:
        return Tick.DONE, f"Confirmed: service ends {f.confirmed_end_on:%b %-d, %Y}."
    if f.requested_end_on:
        return Tick.OPEN, f"You asked for {f.requested_end_on:%b %-d, %Y}; Ooma has not confirmed it yet."
    return Tick.OPEN, "No end date yet."


def _equipment(f: CaseFacts, today: date) -> tuple[Tick, str]:
    if not f.equipment:
        return Tick.OPEN, "List your Ooma devices (a bought Telo usually stays with you)."
    required = [item for item in f.equipment if item.return_required]
    if not required:
        return Tick.NOT_NEEDED, "Nothing has to go back."
    outstanding = [item for item in required if item.delivered_on is None]
    if not outstanding:
        return Tick.DONE, "Everything that had to go back was delivered."
    if any(item.deadline and item.deadline < today for item in outstanding):
        return Tick.ATTENTION, "A device is past its return deadline."
    return Tick.OPEN, f"{plural(len(outstanding), 'device')} still to reach Ooma."


def _balance(f: CaseFacts) -> tuple[Tick, str]:
    if f.ledger_entries == 0:
        return Tick.OPEN, "Record your charges and payments to know what you owe."
    if f.balance_cents <= 0:
        return Tick.DONE, f"Your balance is {format_dollars(f.balance_cents)} — settled."
    return Tick.OPEN, f"{format_dollars(f.balance_cents)} outstanding."


def _final_bill(f: CaseFacts) -> tuple[Tick, str]:
    if f.bill_uploads == 0:
        return Tick.OPEN, "Upload the final bill when it arrives."
    if f.disputed_cents > 0:
        return Tick.ATTENTION, f"{format_dollars(f.disputed_cents)} to dispute."
    return Tick.DONE, "Checked: nothing to dispute."


def _escalate(f: CaseFacts, today: date) -> tuple[Tick, str]:
    e = f.escalation
    if e is None:
        return Tick.NOT_NEEDED, "Nothing disputed."
    if e.outcome:
        return Tick.DONE, f"The card issuer or bank decided: {e.outcome}."
    if e.sent_on:
        return Tick.DONE, f"Billing-error notice sent {e.sent_on:%b %-d, %Y}."
    if not e.offered:
        return Tick.NOT_NEEDED, "Waiting for Ooma to correct the disputed charges."
    if e.next_deadline:
        return Tick.ATTENTION, f"Send the notice to your card issuer or bank by {e.next_deadline:%b %-d, %Y}."
    return Tick.OPEN, "Say how you paid and when your statement first showed each charge."


def tips(facts: CaseFacts, today: date) -> list[Tip]:
    """The source's expert tips plus keeping the number, in the order to do them, each ticked from the case."""
    rows = [
        (
            "Verify the account",
            "Have the account number, the registered phone number and the service address ready: wrong "
            "details delay or block the cancellation.",
            _verify_account(facts),
            Stage.ACCOUNT,
        ),
        (
            "Move your number before you cancel",
            "If you want to keep your phone number, port it to the new provider and wait until the port is "
            "complete. Cancelling first can release the number.",
            _port_first(facts),
            Stage.PORT,
        ),
        (
            "Write down every contact",
            "Date, time, the representative's name and what was said. These notes settle disagreements later.",
            _document_contacts(facts),
            Stage.SUPPORT,
        ),
        (
            "Get a confirmation number",
            "It is your proof that Ooma received the cancellation. Without one, the cancellation may not "
            "have gone through.",
            _confirmation(facts),
            Stage.CONFIRMATION,
        ),
        (
            "Note the service end date",
            "Billing and your contract stop on this day. If it is not the date you asked for, say so now.",
            _end_date(facts),
            Stage.END_DATE,
        ),
        (
            "Return equipment on time",
            "Send back what must go back before the deadline and keep the tracking number as proof, or "
            "you may be charged for the device.",
            _equipment(facts, today),
            Stage.EQUIPMENT,
        ),
        (
            "Settle the balance",
            "Pay what you owe, and no more. An unpaid balance can hold up the cancellation and keeps costing "
            "you.",
            _balance(facts),
            Stage.BALANCE,
        ),
        (
            "Check the final bill",
            "Make sure charges stop at the end date and there are no fees you do not owe. Dispute anything "
            "wrong straight away.",
            _final_bill(facts),
            Stage.BILL,
        ),
        (
            "Escalate on time if Ooma does not fix it",
            "Your card issuer or bank can reverse a charge Ooma will not correct, but only if your written "
            "notice reaches it in time (in the US, 60 days after the statement that first showed the charge).",
            _escalate(facts, today),
            Stage.ESCALATION,
        ),
    ]
    return [Tip(title, why, tick, status, stage) for title, why, (tick, status), stage in rows]


@dataclass(frozen=True)
class Answer:
    """A question, the general answer, and what the case says about it (None when it says nothing yet)."""

    question: str
    answer: str
    yours: str | None
    stage: Stage


def faq(facts: CaseFacts, today: date, *, cancellation_channels: str = "") -> list[Answer]:
    """The source's questions in plain words, answered from the case where it can.

    ``cancellation_channels`` is a sentence about the channels from the provider profile (with its label).
    """
    return [
        Answer(
            "What do I need before I contact Ooma?",
            "Your account number, the phone number registered on the account and the service address. Ooma "
            "uses them to check that you are the account holder.",
            _verify_account(facts)[1] if facts.accounts else None,
            Stage.ACCOUNT,
        ),
        Answer(
            "How do I ask Ooma to cancel?",
            "Through one of the ways Ooma accepts: talking to a representative by phone or chat, the online "
            "account, or a written letter. Say clearly that you want to cancel and give your account details.",
            " ".join(part for part in (cancellation_channels, _request_status(facts)) if part) or None,
            Stage.REQUEST,
        ),
        Answer(
            "What if I still owe money?",
            "Ooma usually wants the balance paid before it closes the account, and an unpaid balance can "
            "keep adding charges and late fees. Pay what you owe and check for any credit due back to you.",
            _balance(facts)[1] if facts.ledger_entries else None,
            Stage.BALANCE,
        ),
        Answer(
            "What if I don't send the equipment back?",
            "Leased equipment that is not returned on time can cost you a fee, sometimes the device's full "
            "price. Devices you bought, like most home Telos, usually stay with you.",
            _equipment(facts, today)[1] if facts.equipment else None,
            Stage.EQUIPMENT,
        ),
        Answer(
            "Do I get a confirmation number?",
            "Ask for one every time. It proves Ooma received your request and lets any representative look "
            "it up later.",
            f"Your confirmation number is {facts.cancellation_confirmation}."
            if facts.cancellation_confirmation
            else None,
            Stage.CONFIRMATION,
        ),
        Answer(
            "Will I lose my phone number?",
            "Cancelling can release your number. To keep it, have the new provider port it first and cancel "
            "only once the port is complete.",
            _port_first(facts)[1] if facts.keep_number is not None else None,
            Stage.PORT,
        ),
        Answer(
            "What should I check on the final bill?",
            "That monthly charges stop at the end date, and that there is no early termination fee or "
            "equipment fee you do not owe. Dispute anything wrong quickly, quoting your confirmation number.",
            _final_bill(facts)[1] if facts.bill_uploads else None,
            Stage.BILL,
        ),
    ]


def _request_status(facts: CaseFacts) -> str | None:
    if facts.request_status is None:
        return None
    if facts.request_status == RequestStatus.DRAFT.value:
        return "Your request is a draft: it has not been sent."
    when = f" on {facts.request_submitted_on:%b %-d, %Y}" if facts.request_submitted_on else ""
    return f"Your request was submitted{when}; its status is {facts.request_status}."
