"""The cancellation request page's status: where the request stands, recording its submission, and what Ooma
did next (acknowledged, completed, rejected). Used by ``views/cancellation_request.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from sqlmodel import Session

from ooma_cancel.formatting import day_text
from ooma_cancel.models import CancellationRequest, RequestStatus, limit
from ooma_cancel.progress import CaseFacts, port_pending
from ooma_cancel.request import REQUEST_CHANNELS, WRITTEN, RequestDraft, StatusChange, validate_draft
from ooma_cancel.store.requests import change_status, save_draft
from ooma_cancel.ui.session import CaseInView, change_in_callback, refuse, save_button, tell
from ooma_cancel.ui.widgets import BadgeColour

STATUS_COLOURS: dict[RequestStatus, BadgeColour] = {
    RequestStatus.DRAFT: "gray",
    RequestStatus.SUBMITTED: "blue",
    RequestStatus.ACKNOWLEDGED: "blue",
    RequestStatus.COMPLETED: "green",
    RequestStatus.REJECTED: "red",
}


STATEMENTS = {
    "states_intent": "The request says clearly that I want to cancel",
    "asks_written_confirmation": "It asks for written confirmation and a confirmation number",
    "asks_final_bill_and_equipment": "It asks for the final bill date and equipment return instructions",
}
SAVE_DRAFT_KEY = "request.save"
SUBMIT_KEY = "request.submit"


def draft_in_state() -> RequestDraft:
    """The draft as its widgets hold it (how, when, and the statements; a letter makes all of them)."""
    written = st.session_state["request.channel"] == WRITTEN
    said = {name: written or bool(st.session_state.get(f"request.{name}")) for name in STATEMENTS}
    return RequestDraft(
        channel=st.session_state["request.channel"],
        requested_end_on=st.session_state["request.end_on"],
        **said,
    )


def valid_draft_in_state(today: date) -> RequestDraft | None:
    """:func:`draft_in_state` when it is valid (``validate_draft``), else None; for a button's callback."""
    clean, _errors = validate_draft(draft_in_state(), today=today)
    return clean


def save_draft_now(scope: CaseInView, *, loaded_key: str) -> None:
    """ "Save draft"'s callback: the draft as typed, when it is valid; then ``loaded_key`` is dropped so the
    page loads the saved draft into its widgets again. Runs before the page is drawn: no rerun."""
    draft = valid_draft_in_state(scope.today)
    if draft is None:
        refuse(SAVE_DRAFT_KEY, "Not saved: fix what is marked above.")
        return
    saved: RequestDraft = draft

    def save(session: Session) -> bool:
        save_draft(session=session, owner=scope.owner, case_id=scope.case_id, draft=saved)
        return True

    if change_in_callback(save, told=SAVE_DRAFT_KEY, success="Draft saved."):
        st.session_state.pop(loaded_key, None)


def save_draft_button(scope: CaseInView, *, loaded_key: str) -> None:
    """The draft's "Save draft" button (:func:`save_draft_now`), with why it was not saved under it."""
    st.button(
        "Save draft",
        key=SAVE_DRAFT_KEY,
        on_click=save_draft_now,
        args=(scope,),
        kwargs={"loaded_key": loaded_key},
    )
    tell(SAVE_DRAFT_KEY)


def default_date(widget: str, today: date) -> None:
    if widget not in st.session_state:
        st.session_state[widget] = today


def status_header(request: CancellationRequest | None) -> RequestStatus:
    status = RequestStatus(request.status) if request else RequestStatus.DRAFT
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown("**Status**")
        st.badge(status.value.capitalize() if request else "Not started", color=STATUS_COLOURS[status])
    if request is None:
        return status
    how = REQUEST_CHANNELS.get(request.channel, request.channel)
    if request.requested_end_on:
        st.text(f"Requested end date: {day_text(request.requested_end_on)}")
    if request.submitted_on:
        st.text(f"Submitted on {day_text(request.submitted_on)} · {how}")
    if request.tracking_number:
        st.text(f"Certified-mail tracking number: {request.tracking_number}")
    if request.acknowledged_on:
        st.text(f"Acknowledged by Ooma on {day_text(request.acknowledged_on)}")
    if request.completed_on:
        st.text(f"Completed on {day_text(request.completed_on)}")
    if request.rejected_reason and status in (RequestStatus.REJECTED, RequestStatus.DRAFT):
        st.text(
            f"Ooma's reason for rejecting {'it' if status is RequestStatus.REJECTED else 'the last request'}:"
        )
        st.code(request.rejected_reason, language=None, wrap_lines=True)
    return status


def move_button(
    scope: CaseInView,
    label: str,
    target: RequestStatus,
    *,
    key: str,
    on_key: str | None = None,
    reason_key: str | None = None,
    **button: Any,
) -> None:
    """A button that moves the request to ``target``, with the date or reason typed under ``on_key`` or
    ``reason_key`` (read when it is clicked)."""
    save_button(
        label,
        key=key,
        action=lambda session: change_status(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            change=StatusChange(
                target,
                on=st.session_state[on_key] if on_key else None,
                reason=st.session_state[reason_key] if reason_key else "",
            ),
            today=scope.today,
        ),
        success=f"Request marked as {target.value}.",
        **button,
    )


def submit_panel(scope: CaseInView, facts: CaseFacts) -> None:
    """Record that the request was sent: when, the certified-mail tracking number, and (with a port still
    pending) that the person accepts the risk to their number."""
    today = scope.today
    with st.container(border=True):
        st.markdown("**Sent it? Record the submission**")
        left, right = st.columns(2)
        default_date("request.submitted_on", today)
        left.date_input("Submitted on", key="request.submitted_on", max_value=today, format="MM/DD/YYYY")
        if st.session_state["request.channel"] == WRITTEN:
            right.text_input(
                "Certified-mail tracking number (optional)",
                key="request.tracking",
                max_chars=limit(CancellationRequest, "tracking_number"),
                help="Send the letter by certified mail with a return receipt: it proves when Ooma got it.",
            )
        if port_pending(facts):
            st.checkbox(
                "I know my number port has not completed, and that submitting now can lose the number",
                key="request.port_ack",
            )
        st.button("Mark as submitted", key=SUBMIT_KEY, type="primary", on_click=submit, args=(scope,))
        tell(SUBMIT_KEY)


def submit(scope: CaseInView) -> None:
    """ "Mark as submitted"'s callback: save the draft as typed and mark it submitted, as one change, before the
    page is drawn (the page shows the submitted request in the same run)."""
    draft = valid_draft_in_state(scope.today)
    if draft is None:
        refuse(SUBMIT_KEY, "Fix the request above first.")
        return
    sent: RequestDraft = draft

    def save_and_submit(session: Session) -> CancellationRequest:
        save_draft(session=session, owner=scope.owner, case_id=scope.case_id, draft=sent)
        return change_status(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            change=StatusChange(
                RequestStatus.SUBMITTED,
                on=st.session_state["request.submitted_on"],
                tracking_number=st.session_state.get("request.tracking", ""),
                # The store refuses to submit before a wanted port completes unless this is ticked.
                accepts_port_pending=bool(st.session_state.get("request.port_ack")),
            ),
            today=scope.today,
        )

    change_in_callback(save_and_submit, told=SUBMIT_KEY, success="Request marked as submitted.")


def status_actions(scope: CaseInView, status: RequestStatus) -> None:
    today = scope.today
    if status is RequestStatus.COMPLETED:
        st.success("Ooma completed the cancellation.", icon=":material/check_circle:")
        return
    if status is RequestStatus.REJECTED:
        move_button(
            scope,
            "Start a new draft",
            RequestStatus.DRAFT,
            key="request.reopen",
            icon=":material/restart_alt:",
        )
        return
    st.header("What did Ooma do?")
    columns = st.columns(3 if status is RequestStatus.SUBMITTED else 2)
    if status is RequestStatus.SUBMITTED:
        with columns[0], st.container(border=True):
            default_date("request.ack_on", today)
            st.date_input("Acknowledged on", key="request.ack_on", max_value=today, format="MM/DD/YYYY")
            move_button(
                scope,
                "Ooma acknowledged it",
                RequestStatus.ACKNOWLEDGED,
                key="request.acknowledge",
                on_key="request.ack_on",
            )
    with columns[-2], st.container(border=True):
        default_date("request.completed_on", today)
        st.date_input("Completed on", key="request.completed_on", max_value=today, format="MM/DD/YYYY")
        move_button(
            scope,
            "The cancellation is complete",
            RequestStatus.COMPLETED,
            key="request.complete",
            on_key="request.completed_on",
        )
    with columns[-1], st.container(border=True):
        st.text_area(
            "Ooma's reason for rejecting it",
            key="request.reason",
            max_chars=limit(CancellationRequest, "rejected_reason"),
            height=80,
        )
        move_button(
            scope,
            "Ooma rejected it",
            RequestStatus.REJECTED,
            key="request.reject",
            reason_key="request.reason",
        )
