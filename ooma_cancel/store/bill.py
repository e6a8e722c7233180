"""Stage 8: final-bill uploads, their audited lines and findings, and refunds received into the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert
from sqlmodel import Session, col, func, select

from ooma_cancel.bill.overlap import same_charges
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import (
    BillLine,
    BillUpload,
    EquipmentItem,
    Finding,
    LedgerEntry,
    LedgerKind,
    Stage,
)
from ooma_cancel.money import MAX_CENTS, format_dollars, limit_message
from ooma_cancel.store.cases import get_case, record_event
from ooma_cancel.store.end_date import end_date_context, return_window
from ooma_cancel.store.facts import disputed_bill_lines

MAX_FILENAME = 255
# What the charts call the lines a bill gives no category.
NO_CATEGORY = "No category on the bill"


@dataclass(frozen=True)
class AuditDefaults:
    """What the case says the bill should be checked against (the page lets the person adjust it)."""

    end_date: date | None
    fixed_term: bool
    equipment_returned_on: date | None
    return_window_days: int
    equipment_shipped_on: date | None = None  # when every item still due back was sent (in transit since)


def audit_defaults(*, session: Session, owner: str, case_id: int) -> AuditDefaults:
    """The service end date, contract and equipment return recorded for the case."""
    context = end_date_context(session=session, owner=owner, case_id=case_id)
    returned = session.exec(
        select(col(EquipmentItem.delivered_on)).where(
            EquipmentItem.case_id == case_id, col(EquipmentItem.return_required).is_(True)
        )
    ).all()
    # The equipment is back when every item that had to go back was delivered; the last delivery counts.
    returned_on = max(day for day in returned if day) if returned and all(returned) else None
    shipped = session.exec(
        select(col(EquipmentItem.shipped_on)).where(
            EquipmentItem.case_id == case_id, col(EquipmentItem.return_required).is_(True)
        )
    ).all()
    shipped_on = max(day for day in shipped if day) if shipped and all(shipped) else None
    window, _source = return_window(session=session, owner=owner, case_id=case_id)
    return AuditDefaults(
        end_date=context.end_on,
        fixed_term=context.fixed_term,
        equipment_returned_on=returned_on,
        return_window_days=window,
        equipment_shipped_on=shipped_on,
    )


def _check_amounts(lines: list[dict[str, Any]]) -> None:
    """Refuse a bill with an amount the app does not keep (ValueError naming the line), before writing."""
    for line in lines:
        if abs(line["amount_cents"]) > MAX_CENTS:
            raise UserError(f"Line {line['line']} of the file is too large. {limit_message()}")


def save_bill_audit(
    *,
    session: Session,
    owner: str,
    case_id: int,
    filename: str,
    sha256: str,
    mapping: dict[str, Any],
    report: dict[str, Any],
    lines: list[dict[str, Any]],
) -> BillUpload:
    """Save an audited bill; the same file uploaded again replaces its earlier audit instead of duplicating it."""
    _check_amounts(lines)
    case = get_case(session=session, owner=owner, case_id=case_id)
    upload = session.exec(
        select(BillUpload).where(BillUpload.case_id == case_id, BillUpload.sha256 == sha256)
    ).first()
    again = upload is not None
    if upload is None:
        upload = BillUpload(case_id=case_id, filename=filename[:MAX_FILENAME], sha256=sha256)
    else:
        session.exec(delete(BillLine).where(col(BillLine.upload_id) == upload.id))
    upload.mapping = mapping
    upload.report = report
    upload.disputed_total_cents = sum(line["disputed_cents"] for line in lines)
    session.add(upload)
    session.flush()

    stored_keys = ("line", "line_on", "period_start", "period_end", "description", "amount_cents", "category")
    stored = [{key: line[key] for key in stored_keys} | {"upload_id": upload.id} for line in lines]
    # Core inserts on the table run as one executemany; the ORM bulk path would fetch every new id one by one.
    connection = session.connection()
    if stored:
        connection.execute(insert(BillLine), stored)
    flagged = [line for line in lines if line["flags"]]
    # Line numbers are unique within a file: look up the new ids of the flagged lines only.
    line_ids: dict[int, int] = {}
    if flagged:
        rows = session.exec(select(BillLine.line, BillLine.id).where(BillLine.upload_id == upload.id))
        line_ids = {line: line_id for line, line_id in rows if line_id is not None}
    findings = [
        {
            "line_id": line_ids[line["line"]],
            "flags": line["flags"],
            "disputed_cents": line["disputed_cents"],
            "reason": line["reason"],
        }
        for line in flagged
    ]
    if findings:
        connection.execute(insert(Finding), findings)
    verb = "audited again" if again else "uploaded and audited"
    record_event(
        session=session,
        case=case,
        stage=Stage.BILL,
        summary=f"Bill {upload.filename} {verb}: {len(lines)} lines, "
        f"{len(findings)} flagged, {format_dollars(upload.disputed_total_cents)} disputed.",
    )
    return upload


def list_bill_uploads(*, session: Session, owner: str, case_id: int) -> list[BillUpload]:
    """The case's audited bills, newest first."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(BillUpload)
        .where(BillUpload.case_id == case_id)
        .order_by(col(BillUpload.uploaded_at).desc(), col(BillUpload.id).desc())
    )
    return list(session.exec(statement))


def get_bill_upload(*, session: Session, owner: str, case_id: int, upload_id: int) -> BillUpload:
    get_case(session=session, owner=owner, case_id=case_id)
    upload = session.get(BillUpload, upload_id)
    if upload is None or upload.case_id != case_id:
        raise NotInCase("That bill is not part of this case.")
    return upload


def bill_findings(
    *, session: Session, owner: str, case_id: int, upload_id: int, limit: int = 500
) -> list[tuple[BillLine, Finding]]:
    """The flagged lines of a bill with their findings, in file order."""
    get_bill_upload(session=session, owner=owner, case_id=case_id, upload_id=upload_id)
    statement = (
        select(BillLine, Finding)
        .join(Finding, col(Finding.line_id) == col(BillLine.id))
        .where(BillLine.upload_id == upload_id)
        .order_by(col(BillLine.line))
        .limit(limit)
    )
    return list(session.exec(statement).all())


def bill_totals_by_category(
    *, session: Session, owner: str, case_id: int, upload_id: int
) -> list[tuple[str, int, int]]:
    """(category, charged cents, disputed cents) per category of a bill, charges only."""
    get_bill_upload(session=session, owner=owner, case_id=case_id, upload_id=upload_id)
    statement = (
        select(
            BillLine.category,
            func.sum(BillLine.amount_cents),
            func.coalesce(func.sum(Finding.disputed_cents), 0),
        )
        .outerjoin(Finding, col(Finding.line_id) == col(BillLine.id))
        .where(BillLine.upload_id == upload_id, col(BillLine.amount_cents) > 0)
        .group_by(BillLine.category)
        .order_by(func.sum(BillLine.amount_cents).desc())
    )
    totals: dict[str, list[int]] = {}
    for category, charged, disputed in session.exec(statement):
        # A line the bill gives no category (a bank's export has none) is named so a person understands it;
        # an empty category and a missing one are the same bar.
        name = (category or "").strip() or NO_CATEGORY
        sums = totals.setdefault(name, [0, 0])
        sums[0] += int(charged)
        sums[1] += int(disputed)
    return sorted(((name, c, d) for name, (c, d) in totals.items()), key=lambda row: -row[1])


def bill_daily_totals(
    *, session: Session, owner: str, case_id: int, upload_id: int
) -> list[tuple[date, int, int]]:
    """(day, charged cents, disputed cents) per day of a bill, by line date or else service-period start."""
    get_bill_upload(session=session, owner=owner, case_id=case_id, upload_id=upload_id)
    day = func.coalesce(BillLine.line_on, BillLine.period_start)
    statement = (
        select(day, func.sum(BillLine.amount_cents), func.coalesce(func.sum(Finding.disputed_cents), 0))
        .outerjoin(Finding, col(Finding.line_id) == col(BillLine.id))
        .where(BillLine.upload_id == upload_id, col(BillLine.amount_cents) > 0, day.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    return [
        (_as_date(when), int(charged), int(disputed)) for when, charged, disputed in session.exec(statement)
    ]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def returned_equipment(*, session: Session, owner: str, case_id: int) -> list[EquipmentItem]:
    """The devices that had to go back, with their shipping evidence, for the dispute letter."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(EquipmentItem)
        .where(EquipmentItem.case_id == case_id, col(EquipmentItem.return_required).is_(True))
        .order_by(col(EquipmentItem.id))
    )
    return list(session.exec(statement))


def delete_bill_upload(*, session: Session, owner: str, case_id: int, upload_id: int) -> None:
    case = get_case(session=session, owner=owner, case_id=case_id)
    upload = get_bill_upload(session=session, owner=owner, case_id=case_id, upload_id=upload_id)
    session.delete(upload)
    record_event(session=session, case=case, stage=Stage.BILL, summary=f"Bill {upload.filename} removed.")


def set_dispute_follow_up(
    *, session: Session, owner: str, case_id: int, upload_id: int, follow_up_on: date | None, today: date
) -> BillUpload:
    """When to check that Ooma answered the dispute (goes into the calendar export)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    upload = get_bill_upload(session=session, owner=owner, case_id=case_id, upload_id=upload_id)
    if follow_up_on is not None and follow_up_on < today:
        raise UserError("Choose a follow-up date from today on.")
    upload.dispute_follow_up_on = follow_up_on
    session.add(upload)
    when = f"{follow_up_on:%b %-d, %Y}" if follow_up_on else "none"
    record_event(session=session, case=case, stage=Stage.BILL, summary=f"Dispute follow-up date set: {when}.")
    return upload


def record_dispute_outcome(
    *,
    session: Session,
    owner: str,
    case_id: int,
    kind: str,
    amount_cents: int,
    received_on: date,
    today: date,
    note: str = "",
) -> LedgerEntry:
    """Ooma's answer to a dispute, into the balance ledger.

    A credit on the account lowers what is owed; a refund paid out settles a credit balance, so it counts up,
    as refunds do on the ledger page.
    """
    case = get_case(session=session, owner=owner, case_id=case_id)
    if kind not in (LedgerKind.CREDIT.value, LedgerKind.REFUND.value):
        raise UserError("Choose whether Ooma credited the account or paid a refund.")
    if amount_cents <= 0:
        raise UserError("Enter the amount as a positive number, e.g. 12.34.")
    if received_on > today:
        raise UserError("Choose a date that is not in the future.")
    entry = LedgerEntry(
        case_id=case_id,
        entry_on=received_on,
        kind=LedgerKind(kind),
        description=(note.strip() or "After the final-bill dispute")[:500],
        amount_cents=-amount_cents if kind == LedgerKind.CREDIT.value else amount_cents,
    )
    session.add(entry)
    record_event(
        session=session,
        case=case,
        stage=Stage.BALANCE,
        summary=f"{kind.capitalize()} of {format_dollars(amount_cents)} from the dispute recorded.",
    )
    return entry


def lines_on_other_files(*, session: Session, owner: str, case_id: int, upload_id: int) -> dict[int, str]:
    """Disputed lines of this file that another audited file of the case shows too (same amount, dates within
    3 days): line id → the other file's name. The letter says so, so that one charge is disputed once."""
    get_bill_upload(session=session, owner=owner, case_id=case_id, upload_id=upload_id)
    lines = disputed_bill_lines(session=session, owner=owner, case_id=case_id)
    return {
        lines[i].line_id: lines[j].filename
        for i, j in same_charges([line.charge for line in lines]).items()
        if lines[i].charge.upload_id == upload_id
    }
