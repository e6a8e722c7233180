"""The journey in a real browser: what a person clicks and types, and what is still there after a reload."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def type_into(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")  # Streamlit commits a text field when it loses focus
    wait_idle(page)


def test_account_identification_is_saved_and_survives_a_reload(server, browser_page):
    page = browser_page
    page.goto(server)
    expect(page.get_by_role("heading", name="Cancel your Ooma service")).to_be_visible()
    screenshot(page, "01-overview-first-visit")

    page.get_by_label("Name of the case").first.fill("Home phone")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)
    expect(page.get_by_text("Enter the account you want to cancel.").first).to_be_visible()

    page.get_by_role("link", name="Account identification").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Account identification")).to_be_visible()

    type_into(page, "Account holder's name", "Jordan Rivera")
    type_into(page, "Account number", "4815162342")
    type_into(page, "Registered phone numbers", "555-0123")
    expect(page.get_by_text("cannot be a US phone number")).to_be_visible()  # validated as you type
    type_into(page, "Registered phone numbers", "(650) 555-0123")
    expect(page.get_by_text("cannot be a US phone number")).to_have_count(0)
    type_into(page, "Service address: street", "100 Example Street")
    type_into(page, "City", "Sunnyvale")
    type_into(page, "State / province", "CA")
    type_into(page, "Postal code", "94086")
    type_into(page, "E-mail on the account", "jordan@example.com")
    screenshot(page, "02-account-form")
    page.get_by_role("button", name="Save account").click()
    wait_idle(page)
    expect(page.get_by_text("Basic · •••• 2342")).to_be_visible()

    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Account identification")).to_be_visible()
    expect(page.get_by_text("Basic · •••• 2342")).to_be_visible()
    expect(page.get_by_text("Holder: Jordan Rivera")).to_be_visible()
    expect(page.get_by_text("Phone: (•••) •••-0123")).to_be_visible()
    expect(page.get_by_text("4815162342")).to_have_count(0)  # masked outside the form
    screenshot(page, "03-account-after-reload")

    page.get_by_role("button", name="Edit").click()
    wait_idle(page)
    expect(page.get_by_label("Account number", exact=True).first).to_have_value("4815162342")
    expect(page.get_by_label("Registered phone numbers", exact=True).first).to_have_value("(650) 555-0123")


def test_sample_case_and_switching_cases_in_the_sidebar(server, browser_page):
    page = browser_page
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734")).to_be_visible()
    screenshot(page, "04-overview-sample")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="New case").click()
    page.get_by_label("Name of the case").last.fill("Office line")
    page.get_by_role("button", name="Create case").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734")).to_have_count(0)  # the new, empty case is shown

    sidebar.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Home phone (sample)").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734")).to_be_visible()

    for title in ("Keep your number", "Outstanding balance", "Review final bill", "Settings & data"):
        sidebar.get_by_role("link", name=title).click()
        wait_idle(page)
        expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_the_case_chosen_in_the_sidebar_is_still_shown_after_a_reload(server, browser_page):
    page = browser_page
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734").first).to_be_visible()  # the sample is loaded and shown
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="New case").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name of the case").fill("Office line")
    dialog.get_by_role("button", name="Create case").click()
    wait_idle(page)
    expect(page.get_by_text("Sample — not your account")).to_have_count(0)  # the own, newest case

    sidebar.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Home phone (sample)").click()
    wait_idle(page)
    sidebar.get_by_role("link", name="Service end date").click()
    wait_idle(page)
    expect(page.get_by_text("Sample — not your account")).to_be_visible()
    assert "case=" in page.url  # the address names the chosen case

    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Service end date")).to_be_visible()
    expect(sidebar.get_by_role("combobox", name="Case")).to_have_value("Home phone (sample)")
    expect(page.get_by_text("Sample — not your account")).to_be_visible()
    expect(page.get_by_text("Cancellation confirmation number: CX-118734")).to_be_visible()
    # The page ends with the case's next step, a link to the page where it is done.
    expect(page.get_by_text("Next step", exact=True).last).to_be_visible()
    screenshot(page, "05-end-date-sample-after-reload")
