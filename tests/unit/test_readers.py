"""Readers never lock: a page reading a case runs beside a writer, and many readers beside one writer never see
"database is locked" (SQLite in WAL mode, and PostgreSQL). A write that finds the database busy is tried again
briefly, then refused with ``DatabaseBusy``; nothing half-done stays behind."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from ooma_cancel import db
from ooma_cancel.db import DatabaseBusy, is_busy, make_engine, migrate, run_writing, unit_of_work
from ooma_cancel.guards import READ_ONLY
from ooma_cancel.models import Case, Event
from ooma_cancel.store.cases import create_case, get_case, list_cases, rename_case
from ooma_cancel.store.confirmations import add_confirmation, list_confirmations

OWNER = "local"
READERS = 20
READS = 25
WRITES = 40


def read_session(engine: sa.Engine) -> Session:
    """What a page's ``reading()`` opens."""
    return Session(engine, expire_on_commit=False, info={READ_ONLY: True})


def new_case(engine: sa.Engine, title: str = "Home") -> int:
    with unit_of_work(engine) as session:
        return create_case(session=session, owner=OWNER, title=title).id


def test_a_writer_commits_while_a_reader_is_in_the_middle_of_a_long_read(any_engine):
    case_id = new_case(any_engine)
    with read_session(any_engine) as reader:
        # The page has read part of the case and is still drawing the rest.
        assert get_case(session=reader, owner=OWNER, case_id=case_id).title == "Home"
        with unit_of_work(any_engine) as writer:  # another visitor saves meanwhile
            rename_case(session=writer, owner=OWNER, case_id=case_id, title="Renamed")
        # The reader carries on; the writer was not refused and did not wait for it.
        assert [case.id for case in list_cases(session=reader, owner=OWNER)] == [case_id]
    with read_session(any_engine) as later:
        assert get_case(session=later, owner=OWNER, case_id=case_id).title == "Renamed"


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite gives up waiting for a lock after 50 ms (instead of seconds): any reader that waits shows."""
    monkeypatch.setattr(db, "LOCK_WAIT_MS", 50)


def test_twenty_readers_beside_one_writer_are_never_locked_out(impatient, any_engine):
    case_id = new_case(any_engine)
    start = threading.Barrier(READERS + 1)

    def writer() -> int:
        start.wait()
        for i in range(WRITES):
            with unit_of_work(any_engine) as session:
                add_confirmation(
                    session=session,
                    owner=OWNER,
                    case_id=case_id,
                    number=f"C-{i}",
                    received_at=datetime.now(UTC),
                    channel="phone",
                )
        return WRITES

    def reader(_: int) -> list[int]:
        start.wait()
        seen = []
        for _ in range(READS):
            with read_session(any_engine) as session:  # a page run: several reads in one transaction
                get_case(session=session, owner=OWNER, case_id=case_id)
                seen.append(len(list_confirmations(session=session, owner=OWNER, case_id=case_id)))
                time.sleep(0.002)  # drawing the page between two reads
                list_cases(session=session, owner=OWNER)
        return seen

    with ThreadPoolExecutor(max_workers=READERS + 1) as pool:
        written = pool.submit(writer)
        reads = [pool.submit(reader, i) for i in range(READERS)]
        errors = [f.exception() for f in (written, *reads) if f.exception() is not None]
    assert errors == []  # in particular no "database is locked"
    for future in reads:
        seen = future.result()
        assert seen == sorted(seen)  # each read saw a whole commit, never going back
        assert all(0 <= n <= WRITES for n in seen)
    with read_session(any_engine) as session:
        assert len(list_confirmations(session=session, owner=OWNER, case_id=case_id)) == WRITES


# --- A busy database (SQLite: another process holds the write lock) ---------------------------------------


@pytest.fixture
def quick_engine(impatient: None, tmp_path: Path):
    """A SQLite engine that gives up waiting for the write lock after 50 ms, and its file's path."""
    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    yield engine, path
    engine.dispose()


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another program writing to the database: it holds the write lock until it commits."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def events(engine: sa.Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def test_a_write_that_stays_busy_is_tried_three_times_then_refused_with_nothing_changed(quick_engine):
    engine, path = quick_engine
    case_id = new_case(engine)
    before = events(engine)
    attempts = []

    def rename(session: Session) -> str:
        attempts.append(1)
        return rename_case(session=session, owner=OWNER, case_id=case_id, title="Renamed").title

    other = hold_write_lock(path)
    try:
        with pytest.raises(DatabaseBusy) as refused:
            run_writing(engine, rename, pauses=(0.01, 0.01))
    finally:
        other.rollback()
        other.close()
    assert is_busy(refused.value.__cause__)
    assert attempts == [1, 1, 1]  # tried three times, each rolled back
    with Session(engine) as session:
        assert session.get(Case, case_id).title == "Home"
    assert events(engine) == before


def test_a_write_that_meets_a_busy_database_succeeds_once_it_is_free(quick_engine, monkeypatch):
    engine, path = quick_engine
    case_id = new_case(engine)
    other = hold_write_lock(path)
    pauses = []

    def pause(seconds: float) -> None:  # while the app waits, the other program commits
        pauses.append(seconds)
        other.commit()

    monkeypatch.setattr(db.time, "sleep", pause)
    title = run_writing(
        engine,
        lambda session: rename_case(session=session, owner=OWNER, case_id=case_id, title="Renamed").title,
    )
    other.close()
    assert title == "Renamed"
    assert pauses == [db.BUSY_RETRY_PAUSES_S[0]]  # one retry was enough
    with Session(engine) as session:
        assert session.get(Case, case_id).title == "Renamed"


def test_a_save_to_a_case_another_save_holds_is_retried_then_refused_on_every_database(impatient, any_engine):
    """SQLite: the other save holds the write lock; PostgreSQL: it holds the case's row lock."""
    case_id = new_case(any_engine)
    attempts = []

    def rename(session: Session) -> str:
        attempts.append(1)
        return rename_case(session=session, owner=OWNER, case_id=case_id, title="Renamed").title

    with unit_of_work(any_engine) as other:
        get_case(session=other, owner=OWNER, case_id=case_id)  # a long save in progress
        with pytest.raises(DatabaseBusy):
            run_writing(any_engine, rename, pauses=(0.01, 0.01))
    assert len(attempts) == 3
    with read_session(any_engine) as session:
        assert get_case(session=session, owner=OWNER, case_id=case_id).title == "Home"
    assert run_writing(any_engine, rename) == "Renamed"  # once the other save is done, it goes through


def test_errors_other_than_busy_are_not_retried(quick_engine):
    engine, _ = quick_engine
    attempts = []

    def broken(session: Session) -> None:
        attempts.append(1)
        session.connection().exec_driver_sql("SELECT * FROM no_such_table")

    with pytest.raises(sa.exc.OperationalError) as error:
        run_writing(engine, broken)
    assert not is_busy(error.value)
    assert attempts == [1]


def test_a_unit_of_work_takes_the_write_lock_and_a_read_does_not(quick_engine):
    engine, path = quick_engine
    case_id = new_case(engine)
    other = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    try:
        with read_session(engine) as reader:
            get_case(session=reader, owner=OWNER, case_id=case_id)
            other.execute("BEGIN IMMEDIATE")  # a reader does not stop another writer
            other.rollback()
        with unit_of_work(engine) as writer:
            get_case(session=writer, owner=OWNER, case_id=case_id)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # the unit of work holds the write lock from its start
    finally:
        other.close()
