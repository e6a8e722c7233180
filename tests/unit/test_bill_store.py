from datetime import date

import pytest
from sqlmodel import Session, func, select

from ooma_cancel import store
from ooma_cancel.bill import AuditContext, audit, read_bill
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.db import unit_of_work
from ooma_cancel.models import BillLine, Event, Finding, LedgerEntry
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store import bill as bill_store


@pytest.fixture
def engine(any_engine):
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_engine


END = date(2026, 11, 30)
TODAY = date(2026, 12, 20)


def audited(end=END):
    reading = read_bill(sample_bill_csv(end))
    result = audit(
        reading,
        AuditContext(end_date=end, fixed_term=False, equipment_returned_on=None, return_window_days=30),
    )
    return reading, result


@pytest.fixture
def case_id(engine):
    with unit_of_work(engine) as session:
        return store.create_case(session=session, owner=LOCAL_OWNER, title="Home").id


def save(engine, case_id, sha="abc"):
    reading, result = audited()
    with unit_of_work(engine) as session:
        return bill_store.save_bill_audit(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            filename="final.csv",
            sha256=sha,
            mapping=mapping_dict(reading.mapping),
            report=audit_report(reading, result),
            lines=line_rows(result),
        )


def count(engine, table):
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_an_audit_is_saved_with_its_lines_findings_and_event(engine, case_id):
    upload = save(engine, case_id)
    # after the end date (24.56), the early termination fee, and the equipment fee: nothing was returned yet,
    # but it was charged before the return deadline
    assert upload.disputed_total_cents == 2456 + 5999 + 5999
    assert count(engine, BillLine) == 13
    assert count(engine, Finding) == 8
    with Session(engine) as session:
        findings = bill_store.bill_findings(
            session=session, owner=LOCAL_OWNER, case_id=case_id, upload_id=upload.id
        )
        by_category = bill_store.bill_totals_by_category(
            session=session, owner=LOCAL_OWNER, case_id=case_id, upload_id=upload.id
        )
        events = store.list_events(session=session, owner=LOCAL_OWNER, case_id=case_id, stage="bill")
    duplicate = next(f for line, f in findings if line.line == 9)
    assert duplicate.flags == "after_end_date,duplicate"
    assert duplicate.disputed_cents == 999  # not counted twice
    assert {c: charged for c, charged, _ in by_category}["Fee"] == 500 + 5999 + 5999
    assert events[0].summary == "Bill final.csv uploaded and audited: 13 lines, 8 flagged, $144.54 disputed."


def test_the_same_file_again_replaces_the_audit(engine, case_id):
    first = save(engine, case_id)
    second = save(engine, case_id)
    assert first.id == second.id
    assert count(engine, BillLine) == 13
    assert count(engine, Finding) == 8


def test_a_bill_of_another_owner_is_out_of_reach(engine, case_id):
    upload = save(engine, case_id)
    with Session(engine) as session:
        other = store.create_case(session=session, owner="someone else", title="Theirs")
        session.commit()
        with pytest.raises(store.CaseNotFound):
            bill_store.bill_findings(
                session=session, owner="someone else", case_id=case_id, upload_id=upload.id
            )
        with pytest.raises(LookupError):
            bill_store.bill_findings(
                session=session, owner="someone else", case_id=other.id, upload_id=upload.id
            )


def test_ooma_s_answer_goes_into_the_ledger_with_the_right_sign(engine, case_id):
    for kind in ("credit", "refund"):
        with unit_of_work(engine) as session:
            bill_store.record_dispute_outcome(
                session=session,
                owner=LOCAL_OWNER,
                case_id=case_id,
                kind=kind,
                amount_cents=8455,
                received_on=TODAY,
                today=TODAY,
            )
    with Session(engine) as session:
        # credited (in credit by $84.55), then paid out: settled at zero
        assert sorted(session.exec(select(LedgerEntry.kind, LedgerEntry.amount_cents)).all()) == [
            ("credit", -8455),
            ("refund", 8455),
        ]
    events = count(engine, Event)
    for kind, cents, on in (
        ("credit", 0, TODAY),
        ("credit", -5, TODAY),
        ("refund", 100, date(2026, 12, 21)),
        ("charge", 100, TODAY),
    ):
        with pytest.raises(ValueError), unit_of_work(engine) as session:  # noqa: PT011 (messages differ)
            bill_store.record_dispute_outcome(
                session=session,
                owner=LOCAL_OWNER,
                case_id=case_id,
                kind=kind,
                amount_cents=cents,
                received_on=on,
                today=TODAY,
            )
    assert count(engine, LedgerEntry) == 2
    assert count(engine, Event) == events


def test_a_dispute_follow_up_cannot_be_in_the_past(engine, case_id):
    upload = save(engine, case_id)
    with pytest.raises(ValueError, match="from today on"), unit_of_work(engine) as session:
        bill_store.set_dispute_follow_up(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            upload_id=upload.id,
            follow_up_on=date(2026, 12, 1),
            today=TODAY,
        )
    with unit_of_work(engine) as session:
        saved = bill_store.set_dispute_follow_up(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            upload_id=upload.id,
            follow_up_on=date(2027, 1, 5),
            today=TODAY,
        )
    assert saved.dispute_follow_up_on == date(2027, 1, 5)


def test_audit_defaults_come_from_the_case(engine, demo_case):
    with Session(engine) as session:
        defaults = bill_store.audit_defaults(session=session, owner=LOCAL_OWNER, case_id=demo_case)
    assert defaults.end_date is not None
    assert defaults.fixed_term is False
    assert defaults.equipment_returned_on is None  # the desk phone is still in transit
    assert defaults.return_window_days == 30


def test_lines_without_a_category_are_one_bar_a_person_can_name(engine, case_id):
    """A card statement has no category column: its charges are one bar, named in words, never "(none)"."""
    statement = b"Date,Description,Amount\n12/01/2026,OOMA INC,32.07\n12/17/2026,OOMA INC,32.07\n"
    reading = read_bill(statement)
    result = audit(
        reading,
        AuditContext(end_date=END, fixed_term=False, equipment_returned_on=None, return_window_days=30),
    )
    with unit_of_work(engine) as session:
        upload = bill_store.save_bill_audit(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            filename="card.csv",
            sha256="card",
            mapping=mapping_dict(reading.mapping),
            report=audit_report(reading, result),
            lines=line_rows(result),
        )
    with Session(engine) as session:
        by_category = bill_store.bill_totals_by_category(
            session=session, owner=LOCAL_OWNER, case_id=case_id, upload_id=upload.id
        )
    assert by_category == [("No category on the bill", 6414, 6414)]
