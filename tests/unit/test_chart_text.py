"""The sentences under the charts and the rows behind "Show as table"."""

from datetime import date

import pytest

from ooma_cancel.chart_text import (
    balance_text,
    charges_by_category_text,
    charges_over_time_text,
    days_remaining_text,
    due_phrase,
    plural,
)


def device(item: str, days_left: int, deadline: str = "Jan 2, 2027") -> dict:
    return {
        "item": item,
        "days_left": days_left,
        "urgency": "7 days or more",
        "deadline": deadline,
        "status": "not shipped",
        "fee": "$59.99",
    }


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 devices"), (1, "1 device"), (2, "2 devices"), (1200, "1,200 devices")],
)
def test_plural(count, expected):
    assert plural(count, "device") == expected


def test_plural_with_an_irregular_form():
    assert plural(1, "category", "categories") == "1 category"
    assert plural(3, "category", "categories") == "3 categories"


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (33, "is due in 33 days"),
        (2, "is due in 2 days"),
        (1, "is due tomorrow"),
        (0, "is due today"),
        (-1, "is 1 day overdue"),
        (-3, "is 3 days overdue"),
    ],
)
def test_due_phrase(days_left, expected):
    assert due_phrase(days_left) == expected


def test_two_devices_name_the_first_due():
    rows = [device("the desk phone", 33), device("the base station", 40, "Jan 9, 2027")]
    text = days_remaining_text(rows)
    assert (
        text.summary
        == "2 devices to return; the desk phone is due in 33 days (by Jan 2, 2027), the first of them."
    )
    assert [row["Device"] for row in text.rows] == ["the desk phone", "the base station"]
    assert text.rows[0]["Days left"] == "33"
    assert text.rows[0]["Fee if not returned"] == "$59.99"


def test_one_device_has_no_first_of_them():
    text = days_remaining_text([device("the desk phone", 1)])
    assert text.summary == "1 device to return; the desk phone is due tomorrow (by Jan 2, 2027)."


def test_overdue_devices_are_counted():
    text = days_remaining_text([device("#1 Telo", -3), device("#2 Desk phone", -1), device("#3 Router", 5)])
    assert text.summary.startswith("3 devices to return (2 overdue); #1 Telo is 3 days overdue")


def test_no_device_says_so_and_has_no_rows():
    text = days_remaining_text([])
    assert text.summary == "No device is waiting to go back."
    assert text.rows == []


def test_balance_from_owed_to_owed_with_a_projection():
    history = [(date(2026, 1, 5), 2451), (date(2026, 11, 30), 4902)]
    ahead = [(date(2026, 11, 30), 4902), (date(2026, 12, 1), 7353), (date(2027, 1, 1), 9804)]
    text = balance_text(history, ahead, today=date(2026, 11, 30))
    assert text.summary == (
        "The balance went from $24.51 owed on Jan 5, 2026 to $49.02 owed today; if the service is not "
        "cancelled it reaches $98.04 owed by Jan 1, 2027."
    )
    assert len(text.rows) == len(history) + len(ahead)
    assert text.rows[0] == {"Date": "Jan 5, 2026", "Balance": "$24.51", "Series": "Balance"}
    assert text.rows[-1]["Series"] == "If not cancelled (projection)"


def test_balance_in_credit_and_settled():
    history = [(date(2026, 2, 1), 0), (date(2026, 3, 1), -1000)]
    text = balance_text(history, [(date(2026, 3, 1), -1000)], today=date(2026, 3, 1))
    assert text.summary == "The balance went from nothing owed on Feb 1, 2026 to $10.00 in credit today."


def test_balance_without_entries():
    assert (
        balance_text([], [], today=date(2026, 3, 1)).summary
        == "No entries yet, so there is no balance to draw."
    )


def test_charges_by_category_names_where_most_is_disputed():
    totals = [("Service", 2997, 999), ("Fees", 5999, 5999), ("Taxes", 150, 0)]
    text = charges_by_category_text(totals)
    assert text.summary == "$91.46 charged in 3 categories; $69.98 disputed, most of it in “Fees” ($59.99)."
    assert [row["Category"] for row in text.rows] == ["Fees", "Service", "Taxes"]
    assert text.rows[1] == {
        "Category": "Service",
        "Charged": "$29.97",
        "Disputed": "$9.99",
        "Not disputed": "$19.98",
    }


def test_a_category_the_bill_did_not_name_reads_as_a_name_in_the_sentence():
    text = charges_by_category_text([("No category on the bill", 1000, 1000), ("Service", 2997, 0)])
    assert text.summary.endswith("most of it in “No category on the bill” ($10.00).")


def test_charges_by_category_with_nothing_disputed():
    text = charges_by_category_text([("Service", 2997, 0)])
    assert text.summary == "$29.97 charged in 1 category; nothing disputed."


def test_charges_over_time_after_the_end_date():
    end = date(2026, 12, 3)
    daily = [(date(2026, 12, 5), 999, 999), (date(2026, 11, 1), 2451, 0), (date(2026, 12, 3), 100, 0)]
    text = charges_over_time_text(daily, end)
    assert text.summary == (
        "$35.50 charged on 3 days from Nov 1, 2026 to Dec 5, 2026; $9.99 of it after the end date "
        "(Dec 3, 2026), $9.99 disputed in all."
    )
    assert [row["Date"] for row in text.rows] == ["Nov 1, 2026", "Dec 3, 2026", "Dec 5, 2026"]
    assert [row["After the end date"] for row in text.rows] == ["no", "no", "yes"]


def test_charges_on_one_day_name_that_day_once():
    text = charges_over_time_text([(date(2026, 9, 30), 2902, 1451)], date(2026, 12, 3))
    assert text.summary == (
        "$29.02 charged on Sep 30, 2026; $0.00 of it after the end date (Dec 3, 2026), $14.51 disputed in all."
    )
