"""One support contact's fields (new or being edited) on the Contacting support page, kept in the session
while typed and checked once a save was tried. Used by ``views/contact_support.py``."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

import streamlit as st

from ooma_cancel.formatting import channel_text
from ooma_cancel.models import Interaction, limit
from ooma_cancel.support import CHANNELS, OUTCOMES, InteractionForm, validate_interaction
from ooma_cancel.ui.record_editor import FormKeys

FIELDS = ("day", "at", "channel", "representative", "reference", "outcome", "summary", "follow_up_on")


def load_fields(key: FormKeys, interaction: Interaction | None, tz: tzinfo, now: datetime) -> None:
    """Put a contact's values (or a new contact's defaults: now, by phone) into its widgets once."""
    if key("day") in st.session_state:
        return
    moment = (interaction.occurred_at if interaction else now).astimezone(tz)
    values = {
        "day": moment.date(),
        "at": moment.time().replace(second=0, microsecond=0, tzinfo=None),
        "channel": interaction.channel.value if interaction else CHANNELS[0],
        "representative": interaction.representative if interaction else "",
        "reference": interaction.reference if interaction else "",
        "outcome": interaction.outcome if interaction else "",
        "summary": interaction.summary if interaction else "",
        "follow_up_on": interaction.follow_up_on if interaction else None,
    }
    for field, value in values.items():
        st.session_state[key(field)] = value


def forget_fields(key: FormKeys) -> None:
    for field in (*FIELDS, "tried"):
        st.session_state.pop(key(field), None)


def interaction_fields(key: FormKeys, errors: dict[str, str]) -> None:
    """The widgets of one contact, each with its message once a save was tried."""

    def field_error(field: str) -> None:
        if field in errors:
            st.error(errors[field], icon=":material/error:")

    day, at, channel = st.columns(3)
    day.date_input("Date", key=key("day"), format="MM/DD/YYYY")
    at.time_input("Time (your time zone)", key=key("at"), step=60)
    channel.selectbox("Channel", CHANNELS, format_func=channel_text, key=key("channel"))
    field_error("when")
    field_error("channel")
    representative, reference = st.columns(2)
    representative.text_input(
        "Representative's name or ID",
        key=key("representative"),
        max_chars=limit(Interaction, "representative"),
    )
    reference.text_input(
        "Ticket or reference number", key=key("reference"), max_chars=limit(Interaction, "reference")
    )
    field_error("representative")
    field_error("reference")
    st.text_area("What was said", key=key("summary"), height=90, max_chars=limit(Interaction, "summary"))
    field_error("summary")
    outcome, follow_up = st.columns(2)
    outcome.text_input(
        "Outcome",
        key=key("outcome"),
        max_chars=limit(Interaction, "outcome"),
        placeholder="e.g. " + ", ".join(OUTCOMES[1:4]),
    )
    follow_up.date_input(
        "Follow up on (optional)",
        key=key("follow_up_on"),
        format="MM/DD/YYYY",
        help="When to check back if Ooma promised something (an e-mail, a label, a refund).",
    )
    field_error("outcome")
    field_error("follow_up_on")


def form_from_state(key: FormKeys) -> InteractionForm:
    state = st.session_state
    return InteractionForm(
        day=state[key("day")],
        at=state[key("at")],
        channel=state[key("channel")],
        representative=state[key("representative")],
        reference=state[key("reference")],
        summary=state[key("summary")],
        outcome=state[key("outcome")],
        follow_up_on=state[key("follow_up_on")],
    )


def errors_after_trying(key: FormKeys, tz: tzinfo) -> dict[str, str]:
    """Messages for the fields, once the person tried to save (then they follow every change)."""
    if not st.session_state.get(key("tried")):
        return {}
    return validate_interaction(form_from_state(key), tz=tz, now=datetime.now(UTC))[1]
