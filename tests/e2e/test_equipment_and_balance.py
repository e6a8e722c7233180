"""Equipment return and balance in a real browser: ship a device, mark it delivered, see both charts drawn."""

from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def type_into(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True).last
    field.fill(value)
    field.press("Tab")
    wait_idle(page)


def choose(container, option: str) -> None:
    """Open the selectbox in ``container`` and pick ``option`` from its list."""
    page = container.page
    for _ in range(3):  # the list closes when a rerun lands while it opens; open it again
        container.get_by_role("combobox").first.click()
        wanted = page.get_by_role("option", name=option, exact=True)
        try:
            wanted.click(timeout=5_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
            continue
        wait_idle(page)
        return
    raise AssertionError(f"could not choose {option!r}")


def metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def expect_chart_drawn(page) -> None:
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible()
    # Vega draws into a canvas or an SVG once the spec and its data compiled without error.
    expect(chart.locator("canvas, svg").first).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["height"] >= 60


def test_ship_a_device_mark_it_delivered_and_see_the_charts(server, browser_page):
    page = browser_page
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734")).to_be_visible()  # the sample case is loaded and shown

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name="Equipment return").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Equipment return")).to_be_visible()
    expect(metric(page, "Devices to return")).to_have_text("1")
    expect_chart_drawn(page)

    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add device"))
    choose(form, "Ooma Office Base Station")  # the catalogue's name; stored as "Base Station"
    form.get_by_role("textbox", name="Serial number or MAC address").fill("BS-7781")
    form.get_by_text("Leased or rented from Ooma (not bought)").click()
    form.get_by_text("Ooma wants it back").click()
    form.get_by_role("textbox", name="Non-return fee ($)").fill("49.00")
    # A date field is three spin buttons (month, day, year); typing the digits moves from one to the next.
    form.get_by_role("spinbutton", name="month, Shipped on").click()
    page.keyboard.type(f"{date.today():%m%d%Y}")
    form.get_by_role("textbox", name="Tracking number").fill("9400 1118 9922 3344 5566 77")
    form.get_by_role("button", name="Add device").click()
    wait_idle(page)

    expect(metric(page, "Devices to return")).to_have_text("2")
    expect(metric(page, "Fees at risk")).to_have_text("$108.99")
    expect_chart_drawn(page)
    page.get_by_test_id("stVegaLiteChart").first.scroll_into_view_if_needed()
    screenshot(page, "40-equipment-two-items")

    deliver = page.get_by_test_id("stVerticalBlock").filter(has_text="Mark a shipment delivered").last
    choose(deliver, "#3 Base Station · BS-7781")
    page.get_by_role("button", name="Mark delivered").click()
    wait_idle(page)
    expect(metric(page, "Devices to return")).to_have_text("1")
    expect(metric(page, "Fees at risk")).to_have_text("$59.99")
    page.get_by_test_id("stVegaLiteChart").first.scroll_into_view_if_needed()
    screenshot(page, "41-equipment-delivered")

    sidebar.get_by_role("link", name="Outstanding balance").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Outstanding balance")).to_be_visible()
    expect(metric(page, "State")).to_have_text("Outstanding")
    expect_chart_drawn(page)
    screenshot(page, "42-balance")
