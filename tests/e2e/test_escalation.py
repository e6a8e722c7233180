"""Escalation in a real browser: record the card dispute, take the notice, see the deadline on the overview and
in the calendar."""

import io
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def download(page, label: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    wait_idle(page)
    return path


def test_record_a_card_dispute_take_the_notice_and_find_the_deadline(server, browser_page, tmp_path: Path):
    page = browser_page
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734").first).to_be_visible()  # the sample is loaded and shown
    # The sample's disputed card charge: the notice is due 60 days after its statement (46 days ago).
    deadline = date.today() + timedelta(days=14)
    due = f"{deadline:%b} {deadline.day}, {deadline.year}"
    expect(page.get_by_text(f"must reach your card issuer or bank by {due}")).to_be_visible()
    screenshot(page, "escalation-overview")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name="Escalation").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Escalation", exact=True)).to_be_visible()
    expect(page.get_by_text(f"notice due {due} (14 days left)")).to_be_visible()

    issuer = page.get_by_label("Card issuer or bank")
    issuer.fill("Sample Credit Union")
    page.get_by_label("Last four digits of the card or account (nothing more)").fill("9876")
    page.get_by_role("button", name="Save", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Re: Billing error notice — card ending in 9876")).to_be_attached()
    screenshot(page, "escalation-page")

    notice = download(page, "Notice (PDF)", tmp_path)
    # As read: a justified line comes out of the PDF with doubled spaces, and a phrase may break across lines.
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(notice.read_bytes())).pages).split()
    )
    assert "Sample Credit Union" in text
    assert "card ending in 9876" in text
    assert "12 CFR 1026.13" in text
    assert "a duplicate of a charge already billed" in text
    assert "4815162342" not in text

    sidebar.get_by_role("link", name="Service end date").click()
    wait_idle(page)
    calendar = download(page, "Download calendar (.ics)", tmp_path).read_text()
    assert "Last day: billing-error notice to your card issuer or bank" in calendar
    assert f"DTSTART;VALUE=DATE:{deadline:%Y%m%d}" in calendar
