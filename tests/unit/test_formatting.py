"""The pages' formatter: dates, times and amounts read the same on every page."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ooma_cancel.formatting import (
    UTC_NOTE,
    amount_field,
    channel_text,
    choice_text,
    clock_text,
    date_range_text,
    day_text,
    days_phrase,
    ends_phrase,
    format_dollars,
    lower_first,
    moment_text,
    plural,
    visitor_zone,
    yes_or_blank,
)


def test_a_day_reads_month_day_year_and_a_missing_one_says_so():
    assert day_text(date(2028, 2, 29)) == "Feb 29, 2028"
    assert day_text(date(2026, 12, 1)) == "Dec 1, 2026"
    assert day_text(None) == ""
    assert day_text(None, missing="—") == "—"


def test_a_period_says_its_year_once_unless_it_crosses_one():
    assert date_range_text(date(2026, 11, 15), date(2026, 12, 14)) == "Nov 15 – Dec 14, 2026"
    assert date_range_text(date(2026, 12, 15), date(2027, 1, 14)) == "Dec 15, 2026 – Jan 14, 2027"
    assert date_range_text(date(2028, 2, 29), date(2028, 2, 29)) == "Feb 29, 2028"
    assert date_range_text(date(2026, 12, 1), None) == "Dec 1, 2026"
    assert date_range_text(None, None, missing="—") == "—"


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


def test_counts_read_in_the_singular_or_the_plural_never_with_brackets():
    assert plural(1, "contact") == "1 contact"
    assert plural(2, "contact") == "2 contacts"
    assert plural(0, "device") == "0 devices"
    assert plural(3, "entry") == "3 entries"
    assert plural(2, "day") == "2 days"
    assert plural(1_200, "line") == "1,200 lines"
    assert plural(2, "follow-up") == "2 follow-ups"
    assert plural(1, "number", with_count=False) == "number"
    assert plural(2, "number", with_count=False) == "numbers"
    assert days_phrase(date(2026, 12, 2), date(2026, 12, 1)) == "in 1 day"
    assert days_phrase(date(2026, 11, 28), date(2026, 12, 1)) == "3 days ago"


def test_the_end_reads_in_the_future_tense_through_its_last_day_and_in_the_past_after_it():
    end = date(2026, 11, 30)
    assert ends_phrase("Service", end, date(2026, 11, 29)) == "Service ends Nov 30, 2026"
    assert ends_phrase("Service", end, end) == "Service ends Nov 30, 2026"  # it runs through its last day
    assert ends_phrase("Service", end, date(2026, 12, 1)) == "Service ended Nov 30, 2026"


def test_a_time_is_twelve_hour_in_the_visitors_zone_and_utc_is_said_when_the_zone_is_unknown():
    morning = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    zone, fell_back = visitor_zone("America/Chicago")
    assert not fell_back
    assert clock_text(morning, zone) == "8:05 AM"
    assert clock_text(datetime(2026, 12, 1, 0, 0, tzinfo=UTC), UTC) == "12:00 AM"
    assert clock_text(datetime(2026, 12, 1, 12, 30, tzinfo=UTC), UTC) == "12:30 PM"
    for unknown in (None, "", "Mars/Olympus_Mons", "../etc"):
        zone, fell_back = visitor_zone(unknown)
        assert zone is UTC
        assert fell_back
    assert "UTC" in UTC_NOTE


def test_names_and_acronyms_keep_their_capitals_inside_a_sentence():
    assert lower_first("Port-out PIN obtained") == "port-out PIN obtained"
    assert lower_first("Ooma account number ready") == "Ooma account number ready"
    assert lower_first("FOC date received") == "FOC date received"
    assert lower_first("Written letter (mail)") == "written letter (mail)"
    assert lower_first("Web portal (your Ooma account)") == "web portal (your Ooma account)"


def test_choices_start_with_a_capital():
    assert [channel_text(c) for c in ("phone", "chat", "e-mail", "web portal")] == [
        "Phone",
        "Chat",
        "E-mail",
        "Web portal",
    ]
    assert choice_text("end date") == "End date"
    assert choice_text("") == ""
