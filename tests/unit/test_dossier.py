"""The evidence dossier: a real PDF holding the proof, and a Markdown version saying the same."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest
from sqlmodel import select

from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.dossier import markdown_file, mask_letter, md, monthly_balances, pdf_file, timeline
from ooma_cancel.models import (
    BillLine,
    BillUpload,
    CancellationRequest,
    Complaint,
    Event,
    Finding,
    LedgerEntry,
)
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import CaseNotFound

TODAY = date(2026, 11, 27)


@pytest.fixture
def case_id(engine) -> int:
    """The sample case with a written request and an audited final bill, added straight through the models."""
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=TODAY)
        request = session.exec(
            select(CancellationRequest).where(CancellationRequest.case_id == case_id)
        ).one()
        request.letter_text = (
            "To Ooma customer support,\n\nPlease cancel account 4815162342 (phone (650) 555-0123) "
            "effective Nov 30, 2026, and confirm in writing.\n\nJordan Rivera"
        )
        upload = BillUpload(
            case_id=case_id,
            filename="ooma-final-bill.csv",
            sha256="cd" * 32,
            uploaded_at=datetime(2026, 12, 10, 18, 5, tzinfo=UTC),
            disputed_total_cents=7450,
        )
        session.add(upload)
        session.flush()
        lines = [
            BillLine(
                upload_id=upload.id,
                line=4,
                line_on=date(2026, 12, 1),
                description="Premier monthly",
                amount_cents=1451,
            ),
            BillLine(
                upload_id=upload.id,
                line=5,
                line_on=date(2026, 12, 1),
                description="Equipment non-return fee",
                amount_cents=5999,
            ),
        ]
        session.add_all(lines)
        session.flush()
        session.add_all(
            [
                Finding(
                    line_id=lines[0].id,
                    flags="after_end_date",
                    disputed_cents=1451,
                    reason="After the end date.",
                ),
                Finding(
                    line_id=lines[1].id,
                    flags="equipment_fee",
                    disputed_cents=5999,
                    reason="Returned in time.",
                ),
            ]
        )
    return case_id


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_confirmation_number_and_the_disputed_total(engine, case_id):
    data = pdf_file(engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "CX-118734" in text
    # $74.50 on this bill plus the sample card statement's $14.51 charge taken twice.
    assert "Disputed total: $89.01" in text
    assert "prepared Nov 27, 2026" in text  # dated
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    assert f"Page {pages} of {pages}" in text  # numbered
    assert "1Z999AA10123456784" in text  # the equipment's tracking number
    assert "Please cancel account" in text  # the request as sent
    assert "4815162342" not in text  # ... with the account number masked
    assert "•••• 2342" in text
    assert "555-0123" not in text


def test_the_markdown_says_the_same(engine, case_id):
    text = markdown_file(engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=TODAY).decode()
    assert text.startswith("# Evidence dossier: Home phone (sample)")
    assert "CX-118734" in text
    assert "Disputed total: \\$89.01" in text  # `$` escaped: two amounts on a line would typeset as math
    assert (
        "| 5 | Dec 1, 2026 | Equipment non-return fee | \\$59.99 | equipment fee | \\$59.99 | Returned in time. |"
        in text
    )
    assert "4815162342" not in text


def test_another_owners_case_cannot_be_made_into_a_dossier(engine, case_id):
    with pytest.raises(CaseNotFound):
        pdf_file(engine=engine, owner="someone else", case_id=case_id, today=TODAY)


def test_times_are_shown_in_the_visitors_zone(engine, case_id):
    text = markdown_file(
        engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=TODAY, tz=ZoneInfo("America/Los_Angeles")
    ).decode()
    assert "Times are shown in America/Los\\_Angeles" in text
    assert "| CX-118734 | Nov 26, 2026 7:41 AM |" in text  # 15:41 UTC


def test_month_end_balances_carry_over():
    entries = [
        LedgerEntry(case_id=1, entry_on=date(2024, 1, 3), kind="charge", amount_cents=1000),
        LedgerEntry(case_id=1, entry_on=date(2024, 1, 20), kind="payment", amount_cents=-400),
        LedgerEntry(case_id=1, entry_on=date(2024, 3, 1), kind="charge", amount_cents=50),
    ]
    assert monthly_balances(entries) == [(date(2024, 1, 1), 1000, -400, 600), (date(2024, 3, 1), 50, 0, 650)]


def test_a_month_of_routine_ledger_events_is_one_line_of_the_timeline():
    at = datetime(2026, 5, 1, 9, tzinfo=UTC)
    busy = [
        Event(case_id=1, at=at.replace(day=d), stage="balance", summary="Ledger charge recorded.")
        for d in range(1, 21)
    ]
    quiet = [
        Event(case_id=1, at=datetime(2026, 6, 2, tzinfo=UTC), stage="balance", summary="Refund recorded.")
    ]
    other = [
        Event(case_id=1, at=datetime(2026, 6, 3, tzinfo=UTC), stage="request", summary="Request submitted.")
    ]
    rows = [row for _, row in timeline([], busy + quiet + other, UTC)]
    assert rows == [
        [
            "May 20, 2026 9:00 AM",
            "Events (Outstanding balance)",
            "20 ledger changes recorded in May 2026 (see the balance history).",
        ],
        ["Jun 2, 2026 12:00 AM", "Event (Outstanding balance)", "Refund recorded."],
        ["Jun 3, 2026 12:00 AM", "Event (Cancellation request)", "Request submitted."],
    ]


def test_the_letter_is_masked_but_otherwise_as_sent():
    letter = "Account 4815162342, phone (650) 555-0123 and +44 20 7946 0958."
    assert mask_letter(letter, ["4815162342"]) == "Account •••• 2342, phone (•••) •••-0123 and +•• •••• 0958."


def test_user_text_is_inert_in_markdown():
    assert (
        md("[click](https://evil.example) | <b>x</b>\nnext")
        == "\\[click\\](https\u2060://evil.example) \\| \\<b>x\\</b> next"
    )


def test_the_escalation_section_shows_the_card_dispute_and_complaints(engine, case_id):
    with unit_of_work(engine) as session:
        session.add(
            Complaint(case_id=case_id, place="cfpb", filed_on=date(2026, 11, 20), reference="CFPB-2611")
        )
    text = markdown_file(engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=TODAY).decode()
    section = text.split("## Escalation")[1].split("## ")[0]
    assert "Example Card Bank" in section
    assert "ending in 4242" in section
    assert "Sep 27, 2026" in section  # the charge's date (61 days before the sample's today)
    assert "Oct 12, 2026" in section  # the statement that first showed it
    assert "Consumer Financial Protection Bureau (CFPB)" in section
    assert "CFPB-2611" in section
    pdf = pdf_text(pdf_file(engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=TODAY))
    assert "Escalation" in pdf
    assert "CFPB-2611" in pdf
