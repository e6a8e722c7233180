"""Widgets shared by several pages. User text is always shown with st.text / st.write of plain strings."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ooma_cancel import store
from ooma_cancel.models import Stage
from ooma_cancel.progress import Status
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.session import change, current_case_id, owner, reading, select_case

STATUS_BADGE = {
    Status.DONE: ("Done", "green", ":material/check_circle:"),
    Status.IN_PROGRESS: ("In progress", "blue", ":material/pending:"),
    Status.BLOCKED: ("Blocked", "red", ":material/block:"),
    Status.NOT_NEEDED: ("Not needed", "gray", ":material/remove_circle_outline:"),
    Status.TO_DO: ("To do", "orange", ":material/radio_button_unchecked:"),
}


def status_badge(status: Status) -> None:
    label, color, icon = STATUS_BADGE[status]
    st.badge(label, color=color, icon=icon)


def new_case_form(key: str, *, label: str = "Start a case") -> None:
    """A small form that creates a case for the current owner and switches to it."""
    with st.form(key, clear_on_submit=True, border=False):
        title = st.text_input("Name of the case", placeholder="e.g. Home phone", max_chars=200)
        if st.form_submit_button(label):
            case = change(
                lambda session: store.create_case(session=session, owner=owner(), title=title),
                success="Case created.",
            )
            if case is not None:
                select_case(case.id)
                st.rerun()


def require_case() -> int:
    """The current case id; without one, explain and offer to start a case, and stop the page."""
    case_id = current_case_id()
    if case_id is None:
        st.info("There is no case yet. Start one here, or load the sample case from the Overview.")
        new_case_form("require_case.new")
        st.stop()
    return case_id


def days_phrase(day: date, today: date) -> str:
    """``in 3 days`` / ``today`` / ``2 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} ago"


def stage_placeholder(stage: Stage, will_do: str) -> None:
    """For a stage whose page is not built yet: say what it will do and show what the case already holds."""
    page = PAGE_FOR_STAGE[stage]
    st.title(page.title)
    case_id = require_case()
    st.info(f"**What this stage will do.** {will_do}", icon=":material/construction:")
    with reading() as session:
        total, rows = store.stage_data_counts(session=session, owner=owner(), case_id=case_id, stage=stage)
    if total == 0:
        st.write("This case holds nothing for this stage yet.")
        return
    shown = f" (the newest {len(rows)} shown)" if total > len(rows) else ""
    st.subheader("What the case holds")
    st.caption(f"{total} record{'s' if total != 1 else ''}{shown}.")
    st.dataframe(rows, hide_index=True, width="stretch")
