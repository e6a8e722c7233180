"""Stage 3, cancellation request: how and when, whether it is complete, the written request, and its status."""

from dataclasses import replace
from datetime import date

import streamlit as st

from ooma_cancel.formatting import day_text, format_dollars
from ooma_cancel.letters import MAILING_ADDRESS
from ooma_cancel.models import Account, CancellationRequest, RequestStatus, Stage
from ooma_cancel.porting import CANCELLED_BEFORE_PORT, PORT_STILL_PENDING
from ooma_cancel.progress import CaseFacts, cancelled_before_port, port_pending
from ooma_cancel.provider import office_notice_days
from ooma_cancel.request import (
    END_DATE,
    FINAL_BILL_AND_EQUIPMENT,
    IDENTIFIERS,
    INTENT,
    REQUEST_CHANNELS,
    WRITTEN,
    WRITTEN_CONFIRMATION,
    RequestDraft,
    missing_items,
    notice_info,
    validate_draft,
)
from ooma_cancel.store.requests import draft_of, request_view
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.request_status import (
    STATEMENTS,
    draft_in_state,
    save_draft_button,
    status_actions,
    status_header,
    submit_panel,
)
from ooma_cancel.ui.session import reading
from ooma_cancel.ui.widgets import require_scope
from ooma_cancel.ui.written_request import written_request

LOADED_KEY = "request.loaded_for"
REQUEST_CHANNELS_DEFAULT = next(iter(REQUEST_CHANNELS))


def load_draft(case_id: int, request: CancellationRequest | None, today: date) -> None:
    """Fill the draft's widgets from the database once per case (and again after a save)."""
    token = (case_id, request.status if request else None)
    # Streamlit drops a widget's state when its page is left, so check the widgets too, not only the token.
    if st.session_state.get(LOADED_KEY) == token and all(
        widget in st.session_state for widget in ("request.channel", "request.end_on")
    ):
        return
    draft = draft_of(request)
    known = draft is not None and draft.channel in REQUEST_CHANNELS  # e.g. an imported "e-mail" request
    st.session_state["request.channel"] = draft.channel if known and draft else REQUEST_CHANNELS_DEFAULT
    # A stored end date that has passed is no longer a valid choice: ask again.
    end = draft.requested_end_on if draft else None
    st.session_state["request.end_on"] = end if end and end >= today else None
    for name in STATEMENTS:
        st.session_state[f"request.{name}"] = bool(getattr(draft, name)) if draft else False
    st.session_state[LOADED_KEY] = token


def draft_widgets(today: date) -> RequestDraft:
    """How and when; for a letter, the statements are in the generated text already."""
    left, right = st.columns(2)
    left.selectbox(
        "How will you send the request?",
        list(REQUEST_CHANNELS),
        format_func=REQUEST_CHANNELS.__getitem__,
        key="request.channel",
    )
    right.date_input("Requested end date", key="request.end_on", min_value=today, format="MM/DD/YYYY")
    written = st.session_state["request.channel"] == WRITTEN
    if written:
        st.caption("The written request below says all of this for you.")
    else:
        st.caption("Tick what you will say (or said) to the representative or type in the portal:")
    for name, label in STATEMENTS.items():
        if written:
            st.checkbox(label, value=True, disabled=True, key=f"request.{name}.letter")
        else:
            st.checkbox(label, key=f"request.{name}")
    return draft_in_state()


def completeness(missing: list[str], *, written: bool) -> None:
    st.header("Is the request complete?")
    if missing:
        st.warning("Not ready yet. Missing: " + ", ".join(missing) + ".", icon=":material/pending:")
    else:
        st.success("Ready: the request has everything Ooma needs.", icon=":material/check_circle:")
    items = [*IDENTIFIERS, INTENT, END_DATE, WRITTEN_CONFIRMATION, FINAL_BILL_AND_EQUIPMENT]
    if written:
        items.append(MAILING_ADDRESS)
    lines = [
        f"{':material/cancel:' if item in missing else ':material/check_circle:'} {item[:1].upper() + item[1:]}"
        for item in items
    ]
    with st.expander("Every item", expanded=bool(missing)):
        st.markdown("  \n".join(lines))


def warnings(facts: CaseFacts) -> None:
    if cancelled_before_port(facts):
        st.error(f"**Your number is at risk.** {CANCELLED_BEFORE_PORT}", icon=":material/warning:")
        st.page_link(PAGE_FOR_STAGE[Stage.PORT].path, label="Go to Keep your number")
    elif port_pending(facts):
        st.warning(PORT_STILL_PENDING, icon=":material/warning:")
        st.page_link(PAGE_FOR_STAGE[Stage.PORT].path, label="Go to Keep your number")
    if facts.balance_cents > 0:
        amount = format_dollars(facts.balance_cents).replace(
            "$", "\\$"
        )  # a lone $ must not start Markdown maths
        st.warning(
            f"{amount} is outstanding on the account. Cancelling does not cancel what "
            "you owe: pay it or dispute it, and ask for the final amount when you cancel.",
            icon=":material/account_balance_wallet:",
        )


def notice_panel(account: Account | None, today: date) -> None:
    info = notice_info(account, today=today, notice_days=office_notice_days())
    if account is not None and account.fixed_term and account.term_ends_on is None:
        st.warning(
            "Your Ooma Office agreement is fixed-term: enter its end date on the Account identification page to "
            "see the written-notice deadline.",
            icon=":material/event:",
        )
    if info is None:
        return
    show = st.error if info.passed else (st.warning if info.days_left <= 30 else st.info)
    show(
        f"**Fixed-term Ooma Office agreement ending {day_text(info.term_ends_on)}.** {info.consequence()} "
        f"Notice is due {office_notice_days()} days before the term ends, in writing: choose “Written letter”.",
        icon=":material/event:",
    )


st.title("Cancellation request")
st.caption(
    "Ask Ooma to cancel: by phone or chat with a representative, in the web portal, or with a written letter. "
    "The request is ready when it carries everything Ooma needs to act on it."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, today = scope.case_id, scope.today

with reading() as session:
    view = request_view(session=session, owner=scope.owner, case_id=case_id, today=today)
request, account, facts, letter = view.request, view.account, view.facts, view.letter

warnings(facts)
notice_panel(account, today)
if account is None:
    st.warning(
        "Enter the account to cancel (and, with several accounts, confirm which one) before you send a request.",
        icon=":material/badge:",
    )
    st.page_link(PAGE_FOR_STAGE[Stage.ACCOUNT].path, label="Go to Account identification")

status = status_header(request)
if status is RequestStatus.DRAFT:
    load_draft(case_id, request, today)
    live = draft_widgets(today)
    clean, errors = validate_draft(live, today=today)
    for message in errors.values():
        st.error(message, icon=":material/error:")
    missing = missing_items(account, clean or live, mailing_address=letter.mailing_address if letter else "")
    save_draft_button(scope, loaded_key=LOADED_KEY)
    completeness(missing, written=(clean or live).channel == WRITTEN)
    if letter is not None:
        written_request(
            scope,
            replace(letter, requested_end_on=(clean or live).requested_end_on),
            "",
            ready=not missing and not errors,
            caption="Generated from your case. Review it before you send it.",
        )
    submit_panel(scope, facts)
else:
    if letter is not None:
        written_request(
            scope,
            letter,
            request.letter_text if request else "",
            ready=True,
            caption="A letter that confirms your request in writing, citing the confirmation number once you have one.",
        )
    status_actions(scope, status)
next_step_link(scope)  # the case's next step, as the overview has it
