"""Stage 1b, keep your number: decide, then port the number to the new carrier before cancelling Ooma."""

from dataclasses import fields
from datetime import date

import streamlit as st

from ooma_cancel.account import format_phone
from ooma_cancel.models import PortRecord, RequestStatus, limit
from ooma_cancel.porting import (
    CANCELLED_BEFORE_PORT,
    LETTING_IT_GO,
    PortDetails,
    PortForm,
    port_checklist,
    port_status_note,
    port_warning,
    validate_port,
)
from ooma_cancel.progress import CaseFacts, cancelled_before_port
from ooma_cancel.store.facts import target_account
from ooma_cancel.store.overrides import CaseFact, case_facts_of_profile
from ooma_cancel.store.port import decide_keep_number, get_port, save_port
from ooma_cancel.store.requests import get_request
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.record_editor import FormKeys
from ooma_cancel.ui.session import CaseInView, change, change_in_callback, owner, reading, refuse, tell
from ooma_cancel.ui.widgets import require_scope

DECISION_KEY = "port.decision"
LOADED_KEY = "port.loaded_for"
key = FormKeys("port")  # the port form's widgets: port.<field>
FIELDS = tuple(field.name for field in fields(PortForm))  # the form's widgets, one per field
CHOICES = {
    "keep": "Keep my number: port it to a new carrier first",
    "let_go": "Let it go: I do not need this number any more",
}


def sourced_fact(fact: CaseFact) -> None:
    """A provider fact: its value as plain text (it may be the person's own), and where it comes from."""
    with st.container(border=True):
        st.caption(fact.fact.label)
        st.text(fact.shown)
        st.caption(fact.label)


def load_form(case_id: int, port: PortRecord | None, account_phones: list[str]) -> None:
    """Fill the widgets from the database once per case (and again after a save)."""
    # Streamlit drops a widget's state when its page is left, so check the widgets too, not only the case.
    if st.session_state.get(LOADED_KEY) == case_id and all(
        key(field) in st.session_state for field in FIELDS
    ):
        return
    numbers = (port.numbers if port and port.numbers else None) or account_phones
    values = {
        "new_carrier": port.new_carrier if port else "",
        "numbers": "\n".join(format_phone(n) for n in numbers),
        "account_number_ready": port.account_number_ready if port else False,
        "pin_obtained": port.pin_obtained if port else False,
        "name_address_match": port.name_address_match if port else False,
        "requested_on": port.requested_on if port else None,
        "foc_on": port.foc_on if port else None,
        "completed_on": port.completed_on if port else None,
    }
    for field, value in values.items():
        st.session_state[key(field)] = value
    st.session_state[LOADED_KEY] = case_id


def form_from_state() -> PortForm:
    return PortForm(**{field: st.session_state[key(field)] for field in FIELDS})


def on_decide(case_id: int) -> None:
    # A widget callback: it runs before app.py reads this run's scope, so it works out the owner itself.
    choice = st.session_state.get(DECISION_KEY)
    if choice is None:
        return
    change(
        lambda session: decide_keep_number(
            session=session, owner=owner(), case_id=case_id, keep=choice == "keep"
        ),
        success="Choice saved.",
    )


def port_form(scope: CaseInView) -> None:
    """The checklist and dates; messages show under each field, and nothing saves until all are valid."""
    today = scope.today
    _, errors = validate_port(form_from_state(), today=today)

    def field_error(field: str) -> None:
        if field in errors:
            st.error(errors[field], icon=":material/error:")

    left, right = st.columns(2)
    with left:
        st.markdown("**Port-out checklist**")
        st.text_input("New carrier", key=key("new_carrier"), max_chars=limit(PortRecord, "new_carrier"))
        field_error("new_carrier")
        st.text_area(
            "Numbers to port",
            key=key("numbers"),
            height=80,
            help="One per line. Filled in from your account; remove any you want to let go.",
        )
        field_error("numbers")
        st.checkbox(
            "I have my Ooma account number ready for the new carrier", key=key("account_number_ready")
        )
        st.checkbox(
            "I have obtained the port-out PIN from Ooma",
            key=key("pin_obtained"),
            help="Give it only to the new carrier. Do not type it anywhere here: this dashboard never stores it.",
        )
        st.checkbox(
            "Name and service address match Ooma's records exactly",
            key=key("name_address_match"),
            help="As you gave them to the new carrier: a mismatch is the most common reason a port is rejected.",
        )
    with right:
        st.markdown("**Dates**")
        st.date_input(
            "Port requested on (by the new carrier)",
            key=key("requested_on"),
            max_value=today,
            format="MM/DD/YYYY",
        )
        field_error("requested_on")
        st.date_input(
            "Firm order confirmation (FOC) date",
            key=key("foc_on"),
            format="MM/DD/YYYY",
            help="The port date the new carrier confirmed.",
        )
        field_error("foc_on")
        st.date_input("Port completed on", key=key("completed_on"), max_value=today, format="MM/DD/YYYY")
        field_error("completed_on")

    st.button("Save port details", key=key("save"), type="primary", on_click=save_port_details, args=(scope,))
    tell(key("save"))


def save_port_details(scope: CaseInView) -> None:
    """The save button's callback: check the fields, then save them, before the page is drawn."""
    details, _ = validate_port(form_from_state(), today=scope.today)
    if details is None:
        refuse(key("save"), "Not saved: fix the fields marked above.")
        return
    saved = change_in_callback(
        lambda session: save_port(session=session, owner=scope.owner, case_id=scope.case_id, details=details),
        told=key("save"),
        success="Port details saved.",
    )
    if saved is not None:
        st.session_state.pop(LOADED_KEY, None)


def where_it_stands(port: PortRecord, today: date) -> None:
    details = PortDetails(
        new_carrier=port.new_carrier,
        numbers=list(port.numbers or []),
        account_number_ready=port.account_number_ready,
        pin_obtained=port.pin_obtained,
        name_address_match=port.name_address_match,
        requested_on=port.requested_on,
        foc_on=port.foc_on,
        completed_on=port.completed_on,
    )
    st.header("Where the port stands")
    note = port_status_note(details, today=today)
    if port.completed_on:
        st.success(note, icon=":material/check_circle:")
    else:
        st.info(note, icon=":material/info:")
    items = port_checklist(details)
    done = sum(item.done for item in items)
    st.progress(done / len(items), text=f"{done} of {len(items)} steps done")
    with st.expander("Every step", expanded=not port.completed_on):
        for item in items:
            icon = ":material/check_box:" if item.done else ":material/check_box_outline_blank:"
            hint = f" — {item.hint}" if item.hint and not item.done else ""
            st.markdown(f"{icon} {item.label}{hint}")


st.title("Keep your number")
st.caption(
    "To keep your phone number, the new carrier ports it away from Ooma. Do that before you cancel: "
    "cancelling first can release the number."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, today = scope.case_id, scope.today

with reading() as session:
    port = get_port(session=session, owner=scope.owner, case_id=case_id)
    request = get_request(session=session, owner=scope.owner, case_id=case_id)
    account = target_account(session=session, owner=scope.owner, case_id=case_id)
    profile = case_facts_of_profile(session=session, owner=scope.owner, case_id=case_id)

facts = CaseFacts(
    keep_number=port.keep_number if port else None,
    port_completed_on=port.completed_on if port else None,
    request_status=request.status if request else None,
)
warning = port_warning(facts)
if cancelled_before_port(facts):
    st.error(f"**Your number is at risk.** {CANCELLED_BEFORE_PORT}", icon=":material/warning:")
elif warning and (request is None or request.status == RequestStatus.DRAFT.value):
    st.warning(warning, icon=":material/warning:")

decision = None if port is None or port.keep_number is None else ("keep" if port.keep_number else "let_go")
if DECISION_KEY not in st.session_state or st.session_state[DECISION_KEY] != decision:
    # Follow the database (a change in another tab, or a save that failed).
    st.session_state[DECISION_KEY] = decision
st.radio(
    "Do you want to keep your phone number?",
    list(CHOICES),
    format_func=CHOICES.__getitem__,
    key=DECISION_KEY,
    index=None,
    on_change=on_decide,
    args=(case_id,),
)

if decision is None:
    st.info("Choose one to continue. You can change your mind until you cancel.", icon=":material/help:")
elif decision == "let_go":
    st.warning(LETTING_IT_GO, icon=":material/warning:")
    sourced_fact(profile["number_aging"])
else:
    assert port is not None
    where_it_stands(port, today)
    st.header("Port details")
    load_form(case_id, port, list(account.phone_numbers) if account else [])
    port_form(scope)

st.header("What the rules say")
columns = st.columns(3)
for column, fact_key in zip(
    columns, ("port_timing", "simple_port_deadline", "port_unpaid_balance"), strict=True
):
    with column:
        sourced_fact(profile[fact_key])
next_step_link(scope)  # the case's next step, as the overview has it
