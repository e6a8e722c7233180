"""Review final bill with the files that used to crash it (issue 11): a clear sentence, nothing saved."""

import pytest
from sqlmodel import Session, func, select

from ooma_cancel.models import BillLine, BillUpload
from tests.app.test_final_bill import SAMPLE_LINES, SAMPLE_UPLOADS
from tests.unit.test_fuzz_inputs import BARE_CR_IN_QUOTED_CELL, FIVE_MB_ONE_CELL, UNTERMINATED_QUOTE


def count(engine, table) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def upload(app, data: bytes):
    at = app().run()
    at.switch_page("views/final_bill.py").run()
    at.file_uploader(key="bill.upload").upload("bill.csv", data, "text/csv").run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (FIVE_MB_ONE_CELL, "Not audited: No table found: the file has no lines with separated columns."),
        (
            UNTERMINATED_QUOTE,
            "Not audited: Line 2 opens a quote that is never closed, so the rest of the file reads as one cell: "
            "close or remove that quote.",
        ),
    ],
    ids=["5-MB-single-line", "unterminated-quote"],
)
def test_a_file_that_used_to_crash_the_page_gets_one_sentence_and_nothing_is_saved(
    app, demo_case, engine, data, sentence
) -> None:
    at = upload(app, data)
    assert [e.value for e in at.error] == [sentence]
    assert "bill.run" not in [b.key for b in at.button]  # nothing to audit
    assert count(engine, BillUpload) == SAMPLE_UPLOADS  # only the sample's own card statement


def test_a_bare_cr_inside_a_quoted_cell_is_read_and_nothing_is_saved_before_the_audit(
    app, demo_case, engine
) -> None:
    at = upload(app, BARE_CR_IN_QUOTED_CELL)
    assert not at.error
    assert "2 line items read; 0 total/balance rows skipped; 0 rows could not be read." in [
        t.value for t in at.text
    ]
    assert count(engine, BillUpload) == SAMPLE_UPLOADS  # only the sample's own card statement
    assert count(engine, BillLine) == SAMPLE_LINES
