"""Overview: where the case stands, the one next action, key dates and warnings."""

from datetime import date

import streamlit as st
from sqlmodel import Session

from ooma_cancel import store
from ooma_cancel.demo import seed_demo
from ooma_cancel.formatting import day_text, days_phrase, plural
from ooma_cancel.money import format_dollars
from ooma_cancel.progress import next_action, stage_progress, warnings
from ooma_cancel.store.facts import target_account_label
from ooma_cancel.store.owners import remember_case_choice
from ooma_cancel.ui.markup import escape_markdown, ours
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.session import (
    CaseScope,
    case_scope,
    change_in_callback,
    reading,
    select_case,
    tell,
)
from ooma_cancel.ui.widgets import ephemeral_storage_warning, new_case_form, status_badge


def days_left(due: date, today: date) -> str:
    """``1 day left`` / ``3 days left`` / ``Due today`` / ``2 days overdue``."""
    delta = (due - today).days
    if delta == 0:
        return "Due today"
    return f"{plural(delta, 'day')} left" if delta > 0 else f"{plural(-delta, 'day')} overdue"


def load_sample(scope: CaseScope) -> None:
    """The sample button's callback: load the sample case and switch to it before the page is drawn."""
    case_id = change_in_callback(
        lambda session: _sample(session, scope), told="overview.sample", success="Sample case loaded."
    )
    if case_id is not None:
        select_case(case_id)


def _sample(session: Session, scope: CaseScope) -> int:
    """The sample case, which tabs opened later show too."""
    case_id = seed_demo(session=session, owner=scope.owner, today=scope.today)
    remember_case_choice(session=session, owner=scope.owner, case_id=case_id)
    return case_id


st.title("Cancel your Ooma service")
ephemeral_storage_warning()
scope = case_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id = scope.case_id

if case_id is None:
    st.write(
        "This dashboard walks you through ending your Ooma phone service, one stage at a time: keep your "
        "number if you want it, stop paying, return what must go back, and keep proof of every step."
    )
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.header("Try it with sample data")
        st.write("A made-up home customer halfway through cancelling, with a year of history.")
        st.button(
            "Try with sample data", key="overview.sample", type="primary", on_click=load_sample, args=(scope,)
        )
        tell("overview.sample")
    with right, st.container(border=True):
        st.header("Start your own case")
        new_case_form("overview.new_case")
    st.stop()

today = scope.today
with reading() as session:
    facts = store.case_facts(session=session, owner=scope.owner, case_id=case_id, today=today)
    account_label = target_account_label(session=session, owner=scope.owner, case_id=case_id)

action = next_action(facts, today)
if action is None:
    st.success("Every stage is done. Keep your records: the Settings & data page exports the whole case.")
else:
    with st.container(border=True):
        st.caption("Next step")
        st.write(ours(action.text))
        page = PAGE_FOR_STAGE[action.stage]
        st.page_link(page.path, label=f"Go to {page.title}", icon=":material/arrow_forward:")

for warning in warnings(facts, today):
    st.warning(ours(warning), icon=":material/warning:")

st.header("Key facts")
end_on = facts.end_on
pending = [
    item.deadline
    for item in facts.equipment
    if item.return_required and item.delivered_on is None and item.deadline
]
with st.container(horizontal=True, gap="medium"):
    st.metric(
        "Account to cancel",
        escape_markdown(account_label) if account_label else "Not chosen yet",
        border=True,
        width="content",
    )
    st.metric(
        ("Service ended" if end_on and end_on < today else "Service ends")
        if facts.confirmed_end_on
        else "Requested end",
        day_text(end_on, missing="Not set"),
        delta=days_phrase(end_on, today) if end_on else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric(
        "Balance",
        format_dollars(facts.balance_cents) if facts.ledger_entries else "Not recorded",
        delta=("settled" if facts.balance_cents <= 0 else "outstanding") if facts.ledger_entries else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric(
        "Cancellation confirmation",
        escape_markdown(facts.cancellation_confirmation) if facts.cancellation_confirmation else "None yet",
        border=True,
        width="content",
    )
    st.metric(
        "Equipment return",
        days_left(min(pending), today)
        if pending
        else ("Nothing to return" if facts.equipment else "No devices listed"),
        delta=f"due {day_text(min(pending))}" if pending else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    card = facts.escalation
    if card is not None and card.offered and card.next_deadline and not (card.sent_on or card.outcome):
        st.metric(
            "Card dispute notice",
            f"{(card.next_deadline - today).days} days left",
            delta=f"due {card.next_deadline:%b %-d, %Y}",
            delta_color="off",
            delta_arrow="off",
            border=True,
            width="content",
        )

st.header("Progress")
for row in stage_progress(facts, today):
    page = PAGE_FOR_STAGE[row.stage]
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.page_link(page.path, label=row.title, icon=page.icon, width=260)
        status_badge(row.status)
        st.text(row.detail)

with st.expander("Load the sample case"):
    st.write("Adds a separate made-up case next to yours; switch between cases in the sidebar.")
    if st.button("Load sample case", key="overview.sample_again"):
        load_sample(scope)
