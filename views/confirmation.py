"""Stage 6, confirmation number: every number Ooma gave, the primary cancellation one, and the audit trail."""

from datetime import date, datetime, time, tzinfo
from typing import Any

import streamlit as st

from ooma_cancel.models import Channel, Confirmation, ConfirmationKind, Stage
from ooma_cancel.progress import STAGE_TITLES
from ooma_cancel.store.confirmations import (
    add_confirmation,
    delete_confirmation,
    list_confirmations,
    primary_cancellation_confirmation,
    update_confirmation,
)
from ooma_cancel.store.events import list_events
from ooma_cancel.ui.session import change, change_done, reading
from ooma_cancel.ui.widgets import require_scope

TRAIL_PAGE = 25
NEW_FORM = (
    "confirmation.new_form"  # how many numbers were recorded in this session: the empty form's generation
)
TRAIL_STAGE = "confirmation.trail.stage"
TRAIL_PAGE_KEY = "confirmation.trail.page"
KINDS = [kind.value for kind in ConfirmationKind]
CHANNELS = [channel.value for channel in Channel]
STAGE_NAMES = {**{stage.value: title for stage, title in STAGE_TITLES.items()}, Stage.CASE.value: "Case"}


def when(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%b %-d, %Y %-I:%M %p")


def key(prefix: str, field: str) -> str:
    return f"confirmation.{prefix}.{field}"


def confirmation_form(prefix: str, case_id: int, item: Confirmation | None, zone: tzinfo) -> None:
    """Record (``item`` None) or correct a confirmation number; an empty number is refused, nothing saved."""
    local = item.received_at.astimezone(zone) if item else datetime.now(zone)
    with st.form(key(prefix, "form"), border=item is None):
        left, right = st.columns(2)
        number = left.text_input(
            "Confirmation number",
            value=item.number if item else "",
            max_chars=100,
            help="Exactly as Ooma gave it; read it back to the representative.",
            key=key(prefix, "number"),
        )
        confirms = right.selectbox(
            "What it confirms",
            KINDS,
            index=KINDS.index(item.confirms) if item and item.confirms in KINDS else 0,
            key=key(prefix, "confirms"),
        )
        day_col, time_col, channel_col = st.columns(3)
        day = day_col.date_input(
            "Received on",
            value=local.date(),
            min_value=date(2000, 1, 1),
            max_value=max(local.date(), date.today()),
            format="MM/DD/YYYY",
            key=key(prefix, "day"),
        )
        at = time_col.time_input(
            "At", value=local.time().replace(second=0, microsecond=0), key=key(prefix, "time")
        )
        channel = channel_col.selectbox(
            "Channel",
            CHANNELS,
            index=CHANNELS.index(item.channel) if item and item.channel in CHANNELS else 0,
            key=key(prefix, "channel"),
        )
        representative = st.text_input(
            "Representative (name or ID)",
            value=item.representative if item else "",
            max_chars=200,
            key=key(prefix, "representative"),
        )
        note = st.text_area(
            "Note", value=item.note if item else "", max_chars=2000, height=68, key=key(prefix, "note")
        )
        submitted = st.form_submit_button(
            "Record number" if item is None else "Save changes", key=key(prefix, "save"), type="primary"
        )
    if not submitted:
        return
    received_at = datetime.combine(day or local.date(), at or time(0), tzinfo=zone)
    fields: dict[str, Any] = {
        "number": number,
        "received_at": received_at,
        "channel": channel,
        "confirms": confirms,
        "representative": representative,
        "note": note,
    }
    if item is None:
        saved = change(
            lambda session: add_confirmation(session=session, owner=me, case_id=case_id, **fields),
            success="Confirmation number recorded.",
        )
    else:
        saved = change(
            lambda session: update_confirmation(
                session=session, owner=me, case_id=case_id, confirmation_id=item.id or 0, **fields
            ),
            success="Confirmation saved.",
        )
    if saved is not None:
        if item is None:
            # A fresh set of widget keys: the browser keeps what a reused widget showed, even when emptied here.
            st.session_state[NEW_FORM] = st.session_state.get(NEW_FORM, 0) + 1
        st.rerun()


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
        f"Received {when(primary.received_at, zone)} by {primary.channel}"
        + (f" from {primary.representative}" if primary.representative else "")
        + "."
    )

if confirmations:
    st.header("Every confirmation number")
    st.dataframe(
        [
            {
                "Number": item.number,
                "Confirms": item.confirms + (" (primary)" if primary and item.id == primary.id else ""),
                "Received": when(item.received_at, zone),
                "Channel": item.channel,
                "Representative": item.representative,
                "Note": item.note,
            }
            for item in confirmations
        ],
        hide_index=True,
        width="stretch",
    )
    with st.expander("Correct or remove a number", icon=":material/edit:"):
        by_id = {item.id: item for item in confirmations}
        chosen = st.selectbox(
            "Confirmation",
            list(by_id),
            format_func=lambda i: (
                f"{by_id[i].number} · {by_id[i].confirms} · {when(by_id[i].received_at, zone)}"
            ),
            key="confirmation.edit.choice",
        )
        if chosen is not None and chosen in by_id:
            confirmation_form(f"edit{chosen}", case_id, by_id[chosen], zone)
            if st.button("Remove this number", key="confirmation.edit.remove", icon=":material/delete:"):
                chosen_id: int = chosen
                removed = change_done(
                    lambda session: delete_confirmation(
                        session=session, owner=me, case_id=case_id, confirmation_id=chosen_id
                    ),
                    success="Confirmation removed.",
                )
                if removed:
                    st.rerun()

st.header("Record a confirmation number")
confirmation_form(f"new{st.session_state.get(NEW_FORM, 0)}", case_id, None, zone)

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
                "When": when(event.at, zone),
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
