"""Widgets shared by several pages. User text is always shown with st.text / st.write of plain strings."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import Any, Literal

import streamlit as st
from sqlmodel import Session

from ooma_cancel import store
from ooma_cancel.models import Case, limit
from ooma_cancel.progress import Status
from ooma_cancel.store.owners import remember_case_choice
from ooma_cancel.support import zone
from ooma_cancel.transfer import storage_is_ephemeral
from ooma_cancel.ui.session import (
    STAGE_RUN_KEY,
    CaseInView,
    case_in_view,
    case_scope,
    change,
    change_in_callback,
    engine,
    off_the_stages,
    owner,
    select_case,
    tell,
)

# The colours st.badge takes.
BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]
STATUS_BADGE: dict[Status, tuple[str, BadgeColour, str]] = {
    Status.DONE: ("Done", "green", ":material/check_circle:"),
    Status.IN_PROGRESS: ("In progress", "blue", ":material/pending:"),
    Status.BLOCKED: ("Blocked", "red", ":material/block:"),
    Status.NOT_NEEDED: ("Not needed", "gray", ":material/remove_circle_outline:"),
    Status.TO_DO: ("To do", "orange", ":material/radio_button_unchecked:"),
}


def visitor_zone() -> tzinfo:
    """The visitor's time zone as the browser reports it; UTC when it is unknown."""
    return zone(st.context.timezone)


def ephemeral_storage_warning() -> None:
    """On a disk that is wiped at every restart (Community Cloud without a database), say so and point to export."""
    if storage_is_ephemeral(str(engine().url), os.environ, mount_src_exists=Path("/mount/src").exists()):
        st.warning(
            "**This copy of the app keeps your data on a disk that is wiped whenever the app restarts** "
            "(Streamlit Community Cloud without a database). Export your case on the Settings & data page "
            "after every session and import it next time.",
            icon=":material/cloud_off:",
        )


def status_badge(status: Status) -> None:
    label, color, icon = STATUS_BADGE[status]
    st.badge(label, color=color, icon=icon)


def new_case_form(key: str, *, label: str = "Start a case", dialog: str | None = None) -> None:
    """A small form that creates a case for the current owner and switches to it.

    On a page the case is made in the submit's callback (one page run). In the dialog ``dialog`` it is made in
    the dialog's own run, which then closes it and runs the whole app, so every part of the page shows the case.
    """
    with st.form(key, clear_on_submit=True, border=False):
        st.text_input(
            "Name of the case",
            placeholder="e.g. Home phone",
            max_chars=limit(Case, "title"),
            key=f"{key}.title",
        )
        if dialog is None:
            st.form_submit_button(label, on_click=_create_case, args=(key,))
        elif st.form_submit_button(label):
            off_the_stages()  # a new case says "Case created.", not the next step of the page's case
            who = owner()
            case = change(
                lambda session: _created(session, who, st.session_state[f"{key}.title"]),
                success="Case created.",
            )
            if case is not None:
                select_case(case.id)
                close_dialog(dialog)
                st.rerun()
    tell(key)


def _create_case(key: str) -> None:
    """The form's callback: create the case and switch to it before the page is drawn."""
    title = st.session_state[f"{key}.title"]
    off_the_stages()  # a new case says "Case created.", not the next step of the case the page was about
    who = owner()
    case = change_in_callback(
        lambda session: _created(session, who, title), told=key, success="Case created."
    )
    if case is not None:
        select_case(case.id)


def _created(session: Session, who: str, title: str) -> Case:
    """A new case of ``who``'s, which tabs opened later show too."""
    case = store.create_case(session=session, owner=who, title=title)
    remember_case_choice(session=session, owner=who, case_id=case.id or 0)
    return case


OPEN_DIALOG_KEY = (
    "ui.open_dialog"  # the key of the one dialog open in this session (Streamlit shows one at most)
)


def dialog_button(
    label: str, *, key: str, body: Callable[[], None], where: Any = None, **button: Any
) -> None:
    """A button that opens ``body`` in a dialog titled ``label``, until :func:`close_dialog` or the person
    closes it. Unlike a popover, whose body is drawn and sent to the browser on every run of every page, the
    dialog's body runs only while it is open."""
    (where or st).button(label, key=key, on_click=partial(_open, key), **button)
    if st.session_state.get(OPEN_DIALOG_KEY) == key:
        st.dialog(label, on_dismiss=partial(close_dialog, key))(body)()


def _open(key: str) -> None:
    st.session_state[OPEN_DIALOG_KEY] = key


def close_dialog(key: str) -> None:
    """Close the dialog of :func:`dialog_button` ``key`` (at the next run of the app: ``st.rerun()``)."""
    if st.session_state.get(OPEN_DIALOG_KEY) == key:
        del st.session_state[OPEN_DIALOG_KEY]


def require_case() -> int:
    """The current case id; without one, explain and offer to start a case, and stop the page."""
    case_id = case_in_view()
    if case_id is None:
        st.info("There is no case yet. Start one here, or load the sample case from the Overview.")
        new_case_form("require_case.new")
        st.stop()
    return case_id


def require_scope() -> CaseInView:
    """This run's scope (owner, case, today, time zone) for a page about one case; without a case, explain,
    offer to start one, and stop the page."""
    scope = case_scope()
    case_id = scope.case_id if scope.case_id is not None else require_case()
    st.session_state[STAGE_RUN_KEY] = True  # its saves say "Saved · Next: …" (session.change)
    return CaseInView(owner=scope.owner, case_id=case_id, today=scope.today, tz=scope.tz)
