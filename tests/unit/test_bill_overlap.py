"""Several files, one truth: a charge on the final bill and on a card statement is disputed once."""

from datetime import date

import pytest

from ooma_cancel import store
from ooma_cancel.bill import AuditContext, audit, read_bill
from ooma_cancel.bill.dispute import DisputedLine, DisputeFacts, dispute_letter
from ooma_cancel.bill.overlap import DisputedCharge, disputed_once, same_charges
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.db import unit_of_work
from ooma_cancel.dossier import markdown_file
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store import bill as bill_store
from ooma_cancel.store.facts import case_facts

BILL = b"Date,Description,Amount\n12/17/2026,Ooma Premier monthly service,$32.07\n12/17/2026,911 fee,$1.50\n"
STATEMENT = (
    b"Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n"
    b"12/19/2026,12/20/2026,OOMA INC,Bills & Utilities,Sale,-32.07,\n"
    b"12/09/2026,12/10/2026,SAFEWAY #1234,Groceries,Sale,-84.12,\n"
)


def charge(upload: int, day: date | None, amount: int, disputed: int | None = None) -> DisputedCharge:
    return DisputedCharge(upload, day, amount, amount if disputed is None else disputed)


def test_the_same_charge_on_two_files_within_three_days_counts_once():
    assert disputed_once([charge(1, date(2026, 12, 17), 3207), charge(2, date(2026, 12, 20), 3207)]) == 3207


@pytest.mark.parametrize(
    "other",
    [
        charge(2, date(2026, 12, 21), 3207),  # four days apart: another charge
        charge(2, date(2026, 12, 18), 3208),  # another amount
        charge(1, date(2026, 12, 17), 3207),  # the same file twice: a duplicate charge, both disputed
        charge(2, None, 3207),  # no date to match by
    ],
)
def test_other_charges_are_all_counted(other):
    assert disputed_once([charge(1, date(2026, 12, 17), 3207), other]) == 3207 + other.disputed_cents


def test_a_charge_disputed_in_part_on_one_file_and_whole_on_the_other_counts_the_larger_once():
    bill_line = charge(1, date(2026, 12, 1), 999, disputed=500)
    statement_line = charge(2, date(2026, 12, 2), 999)
    assert disputed_once([bill_line, statement_line]) == 999
    assert disputed_once([statement_line, bill_line]) == 999


def test_three_files_pair_up_one_to_one():
    lines = [charge(1, date(2026, 12, 17), 3207), charge(2, date(2026, 12, 18), 3207)]
    lines.append(charge(3, date(2026, 12, 19), 3207))  # a third copy has no twin left: counted
    assert disputed_once(lines) == 2 * 3207


def save(session, case_id: int, name: str, data: bytes) -> None:
    reading = read_bill(data)
    result = audit(
        reading,
        AuditContext(
            end_date=date(2026, 11, 30), fixed_term=False, equipment_returned_on=None, return_window_days=30
        ),
    )
    bill_store.save_bill_audit(
        session=session,
        owner=LOCAL_OWNER,
        case_id=case_id,
        filename=name,
        sha256=name * 4,
        mapping=mapping_dict(reading.mapping),
        report=audit_report(reading, result),
        lines=line_rows(result),
    )


def test_the_overview_facts_and_the_dossier_count_a_charge_on_the_bill_and_the_statement_once(engine):
    with unit_of_work(engine) as session:
        case_id = store.create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save(session, case_id, "final-bill.csv", BILL)
        save(session, case_id, "card.csv", STATEMENT)
    with unit_of_work(engine) as session:
        facts = case_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=date(2026, 12, 28))
    assert facts.bill_uploads == 2
    assert facts.disputed_cents == 3207 + 150  # not 3207 twice
    dossier = markdown_file(
        engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=date(2026, 12, 28)
    ).decode()
    assert (
        r"Disputed total: \$33.57 (the files together dispute \$65.64" in dossier
    )  # Markdown: \$ reads as $


def test_same_charges_pairs_each_line_with_at_most_one_line_of_another_file():
    lines = [
        charge(1, date(2026, 12, 17), 3207),
        charge(2, date(2026, 12, 19), 3207),
        charge(1, date(2026, 12, 1), 999),
    ]
    assert same_charges(lines) == {0: 1, 1: 0}


def test_each_file_s_letter_says_which_charge_the_other_file_shows_too(engine):
    with unit_of_work(engine) as session:
        case_id = store.create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save(session, case_id, "final-bill.csv", BILL)
        save(session, case_id, "card.csv", STATEMENT)
    with unit_of_work(engine) as session:
        uploads = {
            u.filename: u.id
            for u in bill_store.list_bill_uploads(session=session, owner=LOCAL_OWNER, case_id=case_id)
        }
        on_card = bill_store.lines_on_other_files(
            session=session, owner=LOCAL_OWNER, case_id=case_id, upload_id=uploads["card.csv"]
        )
        on_bill = bill_store.lines_on_other_files(
            session=session, owner=LOCAL_OWNER, case_id=case_id, upload_id=uploads["final-bill.csv"]
        )
        findings = bill_store.bill_findings(
            session=session, owner=LOCAL_OWNER, case_id=case_id, upload_id=uploads["card.csv"]
        )
    assert list(on_card.values()) == ["final-bill.csv"]
    assert list(on_bill.values()) == ["card.csv"]  # the 911 fee is on the bill only
    [(line, finding)] = findings
    letter = dispute_letter(
        DisputeFacts("Sam Example", "4000", "1 Example St", "", date(2026, 11, 30), None, "card.csv"),
        [
            DisputedLine(
                line.line,
                "2026-12-19",
                line.description,
                line.amount_cents,
                finding.disputed_cents,
                ("after_end_date",),
                finding.reason,
                also_on=on_card[line.id],
            )
        ],
        today=date(2026, 12, 28),
    )
    assert "- Dec 19, 2026 — OOMA INC — $32.07: $32.07 disputed" in letter
    assert "The same charge appears on final-bill.csv: one charge, disputed once." in letter
