"""Service end date: what is refused, the mismatch warning, and every date derived from the end date."""

from datetime import date

import pytest
from sqlmodel import Session

from ooma_cancel.db import unit_of_work
from ooma_cancel.end_date import derive, last_billing_cycle, mismatch, validate_end_date
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.end_date import end_date_context, save_end_date
from ooma_cancel.store.events import list_events

TODAY = date(2026, 12, 20)


def check(**kwargs):
    values = {
        "confirmed_on": date(2026, 12, 31),
        "source": "E-mail from Ooma, Dec 18",
        "gap_plan": "",
        "billing_day": None,
        "request_submitted_on": date(2026, 12, 18),
        "today": TODAY,
    }
    return validate_end_date(**{**values, **kwargs})


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"confirmed_on": date(2026, 12, 17)}, "confirmed_on", "before you made the request (Dec 18, 2026)"),
        ({"confirmed_on": date(2030, 1, 1)}, "confirmed_on", "not plausible"),
        ({"source": "   "}, "source", "where the confirmation came from"),
        ({"billing_day": 32}, "billing_day", "1 to 31"),
        ({"gap_plan": "x" * 2001}, "gap_plan", "under 2000"),
    ],
)
def test_bad_input_is_refused_with_a_message(fields, field, message):
    data, errors = check(**fields)
    assert data is None
    assert message in errors[field]


def test_a_valid_end_date_is_cleaned():
    data, errors = check(source="  E-mail   from Ooma ", gap_plan=" Mobile for 911 ", billing_day=31)
    assert errors == {}
    assert (data.source, data.gap_plan, data.billing_day) == ("E-mail from Ooma", "Mobile for 911", 31)
    # Without a confirmed date there is nothing to source yet (the gap plan can be saved on its own).
    assert check(confirmed_on=None, source="")[0] is not None


def test_a_different_confirmed_date_is_a_warning_that_says_which_way():
    assert mismatch(date(2026, 12, 31), date(2026, 12, 31)) is None
    assert mismatch(None, date(2026, 12, 31)) is None
    later = mismatch(date(2026, 12, 31), date(2027, 1, 15))
    assert "15 days later" in later
    assert "billed for the extra days" in later
    earlier = mismatch(date(2026, 12, 31), date(2026, 12, 28))
    assert "3 days earlier" in earlier
    assert "port" in earlier


@pytest.mark.parametrize(
    ("end_on", "billing_day", "cycle_start"),
    [
        (date(2026, 12, 20), 15, date(2026, 12, 15)),
        (date(2026, 12, 10), 15, date(2026, 11, 15)),  # before this month's billing day: last month's cycle
        (date(2027, 1, 5), 15, date(2026, 12, 15)),  # across the year end
        (date(2026, 3, 10), 31, date(2026, 2, 28)),  # a 31st billing day in February
        (date(2026, 3, 31), 31, date(2026, 3, 31)),
    ],
)
def test_the_last_billing_cycle_is_the_one_the_end_date_falls_in(end_on, billing_day, cycle_start):
    assert last_billing_cycle(end_on, billing_day) == (cycle_start, end_on)


def test_derived_dates_of_a_month_to_month_plan():
    dates = derive(
        end_on=date(2026, 12, 31),
        confirmed=True,
        billing_day=15,
        window_days=30,
        fixed_term=False,
        term_ends_on=None,
        notice_days=90,
        today=TODAY,
    )
    assert dates.countdown_days == 11
    assert dates.billing_stops_after == date(2026, 12, 31)
    assert dates.last_cycle == (date(2026, 12, 15), date(2026, 12, 31))
    assert dates.no_new_cycle_from == date(2027, 1, 15)
    assert dates.equipment_deadline == date(2027, 1, 30)
    assert dates.contract_end is None
    assert not dates.early_termination
    assert dates.notice_deadline is None


def test_derived_dates_of_a_fixed_term_office_agreement():
    dates = derive(
        end_on=date(2026, 12, 31),
        confirmed=False,
        billing_day=None,
        window_days=30,
        fixed_term=True,
        term_ends_on=date(2027, 3, 31),
        notice_days=90,
        today=TODAY,
    )
    assert dates.last_cycle is None
    assert dates.contract_end == date(2027, 3, 31)
    assert dates.early_termination
    assert dates.notice_deadline == date(2026, 12, 31)


def test_saving_records_what_changed(engine):
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
    first, _ = check()
    plan, _ = check(gap_plan="Mobile for 911")
    with unit_of_work(engine) as session:
        save_end_date(session=session, owner=LOCAL_OWNER, case_id=case_id, data=first)
    with unit_of_work(engine) as session:
        save_end_date(session=session, owner=LOCAL_OWNER, case_id=case_id, data=plan)
    with Session(engine) as session:
        context = end_date_context(session=session, owner=LOCAL_OWNER, case_id=case_id)
        summaries = [
            e.summary
            for e in list_events(session=session, owner=LOCAL_OWNER, case_id=case_id, stage="end_date")
        ]
    assert context.end_on == date(2026, 12, 31)
    assert context.confirmed
    assert context.record.gap_plan == "Mobile for 911"
    assert summaries == ["Service end date details updated.", "Service end date confirmed: Dec 31, 2026."]
