"""A database connection that drops in the middle of a change: nothing is half-saved, and the person is told."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from ooma_cancel.models import Case, Event
from tests.factories import local_app_case


def page(case_id: int, drop: bool) -> None:
    """A page whose change renames the case, writes once, loses its connection, and tries to write again."""
    import streamlit as st

    from ooma_cancel.store.cases import rename_case
    from ooma_cancel.ui.session import change, owner

    def rename_twice(session) -> str:  # (the script runs without this module's imports)
        rename_case(session=session, owner=owner(), case_id=case_id, title="Account 4815162342")
        session.flush()
        if drop:
            connection = session.connection()
            if connection.dialect.name == "postgresql":
                # The server ends this session's backend, as a restart or a network cut would.
                connection.exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")
            else:
                connection.connection.dbapi_connection.close()
        return rename_case(session=session, owner=owner(), case_id=case_id, title="Second name").title

    if st.button("Save", key="drop.save"):
        st.text(f"result: {change(rename_twice, success='Saved.')}")


@pytest.fixture
def stored_case(any_db, monkeypatch):
    yield from local_app_case(any_db, monkeypatch)


def state(engine, case_id):
    with Session(engine) as session:
        title = session.get(Case, case_id).title
        events = session.exec(select(func.count()).select_from(Event).where(Event.case_id == case_id)).one()
    return title, events


def test_a_dropped_connection_rolls_back_and_says_so(stored_case, caplog):
    engine, case_id = stored_case
    before = state(engine, case_id)
    at = AppTest.from_function(page, args=(case_id, True), default_timeout=30).run()
    with caplog.at_level(logging.DEBUG, logger="ooma_cancel"):
        at.button(key="drop.save").click().run()

    assert not at.exception
    assert any("could not be saved" in e.value and "Nothing was changed" in e.value for e in at.error)
    assert [t.value for t in at.text] == ["result: None"]
    assert not at.toast
    assert state(engine, case_id) == before  # the first rename was rolled back with the rest
    assert "database write failed" in caplog.text
    assert "4815162342" not in caplog.text  # the failed statement's parameters are not logged

    # The next change works: the dead connection was thrown away, not reused.
    again = AppTest.from_function(page, args=(case_id, False), default_timeout=30).run()
    again.button(key="drop.save").click().run()
    assert [t.value for t in again.text] == ["result: Second name"]
    assert state(engine, case_id) == ("Second name", before[1] + 2)
