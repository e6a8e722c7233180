"""Stage 8b, escalation: when Ooma leaves a disputed charge unresolved.

Pure rules, no database: the deadline of a card or bank dispute per charge, which charges are still in time,
when the stage is offered, the billing-error notice to the card issuer or bank, and the complaint texts for the
FCC, the CFPB and the state attorney general. The periods come from ``escalation_facts`` (sourced data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from ooma_cancel.bill.dispute import Shipment
from ooma_cancel.escalation_facts import DisputeRule, PaymentMethod, Place
from ooma_cancel.formatting import day_text
from ooma_cancel.money import format_dollars

WHEN_IT_APPLIES = (
    "Escalation applies when the final-bill audit finds charges Ooma should not have taken and Ooma does not "
    "correct them after your dispute letter. Then you can dispute each charge with your card issuer or bank "
    "(in the US within 60 days of the statement that first showed it) and complain to the FCC, the CFPB or "
    "your state attorney general. Nothing is disputed in this case yet: start on Review final bill."
)
NO_FEDERAL_RULE = (
    "PayPal and other ways of paying have their own dispute rules: check their terms. The federal card and "
    "bank periods apply to credit cards, debit cards and bank accounts."
)
DEFAULT_WAITING_DAYS = 30  # how long Ooma gets to answer the dispute before the stage is offered
MAX_WAITING_DAYS = 365


class Outcome(StrEnum):
    """What the card issuer or bank decided."""

    PENDING = ""
    CREDITED = "credited"
    REFUSED = "refused"


# --- Dates --------------------------------------------------------------------------------------------------


def visitor_today(now: datetime, tz: tzinfo) -> date:
    """The date it is for the visitor: a deadline ends at midnight where they are, not on the server."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(tz).date()


def notice_deadline(statement_on: date, notice_days: int) -> date:
    """The last day the notice may reach the issuer: ``notice_days`` calendar days after the statement date.

    Calendar days: month ends and leap days count like any other day, and a deadline on a weekend stays there
    (neither rule moves it to the next business day).
    """
    return statement_on + timedelta(days=notice_days)


# --- Charges and their deadlines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalatedCharge:
    """A disputed charge as the issuer sees it on a statement, with what the audit found wrong with it."""

    line_id: int
    charged_on: date | None
    descriptor: str
    amount_cents: int
    disputed_cents: int
    flags: tuple[str, ...]
    reason: str = ""
    statement_on: date | None = None  # the statement that first showed it (None: not known yet)


@dataclass(frozen=True)
class ChargeDeadline:
    charge: EscalatedCharge
    deadline: date | None  # None while the statement date is unknown
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def charge_deadlines(
    charges: Sequence[EscalatedCharge], rule: DisputeRule | None, today: date
) -> list[ChargeDeadline]:
    """Each charge's deadline under ``rule``, earliest first; charges without a statement date (or a rule) last."""
    rows = []
    for charge in charges:
        deadline = (
            notice_deadline(charge.statement_on, rule.notice_days)
            if rule is not None and charge.statement_on is not None
            else None
        )
        rows.append(ChargeDeadline(charge, deadline, (deadline - today).days if deadline else None))
    return sorted(rows, key=lambda row: (row.deadline is None, row.deadline or date.max, row.charge.line_id))


def charge_words(charge: EscalatedCharge) -> str:
    """``Sep 15, 2026 · OOMA INC · $29.99``."""
    when = f"{day_text(charge.charged_on)}" if charge.charged_on else "(undated)"
    return f"{when} · {charge.descriptor or 'Ooma'} · {format_dollars(charge.disputed_cents)}"


def deadline_words(row: ChargeDeadline) -> str:
    """``Sep 15, 2026 · OOMA INC · $29.99 — notice due Nov 14, 2026 (3 days left)``."""
    what = charge_words(row.charge)
    if row.deadline is None or row.days_left is None:
        return f"{what} — enter the statement date to see the deadline"
    left = row.days_left
    count = f"{-left} days ago" if left < 0 else ("today" if left == 0 else f"{left} days left")
    return f"{what} — notice due {day_text(row.deadline)} ({count})"


def in_time(deadlines: Sequence[ChargeDeadline]) -> list[ChargeDeadline]:
    """The charges whose notice can still reach the issuer on time (today included)."""
    return [row for row in deadlines if row.days_left is not None and row.days_left >= 0]


def overdue(deadlines: Sequence[ChargeDeadline]) -> list[ChargeDeadline]:
    return [row for row in deadlines if row.overdue]


def next_deadline(deadlines: Sequence[ChargeDeadline]) -> date | None:
    """The earliest deadline still ahead (for the overview's next step and the calendar)."""
    ahead = in_time(deadlines)
    return ahead[0].deadline if ahead else None


def response_due(sent_on: date, rule: DisputeRule) -> tuple[date, date]:
    """(acknowledgment or decision due, resolution due at the latest) after the notice reached the issuer.

    Regulation E counts its first period in business days (Monday to Friday; holidays not counted here, so the
    date may come a day or two early); Regulation Z counts calendar days.
    """
    if rule.acknowledge_business_days:
        first = _add_business_days(sent_on, rule.acknowledge_days)
    else:
        first = sent_on + timedelta(days=rule.acknowledge_days)
    return first, sent_on + timedelta(days=rule.resolve_days)


def _add_business_days(start: date, days: int) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


# --- When the stage is offered ------------------------------------------------------------------------------


class OfferState(StrEnum):
    NOTHING_DISPUTED = "nothing disputed"
    WAITING = "waiting for Ooma"
    OFFERED = "offered"


@dataclass(frozen=True)
class Offer:
    state: OfferState
    from_on: date | None = None  # when escalation is (or was) offered
    reason: str = ""

    @property
    def open(self) -> bool:
        return self.state is OfferState.OFFERED


def escalation_offer(
    *,
    disputed_cents: int,
    ooma_disputed_on: date | None,
    today: date,
    waiting_days: int = DEFAULT_WAITING_DAYS,
    asked: bool = False,
) -> Offer:
    """Offered when disputed charges remain ``waiting_days`` after the dispute went to Ooma, or at once when asked."""
    if disputed_cents <= 0:
        return Offer(
            OfferState.NOTHING_DISPUTED, reason="No charge is disputed: the final-bill audit found none."
        )
    if asked:
        return Offer(OfferState.OFFERED, today, "You asked to escalate now.")
    if ooma_disputed_on is None:
        return Offer(
            OfferState.WAITING,
            reason="Send Ooma the dispute letter first (Review final bill); escalation follows if Ooma does not fix it.",
        )
    from_on = ooma_disputed_on + timedelta(days=waiting_days)
    if today >= from_on:
        return Offer(
            OfferState.OFFERED,
            from_on,
            f"Ooma has had {waiting_days} days since the dispute of {day_text(ooma_disputed_on)} and the "
            "charges are still disputed.",
        )
    return Offer(OfferState.WAITING, from_on, f"Ooma has until {day_text(from_on)} to correct the charges.")


# --- What the documents say ---------------------------------------------------------------------------------

WHY = {
    "after_end_date": "charged after my Ooma service ended",
    "early_termination_fee": "an early termination fee I do not owe",
    "equipment_fee": "an equipment fee, although the equipment was returned",
    "late_fee": "a late fee I do not owe",
    "duplicate": "a duplicate of a charge already billed",
}


@dataclass(frozen=True)
class Contact:
    """One contact with Ooma from the support log."""

    on: date
    channel: str
    summary: str
    outcome: str = ""


@dataclass(frozen=True)
class EscalationCase:
    """What the notice and complaints say, read from the case."""

    holder_name: str
    service_address: str
    email: str
    account_number: str  # Ooma's account number; documents show its last four only
    payment_method: str
    issuer_name: str
    card_last4: str
    end_date: date | None
    confirmation_number: str | None
    ooma_disputed_on: date | None
    contacts: Sequence[Contact] = ()
    shipments: Sequence[Shipment] = ()
    sent_on: date | None = None
    outcome: str = ""


def last_four(number: str) -> str:
    """The last four digits (letters ignored), never more: what a notice may show of an account number."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[-4:]


def why_error(charge: EscalatedCharge, case: EscalationCase) -> str:
    """Why the charge is an error, in the words the issuer needs, from the audit's findings and the case."""
    parts = []
    for flag in charge.flags:
        words = WHY.get(flag, flag.replace("_", " "))
        if flag == "after_end_date" and case.end_date:
            words += f" on {day_text(case.end_date)}"
            if case.confirmation_number:
                words += f" (cancellation confirmation number {case.confirmation_number})"
        if flag == "equipment_fee":
            evidence = "; ".join(_returned(s) for s in case.shipments if s.tracking_number or s.delivered_on)
            if evidence:
                words += f" ({evidence})"
        parts.append(words)
    return "; ".join(parts) or "a charge I dispute"


def _returned(shipment: Shipment) -> str:
    words = [shipment.item]
    if shipment.carrier or shipment.tracking_number:
        words.append(" ".join(p for p in (shipment.carrier, "tracking", shipment.tracking_number) if p))
    if shipment.delivered_on:
        words.append(f"received by Ooma on {day_text(shipment.delivered_on)}")
    elif shipment.shipped_on:
        words.append(f"shipped on {day_text(shipment.shipped_on)}")
    return ", ".join(words)


def _charge_line(charge: EscalatedCharge, case: EscalationCase) -> str:
    when = f"{day_text(charge.charged_on)}" if charge.charged_on else "(undated)"
    shown = f"- {when} — {charge.descriptor or 'Ooma'} — {format_dollars(charge.amount_cents)}"
    if charge.disputed_cents != charge.amount_cents:
        shown += f" ({format_dollars(charge.disputed_cents)} of it disputed)"
    if charge.statement_on:
        shown += f", first shown on the statement of {day_text(charge.statement_on)}"
    return shown + f": {why_error(charge, case)}."


def _asked_ooma(case: EscalationCase) -> str:
    lines = []
    if case.ooma_disputed_on:
        lines.append(f"- {day_text(case.ooma_disputed_on)}: written dispute of these charges sent to Ooma")
    for contact in sorted(case.contacts, key=lambda c: c.on):
        said = f" — Ooma's answer: {contact.outcome}" if contact.outcome else ""
        lines.append(f"- {day_text(contact.on)} ({contact.channel}): {contact.summary or 'contact'}{said}")
    return "\n".join(lines)


def billing_error_notice(
    case: EscalationCase, charges: Sequence[EscalatedCharge], rule: DisputeRule | None, *, today: date
) -> str:
    """The written notice to the card issuer or bank: who, which account (last four), each charge and why."""
    # A fact the case lacks is left out, never bracketed: the notice is sent as it reads.
    four = last_four(case.card_last4)
    total = sum(charge.disputed_cents for charge in charges)
    kind = "card" if case.payment_method == PaymentMethod.CREDIT_CARD else "account"
    account = f"{kind} ending in {four}" if four else kind
    cite = ""
    if rule is not None:
        cite = f" I am asserting a billing error under {rule.citation}."
    sender = [line for line in (case.holder_name, case.service_address, case.email) if line]
    parts = [
        "\n".join(sender),
        f"{day_text(today)}",
        f"{case.issuer_name} — Billing disputes" if case.issuer_name else "Billing disputes",
        f"Re: Billing error notice — {account}",
        "To whom it may concern:",
        (
            f"I dispute the following charges from Ooma, Inc. on my {account}, totalling "
            f"{format_dollars(total)}.{cite} Please correct them and credit my {kind}."
        ),
        "\n".join(_charge_line(charge, case) for charge in charges) or "- (no charges)",
    ]
    if case.end_date:
        ended = f"My Ooma service ended on {day_text(case.end_date)}"
        if case.confirmation_number:
            ended += f"; Ooma confirmed the cancellation with confirmation number {case.confirmation_number}"
        parts.append(ended + ".")
    asked = _asked_ooma(case)
    if asked:
        parts.append("I asked Ooma to correct these charges first:\n" + asked)
    parts += [
        "Copies of my cancellation confirmation, the dispute letter to Ooma and the return shipment records are "
        "available on request.",
        "Sincerely,",
        case.holder_name,
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _timeline(case: EscalationCase, charges: Sequence[EscalatedCharge]) -> str:
    lines = []
    if case.end_date:
        lines.append(f"Service ended: {day_text(case.end_date)}")
    if case.confirmation_number:
        lines.append(f"Cancellation confirmation number: {case.confirmation_number}")
    total = sum(charge.disputed_cents for charge in charges)
    lines.append(f"Disputed charges ({format_dollars(total)} in total):")
    lines += [_charge_line(charge, case) for charge in charges] or ["- (none)"]
    asked = _asked_ooma(case)
    if asked:
        lines += ["What I asked Ooma and what Ooma answered:", asked]
    return "\n".join(lines)


def complaint_text(place: str, case: EscalationCase, charges: Sequence[EscalatedCharge]) -> str:
    """A ready-to-paste complaint for one place (FCC, CFPB, state attorney general), built from the case."""
    four = last_four(case.account_number)
    account = f"Ooma account ending in {four}" if four else "my Ooma account"
    facts = _timeline(case, charges)
    if place == Place.FCC:
        opening = (
            f"I cancelled my Ooma VoIP phone service ({account}), and Ooma keeps billing me for it after the "
            "service ended. I disputed the charges with Ooma and they were not corrected."
        )
        ask = "I ask that Ooma remove the charges listed above and refund what I paid for them."
    elif place == Place.CFPB:
        issuer = case.issuer_name or "my card issuer or bank"
        card = last_four(case.card_last4)
        sent = (
            f" I sent {issuer} a written billing-error notice on {day_text(case.sent_on)}"
            if case.sent_on
            else f" I disputed them with {issuer}"
        )
        outcome = f"; the outcome was: {case.outcome}" if case.outcome else " and it has not corrected them"
        opening = (
            f"Charges from Ooma, Inc. on my {case.payment_method or 'card'}"
            + (f" ending in {card}" if card else "")
            + f" are billing errors: Ooma charged me after my service ended.{sent}{outcome}."
        )
        ask = f"I ask that {issuer} investigate and correct the billing error as the rules require."
    elif place == Place.STATE_AG:
        opening = (
            f"Ooma, Inc. continues to charge me after I cancelled its phone service ({account}) and has not "
            "corrected the charges after my written dispute."
        )
        ask = "I ask for help getting these charges removed and refunded."
    else:
        opening = f"Ooma, Inc. charged me after I cancelled its phone service ({account})."
        ask = "I ask Ooma to remove the charges and refund what I paid for them."
    return f"{opening}\n\n{facts}\n\n{ask}\n"


def notice_file_name(today: date, extension: str) -> str:
    return f"billing-error-notice-{today:%Y-%m-%d}.{extension}"
