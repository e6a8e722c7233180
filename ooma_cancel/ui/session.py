"""The engine, the current owner and case, and running a change as one unit of work with a clear message."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
import streamlit as st
from sqlmodel import Session

from ooma_cancel import store
from ooma_cancel.db import make_engine, migrate, resolve_url, unit_of_work
from ooma_cancel.owner import LOCAL_OWNER

log = logging.getLogger(__name__)
T = TypeVar("T")
CASE_KEY = "case.current_id"


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all is the normal local case
        return {}


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> sa.Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def engine() -> sa.Engine:
    """The one engine of this process for the configured database, migrated to the newest schema."""
    return _engine_for(resolve_url(os.environ, _secrets()))


def owner() -> str:
    return LOCAL_OWNER


@contextmanager
def reading() -> Iterator[Session]:
    """A session for reads; nothing it does is committed."""
    with Session(engine(), expire_on_commit=False) as session:
        yield session


def change(action: Callable[[Session], T], *, success: str | None = None) -> T | None:
    """Run ``action`` in one transaction; on any failure roll back, say so plainly, and return None."""
    try:
        with unit_of_work(engine()) as session:
            result = action(session)
    except (ValueError, LookupError) as error:
        st.error(str(error), icon=":material/error:")
        return None
    except sa.exc.SQLAlchemyError:
        log.exception("database write failed")
        st.error(
            "The change could not be saved (the database did not accept it). Nothing was changed.", icon="⚠️"
        )
        return None
    if success:
        st.toast(success, icon=":material/check_circle:")
    return result


def current_case_id() -> int | None:
    """The case the person is working on: their choice in this browser tab, else their latest case."""
    chosen = st.session_state.get(CASE_KEY)
    with reading() as session:
        cases = store.list_cases(session=session, owner=owner())
    ids = [case.id for case in cases]
    if chosen in ids:
        return chosen
    chosen = ids[0] if ids else None
    st.session_state[CASE_KEY] = chosen
    return chosen


def select_case(case_id: int | None) -> None:
    st.session_state[CASE_KEY] = case_id
