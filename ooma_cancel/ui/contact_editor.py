"""The contacting support page's editor for one logged contact: change or delete it, mark its follow-up
done, and record a confirmation number it gave. Used by ``views/contact_support.py``."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from ooma_cancel.models import Confirmation, ConfirmationKind, Interaction, Stage, limit
from ooma_cancel.store.confirmations import add_confirmation
from ooma_cancel.store.interactions import clear_follow_up, delete_interaction, update_interaction
from ooma_cancel.support import validate_interaction
from ooma_cancel.ui.contact_fields import (
    errors_after_trying,
    forget_fields,
    form_from_state,
    interaction_fields,
    load_fields,
)
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.record_editor import FormKeys, confirm_removal
from ooma_cancel.ui.session import CaseInView, change_in_callback, save_button, tell


def manage_contact(scope: CaseInView, interaction: Interaction, now: datetime) -> None:
    case_id, who, tz = scope.case_id, scope.owner, scope.tz
    key = FormKeys("support", f"edit.{interaction.id}")
    load_fields(key, interaction, tz, now)
    errors = errors_after_trying(key, tz)
    interaction_fields(key, errors)
    save, done, remove = st.columns([1, 1, 3])
    save.button(
        "Save changes",
        key=key("save"),
        type="primary",
        on_click=update_contact,
        args=(scope, key, interaction),
    )
    tell(key("save"))
    if interaction.follow_up_on:
        save_button(
            "Follow-up done",
            key=key("done"),
            icon=":material/task_alt:",
            where=done,
            action=lambda session: clear_follow_up(
                session=session, owner=who, case_id=case_id, interaction_id=interaction.id or 0
            ),
            success="Follow-up marked as done.",
            then=lambda: forget_fields(key),
        )

    def removed() -> None:
        forget_fields(key)
        st.session_state.pop("support.selected", None)

    confirm_removal(
        "Delete",
        key=key("delete"),
        action=lambda session: delete_interaction(
            session=session, owner=who, case_id=case_id, interaction_id=interaction.id or 0
        ),
        removed="Contact deleted.",
        confirm="Delete this contact from the log? The audit trail keeps a note that it was deleted.",
        button="Yes, delete it",
        where=remove,
        then=removed,
    )
    if errors:
        st.error("Not saved: fix the fields marked above.", icon=":material/error:")

    st.markdown("**Got a confirmation number in this contact?**")
    number, kind, record = st.columns([2, 2, 1], vertical_alignment="bottom")
    number.text_input("Confirmation number", key=key("confirmation"), max_chars=limit(Confirmation, "number"))
    kind.selectbox(
        "It confirms",
        [k.value for k in ConfirmationKind],
        key=key("confirms"),
        format_func=str.capitalize,
    )
    save_button(
        "Record it",
        key=key("record"),
        where=record,
        action=lambda session: add_confirmation(
            session=session,
            owner=who,
            case_id=case_id,
            number=st.session_state[key("confirmation")],
            received_at=interaction.occurred_at,
            channel=interaction.channel,
            confirms=st.session_state[key("confirms")],
            representative=interaction.representative,
            interaction_id=interaction.id,
        ),
        success="Confirmation number recorded.",
        then=lambda: st.session_state.pop(key("confirmation"), None),
    )
    st.page_link(PAGE_FOR_STAGE[Stage.CONFIRMATION].path, label="See every confirmation number")


def update_contact(scope: CaseInView, key: FormKeys, interaction: Interaction) -> None:
    """The "Save changes" button's callback: check what was typed, then save it, before the page is drawn."""
    details, _ = validate_interaction(form_from_state(key), tz=scope.tz, now=datetime.now(UTC))
    if details is None:
        st.session_state[key("tried")] = True
        return
    if change_in_callback(
        lambda session: update_interaction(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            interaction_id=interaction.id or 0,
            details=details,
        ),
        told=key("save"),
        success="Contact updated.",
    ):
        forget_fields(key)
