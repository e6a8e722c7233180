"""Confirmation numbers: correcting and removing them, and which one is the primary cancellation number."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from ooma_cancel.db import unit_of_work
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.confirmations import (
    add_confirmation,
    delete_confirmation,
    list_confirmations,
    primary_cancellation_confirmation,
    update_confirmation,
)
from ooma_cancel.store.events import list_events

AT = datetime(2025, 12, 1, 15, 41, tzinfo=UTC)


def record(engine, case_id, number, confirms="cancellation", at=AT):
    with unit_of_work(engine) as session:
        return add_confirmation(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            number=number,
            received_at=at,
            channel="phone",
            confirms=confirms,
        ).id


def primary(engine, case_id):
    with Session(engine) as session:
        found = primary_cancellation_confirmation(session=session, owner=LOCAL_OWNER, case_id=case_id)
        return found.number if found else None


@pytest.fixture
def case_id(engine):
    with unit_of_work(engine) as session:
        return create_case(session=session, owner=LOCAL_OWNER, title="Home").id


def test_the_newest_cancellation_number_is_primary_whatever_came_after(engine, case_id):
    assert primary(engine, case_id) is None
    record(engine, case_id, "CX-1")
    record(engine, case_id, "CX-2", at=AT + timedelta(hours=2))
    record(engine, case_id, "PORT-9", confirms="port", at=AT + timedelta(hours=3))
    assert primary(engine, case_id) == "CX-2"


def test_correct_and_remove_with_their_audit_events(engine, case_id):
    first = record(engine, case_id, "CX-1")
    with unit_of_work(engine) as session:
        update_confirmation(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            confirmation_id=first,
            number=" CX-11 ",
            received_at=AT,
            channel="chat",
            confirms="cancellation",
            representative=" Dana ",
        )
    with Session(engine) as session:
        (stored,) = list_confirmations(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert (stored.number, stored.channel, stored.representative) == ("CX-11", "chat", "Dana")
    with unit_of_work(engine) as session:
        delete_confirmation(session=session, owner=LOCAL_OWNER, case_id=case_id, confirmation_id=first)
    assert primary(engine, case_id) is None
    with Session(engine) as session:
        summaries = [
            e.summary
            for e in list_events(session=session, owner=LOCAL_OWNER, case_id=case_id, stage="confirmation")
        ]
    assert summaries == [
        "Cancellation confirmation number removed.",
        "Cancellation confirmation number corrected.",
        "Cancellation confirmation number recorded.",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "  "}, "Enter the confirmation number"),
        ({"number": "X" * 101}, "at most 100"),
        ({"confirms": "pizza"}, "from the list"),
        ({"received_at": datetime(2025, 12, 1, 15, 41)}, "needs a timezone"),
        ({"received_at": datetime.now(UTC) + timedelta(days=1)}, "in the future"),
        ({"note": "n" * 2001}, "under 2000"),
    ],
)
def test_corrections_are_checked_like_new_numbers(engine, case_id, changes, message):
    first = record(engine, case_id, "CX-1")
    fields = {"number": "CX-1", "received_at": AT, "channel": "phone", "confirms": "cancellation", **changes}
    with pytest.raises(ValueError, match=message), unit_of_work(engine) as session:
        update_confirmation(
            session=session, owner=LOCAL_OWNER, case_id=case_id, confirmation_id=first, **fields
        )
    assert primary(engine, case_id) == "CX-1"


def test_another_owner_can_neither_read_nor_change_them(engine, case_id):
    first = record(engine, case_id, "CX-1")
    with pytest.raises(LookupError), Session(engine) as session:
        primary_cancellation_confirmation(session=session, owner="someone else", case_id=case_id)
    with pytest.raises(LookupError), unit_of_work(engine) as session:
        delete_confirmation(session=session, owner="someone else", case_id=case_id, confirmation_id=first)
    with unit_of_work(engine) as session:
        other = create_case(session=session, owner=LOCAL_OWNER, title="Office").id
    with pytest.raises(LookupError), unit_of_work(engine) as session:
        delete_confirmation(session=session, owner=LOCAL_OWNER, case_id=other, confirmation_id=first)
