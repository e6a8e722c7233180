from datetime import date

import pytest

from ooma_cancel.deadlines import notice_deadline, return_deadline


@pytest.mark.parametrize(
    ("term_ends", "deadline"),
    [
        (date(2027, 3, 31), date(2026, 12, 31)),  # across a year end
        (date(2028, 5, 29), date(2028, 2, 29)),  # lands on a leap day
        (date(2027, 5, 29), date(2027, 2, 28)),  # ... and a year later it cannot
        (date(2026, 12, 1), date(2026, 9, 2)),
    ],
)
def test_written_notice_is_due_ninety_days_before_the_term_ends(term_ends, deadline):
    assert notice_deadline(term_ends, 90) == deadline


def test_equipment_is_due_the_window_after_the_end_date():
    assert return_deadline(date(2026, 12, 15), 30) == date(2027, 1, 14)
    assert return_deadline(date(2028, 2, 1), 30) == date(2028, 3, 2)  # 29 days in February 2028
