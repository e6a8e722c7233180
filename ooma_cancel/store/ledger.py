"""Stage 5: ledger entries, and the running balance, daily totals and monthly charge computed in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from ooma_cancel.errors import NotInCase
from ooma_cancel.ledger import EntryData
from ooma_cancel.models import LedgerEntry, LedgerKind, Stage
from ooma_cancel.money import format_dollars
from ooma_cancel.store.cases import get_case, record_event


@dataclass(frozen=True)
class LedgerRow:
    id: int
    entry_on: date
    kind: str
    description: str
    amount_cents: int
    balance_cents: int  # the running balance after this entry


@dataclass(frozen=True)
class LedgerSummary:
    """Counts and totals of a case's ledger."""

    entries: int
    balance_cents: int


def ledger_summary(*, session: Session, owner: str, case_id: int) -> LedgerSummary:
    """One aggregate query (a cached view of the ledger is keyed by the case's stamp, ``ui.case_cache``)."""
    get_case(session=session, owner=owner, case_id=case_id)
    count, total = session.exec(
        select(func.count(), func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.case_id == case_id
        )
    ).one()
    return LedgerSummary(entries=int(count), balance_cents=int(total))


def ledger_page(
    *,
    session: Session,
    owner: str,
    case_id: int,
    offset: int = 0,
    limit: int = 50,
    total_cents: int | None = None,
) -> list[LedgerRow]:
    """One page of entries, newest first, each with the running balance after it.

    The balance after the page's newest entry is the total minus everything newer; walking back through the
    page gives the rest. Cost grows with the page's offset, not with the ledger's size (a window function over
    ten years of entries took longer than the whole page may).
    """
    get_case(session=session, owner=owner, case_id=case_id)
    offset = max(0, offset)
    newest_first = (col(LedgerEntry.entry_on).desc(), col(LedgerEntry.id).desc())
    if total_cents is None:
        total_cents = int(
            session.exec(
                select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
                    LedgerEntry.case_id == case_id
                )
            ).one()
        )
    newer = 0
    if offset:
        skipped = (
            select(LedgerEntry.amount_cents)
            .where(LedgerEntry.case_id == case_id)
            .order_by(*newest_first)
            .limit(offset)
            .subquery()
        )
        newer = int(session.exec(select(func.coalesce(func.sum(skipped.c.amount_cents), 0))).one())
    statement = (
        select(  # type: ignore[call-overload]  # sqlmodel's select() is typed for up to 4 columns
            LedgerEntry.id,
            LedgerEntry.entry_on,
            LedgerEntry.kind,
            LedgerEntry.description,
            LedgerEntry.amount_cents,
        )
        .where(LedgerEntry.case_id == case_id)
        .order_by(*newest_first)
        .offset(offset)
        .limit(limit)
    )
    balance = total_cents - newer
    rows = []
    for entry_id, entry_on, kind, description, cents in session.exec(statement):
        rows.append(LedgerRow(entry_id, entry_on, kind, description, cents, balance))
        balance -= cents
    return rows


def daily_totals(*, session: Session, owner: str, case_id: int) -> list[tuple[date, int]]:
    """Each day's net amount, oldest first: every entry counted, one row per day."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(col(LedgerEntry.entry_on), func.sum(LedgerEntry.amount_cents))
        .where(LedgerEntry.case_id == case_id)
        .group_by(col(LedgerEntry.entry_on))
        .order_by(col(LedgerEntry.entry_on))
    )
    return [(day, int(cents)) for day, cents in session.exec(statement)]


def monthly_charge_estimate(*, session: Session, owner: str, case_id: int, today: date) -> int:
    """What a month of service costs: the average charges of the last three whole months (0 without any)."""
    get_case(session=session, owner=owner, case_id=case_id)
    this_month = today.replace(day=1)
    start = this_month
    for _ in range(3):
        start = (start - timedelta(days=1)).replace(day=1)
    rows = session.exec(
        select(col(LedgerEntry.entry_on), col(LedgerEntry.amount_cents)).where(
            LedgerEntry.case_id == case_id,
            LedgerEntry.kind == LedgerKind.CHARGE.value,
            col(LedgerEntry.entry_on) >= start,
            col(LedgerEntry.entry_on) < this_month,
        )
    ).all()
    # Average over the months that have charges, so a ledger started last month is not divided by three.
    months = {(day.year, day.month) for day, _ in rows}
    return sum(cents for _, cents in rows) // len(months) if months else 0


def add_entry(*, session: Session, owner: str, case_id: int, data: EntryData) -> LedgerEntry:
    """Record a charge, payment, credit, refund or fee (``data`` already validated and signed)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    entry = LedgerEntry(case_id=case_id, **_fields(data))
    session.add(entry)
    session.flush()
    record_event(
        session=session, case=case, stage=Stage.BALANCE, summary=f"Ledger {_describe(data)} recorded."
    )
    return entry


def update_entry(
    *, session: Session, owner: str, case_id: int, entry_id: int, data: EntryData
) -> LedgerEntry:
    case = get_case(session=session, owner=owner, case_id=case_id)
    entry = _get_entry(session=session, case_id=case_id, entry_id=entry_id)
    before = f"{entry.kind} of {format_dollars(abs(entry.amount_cents))} on {entry.entry_on:%b %-d, %Y}"
    for name, value in _fields(data).items():
        setattr(entry, name, value)
    session.add(entry)
    record_event(
        session=session,
        case=case,
        stage=Stage.BALANCE,
        summary=f"Ledger {before} changed to {_describe(data)}.",
    )
    return entry


def delete_entry(*, session: Session, owner: str, case_id: int, entry_id: int) -> None:
    case = get_case(session=session, owner=owner, case_id=case_id)
    entry = _get_entry(session=session, case_id=case_id, entry_id=entry_id)
    summary = f"Ledger {entry.kind} of {format_dollars(abs(entry.amount_cents))} on {entry.entry_on:%b %-d, %Y} removed."
    session.delete(entry)
    record_event(session=session, case=case, stage=Stage.BALANCE, summary=summary)


def _fields(data: EntryData) -> dict[str, Any]:
    return data.model_dump()


def _describe(data: EntryData) -> str:
    return f"{data.kind} of {format_dollars(abs(data.amount_cents))} on {data.entry_on:%b %-d, %Y}"


def _get_entry(*, session: Session, case_id: int, entry_id: int) -> LedgerEntry:
    entry = session.get(LedgerEntry, entry_id)
    if entry is None or entry.case_id != case_id:
        raise NotInCase("That entry is not part of this ledger.")
    return entry
