"""The calendar export: the .ics parses back with icalendar and holds every deadline, each with a reminder."""

from datetime import UTC, date, datetime, timedelta

import icalendar
from sqlmodel import Session, select

from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.ics import case_items, to_ics
from ooma_cancel.models import Account, BillUpload, EquipmentItem, Interaction
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.end_date import calendar_items

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def parse(ics: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def by_summary(events: list[icalendar.Event]) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in events}


def test_every_deadline_is_an_all_day_event_with_a_reminder():
    items = case_items(
        case_id=7,
        end_on=date(2026, 12, 31),
        end_confirmed=True,
        equipment=[(3, "#3 Desk phone · DP1-5567", date(2027, 1, 30))],
        fixed_term=True,
        term_ends_on=date(2027, 3, 31),
        notice_days=90,
        follow_ups=[(12, date(2026, 12, 5), "TCK-20931")],
        dispute_follow_ups=[(2, date(2027, 2, 10), "final-bill.csv")],
    )
    events = by_summary(parse(to_ics(items, name="Cancel Ooma: Home", now=NOW)))
    assert {summary: event.decoded("DTSTART") for summary, event in events.items()} == {
        "Ooma service ends": date(2026, 12, 31),
        "Ooma equipment must arrive: #3 Desk phone · DP1-5567": date(2027, 1, 30),
        "Last day for written notice to Ooma (fixed-term Office agreement)": date(2026, 12, 31),
        "Follow up with Ooma (TCK-20931)": date(2026, 12, 5),
        "Follow up on the bill dispute": date(2027, 2, 10),
    }
    for event in events.values():
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") < timedelta(0)  # before the event
    # Reminders fire at 9:00: a week before the equipment deadline, the day before a follow-up.
    equipment = events["Ooma equipment must arrive: #3 Desk phone · DP1-5567"]
    assert next(iter(equipment.walk("VALARM"))).decoded("TRIGGER") == -timedelta(days=6, hours=15)
    follow_up = events["Follow up with Ooma (TCK-20931)"]
    assert next(iter(follow_up.walk("VALARM"))).decoded("TRIGGER") == -timedelta(hours=15)
    # Stable ids: downloading again updates the same events in a calendar app.
    assert str(events["Ooma service ends"]["UID"]) == "case7-end-date@ooma-cancel"


def test_an_unconfirmed_end_date_says_so_and_nothing_is_invented():
    items = case_items(case_id=1, end_on=date(2026, 12, 31), end_confirmed=False)
    assert [item.summary for item in items] == ["Ooma service ends (requested, not confirmed)"]
    assert case_items(case_id=1, end_on=None, end_confirmed=False) == []
    # A notice deadline needs both a fixed term and its end date.
    assert case_items(case_id=1, end_on=None, end_confirmed=False, fixed_term=True, term_ends_on=None) == []


def test_the_sample_case_calendar_holds_its_deadlines_and_follow_ups(engine):
    today = date(2026, 12, 1)
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=today)
        account = session.exec(select(Account).where(Account.case_id == case_id)).one()
        account.plan, account.fixed_term, account.term_ends_on = "Office", True, date(2027, 6, 30)
        session.add(
            BillUpload(
                case_id=case_id,
                filename="final.csv",
                sha256="0" * 64,
                dispute_follow_up_on=date(2026, 12, 20),
            )
        )
        session.add(Interaction(case_id=case_id, summary="old", follow_up_on=today - timedelta(days=40)))
    with Session(engine) as session:
        items = calendar_items(session=session, owner=LOCAL_OWNER, case_id=case_id, today=today)
        desk_phone = session.exec(select(EquipmentItem).where(EquipmentItem.kind == "Desk phone")).one()
    events = by_summary(parse(to_ics(items, name="Sample", now=NOW)))
    end_on = today + timedelta(days=3)
    assert events["Ooma service ends"].decoded("DTSTART") == end_on
    assert events[f"Ooma equipment must arrive: #{desk_phone.id} Desk phone · DP1-5567"].decoded(
        "DTSTART"
    ) == end_on + timedelta(days=30)
    assert events["Last day for written notice to Ooma (fixed-term Office agreement)"].decoded(
        "DTSTART"
    ) == date(2027, 4, 1)
    assert events["Follow up with Ooma (TCK-20931)"].decoded("DTSTART") == today + timedelta(days=5)
    assert events["Follow up on the bill dispute"].decoded("DTSTART") == date(2026, 12, 20)
    # The sample's card charge: its billing-error notice is due 60 days after the statement (46 days ago).
    card = events["Last day: billing-error notice to your card issuer or bank"]
    assert card.decoded("DTSTART") == today + timedelta(days=14)
    assert len(events) == 6  # the bought Telo and the past follow-up are not in it
    ics = to_ics(items, name="Sample", now=NOW).decode()
    assert "4815162342" not in ics  # no account number in a file that gets synced around
