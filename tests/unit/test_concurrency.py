"""Many people (threads) writing to one case at once, on SQLite and PostgreSQL: nothing locked, nothing lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, func, select

from ooma_cancel.db import unit_of_work
from ooma_cancel.models import Account, AccountBase, Case, Confirmation, Event
from ooma_cancel.store.accounts import MAX_ACCOUNTS, save_account
from ooma_cancel.store.cases import create_case, rename_case
from ooma_cancel.store.confirmations import add_confirmation

WRITERS = 20
ROUNDS = 5
OWNER = "local"


def all_at_once(work: Callable[[int], object]) -> list[BaseException | object]:
    """Run ``work(i)`` in WRITERS threads released together; return each result or exception."""
    start = threading.Barrier(WRITERS)

    def run(i: int) -> BaseException | object:
        start.wait()
        try:
            return work(i)
        except BaseException as error:  # collected, asserted on below
            return error

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return list(pool.map(run, range(WRITERS)))


def count(engine: sa.Engine, table: type, case_id: int) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table).where(table.case_id == case_id)).one()


def test_twenty_writers_on_one_case_lose_nothing(any_engine):
    with unit_of_work(any_engine) as session:
        case_id = create_case(session=session, owner=OWNER, title="Shared").id
    events_before = count(any_engine, Event, case_id)

    def writer(i: int) -> list[str]:
        titles = []
        for round_ in range(ROUNDS):
            with unit_of_work(any_engine) as session:
                add_confirmation(
                    session=session,
                    owner=OWNER,
                    case_id=case_id,
                    number=f"C-{i}-{round_}",
                    received_at=datetime.now(UTC),
                    channel="phone",
                )
            with unit_of_work(any_engine) as session:
                titles.append(
                    rename_case(session=session, owner=OWNER, case_id=case_id, title=f"T {i}.{round_}").title
                )
        return titles

    results = all_at_once(writer)

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []  # in particular no "database is locked"
    with Session(any_engine) as session:
        numbers = set(session.exec(select(Confirmation.number).where(Confirmation.case_id == case_id)))
        title = session.get(Case, case_id).title
    assert numbers == {f"C-{i}-{r}" for i in range(WRITERS) for r in range(ROUNDS)}  # no lost insert
    assert title in {t for titles in results for t in titles}  # the last rename won, whole
    # The audit trail is complete: one event per change.
    assert count(any_engine, Event, case_id) - events_before == 2 * WRITERS * ROUNDS


def test_a_limit_checked_by_twenty_writers_at_once_still_holds(any_engine):
    """Read-then-write under contention: at most MAX_ACCOUNTS accounts, whoever came first."""
    with unit_of_work(any_engine) as session:
        case_id = create_case(session=session, owner=OWNER, title="Limit").id

    def writer(i: int) -> int:
        with unit_of_work(any_engine) as session:
            return save_account(
                session=session,
                owner=OWNER,
                case_id=case_id,
                account_in=AccountBase(holder_name=f"Writer {i}", account_number=f"{i:08d}"),
            ).id

    results = all_at_once(writer)

    saved = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, ValueError)]
    assert [r for r in results if not isinstance(r, (int, ValueError))] == []
    assert count(any_engine, Account, case_id) == len(saved) == MAX_ACCOUNTS
    assert len(refused) == WRITERS - MAX_ACCOUNTS
    assert count(any_engine, Event, case_id) == 1 + MAX_ACCOUNTS  # created, then one per saved account
