"""Money fits on both databases: the largest amounts the app accepts are saved and read back exactly on SQLite
and PostgreSQL, and anything above the limit is refused with a message at the form, at import and when a bill
is saved — never by the database."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from ooma_cancel.db import unit_of_work
from ooma_cancel.ledger import validate_entry
from ooma_cancel.models import BillLine, BillUpload, EquipmentItem, Finding, LedgerEntry
from ooma_cancel.money import MAX_CENTS, MAX_TOTAL_CENTS, format_dollars, parse_cents
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.bill import save_bill_audit
from ooma_cancel.store.cases import create_case
from ooma_cancel.transfer import (
    ImportRefused,
    OnConflict,
    dumps,
    export_cases,
    import_document,
    parse_document,
)

LIMIT_WORDS = f"The largest amount the app keeps is {format_dollars(MAX_CENTS)}"


def add_extremes(session: Session, case_id: int) -> None:
    """Every money column at the largest value the app accepts (a total at the largest total)."""
    session.add(EquipmentItem(case_id=case_id, kind="Telo", non_return_fee_cents=MAX_CENTS))
    session.add(
        LedgerEntry(case_id=case_id, entry_on=date(2026, 11, 1), kind="charge", amount_cents=MAX_CENTS)
    )
    session.add(
        LedgerEntry(case_id=case_id, entry_on=date(2026, 11, 2), kind="payment", amount_cents=-MAX_CENTS)
    )
    upload = BillUpload(
        case_id=case_id,
        filename="bill.csv",
        sha256="cd" * 32,
        uploaded_at=datetime(2026, 12, 1, tzinfo=UTC),
        disputed_total_cents=MAX_TOTAL_CENTS,
    )
    session.add(upload)
    session.flush()
    line = BillLine(upload_id=upload.id, line=2, description="Service", amount_cents=-MAX_CENTS)
    session.add(line)
    session.flush()
    session.add(Finding(line_id=line.id, flags="after_end_date", disputed_cents=MAX_CENTS))


def money_of(engine: sa.Engine, case_id: int) -> dict[str, list[int]]:
    with Session(engine) as session:
        upload_ids = select(BillUpload.id).where(BillUpload.case_id == case_id)
        line_ids = select(BillLine.id).where(BillLine.upload_id.in_(upload_ids))  # type: ignore[union-attr]
        return {
            "fees": list(
                session.exec(
                    select(EquipmentItem.non_return_fee_cents).where(EquipmentItem.case_id == case_id)
                )
            ),
            "ledger": list(
                session.exec(
                    select(LedgerEntry.amount_cents)
                    .where(LedgerEntry.case_id == case_id)
                    .order_by(LedgerEntry.id)
                )
            ),
            "disputed totals": list(
                session.exec(select(BillUpload.disputed_total_cents).where(BillUpload.case_id == case_id))
            ),
            "bill lines": list(
                session.exec(select(BillLine.amount_cents).where(BillLine.upload_id.in_(upload_ids)))
            ),  # type: ignore[union-attr]
            "findings": list(
                session.exec(select(Finding.disputed_cents).where(Finding.line_id.in_(line_ids)))
            ),  # type: ignore[union-attr]
        }


EXTREMES = {
    "fees": [MAX_CENTS],
    "ledger": [MAX_CENTS, -MAX_CENTS],
    "disputed totals": [MAX_TOTAL_CENTS],
    "bill lines": [-MAX_CENTS],
    "findings": [MAX_CENTS],
}


def export(engine: sa.Engine, case_id: int) -> str:
    with Session(engine) as session:
        return dumps(export_cases(session=session, owner=LOCAL_OWNER, case_ids=[case_id]))


def test_the_largest_amounts_are_kept_exactly_and_survive_export_and_import(any_engine):
    with unit_of_work(any_engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Large").id
        add_extremes(session, case_id)
    assert money_of(any_engine, case_id) == EXTREMES

    text = export(any_engine, case_id)
    assert '"disputed_total": "10000000000000.00"' in text
    assert '"amount": "-1000000.00"' in text
    with unit_of_work(any_engine) as session:
        [copy] = import_document(
            session=session,
            owner=LOCAL_OWNER,
            document=parse_document(text),
            on_conflict=OnConflict.KEEP_BOTH,
        )
    assert money_of(any_engine, copy) == EXTREMES


def row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in SQLModel.metadata.tables.items()
        }


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("ledger", "amount"), "999999999.99"),  # the amount that PostgreSQL used to refuse
        (("ledger", "amount"), "-1000000.01"),
        (("equipment", "non_return_fee"), "1000000.01"),
        (("bill_uploads", "lines", "amount"), "21474836.48"),
        (("bill_uploads", "lines", "findings", "disputed"), "5000000.00"),
    ],
)
def test_an_import_above_the_limit_is_refused_in_words_and_writes_nothing(any_engine, where, value):
    with unit_of_work(any_engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Source").id
        add_extremes(session, case_id)
    document = json.loads(export(any_engine, case_id))
    record = document["cases"][0]
    for step in where[:-1]:
        record = record[step][0]
    record[where[-1]] = value
    before = row_counts(any_engine)

    with pytest.raises(ImportRefused) as refused:
        parse_document(json.dumps(document))
    assert LIMIT_WORDS in str(refused.value)
    assert row_counts(any_engine) == before


def test_a_disputed_total_above_the_largest_total_is_refused():
    from ooma_cancel.transfer import BillUploadDoc

    with pytest.raises(
        ValueError, match=re.escape("The largest amount the app keeps is $10,000,000,000,000.00")
    ):
        BillUploadDoc.model_validate(
            {
                "id": 1,
                "filename": "bill.csv",
                "sha256": "ab",
                "uploaded_at": datetime(2026, 12, 1, tzinfo=UTC),
                "mapping": {},
                "disputed_total": "10000000000000.01",
                "report": {},
                "dispute_follow_up_on": None,
                "lines": [],
            }
        )


@pytest.mark.parametrize("typed", ["1,000,000.01", "999999999.99", "$21,474,836.48"])
def test_a_typed_amount_above_the_limit_is_refused_in_words(typed):
    with pytest.raises(ValueError, match="largest amount") as refused:
        parse_cents(typed)
    assert str(refused.value) == f"{LIMIT_WORDS}: check the amount."
    assert str(refused.value).count("$") == 1  # a pair of dollar signs would be drawn as a formula


def test_the_limit_itself_is_accepted():
    assert parse_cents("1,000,000.00") == MAX_CENTS
    assert parse_cents("-1000000", allow_negative=True) == -MAX_CENTS


def test_the_ledger_form_says_the_limit_for_a_huge_amount():
    data, errors = validate_entry(
        entry_on=date(2026, 11, 1),
        kind="charge",
        description="",
        amount="999999999.99",
        today=date(2026, 11, 30),
    )
    assert data is None
    assert errors["amount"] == f"{LIMIT_WORDS}: check the amount."


def test_a_bill_with_a_line_above_the_limit_is_refused_before_anything_is_saved(any_engine):
    with unit_of_work(any_engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Bill").id
    before = row_counts(any_engine)
    line = {
        "line": 7,
        "line_on": date(2026, 12, 1),
        "period_start": None,
        "period_end": None,
        "description": "Service",
        "amount_cents": MAX_CENTS + 1,
        "category": "",
        "flags": "",
        "disputed_cents": 0,
        "reason": "",
    }
    with pytest.raises(ValueError, match="too large") as refused, unit_of_work(any_engine) as session:
        save_bill_audit(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            filename="bill.csv",
            sha256="ef" * 32,
            mapping={},
            report={},
            lines=[line],
        )
    assert str(refused.value) == f"Line 7 of the file is too large. {LIMIT_WORDS}: check the amount."
    assert row_counts(any_engine) == before
