"""The case a person chose last, which a new tab opens: kept per owner, never someone else's, gone with its case."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session

from ooma_cancel.db import unit_of_work
from ooma_cancel.store.cases import CaseNotFound, create_case, delete_case
from ooma_cancel.store.owners import case_choice, delete_owner_data, remember_case_choice


def make(engine, owner: str, title: str) -> int:
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=owner, title=title).id
    assert case_id is not None
    return case_id


def choice(engine, owner: str) -> int | None:
    with Session(engine) as session:
        return case_choice(session=session, owner=owner)


def test_the_last_choice_is_kept_per_owner_and_goes_with_its_case(any_engine):
    home, office = make(any_engine, "alice", "Home"), make(any_engine, "alice", "Office")
    theirs = make(any_engine, "bob", "Bob's line")
    assert choice(any_engine, "alice") is None  # never chose: the app shows the newest case
    for chosen in (home, office, home):
        with unit_of_work(any_engine) as session:
            remember_case_choice(session=session, owner="alice", case_id=chosen)
    assert choice(any_engine, "alice") == home  # the later choice stands
    assert choice(any_engine, "bob") is None

    with unit_of_work(any_engine) as session, pytest.raises(CaseNotFound):
        remember_case_choice(session=session, owner="alice", case_id=theirs)  # someone else's case
    assert choice(any_engine, "alice") == home

    with unit_of_work(any_engine) as session:
        delete_case(session=session, owner="alice", case_id=home)
    assert choice(any_engine, "alice") is None  # deleted with its case (the database cascades)

    with unit_of_work(any_engine) as session:
        remember_case_choice(session=session, owner="alice", case_id=office)
    with unit_of_work(any_engine) as session:
        delete_owner_data(session=session, owner="alice")
    assert choice(any_engine, "alice") is None  # "delete everything of mine" leaves no trace of it
    with unit_of_work(any_engine) as session:
        remember_case_choice(session=session, owner="bob", case_id=theirs)
    assert choice(any_engine, "bob") == theirs


def test_two_tabs_choosing_at_once_both_succeed_and_one_choice_stands(any_engine):
    cases = [make(any_engine, "alice", f"Line {n}") for n in range(2)]
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def choose(case_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(20):
                with unit_of_work(any_engine) as session:
                    remember_case_choice(session=session, owner="alice", case_id=case_id)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=choose, args=(case_id,)) for case_id in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert choice(any_engine, "alice") in cases
