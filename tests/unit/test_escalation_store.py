"""The escalation tables: the dispute with the issuer, statement dates, complaints, the credit into the ledger."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from ooma_cancel import store
from ooma_cancel.bill import AuditContext, audit, read_bill
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.db import unit_of_work
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import ComplaintBase, Confirmation, EscalationBase, LedgerEntry
from ooma_cancel.money import MAX_CENTS
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store import bill as bill_store
from ooma_cancel.store import escalation as esc

END = date(2026, 11, 30)
TODAY = date(2027, 1, 20)
OTHER = "someone-else"


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def case_id(engine) -> int:
    reading = read_bill(sample_bill_csv(END))
    result = audit(
        reading,
        AuditContext(end_date=END, fixed_term=False, equipment_returned_on=None, return_window_days=30),
    )
    with unit_of_work(engine) as session:
        case = store.create_case(session=session, owner=LOCAL_OWNER, title="Home")
        bill_store.save_bill_audit(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case.id,
            filename="final.csv",
            sha256="abc",
            mapping=mapping_dict(reading.mapping),
            report=audit_report(reading, result),
            lines=line_rows(result),
        )
        return case.id


def test_disputed_charges_get_statement_dates_and_deadlines(engine, case_id) -> None:
    with Session(engine) as session:
        charges = esc.escalated_charges(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert charges
    assert all(charge.disputed_cents > 0 for charge in charges)
    first = charges[0]
    statement_on = max(first.charged_on or END, END)
    with unit_of_work(engine) as session:
        esc.save_escalation(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            data=EscalationBase(payment_method="credit card", card_last4="4242"),
            today=TODAY,
        )
        esc.set_statement_date(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            line_id=first.line_id,
            statement_on=statement_on,
            today=TODAY,
        )
    with Session(engine) as session:
        status = esc.escalation_status(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    dated = [row for row in status.deadlines if row.deadline is not None]
    assert [row.charge.line_id for row in dated] == [first.line_id]
    assert dated[0].deadline == date.fromordinal(statement_on.toordinal() + 60)


def test_a_credit_outcome_goes_into_the_ledger_once(engine, case_id) -> None:
    data = EscalationBase(
        payment_method="credit card",
        issuer_name="Example Card Bank",
        card_last4="4242",
        sent_on=date(2027, 1, 5),
        outcome="credited",
        outcome_on=date(2027, 1, 15),
        credited_cents=2999,
    )
    for _ in range(2):  # saving again does not credit twice
        with unit_of_work(engine) as session:
            esc.save_escalation(session=session, owner=LOCAL_OWNER, case_id=case_id, data=data, today=TODAY)
    with Session(engine) as session:
        entries = session.exec(select(LedgerEntry).where(LedgerEntry.case_id == case_id)).all()
    assert [(e.kind, e.amount_cents, e.entry_on) for e in entries] == [("credit", -2999, date(2027, 1, 15))]
    assert "Example Card Bank" in entries[0].description


def test_a_corrected_or_withdrawn_credit_corrects_the_ledger(engine, case_id) -> None:
    credited = EscalationBase(
        payment_method="credit card",
        issuer_name="Example Card Bank",
        sent_on=date(2027, 1, 5),
        outcome="credited",
        outcome_on=date(2027, 1, 15),
        credited_cents=2999,
    )

    def save(data: EscalationBase) -> list[tuple[str, int, date]]:
        with unit_of_work(engine) as session:
            esc.save_escalation(session=session, owner=LOCAL_OWNER, case_id=case_id, data=data, today=TODAY)
        with Session(engine) as session:
            entries = session.exec(select(LedgerEntry).where(LedgerEntry.case_id == case_id)).all()
        return [(e.kind, e.amount_cents, e.entry_on) for e in entries]

    assert save(credited) == [("credit", -2999, date(2027, 1, 15))]
    corrected = credited.model_copy(update={"credited_cents": 1999, "outcome_on": date(2027, 1, 16)})
    assert save(corrected) == [("credit", -1999, date(2027, 1, 16))]
    refused = corrected.model_copy(update={"outcome": "refused"})
    assert save(refused) == []  # the credit the dispute wrote is gone; nothing else was touched
    assert save(credited) == [("credit", -2999, date(2027, 1, 15))]  # credited again: one credit again


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"card_last4": "42424242"}, "last four"),
        ({"card_last4": "42a4"}, "last four"),
        ({"payment_method": "cash"}, "how you paid"),
        ({"sent_on": date(2027, 2, 1)}, "future"),
        ({"sent_on": date(2027, 1, 10), "acknowledged_on": date(2027, 1, 5)}, "before you sent"),
        ({"outcome": "credited", "outcome_on": date(2027, 1, 5), "credited_cents": 0}, "positive"),
        (
            {"outcome": "credited", "outcome_on": date(2027, 1, 5), "credited_cents": MAX_CENTS + 1},
            "positive",
        ),
        ({"outcome": "refused"}, "date of the outcome"),
        ({"waiting_days": 400}, "between 0 and 365"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(engine, case_id, fields, message) -> None:
    with pytest.raises(UserError, match=message), unit_of_work(engine) as session:
        esc.save_escalation(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            data=EscalationBase.model_construct(**fields),
            today=TODAY,
        )
    with Session(engine) as session:
        assert esc.get_escalation(session=session, owner=LOCAL_OWNER, case_id=case_id) is None
        assert session.exec(select(func.count()).select_from(LedgerEntry)).one() == 0


def test_a_complaint_with_a_reference_joins_the_confirmation_trail(engine, case_id) -> None:
    with unit_of_work(engine) as session:
        esc.add_complaint(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            data=ComplaintBase(place="fcc", filed_on=date(2027, 1, 10), reference="FCC-1234567"),
            today=TODAY,
        )
    with Session(engine) as session:
        complaints = esc.list_complaints(session=session, owner=LOCAL_OWNER, case_id=case_id)
        numbers = session.exec(select(Confirmation.number, Confirmation.note)).all()
    assert [(c.place, c.reference) for c in complaints] == [("fcc", "FCC-1234567")]
    assert numbers == [("FCC-1234567", "Complaint filed with FCC Consumer Complaint Center on Jan 10, 2027")]
    with pytest.raises(UserError, match="where you filed"), unit_of_work(engine) as session:
        esc.add_complaint(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            data=ComplaintBase(place="nowhere", filed_on=date(2027, 1, 10)),
            today=TODAY,
        )


def test_another_owner_sees_and_changes_nothing(engine, case_id) -> None:
    with Session(engine) as session:
        line_id = esc.escalated_charges(session=session, owner=LOCAL_OWNER, case_id=case_id)[0].line_id
    with pytest.raises(NotInCase), Session(engine) as session:
        esc.escalation_status(session=session, owner=OTHER, case_id=case_id, today=TODAY)
    with unit_of_work(engine) as session:
        theirs = store.create_case(session=session, owner=OTHER, title="Theirs").id
    with pytest.raises(NotInCase), unit_of_work(engine) as session:
        esc.set_statement_date(
            session=session, owner=OTHER, case_id=theirs, line_id=line_id, statement_on=END, today=TODAY
        )


def test_a_charge_on_the_bill_and_on_the_card_statement_is_escalated_once_as_the_issuer_sees_it(engine):
    from ooma_cancel.models import BillLine, BillUpload, Finding

    with unit_of_work(engine) as session:
        case_id = store.create_case(session=session, owner=LOCAL_OWNER, title="Two files").id
        for name, report, day, descriptor in (
            ("bill.csv", {}, date(2026, 12, 1), "Premier monthly service"),
            ("card.csv", {"provider_lines": ["OOMA"]}, date(2026, 12, 3), "OOMA INC 888-555-0100"),
        ):
            upload = BillUpload(
                case_id=case_id, filename=name, sha256=name, report=report, disputed_total_cents=1451
            )
            session.add(upload)
            session.flush()
            line = BillLine(
                upload_id=upload.id, line=1, line_on=day, description=descriptor, amount_cents=1451
            )
            session.add(line)
            session.flush()
            session.add(Finding(line_id=line.id, flags="after_end_date", disputed_cents=1451))
    with Session(engine) as session:
        charges = esc.escalated_charges(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert [(c.descriptor, c.charged_on) for c in charges] == [("OOMA INC 888-555-0100", date(2026, 12, 3))]
