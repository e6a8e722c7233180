"""Stage 2, contacting support: what to have ready, what to ask, Ooma's contacts, and the log of every contact."""

from datetime import UTC, date, datetime, tzinfo
from math import ceil

import streamlit as st

from ooma_cancel.account import (
    format_phone,
    mask_account_number,
    mask_phone,
    missing_identifiers,
    one_line_address,
)
from ooma_cancel.models import Account, ConfirmationKind, Interaction, Stage
from ooma_cancel.store.confirmations import add_confirmation
from ooma_cancel.store.facts import target_account
from ooma_cancel.store.interactions import (
    add_interaction,
    clear_follow_up,
    delete_interaction,
    list_interactions,
    list_overdue,
    log_summary,
    update_interaction,
)
from ooma_cancel.store.overrides import CaseFact, case_facts_of_profile, set_override
from ooma_cancel.support import (
    CHANNELS,
    CONTACT_KEYS,
    OUTCOMES,
    QUESTIONS,
    InteractionForm,
    follow_up_phrase,
    is_overdue,
    local_time,
    validate_interaction,
)
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.session import CaseInView, change, change_done, reading
from ooma_cancel.ui.widgets import require_scope

PAGE_SIZE = 20
NEW = "support.new"
FIELDS = ("day", "at", "channel", "representative", "reference", "outcome", "summary", "follow_up_on")
OVERDUE_STYLE = "background-color: #fde2e1; color: #7f1d1d"


def load_fields(prefix: str, interaction: Interaction | None, tz: tzinfo, now: datetime) -> None:
    """Put a contact's values (or a new contact's defaults: now, by phone) into its widgets once."""
    if f"{prefix}.day" in st.session_state:
        return
    moment = (interaction.occurred_at if interaction else now).astimezone(tz)
    values = {
        "day": moment.date(),
        "at": moment.time().replace(second=0, microsecond=0, tzinfo=None),
        "channel": interaction.channel if interaction else CHANNELS[0],
        "representative": interaction.representative if interaction else "",
        "reference": interaction.reference if interaction else "",
        "outcome": interaction.outcome if interaction else "",
        "summary": interaction.summary if interaction else "",
        "follow_up_on": interaction.follow_up_on if interaction else None,
    }
    for field, value in values.items():
        st.session_state[f"{prefix}.{field}"] = value


def forget_fields(prefix: str) -> None:
    for field in (*FIELDS, "tried"):
        st.session_state.pop(f"{prefix}.{field}", None)


def interaction_fields(prefix: str, errors: dict[str, str]) -> None:
    """The widgets of one contact, each with its message once a save was tried."""

    def field_error(field: str) -> None:
        if field in errors:
            st.error(errors[field], icon=":material/error:")

    day, at, channel = st.columns(3)
    day.date_input("Date", key=f"{prefix}.day", format="MM/DD/YYYY")
    at.time_input("Time (your time zone)", key=f"{prefix}.at", step=60)
    channel.selectbox("Channel", CHANNELS, key=f"{prefix}.channel")
    field_error("when")
    field_error("channel")
    representative, reference = st.columns(2)
    representative.text_input("Representative's name or ID", key=f"{prefix}.representative", max_chars=200)
    reference.text_input("Ticket or reference number", key=f"{prefix}.reference", max_chars=100)
    field_error("representative")
    field_error("reference")
    st.text_area("What was said", key=f"{prefix}.summary", height=90, max_chars=5000)
    field_error("summary")
    outcome, follow_up = st.columns(2)
    outcome.text_input(
        "Outcome",
        key=f"{prefix}.outcome",
        max_chars=200,
        placeholder="e.g. " + ", ".join(OUTCOMES[1:4]),
    )
    follow_up.date_input(
        "Follow up on (optional)",
        key=f"{prefix}.follow_up_on",
        format="MM/DD/YYYY",
        help="When to check back if Ooma promised something (an e-mail, a label, a refund).",
    )
    field_error("outcome")
    field_error("follow_up_on")


def form_from_state(prefix: str) -> InteractionForm:
    state = st.session_state
    return InteractionForm(
        day=state[f"{prefix}.day"],
        at=state[f"{prefix}.at"],
        channel=state[f"{prefix}.channel"],
        representative=state[f"{prefix}.representative"],
        reference=state[f"{prefix}.reference"],
        summary=state[f"{prefix}.summary"],
        outcome=state[f"{prefix}.outcome"],
        follow_up_on=state[f"{prefix}.follow_up_on"],
    )


def before_you_call(scope: CaseInView, account: Account | None, contacts: dict[str, CaseFact]) -> None:
    identifiers, questions, support = st.columns(3)
    with identifiers:
        st.markdown("**Have these ready**")
        if account is None:
            st.info("Enter the account to cancel first.", icon=":material/info:")
            st.page_link(PAGE_FOR_STAGE[Stage.ACCOUNT].path, label="Account identification")
        else:
            reveal = st.toggle("Show full numbers", key="support.reveal")
            number = account.account_number if reveal else mask_account_number(account.account_number)
            phones = [format_phone(p) if reveal else mask_phone(p) for p in account.phone_numbers]
            st.text(f"Holder: {account.holder_name or '—'}")
            st.text(f"Account number: {number or '—'}")
            st.text(f"Phone: {', '.join(phones) or '—'}")
            st.text(f"Service address: {one_line_address(account) or '—'}")
            st.text(f"E-mail: {account.email or '—'}")
            st.text(f"Plan: {account.plan}")
            missing = missing_identifiers(account)
            if missing:
                st.warning("Still missing: " + ", ".join(missing) + ".", icon=":material/info:")
    with questions:
        st.markdown("**What to ask**")
        st.markdown("\n".join(f"{n}. {q}" for n, q in enumerate(QUESTIONS, start=1)))
    with support:
        st.markdown("**Ooma's support contacts**")
        for fact_key in CONTACT_KEYS:
            fact = contacts[fact_key]
            st.text(f"{fact.fact.label}: {fact.value or '(not recorded)'}")
            detail = "" if fact.override is not None or fact.value else f" · {fact.fact.source}"
            st.caption(f"{fact.label}{detail}")
        with st.popover("Edit contacts", icon=":material/edit:"):
            edit_contacts(scope, contacts)


def edit_contacts(scope: CaseInView, contacts: dict[str, CaseFact]) -> None:
    case_id, who = scope.case_id, scope.owner
    st.caption("Your own values for this case. Leave a field blank to go back to the profile's value.")
    typed = {}
    for fact_key in CONTACT_KEYS:
        widget = f"support.contact.{fact_key}"
        if widget not in st.session_state:
            st.session_state[widget] = contacts[fact_key].override or ""
        typed[fact_key] = st.text_input(contacts[fact_key].fact.label, key=widget, max_chars=500)
    if st.button("Save contacts", key="support.contact.save"):

        def save(session) -> bool:
            for fact_key, value in typed.items():
                if value.strip() != (contacts[fact_key].override or ""):
                    set_override(session=session, owner=who, case_id=case_id, key=fact_key, value=value)
            return True

        if change(save, success="Contacts saved."):
            for fact_key in CONTACT_KEYS:
                st.session_state.pop(f"support.contact.{fact_key}", None)
            st.rerun()


def errors_after_trying(prefix: str, tz: tzinfo) -> dict[str, str]:
    """Messages for the fields, once the person tried to save (then they follow every change)."""
    if not st.session_state.get(f"{prefix}.tried"):
        return {}
    return validate_interaction(form_from_state(prefix), tz=tz, now=datetime.now(UTC))[1]


def new_contact(scope: CaseInView, now: datetime) -> None:
    case_id, who, tz = scope.case_id, scope.owner, scope.tz
    load_fields(NEW, None, tz, now)
    errors = errors_after_trying(NEW, tz)
    interaction_fields(NEW, errors)
    if st.button("Add to the log", key=f"{NEW}.save", type="primary"):
        details, errors = validate_interaction(form_from_state(NEW), tz=tz, now=datetime.now(UTC))
        if details is None:
            st.session_state[f"{NEW}.tried"] = True
            st.rerun()
        added = change(
            lambda session: add_interaction(session=session, owner=who, case_id=case_id, details=details),
            success="Contact logged.",
        )
        if added is not None:
            forget_fields(NEW)
            st.session_state["support.selected"] = added.id
            st.rerun()
    if errors:
        st.error("Not added: fix the fields marked above.", icon=":material/error:")


def log_rows(interactions: list[Interaction], tz: tzinfo, today: date) -> list[dict[str, str]]:
    return [
        {
            "When": local_time(i.occurred_at, tz),
            "Channel": i.channel,
            "Representative": i.representative,
            "Reference": i.reference,
            "Outcome": i.outcome,
            "Follow-up": follow_up_phrase(i.follow_up_on, today),
            "What was said": i.summary,  # last: the longest, and the table scrolls sideways
        }
        for i in interactions
    ]


def show_log(rows: list[dict[str, str]], overdue: list[bool], key: str) -> None:
    """The contacts as a table; overdue follow-ups on a red background (user text stays plain cells)."""
    if not any(overdue):
        st.dataframe(rows, hide_index=True, width="stretch", key=key)
        return
    import pandas as pd  # only when something must be highlighted

    frame = pd.DataFrame(rows)
    styled = frame.style.apply(lambda row: [OVERDUE_STYLE if overdue[row.name] else ""] * len(row), axis=1)
    st.dataframe(styled, hide_index=True, width="stretch", key=key)


def manage_contact(scope: CaseInView, interaction: Interaction, now: datetime) -> None:
    case_id, who, tz = scope.case_id, scope.owner, scope.tz
    prefix = f"support.edit.{interaction.id}"
    load_fields(prefix, interaction, tz, now)
    errors = errors_after_trying(prefix, tz)
    interaction_fields(prefix, errors)
    save, done, remove = st.columns([1, 1, 3])
    if save.button("Save changes", key=f"{prefix}.save", type="primary"):
        details, errors = validate_interaction(form_from_state(prefix), tz=tz, now=datetime.now(UTC))
        if details is None:
            st.session_state[f"{prefix}.tried"] = True
            st.rerun()
        if change(
            lambda session: update_interaction(
                session=session,
                owner=who,
                case_id=case_id,
                interaction_id=interaction.id or 0,
                details=details,
            ),
            success="Contact updated.",
        ):
            forget_fields(prefix)
            st.rerun()
    if (
        interaction.follow_up_on
        and done.button("Follow-up done", key=f"{prefix}.done", icon=":material/task_alt:")
        and change(
            lambda session: clear_follow_up(
                session=session, owner=who, case_id=case_id, interaction_id=interaction.id or 0
            ),
            success="Follow-up marked as done.",
        )
    ):
        forget_fields(prefix)
        st.rerun()
    with remove.popover("Delete", icon=":material/delete:"):
        st.write("Delete this contact from the log? The audit trail keeps a note that it was deleted.")
        if st.button("Yes, delete it", key=f"{prefix}.delete") and change_done(
            lambda session: delete_interaction(
                session=session, owner=who, case_id=case_id, interaction_id=interaction.id or 0
            ),
            success="Contact deleted.",
        ):
            forget_fields(prefix)
            st.session_state.pop("support.selected", None)
            st.rerun()
    if errors:
        st.error("Not saved: fix the fields marked above.", icon=":material/error:")

    st.markdown("**Got a confirmation number in this contact?**")
    number, kind, record = st.columns([2, 2, 1], vertical_alignment="bottom")
    number.text_input("Confirmation number", key=f"{prefix}.confirmation", max_chars=100)
    kind.selectbox(
        "It confirms",
        [k.value for k in ConfirmationKind],
        key=f"{prefix}.confirms",
        format_func=str.capitalize,
    )
    if record.button("Record it", key=f"{prefix}.record"):
        recorded = change(
            lambda session: add_confirmation(
                session=session,
                owner=who,
                case_id=case_id,
                number=st.session_state[f"{prefix}.confirmation"],
                received_at=interaction.occurred_at,
                channel=interaction.channel,
                confirms=st.session_state[f"{prefix}.confirms"],
                representative=interaction.representative,
                interaction_id=interaction.id,
            ),
            success="Confirmation number recorded.",
        )
        if recorded is not None:
            st.session_state.pop(f"{prefix}.confirmation", None)
            st.rerun()
    st.page_link(PAGE_FOR_STAGE[Stage.CONFIRMATION].path, label="See every confirmation number")


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
    i.id: f"{local_time(i.occurred_at, tz)} · {i.channel} · {i.representative or 'no name'}" for i in shown
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
