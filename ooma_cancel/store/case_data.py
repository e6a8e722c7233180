"""A whole case at once: read every row it holds (export, dossier) and write one back (import).

Reads are scoped to the owner through ``get_case``. Writes never reuse ids from outside: every row gets a new
id and references between rows (the confirmed account, a confirmation's contact, a bill line's upload, a
finding's line) are mapped to the new ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from ooma_cancel.models import (
    Account,
    BillLine,
    BillUpload,
    CancellationRequest,
    Case,
    ChargeStatement,
    Complaint,
    Confirmation,
    EndDate,
    EquipmentItem,
    Escalation,
    Event,
    Finding,
    Interaction,
    LedgerEntry,
    PortRecord,
    ProfileOverride,
)
from ooma_cancel.store.cases import _unique_title, get_case  # one rule for "Home (2)" titles

# Tables with one row per case, and tables with many, in the order an import writes them.
SINGLE_ROW_TABLES: tuple[type[SQLModel], ...] = (PortRecord, CancellationRequest, EndDate, Escalation)
LIST_TABLES: tuple[type[SQLModel], ...] = (
    Interaction,
    EquipmentItem,
    LedgerEntry,
    Confirmation,
    ProfileOverride,
    Event,
    Complaint,
)


@dataclass
class CaseRows:
    """Every row of one case, each list in id order (so an export is the same every time)."""

    case: Case
    accounts: list[Account]
    single: dict[type[SQLModel], SQLModel | None]
    lists: dict[type[SQLModel], list[Any]]
    uploads: list[BillUpload]
    lines: list[BillLine]
    findings: list[Finding]
    # The statement date of a disputed bill line (escalation): written after the lines it refers to.
    statements: list[ChargeStatement] = field(default_factory=list)


def read_case(*, session: Session, owner: str, case_id: int) -> CaseRows:
    """Every row the case holds, for export or the dossier."""
    case = get_case(session=session, owner=owner, case_id=case_id)

    def rows(table: type[SQLModel]) -> list[Any]:
        return list(
            session.exec(
                select(table).where(table.case_id == case_id).order_by(col(table.id))  # type: ignore[attr-defined]
            )
        )

    uploads = rows(BillUpload)
    upload_ids = [upload.id for upload in uploads]
    lines = list(
        session.exec(
            select(BillLine).where(col(BillLine.upload_id).in_(upload_ids)).order_by(col(BillLine.id))
        )
    )
    findings = list(
        session.exec(
            select(Finding)
            .join(BillLine, col(BillLine.id) == col(Finding.line_id))
            .where(col(BillLine.upload_id).in_(upload_ids))
            .order_by(col(Finding.id))
        )
    )
    return CaseRows(
        case=case,
        accounts=rows(Account),
        single={table: next(iter(rows(table)), None) for table in SINGLE_ROW_TABLES},
        lists={table: rows(table) for table in LIST_TABLES},
        uploads=uploads,
        lines=lines,
        findings=findings,
        statements=rows(ChargeStatement),
    )


@dataclass(frozen=True)
class Existing:
    """A case of this owner that an imported case would duplicate."""

    case_id: int
    title: str


def find_existing(
    *, session: Session, owner: str, title: str, exported_id: int, created_at: datetime
) -> Existing | None:
    """The owner's case with the same title, or the same case renamed since (same id and creation time)."""
    for case in session.exec(select(Case).where(Case.owner == owner)):
        same_case = case.id == exported_id and case.created_at == created_at
        if case.title == title or same_case:
            return Existing(case_id=case.id or 0, title=case.title)
    return None


@dataclass(frozen=True)
class NewCase:
    """Plain values of one case to write; each row dict still carries its exported ``id`` for mapping."""

    title: str
    created_at: datetime
    updated_at: datetime
    confirmed_account_id: int | None
    accounts: Sequence[Mapping[str, Any]]
    single: Mapping[type[SQLModel], Mapping[str, Any] | None]
    lists: Mapping[type[SQLModel], Sequence[Mapping[str, Any]]]
    uploads: Sequence[Mapping[str, Any]]
    lines: Sequence[Mapping[str, Any]]
    findings: Sequence[Mapping[str, Any]]
    statements: Sequence[Mapping[str, Any]] = ()


def write_case(*, session: Session, owner: str, new: NewCase, replace_case_id: int | None = None) -> int:
    """Insert the case for ``owner`` (after deleting ``replace_case_id``, also theirs); return its new id.

    No audit-trail event is added: the imported trail is the case's record, and an export of the imported
    case must be the same document as the file it came from.
    """
    if replace_case_id is not None:
        session.delete(get_case(session=session, owner=owner, case_id=replace_case_id))
        session.flush()
    case = Case(
        owner=owner,
        title=_unique_title(session=session, owner=owner, title=new.title),
        created_at=new.created_at,
        updated_at=new.updated_at,
    )
    session.add(case)
    session.flush()
    case_id = case.id
    assert case_id is not None

    accounts = _insert(session, Account, new.accounts, case_id=case_id)
    for table, row in new.single.items():
        if row is not None:
            _insert(session, table, [row], case_id=case_id)
    interactions = _insert(session, Interaction, new.lists.get(Interaction, ()), case_id=case_id)
    for table, rows in new.lists.items():
        if table is Interaction:
            continue
        if table is Confirmation:
            rows = [{**row, "interaction_id": interactions.get(row["interaction_id"])} for row in rows]
        _insert(session, table, rows, case_id=case_id)
    uploads = _insert(session, BillUpload, new.uploads, case_id=case_id)
    lines = _insert(session, BillLine, [{**row, "upload_id": uploads[row["upload_id"]]} for row in new.lines])
    _insert(session, Finding, [{**row, "line_id": lines[row["line_id"]]} for row in new.findings])
    _insert(
        session,
        ChargeStatement,
        [{**row, "line_id": lines[row["line_id"]]} for row in new.statements],
        case_id=case_id,
    )

    case.confirmed_account_id = accounts.get(new.confirmed_account_id)  # type: ignore[arg-type]
    session.add(case)
    session.flush()
    return case_id


def _insert(
    session: Session, table: type[SQLModel], rows: Sequence[Mapping[str, Any]], **extra: Any
) -> dict[int, int]:
    """Insert ``rows`` in exported-id order with new ids; return {exported id: new id}."""
    rows = sorted(rows, key=lambda row: row["id"])
    if not rows:
        return {}
    values = [{**{k: v for k, v in row.items() if k != "id"}, **extra} for row in rows]
    statement = sa.insert(table).returning(table.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    new_ids = session.scalars(statement, values).all()
    return {row["id"]: new_id for row, new_id in zip(rows, new_ids, strict=True)}
