"""Stages 1b-3 in a real browser: log a contact with Ooma, submit the request, reload, and both are there."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import record_mailing_address, screenshot, wait_idle

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"


def type_into(page, label: str, value: str, *, nth: int = 0) -> None:
    field = page.get_by_label(label, exact=True).nth(nth)
    field.fill(value)
    field.press("Tab")  # Streamlit commits a text field when it loses focus
    wait_idle(page)


def go_to(page, title: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=title).click()
    wait_idle(page)
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_a_contact_and_a_submitted_request_survive_a_reload(server, browser_page):
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server)
    page.get_by_label("Name of the case").first.fill("Home phone")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)

    go_to(page, "Account identification")
    for label, value in (
        ("Account holder's name", "Jordan Rivera"),
        ("Account number", "4815162342"),
        ("Registered phone numbers", "(650) 555-0123"),
        ("Service address: street", "100 Example Street"),
        ("City", "Sunnyvale"),
        ("State / province", "CA"),
        ("Postal code", "94086"),
    ):
        type_into(page, label, value)
    page.get_by_role("button", name="Save account").click()
    wait_idle(page)
    expect(page.get_by_text("Basic · •••• 2342")).to_be_visible()

    go_to(page, "Keep your number")
    page.get_by_text("Let it go: I do not need this number any more").click()
    wait_idle(page)
    expect(page.get_by_text("You chose not to keep your number.")).to_be_visible()
    screenshot(page, "10-keep-number")

    go_to(page, "Contacting support")
    type_into(page, "Representative's name or ID", SCRIPT)
    type_into(page, "Ticket or reference number", "TCK-20931")
    type_into(page, "What was said", "Asked to cancel. Offered half price for three months; declined.")
    type_into(page, "Outcome", "retention offer declined")
    page.get_by_role("button", name="Add to the log").click()
    wait_idle(page)
    expect(page.get_by_text("1 contact, newest first; showing 1–1.")).to_be_visible()
    # The new contact opens for editing: the name is there exactly as typed, and no script ran.
    expect(page.get_by_label("Representative's name or ID", exact=True).nth(1)).to_have_value(SCRIPT)
    screenshot(page, "11-contact-support")

    go_to(page, "Cancellation request")
    for statement in (
        "The request says clearly that I want to cancel",
        "It asks for written confirmation and a confirmation number",
        "It asks for the final bill date and equipment return instructions",
    ):
        page.get_by_text(statement).click()
        wait_idle(page)
    end_on = date.today() + timedelta(days=14)
    # The date field is a row of segments (month, day, year): type the digits into the first one.
    page.get_by_label("Requested end date", exact=True).get_by_role("spinbutton").first.click()
    page.keyboard.type(f"{end_on:%m%d%Y}")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Cancellation request").click()  # the field commits when it loses focus
    wait_idle(page)
    expect(page.get_by_text("Ready: the request has everything Ooma needs.")).to_be_visible()
    record_mailing_address(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    screenshot(page, "12-cancellation-request-draft")

    page.get_by_role("button", name="Mark as submitted").click()
    wait_idle(page)
    expect(
        page.get_by_text(f"Submitted on {date.today():%b %-d, %Y} · Phone call with a representative")
    ).to_be_visible()

    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Cancellation request")).to_be_visible()
    expect(
        page.get_by_text(f"Submitted on {date.today():%b %-d, %Y} · Phone call with a representative")
    ).to_be_visible()
    expect(page.get_by_text(f"Requested end date: {end_on:%b %-d, %Y}")).to_be_visible()
    screenshot(page, "13-cancellation-request-submitted")

    go_to(page, "Contacting support")
    expect(page.get_by_text("1 contact, newest first; showing 1–1.")).to_be_visible()
    assert dialogs == []
