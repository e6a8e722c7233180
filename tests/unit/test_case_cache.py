"""One cache key for what a page derives from a case: whose case, which one, and how it stood."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from ooma_cancel.db import unit_of_work
from ooma_cancel.ledger import validate_entry
from ooma_cancel.store.cases import case_version, create_case
from ooma_cancel.store.ledger import add_entry
from ooma_cancel.ui.case_cache import CaseStamp, per_case


def stamp_of(engine, owner: str, case_id: int) -> CaseStamp:
    with Session(engine) as session:
        return CaseStamp(owner, case_id, case_version(session=session, owner=owner, case_id=case_id))


def test_a_change_to_the_case_moves_its_stamp_and_another_owner_cannot_read_it(engine):
    with unit_of_work(engine) as session:
        mine = create_case(session=session, owner="alice", title="Home").id or 0
        theirs = create_case(session=session, owner="bob", title="Home").id or 0
    before = stamp_of(engine, "alice", mine)
    assert stamp_of(engine, "alice", mine) == before  # nothing changed: the same key
    data, _ = validate_entry(
        entry_on=date(2026, 3, 1), kind="charge", description="Bill", amount="10", today=date(2026, 3, 2)
    )
    assert data is not None
    with unit_of_work(engine) as session:
        add_entry(session=session, owner="alice", case_id=mine, data=data)
    after = stamp_of(engine, "alice", mine)
    assert after != before
    assert stamp_of(engine, "bob", theirs) != after
    with Session(engine) as session, pytest.raises(LookupError):
        case_version(session=session, owner="bob", case_id=mine)  # someone else's case is not found


def test_a_cached_function_must_take_the_stamp_first():
    with pytest.raises(TypeError, match="stamp"):

        @per_case()
        def chart(owner: str, case_id: int) -> int:  # keyed without the case's state: refused
            return case_id


def test_a_server_full_of_visitors_keeps_every_case_cached():
    # One process serves everyone: with 200 visitors' cases in use, the first case's result must still be kept
    # (a cache of 64 missed on nearly every page run at 100 visitors).
    computed: list[int] = []

    @per_case()
    def next_step(stamp: CaseStamp) -> int:
        computed.append(stamp.case_id)
        return stamp.case_id * 2

    stamps = [CaseStamp(f"visitor {n}", n, ("2026-11-30", "2026-11-30")) for n in range(200)]
    assert [next_step(stamp) for stamp in stamps] == [n * 2 for n in range(200)]
    assert [next_step(stamp) for stamp in stamps] == [n * 2 for n in range(200)]
    assert computed == list(range(200))  # each case computed once, then served from the cache
