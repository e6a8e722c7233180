"""Stage 8b: the card or bank dispute, the statement dates of disputed charges, and complaints filed.

Owner-scoped like every store module; a credit from the issuer goes into the ledger in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ooma_cancel import models
from ooma_cancel.account import one_line_address
from ooma_cancel.bill.dispute import Shipment
from ooma_cancel.bill.overlap import DisputedCharge, same_charges
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.escalation import (
    DEFAULT_WAITING_DAYS,
    MAX_WAITING_DAYS,
    ChargeDeadline,
    Contact,
    EscalatedCharge,
    EscalationCase,
    Offer,
    Outcome,
    charge_deadlines,
    escalation_offer,
    next_deadline,
)
from ooma_cancel.escalation_facts import PaymentMethod, Place, load_facts
from ooma_cancel.formatting import day_text
from ooma_cancel.models import (
    BillLine,
    BillUpload,
    Channel,
    ChargeStatement,
    Complaint,
    ComplaintBase,
    Confirmation,
    ConfirmationKind,
    Escalation,
    EscalationBase,
    Finding,
    Interaction,
    LedgerEntry,
    LedgerKind,
    Stage,
)
from ooma_cancel.money import MAX_CENTS, format_dollars, limit_message
from ooma_cancel.progress import EscalationFact
from ooma_cancel.store.cases import get_case, record_event


def get_escalation(*, session: Session, owner: str, case_id: int) -> Escalation | None:
    """The case's card or bank dispute; None until the person says how they paid."""
    get_case(session=session, owner=owner, case_id=case_id)
    return session.exec(select(Escalation).where(Escalation.case_id == case_id)).first()


def _check(data: EscalationBase, today: date) -> None:
    """Refuse what cannot be true, naming it; nothing is saved when any of it is wrong."""
    if data.payment_method not in {"", *(method.value for method in PaymentMethod)}:
        raise UserError("Choose how you paid Ooma from the list.")
    if data.card_last4 and not (len(data.card_last4) == 4 and data.card_last4.isdigit()):
        raise UserError(
            "Enter exactly the last four digits of the card or account (e.g. 4242), nothing more."
        )
    if not 0 <= data.waiting_days <= MAX_WAITING_DAYS:
        raise UserError(f"Give Ooma between 0 and {MAX_WAITING_DAYS} days to answer.")
    for label, day in (
        ("the dispute to Ooma", data.ooma_disputed_on),
        ("the notice", data.sent_on),
        ("the acknowledgment", data.acknowledged_on),
        ("the outcome", data.outcome_on),
    ):
        if day is not None and day > today:
            raise UserError(f"The date of {label} is in the future.")
    if data.sent_on and data.acknowledged_on and data.acknowledged_on < data.sent_on:
        raise UserError("The issuer cannot acknowledge the notice before you sent it.")
    if data.outcome not in {outcome.value for outcome in Outcome}:
        raise UserError("Choose the outcome from the list.")
    if data.outcome and data.outcome_on is None:
        raise UserError("Enter the date of the outcome.")
    if data.outcome == Outcome.CREDITED and not 0 < data.credited_cents <= MAX_CENTS:
        raise UserError(f"Enter the amount credited as a positive number, e.g. 29.99. {limit_message()}")


CREDIT_WORDS = (
    "after the billing-error notice"  # ends the description of the ledger credit the outcome writes
)


def _outcome_credit(session: Session, case_id: int, row: Escalation | None) -> LedgerEntry | None:
    """The ledger credit the stored outcome wrote, if it is still there as written (the person may have
    corrected or removed it on the balance page; then it is theirs and is left alone)."""
    if row is None or row.outcome != Outcome.CREDITED or not row.credited_cents:
        return None
    return session.exec(
        select(LedgerEntry).where(
            LedgerEntry.case_id == case_id,
            LedgerEntry.kind == LedgerKind.CREDIT,
            LedgerEntry.amount_cents == -row.credited_cents,
            col(LedgerEntry.description).endswith(CREDIT_WORDS),
        )
    ).first()


def save_escalation(
    *, session: Session, owner: str, case_id: int, data: EscalationBase, today: date
) -> Escalation:
    """Store the dispute's details and keep the ledger in step with the outcome: a credit recorded here is one
    ledger credit; a corrected amount or date corrects it; an outcome changed away from "credited" removes it."""
    _check(data, today)
    case = get_case(session=session, owner=owner, case_id=case_id)
    row = session.exec(select(Escalation).where(Escalation.case_id == case_id)).first()
    was_credited = row is not None and row.outcome == Outcome.CREDITED
    earlier_credit = _outcome_credit(session, case_id, row)
    if row is None:
        row = Escalation(case_id=case_id)
    if data.outcome != Outcome.CREDITED:
        data = data.model_copy(update={"credited_cents": 0})
    for name in EscalationBase.model_fields:
        setattr(row, name, getattr(data, name))
    session.add(row)
    summary = "Card or bank dispute updated"
    if data.sent_on:
        summary += f": notice sent {day_text(data.sent_on)}"
    if data.outcome:
        summary += f"; outcome {data.outcome}"
    record_event(session=session, case=case, stage=Stage.ESCALATION, summary=summary + ".")
    credited = data.outcome == Outcome.CREDITED
    if earlier_credit is not None and not credited:
        session.delete(earlier_credit)
        record_event(
            session=session,
            case=case,
            stage=Stage.BALANCE,
            summary=f"Credit of {format_dollars(-earlier_credit.amount_cents)} from the card or bank dispute "
            "removed from the ledger: the outcome is no longer a credit.",
        )
    elif earlier_credit is not None:
        earlier_credit.amount_cents = -data.credited_cents
        earlier_credit.entry_on = data.outcome_on or today
        session.add(earlier_credit)
    elif credited and not was_credited:
        issuer = data.issuer_name.strip() or "the card issuer or bank"
        session.add(
            LedgerEntry(
                case_id=case_id,
                entry_on=data.outcome_on or today,
                kind=LedgerKind.CREDIT,
                description=f"Credit from {issuer} {CREDIT_WORDS}"[
                    : models.limit(LedgerEntry, "description")
                ],
                amount_cents=-data.credited_cents,
            )
        )
        record_event(
            session=session,
            case=case,
            stage=Stage.BALANCE,
            summary=f"Credit of {format_dollars(data.credited_cents)} from the card or bank dispute recorded.",
        )
    return row


def _statement_files(session: Session, case_id: int) -> set[int]:
    """Uploads that are bank, card or PayPal statements (other merchants were set aside), not Ooma's bill."""
    return {
        upload.id or 0
        for upload in session.exec(select(BillUpload).where(BillUpload.case_id == case_id))
        if (upload.report or {}).get("provider_lines")
    }


def escalated_charges(*, session: Session, owner: str, case_id: int) -> list[EscalatedCharge]:
    """The case's disputed charges, each once (a charge on both Ooma's bill and a statement: the statement's
    line, which is what the issuer sees), with the statement date recorded for it."""
    get_case(session=session, owner=owner, case_id=case_id)
    rows = session.exec(
        select(BillLine, Finding, ChargeStatement.statement_on)  # type: ignore[call-overload]
        .join(Finding, col(Finding.line_id) == col(BillLine.id))
        .join(BillUpload, col(BillUpload.id) == col(BillLine.upload_id))
        .outerjoin(ChargeStatement, col(ChargeStatement.line_id) == col(BillLine.id))
        .where(BillUpload.case_id == case_id, col(Finding.disputed_cents) > 0)
        .order_by(col(BillLine.line_on), col(BillLine.id))
    ).all()
    charges = [
        DisputedCharge(
            upload_id=line.upload_id,
            day=line.line_on or line.period_start,
            amount_cents=line.amount_cents,
            disputed_cents=finding.disputed_cents,
        )
        for line, finding, _ in rows
    ]
    twins = same_charges(charges)
    # Only a charge shown on two files needs to know which file is the statement (reading reports costs).
    statements = _statement_files(session, case_id) if twins else set()
    dropped = set()
    for i, j in twins.items():
        i_statement, j_statement = rows[i][0].upload_id in statements, rows[j][0].upload_id in statements
        if (j_statement and not i_statement) or (i_statement == j_statement and i > j):
            dropped.add(i)
    return [
        EscalatedCharge(
            line_id=line.id or 0,
            charged_on=line.line_on or line.period_start,
            descriptor=line.description,
            amount_cents=line.amount_cents,
            disputed_cents=finding.disputed_cents,
            flags=tuple(flag for flag in finding.flags.split(",") if flag),
            reason=finding.reason,
            statement_on=statement_on,
        )
        for i, (line, finding, statement_on) in enumerate(rows)
        if i not in dropped
    ]


def set_statement_date(
    *, session: Session, owner: str, case_id: int, line_id: int, statement_on: date | None, today: date
) -> None:
    """Record (or clear, with None) the date of the statement that first showed a disputed charge."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    line = session.get(BillLine, line_id)
    upload = session.get(BillUpload, line.upload_id) if line is not None else None
    if line is None or upload is None or upload.case_id != case_id:
        raise NotInCase("That charge is not part of this case.")
    if statement_on is not None and statement_on > today:
        raise UserError("The statement date is in the future.")
    if statement_on is not None and line.line_on is not None and statement_on < line.line_on:
        raise UserError("A statement cannot show a charge made after the statement date.")
    row = session.exec(select(ChargeStatement).where(ChargeStatement.line_id == line_id)).first()
    if statement_on is None:
        if row is not None:
            session.delete(row)
    else:
        row = row or ChargeStatement(case_id=case_id, line_id=line_id, statement_on=statement_on)
        row.statement_on = statement_on
        session.add(row)
    when = f"{day_text(statement_on)}" if statement_on else "cleared"
    record_event(
        session=session,
        case=case,
        stage=Stage.ESCALATION,
        summary=f"Statement date of the {format_dollars(line.amount_cents)} charge: {when}.",
    )


def set_statement_dates(
    *, session: Session, owner: str, case_id: int, dates: dict[int, date | None], today: date
) -> None:
    """Several charges' statement dates at once (one form), all or none: only the ones that changed."""
    get_case(session=session, owner=owner, case_id=case_id)
    known = {
        row.line_id: row.statement_on
        for row in session.exec(select(ChargeStatement).where(ChargeStatement.case_id == case_id))
    }
    for line_id, statement_on in dates.items():
        if known.get(line_id) != statement_on:
            set_statement_date(
                session=session,
                owner=owner,
                case_id=case_id,
                line_id=line_id,
                statement_on=statement_on,
                today=today,
            )


def list_complaints(*, session: Session, owner: str, case_id: int) -> list[Complaint]:
    """Complaints filed, newest first."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(Complaint)
        .where(Complaint.case_id == case_id)
        .order_by(col(Complaint.filed_on).desc(), col(Complaint.id).desc())
    )
    return list(session.exec(statement))


def add_complaint(
    *, session: Session, owner: str, case_id: int, data: ComplaintBase, today: date
) -> Complaint:
    """Record where and when a complaint was filed; its reference number joins the confirmation trail."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    if data.place not in {place.value for place in Place}:
        raise UserError("Choose where you filed the complaint from the list.")
    if data.filed_on > today:
        raise UserError("The filing date is in the future.")
    complaint = Complaint(case_id=case_id, **data.model_dump())
    session.add(complaint)
    label = load_facts().place(data.place).label
    if data.reference.strip():
        session.add(
            Confirmation(
                case_id=case_id,
                number=data.reference.strip(),
                channel=Channel.WEB_PORTAL,
                confirms=ConfirmationKind.OTHER,
                note=f"Complaint filed with {label} on {day_text(data.filed_on)}"[
                    : models.limit(Confirmation, "note")
                ],
            )
        )
    record_event(
        session=session,
        case=case,
        stage=Stage.ESCALATION,
        summary=f"Complaint filed with {label} on {day_text(data.filed_on)}"[:499] + ".",
    )
    return complaint


def delete_complaint(*, session: Session, owner: str, case_id: int, complaint_id: int) -> None:
    case = get_case(session=session, owner=owner, case_id=case_id)
    complaint = session.get(Complaint, complaint_id)
    if complaint is None or complaint.case_id != case_id:
        raise NotInCase("That complaint is not part of this case.")
    session.delete(complaint)
    record_event(session=session, case=case, stage=Stage.ESCALATION, summary="Complaint record removed.")


def contacts_for_documents(*, session: Session, owner: str, case_id: int, limit: int = 20) -> list[Contact]:
    """The latest contacts with Ooma (date, channel, summary, Ooma's answer), oldest first, for the texts."""
    get_case(session=session, owner=owner, case_id=case_id)
    rows = session.exec(
        select(Interaction)
        .where(Interaction.case_id == case_id)
        .order_by(col(Interaction.occurred_at).desc())
        .limit(limit)
    ).all()
    return [
        Contact(
            on=row.occurred_at.date(), channel=row.channel, summary=row.summary[:300], outcome=row.outcome
        )
        for row in reversed(rows)
    ]


def ooma_dispute_date(*, session: Session, owner: str, case_id: int) -> tuple[date | None, bool]:
    """(when the dispute went to Ooma, whether the person said so): their date, else the day the first bill
    with disputed charges was audited (the page wrote the letter that day; they can correct it)."""
    row = get_escalation(session=session, owner=owner, case_id=case_id)
    return _ooma_dispute_date(session, case_id, row)


def _ooma_dispute_date(session: Session, case_id: int, row: Escalation | None) -> tuple[date | None, bool]:
    if row is not None and row.ooma_disputed_on is not None:
        return row.ooma_disputed_on, True
    first = session.exec(
        select(BillUpload.uploaded_at)
        .where(BillUpload.case_id == case_id, col(BillUpload.disputed_total_cents) > 0)
        .order_by(col(BillUpload.uploaded_at))
    ).first()
    return (first.date() if first else None), False


@dataclass(frozen=True)
class EscalationStatus:
    """Everything the page, the overview and the calendar need to know about the stage, read once."""

    escalation: Escalation | None
    charges: list[EscalatedCharge]
    deadlines: list[ChargeDeadline]
    offer: Offer
    ooma_disputed_on: date | None
    ooma_date_given: bool

    @property
    def next_deadline(self) -> date | None:
        return next_deadline(self.deadlines)

    @property
    def fields(self) -> EscalationBase:
        """The saved details as the page edits them (defaults before anything was saved)."""
        row = self.escalation
        if row is None:
            return EscalationBase()
        return EscalationBase.model_validate(row.model_dump(include=set(EscalationBase.model_fields)))

    @property
    def resolved(self) -> bool:
        return self.escalation is not None and bool(self.escalation.outcome)


def escalation_status(*, session: Session, owner: str, case_id: int, today: date) -> EscalationStatus:
    """The stage's state for the visitor's ``today``: charges with deadlines, and whether it is offered."""
    row = get_escalation(session=session, owner=owner, case_id=case_id)
    charges = escalated_charges(session=session, owner=owner, case_id=case_id)
    disputed_on, given = _ooma_dispute_date(session, case_id, row)
    rule = load_facts().rule_for(row.payment_method if row else None)
    offer = escalation_offer(
        disputed_cents=sum(charge.disputed_cents for charge in charges),
        ooma_disputed_on=disputed_on,
        today=today,
        waiting_days=row.waiting_days if row else DEFAULT_WAITING_DAYS,
        asked=bool(row and row.asked_now),
    )
    return EscalationStatus(
        escalation=row,
        charges=charges,
        deadlines=charge_deadlines(charges, rule, today),
        offer=offer,
        ooma_disputed_on=disputed_on,
        ooma_date_given=given,
    )


def escalation_fact(*, session: Session, owner: str, case_id: int, today: date) -> EscalationFact | None:
    """The stage's state for the overview's progress and next step; None when nothing is disputed."""
    status = escalation_status(session=session, owner=owner, case_id=case_id, today=today)
    if not status.charges:
        return None
    row = status.escalation
    return EscalationFact(
        offered=status.offer.open,
        offered_from=status.offer.from_on,
        next_deadline=status.next_deadline,
        overdue_charges=sum(1 for d in status.deadlines if d.overdue),
        undated_charges=sum(1 for d in status.deadlines if d.deadline is None),
        sent_on=row.sent_on if row else None,
        outcome=row.outcome if row else "",
    )


def escalation_case(
    *, session: Session, owner: str, case_id: int, status: EscalationStatus
) -> EscalationCase:
    """What the notice and the complaints say, gathered from the case (account, end date, contacts, returns)."""
    # Imported here: these modules read the escalation's status for the overview and the calendar.
    from ooma_cancel.store.bill import returned_equipment
    from ooma_cancel.store.confirmations import primary_cancellation_confirmation
    from ooma_cancel.store.end_date import end_date_context
    from ooma_cancel.store.facts import target_account

    account = target_account(session=session, owner=owner, case_id=case_id)
    end = end_date_context(session=session, owner=owner, case_id=case_id)
    confirmation = primary_cancellation_confirmation(session=session, owner=owner, case_id=case_id)
    items = returned_equipment(session=session, owner=owner, case_id=case_id)
    row = status.escalation
    return EscalationCase(
        holder_name=account.holder_name if account else "",
        service_address=one_line_address(account) if account else "",
        email=account.email if account else "",
        account_number=account.account_number if account else "",
        payment_method=row.payment_method if row else "",
        issuer_name=row.issuer_name if row else "",
        card_last4=row.card_last4 if row else "",
        end_date=end.end_on,
        confirmation_number=confirmation.number if confirmation else None,
        ooma_disputed_on=status.ooma_disputed_on,
        contacts=contacts_for_documents(session=session, owner=owner, case_id=case_id),
        shipments=[
            Shipment(i.kind, i.carrier, i.tracking_number, i.shipped_on, i.delivered_on) for i in items
        ],
        sent_on=row.sent_on if row else None,
        outcome=row.outcome if row else "",
    )
