"""Dates that several stages count from: the fixed-term notice deadline and the equipment return deadline."""

from __future__ import annotations

from datetime import date, timedelta


def notice_deadline(term_ends_on: date, notice_days: int) -> date:
    """The last day written notice can reach Ooma so a fixed-term Office agreement does not auto-renew.

    Notice must be given "at least ``notice_days`` days before expiry": counting back whole days from the
    day the term ends (leap days count like any other day).
    """
    return term_ends_on - timedelta(days=notice_days)


def return_deadline(end_on: date, window_days: int) -> date:
    """Equipment must reach Ooma ``window_days`` days after the service ends."""
    return end_on + timedelta(days=window_days)
