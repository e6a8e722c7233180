"""Finding one's way: the case's next step at the end of every stage page and after every save there, and the
marker that says the sample case is not the person's own account."""

from __future__ import annotations

import logging
from datetime import date

import sqlalchemy as sa
import streamlit as st

from ooma_cancel import store
from ooma_cancel.demo import is_sample_title
from ooma_cancel.errors import UserError
from ooma_cancel.progress import NextAction, next_action
from ooma_cancel.ui.case_cache import CaseStamp, per_case
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.session import CaseScope, case_scope, reading, version_read_this_run

log = logging.getLogger(__name__)

SAMPLE_MARKER = "Sample — not your account"
ALL_DONE = "Every stage is done. Keep your records: the Settings & data page exports the whole case."


def case_next_step(scope: CaseScope) -> NextAction | None:
    """The case's one next step, by the overview's rule (``progress.next_action``); None when all is done."""
    if scope.case_id is None:
        return None
    version = version_read_this_run(scope.case_id)
    if version is None:
        with reading() as session:
            version = store.case_version(session=session, owner=scope.owner, case_id=scope.case_id)
    return _next_step(CaseStamp(owner=scope.owner, case_id=scope.case_id, version=version), scope.today)


@per_case()
def _next_step(stamp: CaseStamp, today: date) -> NextAction | None:
    """Kept per case state and day: the case's facts take ~10 ms to read, and every stage page run asks."""
    with reading() as session:
        facts = store.case_facts(session=session, owner=stamp.owner, case_id=stamp.case_id, today=today)
    return next_action(facts, today)


def next_step_link(scope: CaseScope) -> None:
    """The end of a stage page: the case's next step and a button to the page where it is done."""
    action = case_next_step(scope)
    with st.container(border=True):
        st.caption("Next step")
        if action is None:
            st.write(ALL_DONE)
            st.page_link("views/overview.py", label="Go to Overview", icon=":material/arrow_forward:")
            return
        page = PAGE_FOR_STAGE[action.stage]
        st.write(ours(action.text))
        st.page_link(
            page.path,
            label=f"Go to {page.title}",
            icon=":material/arrow_forward:",
            # The case (and a workspace token) travel with the link, so it opens the same case in a new tab too.
            query_params=st.query_params.to_dict(),
        )


def saved_message(success: str) -> str:
    """What a save on a stage page says: "Saved · Next: …" with the next step as it stands after the save;
    ``success`` itself when the next step cannot be read (the change is saved either way)."""
    try:
        action = case_next_step(case_scope())
    except (UserError, sa.exc.SQLAlchemyError) as error:
        log.warning("next step after a save not read: %s", type(error).__name__)
        return success
    if action is None:
        return f"Saved · {ALL_DONE}"
    return ours(f"Saved · Next: {action.text}")


def sample_marker(title: str | None) -> None:
    """On every page of the sample case, say plainly that it is made-up data, not the person's account."""
    if title is not None and is_sample_title(title):
        # A badge, not an alert: the page's own alerts stay the only ones it shows.
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.badge(SAMPLE_MARKER, color="orange", icon=":material/science:")
            st.caption(
                "Made-up data to try the dashboard: switch to your own case in the sidebar, or start one there."
            )
