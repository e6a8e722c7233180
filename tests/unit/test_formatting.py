"""The pages' formatter: dates, times and amounts read the same on every page."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ooma_cancel.formatting import (
    amount_field,
    day_text,
    days_phrase,
    format_dollars,
    moment_text,
    yes_or_blank,
)


def test_a_day_reads_month_day_year_and_a_missing_one_says_so():
    assert day_text(date(2028, 2, 29)) == "Feb 29, 2028"
    assert day_text(date(2026, 12, 1)) == "Dec 1, 2026"
    assert day_text(None) == ""
    assert day_text(None, missing="—") == "—"


def test_a_moment_reads_in_the_visitors_zone_on_both_sides_of_a_clock_change():
    new_york = ZoneInfo("America/New_York")
    assert moment_text(datetime(2026, 3, 8, 6, 59, tzinfo=UTC), new_york) == "Mar 8, 2026 1:59 AM"
    assert moment_text(datetime(2026, 3, 8, 7, 0, tzinfo=UTC), new_york) == "Mar 8, 2026 3:00 AM"
    assert (
        moment_text(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), ZoneInfo("Asia/Tokyo"))
        == "Jan 1, 2027 8:30 AM"
    )


def test_an_amount_field_shows_cents_exactly_without_sign_or_dollar():
    assert amount_field(5999) == "59.99"
    assert amount_field(-1250) == "12.50"
    assert amount_field(5) == "0.05"
    assert amount_field(100_000_000) == "1000000.00"  # the largest amount the app keeps, not 1e6
    assert amount_field(0) == ""
    assert amount_field(None) == ""
    assert format_dollars(-1250) == "-$12.50"


def test_days_phrase_and_yes_cells():
    today = date(2026, 11, 30)
    assert days_phrase(date(2026, 12, 1), today) == "in 1 day"
    assert days_phrase(date(2026, 11, 27), today) == "3 days ago"
    assert days_phrase(today, today) == "today"
    assert (yes_or_blank(True), yes_or_blank(False)) == ("yes", "")
