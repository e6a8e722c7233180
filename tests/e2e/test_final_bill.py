"""Review final bill in a real browser: upload the bill, run the audit, see the findings and the letter."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ooma_cancel.bill.sample import sample_bill_csv
from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def test_upload_a_bill_and_see_the_findings(server, browser_page, tmp_path: Path):
    page = browser_page
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734").first).to_be_visible()  # the sample is loaded and shown
    page.get_by_test_id("stSidebar").get_by_role("link", name="Review final bill").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Review final bill")).to_be_visible()

    bill = tmp_path / "ooma-final-bill.csv"
    bill.write_bytes(sample_bill_csv(date.today() + timedelta(days=3)))
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bill))
    wait_idle(page)
    expect(
        page.get_by_text("13 line items read; 1 total/balance rows skipped; 0 rows could not be read.")
    ).to_be_visible()
    screenshot(page, "10-bill-mapping")

    page.get_by_role("button", name="Run the audit").click()
    wait_idle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Disputed")).to_contain_text("$144.54")
    expect(page.get_by_role("heading", name="Findings")).to_be_visible()
    expect(page.get_by_role("button", name="Dispute letter (PDF)")).to_be_visible()
    page.get_by_role("heading", name="Findings").scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # let the charts draw before the screenshot
    screenshot(page, "11-bill-findings")
    page.get_by_role("heading", name="Dispute letter").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "12-bill-charts-and-letter")

    with page.expect_download() as download:
        page.get_by_role("button", name="Dispute letter (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    page.reload()
    wait_idle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Disputed")).to_contain_text("$144.54")  # saved
