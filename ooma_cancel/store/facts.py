"""Summaries of a case for the overview and for pages whose stage shows what the case holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from ooma_cancel.account import mask_account_number, missing_identifiers
from ooma_cancel.bill.overlap import DisputedCharge, disputed_once
from ooma_cancel.case_rules import (
    account_being_cancelled,
    account_is_confirmed,
    confirmed_end_date,
    end_date_to_plan_with,
    item_return_deadline,
)
from ooma_cancel.guards import read_once
from ooma_cancel.models import (
    Account,
    BillLine,
    BillUpload,
    CancellationRequest,
    EndDate,
    EquipmentItem,
    Finding,
    Interaction,
    LedgerEntry,
    PortRecord,
)
from ooma_cancel.progress import CaseFacts, EquipmentFact
from ooma_cancel.store.cases import get_case
from ooma_cancel.store.confirmations import end_date_confirmation, primary_cancellation_confirmation
from ooma_cancel.store.escalation import escalation_fact
from ooma_cancel.store.overrides import case_facts_of_profile


def target_account(*, session: Session, owner: str, case_id: int) -> Account | None:
    """The account being cancelled (``case_rules.account_being_cancelled``)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    return account_being_cancelled(_accounts(session, case_id), case.confirmed_account_id)


def _accounts(session: Session, case_id: int) -> list[Account]:
    """The case's accounts, oldest first (the caller checked the owner), read once per page read session."""
    statement = select(Account).where(Account.case_id == case_id).order_by(col(Account.id))
    return read_once(session, ("accounts", case_id), lambda: list(session.exec(statement)))


def case_facts(*, session: Session, owner: str, case_id: int, today: date) -> CaseFacts:
    """Read everything the overview's rules need, with a handful of small queries (no full-table loads)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    accounts = _accounts(session, case_id)
    target = account_being_cancelled(accounts, case.confirmed_account_id)
    port = session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first()
    request = session.exec(select(CancellationRequest).where(CancellationRequest.case_id == case_id)).first()
    end = session.exec(select(EndDate).where(EndDate.case_id == case_id)).first()
    interactions, overdue = session.exec(
        select(
            func.count(),
            func.count().filter(col(Interaction.follow_up_on) < today),
        ).where(Interaction.case_id == case_id)
    ).one()
    ledger_count, balance = session.exec(
        select(func.count(), func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.case_id == case_id
        )
    ).one()
    confirmation = primary_cancellation_confirmation(session=session, owner=owner, case_id=case_id)
    uploads = session.exec(
        select(func.count()).select_from(BillUpload).where(BillUpload.case_id == case_id)
    ).one()
    disputed = disputed_across_files(session=session, owner=owner, case_id=case_id)

    requested_end = request.requested_end_on if request else None
    acknowledged = end_date_confirmation(session=session, owner=owner, case_id=case_id)
    confirmed_end = confirmed_end_date(end.confirmed_on if end else None, requested_end, acknowledged)
    end_on = end_date_to_plan_with(confirmed_end, requested_end)
    # The person's own return window when they set one, else the profile's.
    window = int(
        case_facts_of_profile(session=session, owner=owner, case_id=case_id)["return_window_days"].value
    )
    equipment = tuple(
        EquipmentFact(
            return_required=item.return_required,
            delivered_on=item.delivered_on,
            shipped_on=item.shipped_on,
            deadline=item_return_deadline(end_on, item.return_window_days, window),
            fee_cents=item.non_return_fee_cents,
        )
        for item in session.exec(select(EquipmentItem).where(EquipmentItem.case_id == case_id))
    )
    return CaseFacts(
        accounts=len(accounts),
        account_missing=tuple(missing_identifiers(target))
        if target or accounts
        else CaseFacts.account_missing,
        account_confirmed=account_is_confirmed(accounts, case.confirmed_account_id),
        keep_number=port.keep_number if port else None,
        port_completed_on=port.completed_on if port else None,
        interactions=int(interactions),
        overdue_follow_ups=int(overdue),
        request_status=request.status if request else None,
        request_submitted_on=request.submitted_on if request else None,
        requested_end_on=requested_end,
        equipment=equipment,
        ledger_entries=int(ledger_count),
        balance_cents=int(balance),
        cancellation_confirmation=confirmation.number if confirmation else None,
        confirmed_end_on=confirmed_end,
        bill_uploads=int(uploads),
        disputed_cents=int(disputed),
        escalation=escalation_fact(session=session, owner=owner, case_id=case_id, today=today)
        if disputed
        else None,
    )


def target_account_label(*, session: Session, owner: str, case_id: int) -> str | None:
    account = target_account(session=session, owner=owner, case_id=case_id)
    if account is None:
        return None
    return f"{account.plan} {mask_account_number(account.account_number) or '(no number yet)'}"


@dataclass(frozen=True)
class DisputedBillLine:
    """A disputed line of one of the case's audited files, with its file's name."""

    line_id: int
    filename: str
    charge: DisputedCharge


def disputed_bill_lines(*, session: Session, owner: str, case_id: int) -> list[DisputedBillLine]:
    """Every disputed line of every audited file of the case (what "one charge, disputed once" compares)."""
    get_case(session=session, owner=owner, case_id=case_id)
    rows = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel's select() is typed for up to 4 columns
            BillLine.id,
            BillLine.upload_id,
            BillLine.line_on,
            BillLine.period_start,
            BillLine.amount_cents,
            Finding.disputed_cents,
            BillUpload.filename,
        )
        .join(Finding, col(Finding.line_id) == col(BillLine.id))
        .join(BillUpload, col(BillUpload.id) == col(BillLine.upload_id))
        .where(BillUpload.case_id == case_id, col(Finding.disputed_cents) > 0)
    ).all()
    return [
        DisputedBillLine(
            line_id=line_id,
            filename=name,
            charge=DisputedCharge(
                upload_id=upload, day=line_on or start, amount_cents=amount, disputed_cents=disputed
            ),
        )
        for line_id, upload, line_on, start, amount, disputed, name in rows
    ]


def disputed_across_files(*, session: Session, owner: str, case_id: int) -> int:
    """The case's disputed total, a charge shown on both a bill and a statement counted once."""
    lines = disputed_bill_lines(session=session, owner=owner, case_id=case_id)
    return disputed_once(line.charge for line in lines)
