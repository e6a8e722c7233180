"""Review final bill, driven like a person: upload a CSV, check the columns, run the audit, take the letter."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.models import BillLine, BillUpload, LedgerEntry
from tests.tables import table_frame

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


@pytest.fixture
def bill_page(app, demo_case):
    def open_page():
        at = app().run()
        at.switch_page("views/final_bill.py").run()
        assert not at.exception
        return at

    return open_page


def count(engine, table) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


# The sample case holds one audited card statement already (two lines, one disputed): the escalation's sample.
SAMPLE_UPLOADS, SAMPLE_LINES = 1, 2


def sample_for_demo() -> bytes:
    return sample_bill_csv(date.today() + timedelta(days=3))  # the sample case's confirmed end date


def test_uploading_a_bill_audits_it_and_saves_the_findings(bill_page, engine):
    at = bill_page()
    at.file_uploader(key="bill.upload").upload("final.csv", sample_for_demo(), "text/csv").run()
    assert not at.exception
    assert "13 line items read; 1 total/balance rows skipped; 0 rows could not be read." in [
        t.value for t in at.text
    ]
    assert (
        at.selectbox(
            key=next(k for k in at.session_state if k.startswith("bill.map.") and k.endswith(".amount"))
        ).value
        == "Amount (USD)"
    )
    at.button(key="bill.run").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # after the end date: 9.99 + 9.99 (also a duplicate) + 1.50 + 4.99 x 14/30 = 2.33 + 0.75; ETF 59.99 (no contract);
    # the equipment fee 59.99, charged before the return deadline while the desk phone is on its way back
    assert metrics["Disputed"] == "$144.54"
    assert metrics["Billed (charges)"] == "$166.04"
    findings = table_frame(at.table[0]).astype({"Line": int})  # a DOM table's cells come back as text
    assert list(findings["Line"]) == [8, 9, 10, 11, 12, 13, 14, 15]
    assert findings.set_index("Line").loc[11, "Disputed"] == "$2.33"
    assert "Equipment fee" in findings.set_index("Line").loc[14, "Why"]
    assert count(engine, BillUpload) == SAMPLE_UPLOADS + 1
    assert count(engine, BillLine) == SAMPLE_LINES + 13
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Dispute letter (PDF)", "Dispute letter (text)", "Findings (CSV)"]
    letter = next(t.value for t in at.text if t.value.startswith("Jordan Rivera"))
    assert "CX-118734" in letter
    assert "$144.54" in letter
    assert "(with UPS, tracking number 1Z999AA10123456784)" in letter  # the return evidence the case holds


def test_the_same_file_uploaded_again_replaces_its_audit(bill_page, engine):
    at = bill_page()
    for _ in range(2):
        at.file_uploader(key="bill.upload").upload("final.csv", sample_for_demo(), "text/csv").run()
        at.button(key="bill.run").click().run()
    assert count(engine, BillUpload) == SAMPLE_UPLOADS + 1
    assert count(engine, BillLine) == SAMPLE_LINES + 13
    assert len(at.selectbox(key="bill.selected_upload").options) == SAMPLE_UPLOADS + 1


def test_the_audit_follows_a_column_the_person_corrects(bill_page):
    at = bill_page()
    at.file_uploader(key="bill.upload").upload("final.csv", sample_for_demo(), "text/csv").run()
    category = next(k for k in at.session_state if k.startswith("bill.map.") and k.endswith(".category"))
    at.selectbox(key=category).select(None).run()  # no category column: kinds come from descriptions alone
    at.button(key="bill.run").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Disputed"] == "$144.54"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("picture.csv", PNG, "binary data"),
        ("header.csv", b"Date,Description,Amount\r\n", "no readable line items"),
    ],
)
def test_a_file_that_is_not_a_bill_is_refused_and_nothing_is_saved(bill_page, engine, name, content, message):
    at = bill_page()
    at.file_uploader(key="bill.upload").upload(name, content, "text/csv").run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Not audited" in errors
    assert message.lower() in errors.lower()
    assert "bill.run" not in [b.key for b in at.button]  # nothing to audit
    assert count(engine, BillUpload) == SAMPLE_UPLOADS


def test_ooma_s_answer_goes_into_the_balance_ledger_and_letters_in_amounts_are_refused(bill_page, engine):
    at = bill_page()
    at.file_uploader(key="bill.upload").upload("final.csv", sample_for_demo(), "text/csv").run()
    at.button(key="bill.run").click().run()
    entries = count(engine, LedgerEntry)
    at.text_input(key="bill.outcome.amount").input("twelve")
    at.button(key="bill.outcome.save").click().run()
    assert any("not an amount" in e.value for e in at.error)
    assert count(engine, LedgerEntry) == entries
    at.radio(key="bill.outcome.kind").set_value("credit")
    at.text_input(key="bill.outcome.amount").input("84.55")
    at.button(key="bill.outcome.save").click().run()
    at.radio(key="bill.outcome.kind").set_value("refund")
    at.text_input(key="bill.outcome.amount").input("10.00")
    at.button(key="bill.outcome.save").click().run()
    assert count(engine, LedgerEntry) == entries + 2
    with Session(engine) as session:
        answers = session.exec(
            select(LedgerEntry.kind, LedgerEntry.amount_cents).where(
                LedgerEntry.description.startswith("After")
            )
        ).all()
    assert sorted(answers) == [("credit", -8455), ("refund", 1000)]


def test_a_long_bill_is_audited_under_a_progress_bar_and_then_shown(bill_page, engine):
    # Past 20,000 lines the audit runs in the page, under its progress bar, instead of in the button's callback.
    head = "Date,Description,Category,Amount (USD)\n"
    lines = "".join(f"11/{1 + i % 28:02d}/2026,International call {i},Usage,$0.01\n" for i in range(20_001))
    at = bill_page()
    at.file_uploader(key="bill.upload").upload("long.csv", (head + lines).encode(), "text/csv").run()
    assert "20001 line items read" in " ".join(t.value for t in at.text)
    at.button(key="bill.run").click().run()
    assert not at.exception
    assert count(engine, BillUpload) == SAMPLE_UPLOADS + 1
    assert count(engine, BillLine) == SAMPLE_LINES + 20_001
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Billed (charges)"] == "$200.01"


def test_an_audit_that_cannot_be_saved_says_why_under_the_button_and_saves_nothing(
    bill_page, engine, monkeypatch
):
    from ooma_cancel.errors import UserError
    from ooma_cancel.store import bill as bill_store

    def refused(**_values):
        raise UserError("This bill disputes more than the app can hold.")

    monkeypatch.setattr(bill_store, "save_bill_audit", refused)
    at = bill_page()
    at.file_uploader(key="bill.upload").upload("final.csv", sample_for_demo(), "text/csv").run()
    at.button(key="bill.run").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["This bill disputes more than the app can hold."]
    assert not at.toast
    assert count(engine, BillUpload) == SAMPLE_UPLOADS
