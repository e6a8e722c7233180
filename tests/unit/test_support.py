"""Contacting support: the contact log's rules, time zones, follow-ups, and the store that keeps it."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from ooma_cancel.db import unit_of_work
from ooma_cancel.models import Confirmation, Event, Interaction
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import CaseNotFound, create_case
from ooma_cancel.store.confirmations import add_confirmation
from ooma_cancel.store.interactions import (
    add_interaction,
    clear_follow_up,
    delete_interaction,
    list_interactions,
    log_summary,
    update_interaction,
)
from ooma_cancel.support import (
    InteractionForm,
    follow_up_phrase,
    is_overdue,
    local_time,
    validate_interaction,
    zone,
)

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # 12:00 in Los Angeles


def form(**changes) -> InteractionForm:
    values = {
        "day": date(2026, 11, 27),
        "at": time(11, 30),
        "channel": "phone",
        "representative": "  Dana   (ID 4471) ",
        "reference": "TCK-20931",
        "summary": "Asked to cancel; offered half price, declined.",
        "outcome": "retention offer declined",
        "follow_up_on": date(2026, 12, 2),
    }
    return InteractionForm(**{**values, **changes})


def test_a_contact_is_stored_timezone_aware_in_the_visitors_zone():
    details, errors = validate_interaction(form(), tz=LA, now=NOW)
    assert errors == {}
    assert details.occurred_at == datetime(2026, 11, 27, 19, 30, tzinfo=UTC)
    assert details.representative == "Dana (ID 4471)"
    assert local_time(details.occurred_at, LA) == "Nov 27, 2026 11:30 AM"
    assert local_time(details.occurred_at, UTC) == "Nov 27, 2026 7:30 PM"


def test_names_that_look_like_markup_are_kept_exactly():
    details, _ = validate_interaction(
        form(representative="<script>alert(1)</script>", summary="[a link](http://x)"), tz=LA, now=NOW
    )
    assert details.representative == "<script>alert(1)</script>"
    assert details.summary == "[a link](http://x)"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"day": None}, "when", "Enter the date and time"),
        ({"at": time(13, 0)}, "when", "future"),  # an hour from now in Los Angeles
        ({"day": date(1989, 12, 31)}, "when", "check the year"),
        ({"channel": "fax"}, "channel", "from the list"),
        ({"summary": "   "}, "summary", "what was said"),
        ({"summary": "x" * 5001}, "summary", "5000"),
        ({"representative": "x" * 201}, "representative", "200"),
        ({"reference": "x" * 101}, "reference", "100"),
        ({"outcome": "x" * 201}, "outcome", "200"),
        ({"follow_up_on": date(2026, 11, 26)}, "follow_up_on", "before the contact"),
    ],
)
def test_bad_contacts_are_refused_with_a_reason(changes, field, words):
    details, errors = validate_interaction(form(**changes), tz=LA, now=NOW)
    assert details is None
    assert words in errors[field]


def test_a_clock_a_few_minutes_fast_is_not_the_future():
    _details, errors = validate_interaction(form(at=time(12, 5)), tz=LA, now=NOW)
    assert errors == {}


def test_unknown_or_missing_time_zones_fall_back_to_utc():
    assert zone(None) is UTC
    assert zone("Not/AZone") is UTC
    assert zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")


def test_follow_ups_are_overdue_from_the_day_after():
    today = date(2026, 11, 27)
    assert not is_overdue(None, today)
    assert not is_overdue(today, today)
    assert is_overdue(today - timedelta(days=1), today)
    assert follow_up_phrase(today, today) == "due today"
    assert follow_up_phrase(date(2026, 11, 20), today) == "OVERDUE since Nov 20, 2026"
    assert follow_up_phrase(date(2026, 12, 1), today) == "due Dec 1, 2026"
    assert follow_up_phrase(None, today) == ""


@pytest.fixture
def case_id(engine):
    with unit_of_work(engine) as session:
        return create_case(session=session, owner=LOCAL_OWNER, title="Home").id


def add(engine, case_id, **changes):
    details, errors = validate_interaction(form(**changes), tz=LA, now=NOW)
    assert not errors
    with unit_of_work(engine) as session:
        return add_interaction(session=session, owner=LOCAL_OWNER, case_id=case_id, details=details).id


def events(engine, case_id):
    with unit_of_work(engine) as session:
        return list(
            session.exec(select(Event.summary).where(Event.case_id == case_id, Event.stage == "support"))
        )


def test_the_log_is_newest_first_paginated_and_counts_overdue_follow_ups(engine, case_id):
    for day in range(1, 26):
        add(engine, case_id, day=date(2026, 11, day), follow_up_on=date(2026, 11, day + 1))
    with unit_of_work(engine) as session:
        first = list_interactions(session=session, owner=LOCAL_OWNER, case_id=case_id, limit=10)
        third = list_interactions(session=session, owner=LOCAL_OWNER, case_id=case_id, limit=10, offset=20)
        summary = log_summary(session=session, owner=LOCAL_OWNER, case_id=case_id, today=date(2026, 11, 20))
    assert [i.occurred_at.day for i in first] == list(range(25, 15, -1))
    assert [i.occurred_at.day for i in third] == [5, 4, 3, 2, 1]
    assert summary.total == 25
    assert summary.overdue == 18  # follow-ups due Nov 2 .. Nov 19


def test_edit_follow_up_done_and_delete_each_write_an_event(engine, case_id):
    interaction_id = add(engine, case_id)
    changed, _ = validate_interaction(form(outcome="cancellation accepted"), tz=LA, now=NOW)
    with unit_of_work(engine) as session:
        update_interaction(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            interaction_id=interaction_id,
            details=changed,
        )
    with unit_of_work(engine) as session:
        clear_follow_up(session=session, owner=LOCAL_OWNER, case_id=case_id, interaction_id=interaction_id)
        assert session.get(Interaction, interaction_id).follow_up_on is None
    with unit_of_work(engine) as session, pytest.raises(ValueError, match="no follow-up"):
        clear_follow_up(session=session, owner=LOCAL_OWNER, case_id=case_id, interaction_id=interaction_id)
    with unit_of_work(engine) as session:
        delete_interaction(session=session, owner=LOCAL_OWNER, case_id=case_id, interaction_id=interaction_id)
    assert events(engine, case_id) == [
        "Phone contact logged: retention offer declined.",
        "Phone contact edited: cancellation accepted.",
        "Follow-up due Dec 2, 2026 marked as done.",
        "Phone contact of Nov 27, 2026 deleted.",
    ]


def test_a_confirmation_number_from_a_contact_survives_deleting_the_contact(engine, case_id):
    interaction_id = add(engine, case_id)
    with unit_of_work(engine) as session:
        add_confirmation(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            number="CX-1",
            received_at=datetime(2026, 1, 1, tzinfo=UTC),
            channel="phone",
            interaction_id=interaction_id,
        )
    with unit_of_work(engine) as session:
        delete_interaction(session=session, owner=LOCAL_OWNER, case_id=case_id, interaction_id=interaction_id)
    with unit_of_work(engine) as session:
        confirmation = session.exec(select(Confirmation)).one()
        assert confirmation.number == "CX-1"
        assert confirmation.interaction_id is None


def test_another_owners_log_is_out_of_reach(engine, case_id):
    interaction_id = add(engine, case_id)
    with unit_of_work(engine) as session:
        other = create_case(session=session, owner="someone else", title="Theirs").id
    with unit_of_work(engine) as session:
        with pytest.raises(CaseNotFound):
            list_interactions(session=session, owner="someone else", case_id=case_id)
        with pytest.raises(LookupError):
            delete_interaction(
                session=session, owner="someone else", case_id=other, interaction_id=interaction_id
            )
    assert len(events(engine, case_id)) == 1


def test_invisible_control_characters_are_dropped_unicode_is_kept():
    details, _ = validate_interaction(
        form(representative="Zoë\x00 Ng\x07uyễn", summary="ok\x1b"), tz=LA, now=NOW
    )
    assert details.representative == "Zoë Nguyễn"
    assert details.summary == "ok"
