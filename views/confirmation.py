"""Stage 6, confirmation number: every number Ooma gave, the primary cancellation one, and the audit trail."""

import streamlit as st

from ooma_cancel.formatting import channel_text, moment_text
from ooma_cancel.models import Confirmation, Stage
from ooma_cancel.progress import STAGE_TITLES
from ooma_cancel.store.confirmations import (
    delete_confirmation,
    list_confirmations,
    primary_cancellation_confirmation,
)
from ooma_cancel.store.events import list_events
from ooma_cancel.ui.confirmation_form import confirmation_form
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.record_editor import (
    EditorWords,
    RecordEditor,
    new_record_form,
    record_editor,
)
from ooma_cancel.ui.session import CaseInView, reading
from ooma_cancel.ui.tables import text_table
from ooma_cancel.ui.widgets import require_scope

PAGE = "confirmation"
TRAIL_PAGE = 25
TRAIL_STAGE = "confirmation.trail.stage"
TRAIL_PAGE_KEY = "confirmation.trail.page"
STAGE_NAMES = {**{stage.value: title for stage, title in STAGE_TITLES.items()}, Stage.CASE.value: "Case"}


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
        # Wrapping: a note or a representative's name is read whole, and the page needs no canvas grid.
        table="wrap",
        narrow_columns=3,
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
    text_table(
        [
            {
                "When": moment_text(event.at, zone),
                "Stage": STAGE_NAMES.get(event.stage, event.stage),
                "What changed": event.summary,
            }
            for event in shown
        ],
        key="confirmation_trail",
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
