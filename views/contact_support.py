"""Stage 2, contacting support: what to have ready, what to ask, Ooma's contacts, and the log of every contact."""

from datetime import UTC, date, datetime, tzinfo
from math import ceil

import streamlit as st

from ooma_cancel.formatting import channel_text
from ooma_cancel.models import Interaction
from ooma_cancel.store.facts import target_account
from ooma_cancel.store.interactions import (
    add_interaction,
    list_interactions,
    list_overdue,
    log_summary,
)
from ooma_cancel.store.overrides import case_facts_of_profile
from ooma_cancel.support import (
    CONTACT_KEYS,
    follow_up_phrase,
    is_overdue,
    local_time,
    validate_interaction,
)
from ooma_cancel.ui.before_you_call import before_you_call
from ooma_cancel.ui.contact_editor import manage_contact
from ooma_cancel.ui.contact_fields import (
    errors_after_trying,
    forget_fields,
    form_from_state,
    interaction_fields,
    load_fields,
)
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.record_editor import FormKeys
from ooma_cancel.ui.session import CaseInView, change_in_callback, reading, tell
from ooma_cancel.ui.tables import text_table
from ooma_cancel.ui.widgets import require_scope

PAGE_SIZE = 20
NEW = FormKeys("support", "new")
OVERDUE_STYLE = "background-color: #fde2e1; color: #7f1d1d"


def new_contact(scope: CaseInView, now: datetime) -> None:
    tz = scope.tz
    load_fields(NEW, None, tz, now)
    errors = errors_after_trying(NEW, tz)
    interaction_fields(NEW, errors)
    st.button("Add to the log", key=NEW("save"), type="primary", on_click=add_contact, args=(scope,))
    tell(NEW("save"))
    if errors:
        st.error("Not added: fix the fields marked above.", icon=":material/error:")


def add_contact(scope: CaseInView) -> None:
    """The "Add to the log" button's callback: check what was typed, then save it, before the page is drawn."""
    case_id, who, tz = scope.case_id, scope.owner, scope.tz
    details, _ = validate_interaction(form_from_state(NEW), tz=tz, now=datetime.now(UTC))
    if details is None:
        st.session_state[NEW("tried")] = True  # the fields say what to fix from now on
        return
    added = change_in_callback(
        lambda session: add_interaction(session=session, owner=who, case_id=case_id, details=details),
        told=NEW("save"),
        success="Contact logged.",
    )
    if added is not None:
        forget_fields(NEW)
        st.session_state["support.selected"] = added.id


def log_rows(interactions: list[Interaction], tz: tzinfo, today: date) -> list[dict[str, str]]:
    return [
        {
            "When": local_time(i.occurred_at, tz),
            "Channel": channel_text(i.channel),
            "What was said": i.summary,  # wraps: read whole, at any width
            "Outcome": i.outcome,
            "Follow-up": follow_up_phrase(i.follow_up_on, today),
            "Representative": i.representative,
            "Reference": i.reference,
        }
        for i in interactions
    ]


def show_log(rows: list[dict[str, str]], overdue: list[bool], key: str) -> None:
    """The contacts as a wrapping table (what was said is read whole); overdue follow-ups on a red background.

    At phone width it keeps its first four columns: when, how, what was said, the outcome.
    """
    text_table(
        rows,
        key=key.replace(".", "_"),
        narrow_columns=4,
        row_styles=[OVERDUE_STYLE if late else "" for late in overdue],
    )


st.title("Contacting support")
st.caption("Have your details ready, ask the right questions, and write down every contact with Ooma.")
scope = require_scope()
case_id, who, tz = scope.case_id, scope.owner, scope.tz
now = datetime.now(UTC)
today = now.astimezone(tz).date()  # the visitor's date: follow-ups are due on their calendar

with reading() as session:
    account = target_account(session=session, owner=who, case_id=case_id)
    profile = case_facts_of_profile(session=session, owner=who, case_id=case_id)
    summary = log_summary(session=session, owner=who, case_id=case_id, today=today)
    pages = max(1, ceil(summary.total / PAGE_SIZE))
    if st.session_state.get("support.log.page", 1) > pages:
        st.session_state["support.log.page"] = pages
    page = st.session_state.get("support.log.page", 1)
    shown = list_interactions(
        session=session, owner=who, case_id=case_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    overdue = (
        list_overdue(session=session, owner=who, case_id=case_id, today=today) if summary.overdue else []
    )

with st.expander("Before you call: what to have ready and what to ask", expanded=summary.total == 0):
    before_you_call(scope, account, {k: profile[k] for k in CONTACT_KEYS})

if overdue:
    st.warning(
        f"{summary.overdue} follow-up{'s are' if summary.overdue != 1 else ' is'} overdue: contact Ooma again, "
        "then mark the follow-up as done.",
        icon=":material/alarm:",
    )
    show_log(log_rows(overdue, tz, today), [True] * len(overdue), "support.overdue")

with st.expander("Log a contact", icon=":material/add:", expanded=summary.total == 0):
    new_contact(scope, now)

st.header("Your contacts with Ooma")
if summary.total == 0:
    st.write("Nothing logged yet.")
    next_step_link(scope)
    st.stop()
first = (page - 1) * PAGE_SIZE + 1
st.caption(
    f"{summary.total} contact{'s' if summary.total != 1 else ''}, newest first; showing {first}–{first + len(shown) - 1}."
)
show_log(log_rows(shown, tz, today), [is_overdue(i.follow_up_on, today) for i in shown], "support.log")
if pages > 1:
    st.number_input("Page", min_value=1, max_value=pages, step=1, key="support.log.page", width=160)

st.header("Edit or delete a contact, or record a confirmation number")
labels = {
    i.id: f"{local_time(i.occurred_at, tz)} · {channel_text(i.channel)} · {i.representative or 'no name'}"
    for i in shown
}
if st.session_state.get("support.selected") not in labels:
    st.session_state["support.selected"] = None
selected = st.selectbox(
    "Contact (from the page shown above)",
    list(labels),
    format_func=labels.__getitem__,
    key="support.selected",
    index=None,
    placeholder="Choose a contact",
)
chosen = next((i for i in shown if i.id == selected), None)
if chosen is not None:
    with st.container(border=True):
        manage_contact(scope, chosen, now)
next_step_link(scope)  # the case's next step, as the overview has it
