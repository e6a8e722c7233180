"""Stage 6, confirmation number: every number Ooma gave, the primary cancellation one, and the audit trail."""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import streamlit as st

from ooma_cancel.formatting import channel_text, choice_text, moment_text
from ooma_cancel.models import Channel, Confirmation, ConfirmationKind, Stage, limit
from ooma_cancel.progress import STAGE_TITLES
from ooma_cancel.store.confirmations import (
    add_confirmation,
    delete_confirmation,
    list_confirmations,
    primary_cancellation_confirmation,
    update_confirmation,
)
from ooma_cancel.store.events import list_events
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.record_editor import (
    EditorWords,
    FormKeys,
    RecordEditor,
    Save,
    add_or_update,
    new_record_form,
    record_editor,
    submit_button,
)
from ooma_cancel.ui.session import CaseInView, reading
from ooma_cancel.ui.widgets import require_scope

PAGE = "confirmation"
TRAIL_PAGE = 25
TRAIL_STAGE = "confirmation.trail.stage"
TRAIL_PAGE_KEY = "confirmation.trail.page"
KINDS = [kind.value for kind in ConfirmationKind]
CHANNELS = [channel.value for channel in Channel]
STAGE_NAMES = {**{stage.value: title for stage, title in STAGE_TITLES.items()}, Stage.CASE.value: "Case"}


def confirmation_form(scope: CaseInView) -> Callable[[FormKeys, Confirmation | None], None]:
    """Record (no item) or correct a confirmation number; an empty number is refused, nothing saved."""
    me, case_id, zone = scope.owner, scope.case_id, scope.tz

    def form(key: FormKeys, item: Confirmation | None) -> None:
        local = item.received_at.astimezone(zone) if item else datetime.now(zone)
        with st.form(key("form"), border=item is None):
            left, right = st.columns(2)
            left.text_input(
                "Confirmation number",
                value=item.number if item else "",
                max_chars=limit(Confirmation, "number"),
                help="Exactly as Ooma gave it; read it back to the representative.",
                key=key("number"),
            )
            right.selectbox(
                "What it confirms",
                KINDS,
                index=KINDS.index(item.confirms) if item and item.confirms in KINDS else 0,
                format_func=choice_text,
                key=key("confirms"),
            )
            day_col, time_col, channel_col = st.columns(3)
            day_col.date_input(
                "Received on",
                value=local.date(),
                min_value=date(2000, 1, 1),
                max_value=max(local.date(), date.today()),
                format="MM/DD/YYYY",
                key=key("day"),
            )
            time_col.time_input("At", value=local.time().replace(second=0, microsecond=0), key=key("time"))
            channel_col.selectbox(
                "Channel",
                CHANNELS,
                index=CHANNELS.index(item.channel) if item and item.channel in CHANNELS else 0,
                format_func=channel_text,
                key=key("channel"),
            )
            st.text_input(
                "Representative (name or ID)",
                value=item.representative if item else "",
                max_chars=limit(Confirmation, "representative"),
                key=key("representative"),
            )
            st.text_area(
                "Note",
                value=item.note if item else "",
                max_chars=limit(Confirmation, "note"),
                height=68,
                key=key("note"),
            )
            submit_button(
                key,
                "Record number" if item is None else "Save changes",
                lambda: check(key, item, local),
                type="primary",
            )

    def check(key: FormKeys, item: Confirmation | None, local: datetime) -> Save:
        typed = st.session_state  # the submitted values: the save runs in the button's callback
        fields: dict[str, Any] = {
            "number": typed[key("number")],
            "received_at": datetime.combine(
                typed[key("day")] or local.date(), typed[key("time")] or time(0), tzinfo=zone
            ),
            "channel": typed[key("channel")],
            "confirms": typed[key("confirms")],
            "representative": typed[key("representative")],
            "note": typed[key("note")],
        }
        return add_or_update(
            item,
            add=lambda session: add_confirmation(session=session, owner=me, case_id=case_id, **fields),
            update=lambda session, kept: update_confirmation(
                session=session, owner=me, case_id=case_id, confirmation_id=kept.id or 0, **fields
            ),
            added="Confirmation number recorded.",
            saved="Confirmation saved.",
        )

    return form


def confirmations_editor(
    scope: CaseInView, confirmations: list[Confirmation], primary: Confirmation | None
) -> RecordEditor[Confirmation]:
    """Every number as a table, each one to correct or remove."""
    zone = scope.tz
    return RecordEditor(
        page=PAGE,
        records=confirmations,
        record_id=lambda item: item.id or 0,
        row=lambda item: {
            "Number": item.number,
            "Confirms": item.confirms + (" (primary)" if primary and item.id == primary.id else ""),
            "Received": moment_text(item.received_at, zone),
            "Channel": channel_text(item.channel),
            "Representative": item.representative,
            "Note": item.note,
        },
        describe=lambda item: f"{item.number} · {item.confirms} · {moment_text(item.received_at, zone)}",
        form=confirmation_form(scope),
        remove=lambda session, confirmation_id: delete_confirmation(
            session=session, owner=scope.owner, case_id=scope.case_id, confirmation_id=confirmation_id
        ),
        words=EditorWords(
            opener="Correct or remove a number",
            choice="Confirmation",
            remove="Remove this number",
            removed="Confirmation removed.",
            confirm="Remove this number from the case? The audit trail keeps that it was recorded.",
        ),
    )


def first_trail_page() -> None:
    st.session_state[TRAIL_PAGE_KEY] = 0


def turn_trail_page(step: int) -> None:
    st.session_state[TRAIL_PAGE_KEY] = max(0, st.session_state.get(TRAIL_PAGE_KEY, 0) + step)


st.title("Confirmation number")
st.caption(
    "A confirmation number is your proof that Ooma accepted the cancellation (or a port, a return, a refund). "
    "Ask for one every time, write it down with the time and the representative's name."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, me = scope.case_id, scope.owner
zone = scope.tz
stage_filter = st.session_state.get(TRAIL_STAGE) or ""
trail_page = int(st.session_state.get(TRAIL_PAGE_KEY, 0))
with reading() as session:
    primary = primary_cancellation_confirmation(session=session, owner=me, case_id=case_id)
    confirmations = list_confirmations(session=session, owner=me, case_id=case_id)
    # One row beyond the page says whether an older page exists.
    events = list_events(
        session=session,
        owner=me,
        case_id=case_id,
        stage=stage_filter or None,
        offset=trail_page * TRAIL_PAGE,
        limit=TRAIL_PAGE + 1,
    )

st.header("Your cancellation confirmation")
if primary is None:
    st.info(
        "No cancellation confirmation number yet. When Ooma accepts your cancellation, ask for the number "
        "and record it below: the overview, the end-date page and your letters quote it.",
        icon=":material/info:",
    )
else:
    st.code(primary.number, language=None)
    st.text(
        f"Received {moment_text(primary.received_at, zone)} by {primary.channel}"
        + (f" from {primary.representative}" if primary.representative else "")
        + "."
    )

if confirmations:
    st.header("Every confirmation number")
    record_editor(confirmations_editor(scope, confirmations, primary))

st.header("Record a confirmation number")
new_record_form(PAGE, confirmation_form(scope))

st.header("Audit trail")
st.caption("Every change to this case, when it happened and in which stage, newest first.")
st.selectbox(
    "Stage",
    ["", *STAGE_NAMES],
    format_func=lambda value: STAGE_NAMES.get(value, "All stages"),
    key=TRAIL_STAGE,
    on_change=first_trail_page,
)
shown = events[:TRAIL_PAGE]
if not shown:
    st.write("No events for this stage yet.")
else:
    st.dataframe(
        [
            {
                "When": moment_text(event.at, zone),
                "Stage": STAGE_NAMES.get(event.stage, event.stage),
                "What changed": event.summary,
            }
            for event in shown
        ],
        hide_index=True,
        width="stretch",
    )
first = trail_page * TRAIL_PAGE + 1
with st.container(horizontal=True, vertical_alignment="center"):
    st.button(
        "Newer",
        key="confirmation.trail.newer",
        icon=":material/chevron_left:",
        disabled=trail_page == 0,
        on_click=turn_trail_page,
        args=(-1,),
    )
    st.button(
        "Older",
        key="confirmation.trail.older",
        icon=":material/chevron_right:",
        disabled=len(events) <= TRAIL_PAGE,
        on_click=turn_trail_page,
        args=(1,),
    )
    if shown:
        st.caption(f"Events {first:,}–{first + len(shown) - 1:,}")
next_step_link(scope)  # the case's next step, as the overview has it
