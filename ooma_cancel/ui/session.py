"""The engine, the current owner and case, and running a change as one unit of work with a clear message."""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, NoReturn, TypeVar

import sqlalchemy as sa
import streamlit as st
from sqlmodel import Session

from ooma_cancel import store
from ooma_cancel.db import DatabaseBusy, make_engine, migrate, resolve_url, run_writing, unit_of_work
from ooma_cancel.errors import UserError
from ooma_cancel.guards import READ_ONLY, install_session_guards
from ooma_cancel.owner import WORKSPACE_PARAM, ConfigError, Mode, Resolution, resolve_mode, resolve_owner
from ooma_cancel.store import owners as owner_store
from ooma_cancel.support import zone
from ooma_cancel.ui.markup import escape_markdown

log = logging.getLogger(__name__)
T = TypeVar("T")
CASE_KEY = "case.current_id"
REMEMBERED_KEY = "case.remembered"  # the case this tab last recorded as the person's choice (switch_case)
CASE_PARAM = "case"  # the address keeps the chosen case (?case=<id>) across reloads and new tabs
STAGE_RUN_KEY = "case.stage_run"  # this run is a stage page's (require_scope): its saves name the next step
WORKSPACE_KEY = "owner.workspace_token"
SIGN_OUT_CHECKED_KEY = "owner.sign_out_checked"  # whose cookie was last found not signed out, and when
SIGN_OUT_CHECK_REUSE_S = 10.0  # longer than a page run; see resolution()

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


_engines: dict[str, sa.Engine] = {}


def engine() -> sa.Engine:
    """The one engine of this process for the configured database, migrated to the newest schema.

    Kept by URL once made and migrated: a run asks for it a dozen times, and each look-up in Streamlit's
    resource cache hashes its argument and takes the cache's lock (with the GIL held, as every run waits).
    """
    url = resolve_url(os.environ, _secrets())
    made = _engines.get(url)
    if made is None:
        made = _engines[url] = _engine_for(url)
    return made


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


def resolution(*, fresh: bool = False) -> Resolution:
    """Who this visitor is: resolved from the configuration, ``st.user`` and the workspace link.

    Sign-in: whether this identity signed out since its cookie was issued is looked up with ``fresh`` (app.py,
    first thing on every run, so a sign-out elsewhere ends sessions already open at their next run) and
    otherwise at most every ``SIGN_OUT_CHECK_REUSE_S``: a page asks for the owner a dozen times per run. Widget
    callbacks run before app.py and so may reuse the previous look if it is that recent.
    """
    current = mode()
    if current is Mode.LOCAL:
        return resolve_owner(current, user={}, token=None)
    if current is Mode.SIGNIN:
        return _signed_in(current, st.user.to_dict(), fresh=fresh)
    # The URL's token wins (a resume link opened in a new tab); the session keeps it across page changes,
    # which clear the query string.
    token = st.query_params.get(WORKSPACE_PARAM) or st.session_state.get(WORKSPACE_KEY)
    result = resolve_owner(
        current,
        user={},
        token=token,
        key=workspace_key(),
        # An old-style link this session already let in need not be looked up again.
        legacy_workspace_exists=lambda owner: (
            token == st.session_state.get(WORKSPACE_KEY) or _has_cases(owner)
        ),
    )
    if result.owner is None:
        return result  # a link we did not make: nothing is kept, the page says so (invalid_link_page)
    kept = result.new_token or token
    if not kept:  # not reached: resolve_owner hands out a new token whenever there was none
        return result
    if st.session_state.get(WORKSPACE_KEY) != kept:
        st.session_state[WORKSPACE_KEY] = kept
    if st.query_params.get(WORKSPACE_PARAM) != kept:
        st.query_params[WORKSPACE_PARAM] = kept
    return result


def _signed_in(current: Mode, user: dict[str, Any], *, fresh: bool) -> Resolution:
    stamp = [str(user.get("iss")), str(user.get("sub")), str(user.get("iat"))]
    checked = st.session_state.get(SIGN_OUT_CHECKED_KEY)
    if (
        not fresh
        and checked
        and checked[0] == stamp
        and time.monotonic() - checked[1] < SIGN_OUT_CHECK_REUSE_S
    ):
        return resolve_owner(current, user=user, token=None)
    result = resolve_owner(current, user=user, token=None, signed_out_before=_signed_out_before)
    if result.owner is not None:
        st.session_state[SIGN_OUT_CHECKED_KEY] = (stamp, time.monotonic())
    else:
        st.session_state.pop(SIGN_OUT_CHECKED_KEY, None)
    return result


def _signed_out_before(owner: str) -> datetime | None:
    with reading() as session:
        return owner_store.signed_out_before(session=session, owner=owner)


def _has_cases(owner: str) -> bool:
    with reading() as session:
        return owner_store.owner_has_cases(session=session, owner=owner)


_workspace_keys: dict[str, bytes] = {}


def workspace_key() -> bytes:
    """The key that workspace links are checked with: one per database, read once per process.

    Kept by database URL, as the engine is (looking the engine up costs ~0.1 ms and pages ask a dozen times).
    """
    url = resolve_url(os.environ, _secrets())
    key = _workspace_keys.get(url)
    if key is None:
        with unit_of_work(engine()) as session:
            key = owner_store.workspace_key(session=session)
        _workspace_keys[url] = key
    return key


def workspace_token() -> str | None:
    """The visitor's workspace token (for the resume link), if this app runs in workspace mode."""
    return st.session_state.get(WORKSPACE_KEY)


def start_new_workspace() -> None:
    """Drop the link this visitor came with; the next run gives them a new, empty workspace and its link."""
    st.session_state.pop(WORKSPACE_KEY, None)
    st.query_params.pop(WORKSPACE_PARAM, None)


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


def invalid_link_page() -> NoReturn:
    """Tell a visitor whose link is not one this app made, offer a new workspace, and stop the page."""
    st.title("This link is not valid")
    st.write(
        "Start a new workspace, or check your bookmark: a workspace link works only exactly as this app gave "
        "it out, and a character missing or changed makes it a link to nothing."
    )
    st.button(
        "Start a new workspace",
        key="owner.new_workspace",
        type="primary",
        icon=":material/add:",
        on_click=start_new_workspace,
    )
    st.stop()


def way_in() -> NoReturn:
    """The page for a visitor who has no owner yet: the sign-in prompt, or the invalid-link page."""
    if mode() is Mode.WORKSPACE:
        invalid_link_page()
    sign_in_prompt()


def owner() -> str:
    """The owner of everything this visitor sees and changes; without one (sign-in needed), stop the page."""
    resolved = resolution()
    if resolved.owner is None:
        way_in()
    return resolved.owner


_read_binds: dict[sa.Engine, sa.Engine] = {}


def _read_bind(made: sa.Engine) -> sa.Engine:
    """What page reads run on: on PostgreSQL the engine in autocommit, else the engine itself.

    PostgreSQL's default isolation (read committed) gives every statement its own snapshot, in a transaction
    or not, so a read transaction bought nothing but a BEGIN and a ROLLBACK: two round trips and about 1 ms of
    this process's CPU per read session. SQLite's reads stay in a deferred transaction (one snapshot).
    """
    bind = _read_binds.get(made)
    if bind is None:
        bind = made
        if made.dialect.name == "postgresql":
            bind = made.execution_options(isolation_level="AUTOCOMMIT")
        _read_binds[made] = bind
    return bind


@contextmanager
def reading() -> Iterator[Session]:
    """A session for reads; nothing it does is committed, and it never locks anything or waits for a writer."""
    with Session(_read_bind(engine()), expire_on_commit=False, info={READ_ONLY: True}) as session:
        yield session


BUSY_MESSAGE = (
    "The case database is busy with other changes, so this one could not be saved. Nothing was changed; "
    "save again in a moment."
)
BUG_MESSAGE = "Something went wrong on our side; nothing was saved. Try again, or reload the page."
FAILED_MESSAGE = (
    "The change could not be saved (the database did not accept it or the connection dropped). "
    "Nothing was changed; try again."
)


@dataclass(frozen=True)
class Refusal:
    """Why a change was not saved, in the words and with the icon the app shows it with."""

    text: str
    icon: str = ":material/error:"

    def show(self) -> None:
        st.error(self.text, icon=self.icon)


VERSIONS_KEY = "case.versions_this_run"


def remember_versions(versions: dict[int, tuple[str, str]]) -> None:
    """Keep the owner's case versions as the sidebar read them at the start of this run (app.py)."""
    st.session_state[VERSIONS_KEY] = versions


def version_read_this_run(case_id: int) -> tuple[str, str] | None:
    """The case's version as read at the start of this run, while nothing has been saved since; else None
    (read it again)."""
    versions = st.session_state.get(VERSIONS_KEY)
    return versions.get(case_id) if isinstance(versions, dict) else None


def _attempt(action: Callable[[Session], T]) -> tuple[T | None, Refusal | None]:
    """Run ``action`` in one transaction: its result, or (on any failure, rolled back) why it was refused."""
    st.session_state.pop(VERSIONS_KEY, None)  # a save moves the case's version: what the sidebar read is old
    try:
        return run_writing(engine(), action), None
    except UserError as error:
        # The one kind of failure told in the app's words: the message may quote what the person typed.
        return None, Refusal(escape_markdown(str(error)))
    except DatabaseBusy:
        log.warning("database write refused: still busy after retrying")
        return None, Refusal(BUSY_MESSAGE, ":material/hourglass_top:")
    except (sa.exc.SQLAlchemyError, OSError) as error:
        # The exception's text carries the SQL parameters (account and phone numbers): log its kind only.
        log.error("database write failed: %s", _error_kind(error))
        return None, Refusal(FAILED_MESSAGE)
    except Exception as error:
        # A bug, not the person's input: its message and values may hold personal data, so log where only.
        log.error("change failed with an unexpected %s\n%s", _error_kind(error), where_raised(error))
        return None, Refusal(BUG_MESSAGE)


def change(action: Callable[[Session], T], *, success: str | None = None) -> T | None:
    """Run ``action`` in one transaction; on any failure roll back, say so plainly, and return None.

    Only a :class:`~ooma_cancel.errors.UserError` is shown in its own words (escaped); any other exception
    is a bug: logged by kind and place (no message, no values) and shown as a generic apology.

    A database busy with other writers is tried again briefly first (``ooma_cancel.db.run_writing``), so
    ``action`` must do nothing outside its session.
    """
    result, refusal = _attempt(action)
    if refusal is not None:
        refusal.show()
        return None
    if success:
        st.toast(_with_next_step(success), icon=":material/check_circle:")
    return result


TOLD_PREFIX = "told."  # a refusal kept by a widget callback, drawn by tell() where its button is


def change_in_callback(action: Callable[[Session], T], *, told: str, success: str | None = None) -> T | None:
    """``change`` for a widget's callback (``on_click``), which runs before the page is drawn: the
    "Saved · Next: …" toast shows as ever, and a refusal is kept under ``told`` for :func:`tell` to draw where
    the button is, so a save costs one page run instead of a run up to the button, the save and a rerun."""
    result, refusal = _attempt(action)
    if refusal is not None:
        st.session_state[TOLD_PREFIX + told] = refusal
        return None
    if success:
        st.toast(_with_next_step(success), icon=":material/check_circle:")
    return result


def refuse(told: str, text: str) -> None:
    """In a widget's callback: keep ``text`` (the app's own words) for :func:`tell` to draw as an error."""
    st.session_state[TOLD_PREFIX + told] = Refusal(text)


def tell(told: str) -> None:
    """Draw here, once, why the change behind ``told`` was refused in this run's callback, if it was."""
    refusal = st.session_state.pop(TOLD_PREFIX + told, None)
    if isinstance(refusal, Refusal):
        refusal.show()


def _saved(
    key: str, action: Callable[[Session], object], success: str | None, then: Callable[[], object] | None
) -> None:
    def run(session: Session) -> bool:
        action(session)
        return True

    if change_in_callback(run, told=key, success=success) is True and then is not None:
        then()


def save_button(
    label: str,
    *,
    key: str,
    action: Callable[[Session], object],
    success: str | None = None,
    then: Callable[[], object] | None = None,
    where: Any = None,
    in_form: bool = False,
    **button: Any,
) -> None:
    """A button (a form's submit button with ``in_form``) that runs ``action`` as one change when clicked, then
    ``then`` once it is saved; a refusal is said right under it. The change runs in the button's callback (before the page is drawn), so the page
    shows it in the same run: no ``st.rerun()``. ``action`` and ``then`` run in the next run's callback, so they
    read what was typed from ``st.session_state``, not from the values the widgets returned."""
    draw = (where or st).form_submit_button if in_form else (where or st).button
    draw(label, key=key, on_click=_saved, args=(key, action, success, then), **button)
    tell(key)


def _with_next_step(success: str) -> str:
    """On a stage page, "Saved · Next: …" with the case's next step as it stands after the change; elsewhere
    (and when the next step cannot be read) ``success`` itself."""
    if not st.session_state.get(STAGE_RUN_KEY):
        return success
    from ooma_cancel.ui.journey import saved_message  # it reads the case through this module

    return saved_message(success)


def change_done(action: Callable[[Session], object], *, success: str | None = None) -> bool:
    """``change`` for an action that returns nothing: True when it was saved, False when it was not."""

    def run(session: Session) -> bool:
        action(session)
        return True

    return change(run, success=success) is True


def where_raised(error: BaseException) -> str:
    """The traceback of ``error`` as file, line and function only: no message, no source text, no values."""
    frames = traceback.extract_tb(error.__traceback__)
    return "\n".join(f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames)


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
            # PostgreSQL: taking a connection from the pool already pinged the server (pool_pre_ping) and
            # opened a new connection if that one was gone; a query on top would cost three more round trips
            # (BEGIN, SELECT, ROLLBACK) on every run.
            if connection.dialect.name != "postgresql":
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
    """The case the person is working on: their choice in this browser tab, else the case the address names
    (``?case=<id>``, on a tab's first run: a reload or a link), else the case they chose last in any tab (a new
    tab opened from a link without ``?case=``, such as the sidebar's), else their latest case.

    ``ids`` are the owner's case ids, newest first, when the caller has just listed them. A case the address
    names that is not one of them (someone else's, deleted, not a number) is ignored without a word: the
    person sees their own case. The address is kept in step with the answer.
    """
    chosen = st.session_state.get(CASE_KEY) if CASE_KEY in st.session_state else _case_in_address()
    if ids is None:
        with reading() as session:
            ids = list(store.case_titles(session=session, owner=owner()))
    if chosen not in ids and ids:
        with reading() as session:
            chosen = owner_store.case_choice(session=session, owner=owner())
    if chosen not in ids:
        chosen = ids[0] if ids else None
    st.session_state[CASE_KEY] = chosen
    _keep_in_address(chosen)
    return chosen


def _case_in_address() -> int | None:
    """The case id in the address, if it is a plain number (it is checked against the owner's cases after)."""
    raw = st.query_params.get(CASE_PARAM)
    if not raw or len(raw) > 18 or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


def _keep_in_address(case_id: int | None) -> None:
    """Write the chosen case into the address (beside the workspace token), or take it out when there is none."""
    if case_id is None:
        if CASE_PARAM in st.query_params:
            del st.query_params[CASE_PARAM]
    elif st.query_params.get(CASE_PARAM) != str(case_id):
        st.query_params[CASE_PARAM] = str(case_id)


def case_in_view() -> int | None:
    """The current case for a page: app.py checked it against the owner's cases at the start of this run
    (``current_case_id``), so a page need not list the cases again."""
    if CASE_KEY in st.session_state:
        return st.session_state[CASE_KEY]
    return current_case_id()


@dataclass(frozen=True)
class CaseScope:
    """What one page run is about, read once per rerun (app.py) and handed to the page and its helpers."""

    owner: str
    case_id: int | None
    today: date  # the server's date, as the pages have always used
    tz: tzinfo  # the visitor's time zone as the browser reports it (UTC when unknown)


@dataclass(frozen=True)
class CaseInView(CaseScope):
    """The scope of a stage page, whose case exists (``require_scope`` stopped the page otherwise)."""

    case_id: int


SCOPE_KEY = "case.scope"


def begin_scope(owner: str, case_id: int | None) -> CaseScope:
    """Read this run's scope once (app.py, after the visitor and the current case are known) and keep it."""
    scope = CaseScope(owner=owner, case_id=case_id, today=date.today(), tz=zone(st.context.timezone))
    st.session_state[SCOPE_KEY] = scope
    return scope


def case_scope() -> CaseScope:
    """This run's scope as app.py read it; read now for a page run on its own (e.g. a test of one page)."""
    scope = st.session_state.get(SCOPE_KEY)
    if isinstance(scope, CaseScope) and scope.case_id == st.session_state.get(CASE_KEY, scope.case_id):
        return scope
    return begin_scope(owner(), case_in_view())


def off_the_stages() -> None:
    """Say this run is not (yet) a stage page's: app.py, before the sidebar's own changes (a new case), which
    keep their words; a stage page says otherwise (``widgets.require_scope``). A widget callback runs before
    app.py, so it still sees the flag of the run that drew it."""
    st.session_state[STAGE_RUN_KEY] = False


def select_case(case_id: int | None) -> None:
    """Make ``case_id`` this tab's case. A change that makes a case (new, sample, import) also records it as the
    person's choice for tabs opened later, in its own transaction (``store.owners.remember_case_choice``)."""
    st.session_state[CASE_KEY] = case_id


def switch_case(case_id: int, *, who: str) -> None:
    """The sidebar's switcher: make ``case_id`` this tab's case and remember it as ``who``'s choice for tabs
    they open later.

    Remembering is a courtesy: if it cannot be written (the database busy or gone, the case just deleted in
    another tab) this tab still shows the case and a new tab shows the latest one, as before.
    """
    select_case(case_id)
    if st.session_state.get(REMEMBERED_KEY) == case_id:
        return
    try:
        with unit_of_work(engine()) as session:
            owner_store.remember_case_choice(session=session, owner=who, case_id=case_id)
    except (LookupError, UserError, DatabaseBusy, sa.exc.SQLAlchemyError, OSError) as error:
        log.info("the chosen case was not remembered for new tabs: %s", _error_kind(error))
        return
    st.session_state[REMEMBERED_KEY] = case_id
