from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from ooma_cancel import store
from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import (
    Account,
    AccountBase,
    CancellationRequest,
    Case,
    Confirmation,
    EndDate,
    EquipmentItem,
    Event,
    Interaction,
    LedgerEntry,
    PortRecord,
)
from ooma_cancel.owner import LOCAL_OWNER


@pytest.fixture
def engine(any_engine):
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_engine


ACCOUNT = AccountBase(
    holder_name="Jordan Rivera", account_number="4815162342", phone_numbers=["+16505550123"]
)


# The tables of the stages the sample case fills (every stage but the final bill, which it leaves to the person).
STAGE_TABLES = (
    PortRecord,
    Interaction,
    CancellationRequest,
    EquipmentItem,
    LedgerEntry,
    Confirmation,
    EndDate,
)


def count(engine: sa.Engine, table) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_every_change_writes_its_audit_event(engine):
    with unit_of_work(engine) as session:
        case = store.create_case(session=session, owner=LOCAL_OWNER, title="Home")
        store.save_account(session=session, owner=LOCAL_OWNER, case_id=case.id, account_in=ACCOUNT)
    with Session(engine) as session:
        events = store.list_events(session=session, owner=LOCAL_OWNER, case_id=case.id)
    assert [e.summary for e in events] == ["Account •••• 2342 added.", "Case “Home” created."]
    assert all(e.at.tzinfo is not None for e in events)
    assert "4815162342" not in " ".join(e.summary for e in events)


def test_a_failed_write_saves_nothing_not_even_its_event(engine):
    with unit_of_work(engine) as session:
        case = store.create_case(session=session, owner=LOCAL_OWNER, title="Home")
    events_before = count(engine, Event)
    with pytest.raises(sa.exc.IntegrityError), unit_of_work(engine) as session:
        store.save_account(session=session, owner=LOCAL_OWNER, case_id=case.id, account_in=ACCOUNT)
        session.add(LedgerEntry(case_id=999_999, entry_on=date(2026, 1, 1), kind="charge", amount_cents=1))
        session.flush()  # the foreign key refuses the entry: the account and its event roll back too
    assert count(engine, Account) == 0
    assert count(engine, Event) == events_before


def test_another_owners_case_is_not_found(engine):
    with unit_of_work(engine) as session:
        case = store.create_case(session=session, owner="alice", title="Alice's line")
    with Session(engine) as session:
        assert store.list_cases(session=session, owner="bob") == []
        with pytest.raises(store.CaseNotFound):
            store.get_case(session=session, owner="bob", case_id=case.id)
        with pytest.raises(store.CaseNotFound):
            store.save_account(session=session, owner="bob", case_id=case.id, account_in=ACCOUNT)


def test_the_account_to_cancel_is_confirmed_by_its_last_four_digits(engine):
    with unit_of_work(engine) as session:
        case = store.create_case(session=session, owner=LOCAL_OWNER, title="Two lines")
        first = store.save_account(session=session, owner=LOCAL_OWNER, case_id=case.id, account_in=ACCOUNT)
        store.save_account(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case.id,
            account_in=AccountBase(account_number="99990000"),
        )
    with pytest.raises(ValueError, match="last four"), unit_of_work(engine) as session:
        store.confirm_account(
            session=session, owner=LOCAL_OWNER, case_id=case.id, account_id=first.id, typed_last_four="0000"
        )
    with unit_of_work(engine) as session:
        store.confirm_account(
            session=session, owner=LOCAL_OWNER, case_id=case.id, account_id=first.id, typed_last_four="2342"
        )
    with Session(engine) as session:
        assert session.get(Case, case.id).confirmed_account_id == first.id
        facts = store.case_facts(
            session=session, owner=LOCAL_OWNER, case_id=case.id, today=date(2026, 11, 27)
        )
    assert facts.account_confirmed


def test_changing_the_confirmed_account_number_asks_for_confirmation_again(engine):
    with unit_of_work(engine) as session:
        case = store.create_case(session=session, owner=LOCAL_OWNER, title="Home")
        account = store.save_account(session=session, owner=LOCAL_OWNER, case_id=case.id, account_in=ACCOUNT)
        store.confirm_account(
            session=session, owner=LOCAL_OWNER, case_id=case.id, account_id=account.id, typed_last_four="2342"
        )
    with unit_of_work(engine) as session:
        changed = ACCOUNT.model_copy(update={"account_number": "4815160000"})
        store.save_account(
            session=session, owner=LOCAL_OWNER, case_id=case.id, account_in=changed, account_id=account.id
        )
    with Session(engine) as session:
        assert session.get(Case, case.id).confirmed_account_id is None


def test_deleting_a_case_removes_everything_of_it(engine):
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=date(2026, 11, 27))
    assert count(engine, LedgerEntry) > 300
    with unit_of_work(engine) as session:
        store.delete_case(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert count(engine, LedgerEntry) == count(engine, Event) == count(engine, Account) == 0


def test_the_sample_case_touches_every_stage_and_scales(engine):
    with unit_of_work(engine) as session:
        small = seed_demo(session=session, owner=LOCAL_OWNER, scale=1, today=date(2026, 11, 27))
        big = seed_demo(session=session, owner=LOCAL_OWNER, scale=3, today=date(2026, 11, 27))
    with Session(engine) as session:
        facts = store.case_facts(session=session, owner=LOCAL_OWNER, case_id=small, today=date(2026, 11, 27))
        for table in STAGE_TABLES:
            total = session.exec(select(func.count()).select_from(table).where(table.case_id == small)).one()
            assert total > 0, table.__name__
        ledger = {
            case_id: session.exec(select(func.count()).where(LedgerEntry.case_id == case_id)).one()
            for case_id in (small, big)
        }
    assert facts.cancellation_confirmation == "CX-118734"
    assert facts.balance_cents > 0  # this month is not paid yet
    assert facts.port_completed_on is not None
    assert 2.5 * ledger[small] < ledger[big] < 3.5 * ledger[small]


def test_case_names_stay_distinct_per_owner(engine):
    with unit_of_work(engine) as session:
        titles = [store.create_case(session=session, owner=LOCAL_OWNER, title="Home").title for _ in range(3)]
        other = store.create_case(session=session, owner="someone else", title="Home").title
    assert titles == ["Home", "Home (2)", "Home (3)"]
    assert other == "Home"


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_case_needs_a_sensible_name(engine, title):
    with pytest.raises(ValueError, match="name"), unit_of_work(engine) as session:
        store.create_case(session=session, owner=LOCAL_OWNER, title=title)
    assert count(engine, Case) == 0


def test_the_overview_counts_equipment_deadlines_with_the_persons_own_return_window(engine):
    from ooma_cancel.store.overrides import set_override

    today = date(2026, 11, 27)
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=today)
    with Session(engine) as session:
        before = store.case_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=today)
    with unit_of_work(engine) as session:
        set_override(
            session=session, owner=LOCAL_OWNER, case_id=case_id, key="return_window_days", value="14"
        )
    with Session(engine) as session:
        after = store.case_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=today)
    desk_phone = next(item for item in before.equipment if item.return_required)
    assert desk_phone.deadline == date(2026, 11, 30) + timedelta(days=30)
    assert next(item for item in after.equipment if item.return_required).deadline == date(
        2026, 11, 30
    ) + timedelta(days=14)
