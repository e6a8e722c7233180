"""The confirmation page's form: record or correct one confirmation number."""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import streamlit as st

from ooma_cancel.formatting import channel_text, choice_text
from ooma_cancel.models import Channel, Confirmation, ConfirmationKind, limit
from ooma_cancel.store.confirmations import add_confirmation, update_confirmation
from ooma_cancel.ui.record_editor import FormKeys, Save, add_or_update, choice_index, submit_button
from ooma_cancel.ui.session import CaseInView

KINDS = [kind.value for kind in ConfirmationKind]
CHANNELS = [channel.value for channel in Channel]


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
                index=choice_index(KINDS, item.confirms if item else None),
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
                index=choice_index(CHANNELS, item.channel if item else None),
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
