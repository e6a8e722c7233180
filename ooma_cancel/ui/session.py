"""The engine, the current owner and case, and running a change as one unit of work with a clear message."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import sqlalchemy as sa
import streamlit as st
from sqlmodel import Session

from ooma_cancel import store
from ooma_cancel.db import DatabaseBusy, make_engine, migrate, resolve_url, run_writing
from ooma_cancel.guards import READ_ONLY, install_session_guards
from ooma_cancel.owner import WORKSPACE_PARAM, ConfigError, Mode, Resolution, resolve_mode, resolve_owner

log = logging.getLogger(__name__)
T = TypeVar("T")
CASE_KEY = "case.current_id"
WORKSPACE_KEY = "owner.workspace_token"
REFUSED_KEY = "owner.token_refused"

install_session_guards()


SECRETS_TTL_S = 5.0
_secrets_memo: dict[int, tuple[float, dict[str, Any]]] = {}


def _secrets() -> dict[str, Any]:
    """The app's secrets as a dict (read-only: shared by every session).

    Reading them costs about half a millisecond and a rerun asks a dozen times (database URL, sharing mode),
    so the copy is kept a few seconds; it is keyed by the secrets object, which AppTest replaces per test.
    """
    holder = st.secrets
    now = time.monotonic()
    cached = _secrets_memo.get(id(holder))
    if cached is not None and now - cached[0] < SECRETS_TTL_S:
        return cached[1]
    try:
        value = holder.to_dict()
    except Exception:  # no secrets.toml at all is the normal local case
        value = {}
    _secrets_memo.clear()
    _secrets_memo[id(holder)] = (now, value)
    return value


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> sa.Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def engine() -> sa.Engine:
    """The one engine of this process for the configured database, migrated to the newest schema."""
    return _engine_for(resolve_url(os.environ, _secrets()))


def mode() -> Mode:
    """How this app is shared (local, private workspaces, sign-in); a bad configuration stops the page."""
    try:
        return resolve_mode(
            env=os.environ, secrets=_secrets(), server_address=st.get_option("server.address")
        )
    except ConfigError as error:
        log.error("owner mode: %s", error)
        st.error(f"This app is misconfigured and will not show any data: {error}", icon=":material/error:")
        st.stop()


def resolution() -> Resolution:
    """Who this visitor is: resolved from the configuration, ``st.user`` and the workspace link."""
    current = mode()
    if current is Mode.LOCAL:
        return resolve_owner(current, user={}, token=None)
    if current is Mode.SIGNIN:
        return resolve_owner(current, user=st.user.to_dict(), token=None)
    # The URL's token wins (a resume link opened in a new tab); the session keeps it across page changes,
    # which clear the query string.
    token = st.query_params.get(WORKSPACE_PARAM) or st.session_state.get(WORKSPACE_KEY)
    result = resolve_owner(current, user={}, token=token)
    kept = result.new_token or token
    if result.new_token:
        st.session_state[REFUSED_KEY] = result.token_refused
    if st.session_state.get(WORKSPACE_KEY) != kept:
        st.session_state[WORKSPACE_KEY] = kept
    if st.query_params.get(WORKSPACE_PARAM) != kept:
        st.query_params[WORKSPACE_PARAM] = kept
    return result


def workspace_token() -> str | None:
    """The visitor's workspace token (for the resume link), if this app runs in workspace mode."""
    return st.session_state.get(WORKSPACE_KEY)


def sign_in_prompt() -> NoReturn:
    """Ask the visitor to sign in, and stop the page."""
    st.title("Sign in to continue")
    st.write(
        "This copy of the dashboard is shared, so each person's cases are private to them. Sign in and you "
        "will see only your own cases; nobody else sees yours."
    )
    if st.button("Sign in", key="owner.sign_in", type="primary", icon=":material/login:"):
        st.login()
    st.stop()


def owner() -> str:
    """The owner of everything this visitor sees and changes; without one (sign-in needed), stop the page."""
    resolved = resolution()
    if resolved.owner is None:
        sign_in_prompt()
    return resolved.owner


@contextmanager
def reading() -> Iterator[Session]:
    """A session for reads; nothing it does is committed, and it never locks anything or waits for a writer."""
    with Session(engine(), expire_on_commit=False, info={READ_ONLY: True}) as session:
        yield session


BUSY_MESSAGE = (
    "The case database is busy with other changes, so this one could not be saved. Nothing was changed; "
    "save again in a moment."
)
FAILED_MESSAGE = (
    "The change could not be saved (the database did not accept it or the connection dropped). "
    "Nothing was changed; try again."
)


def change(action: Callable[[Session], T], *, success: str | None = None) -> T | None:
    """Run ``action`` in one transaction; on any failure roll back, say so plainly, and return None.

    A database busy with other writers is tried again briefly first (``ooma_cancel.db.run_writing``), so
    ``action`` must do nothing outside its session.
    """
    try:
        result = run_writing(engine(), action)
    except (ValueError, LookupError) as error:
        st.error(str(error), icon=":material/error:")
        return None
    except DatabaseBusy:
        log.warning("database write refused: still busy after retrying")
        st.error(BUSY_MESSAGE, icon=":material/hourglass_top:")
        return None
    except (sa.exc.SQLAlchemyError, OSError) as error:
        # The exception's text carries the SQL parameters (account and phone numbers): log its kind only.
        log.error("database write failed: %s", _error_kind(error))
        st.error(FAILED_MESSAGE, icon=":material/error:")
        return None
    if success:
        st.toast(success, icon=":material/check_circle:")
    return result


def _error_kind(error: BaseException) -> str:
    original = getattr(error, "orig", None)
    kind = type(error).__name__
    return f"{kind} ({type(original).__module__}.{type(original).__name__})" if original is not None else kind


# --- When the database is down ----------------------------------------------------------------------------

UNREACHABLE_TITLE = "The case database can't be reached"
UNREACHABLE_TEXT = (
    "Nothing was lost: everything you saved is kept in it. This page tries again every few seconds and "
    "carries on by itself as soon as the database is back."
)
READ_FAILED_TEXT = (
    "Your case could not be read just now; nothing was lost. Reload the page in a moment. If this keeps "
    "happening, the case database may be down or damaged."
)
RETRY_EVERY_S = 5
_DOWN_KEY = "db.was_down"  # the down page was shown: its timed reruns check the database
# What a database that is down, restarting, unreachable over the network or not openable on disk raises.
UNREACHABLE_ERRORS: tuple[type[BaseException], ...] = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.DisconnectionError,
    sa.exc.TimeoutError,
    OSError,
)


def database_reachable() -> bool:
    """True when the configured database answers (the engine made and migrated, one query run)."""
    try:
        with engine().connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except UNREACHABLE_ERRORS as error:
        log.error("case database unreachable: %s", _error_kind(error))
        return False
    return True


def require_database(pages: Any) -> None:
    """While the database is down, show only the plain "can't be reached" page and stop the run.

    ``pages`` (what app.py passes to ``st.navigation``) stay registered, without a menu, so the address a
    visitor opened is kept and they are on that page again once the database is back.
    """
    if database_reachable():
        return
    st.navigation(pages, position="hidden")
    unreachable_page()
    st.stop()


def unreachable_page() -> None:
    """The whole page while the database is down; it reruns the app by itself once the database answers."""
    st.title(UNREACHABLE_TITLE)
    st.write(UNREACHABLE_TEXT)
    _rerun_when_back()


@st.fragment(run_every=RETRY_EVERY_S)
def _rerun_when_back() -> None:
    if st.session_state.get(_DOWN_KEY) and database_reachable():
        st.session_state[_DOWN_KEY] = False
        st.rerun(scope="app")
    st.session_state[_DOWN_KEY] = True


def database_problem(error: BaseException) -> None:
    """Say plainly that the page could not read the database (never the raw error), for a page run that failed."""
    log.error("page could not read the database: %s", _error_kind(error))
    if isinstance(error, UNREACHABLE_ERRORS):
        st.error(f"{UNREACHABLE_TITLE}. {READ_FAILED_TEXT}", icon=":material/cloud_off:")
    else:
        st.error(READ_FAILED_TEXT, icon=":material/error:")


def current_case_id(ids: Sequence[int] | None = None) -> int | None:
    """The case the person is working on: their choice in this browser tab, else their latest case.

    ``ids`` are the owner's case ids, newest first, when the caller has just listed them.
    """
    chosen = st.session_state.get(CASE_KEY)
    if ids is None:
        with reading() as session:
            ids = [case.id for case in store.list_cases(session=session, owner=owner())]
    if chosen in ids:
        return chosen
    chosen = ids[0] if ids else None
    st.session_state[CASE_KEY] = chosen
    return chosen


def case_in_view() -> int | None:
    """The current case for a page: app.py checked it against the owner's cases at the start of this run
    (``current_case_id``), so a page need not list the cases again."""
    if CASE_KEY in st.session_state:
        return st.session_state[CASE_KEY]
    return current_case_id()


def select_case(case_id: int | None) -> None:
    st.session_state[CASE_KEY] = case_id
