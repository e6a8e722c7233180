"""Before calling Ooma: what to have ready, what to ask, and Ooma's support contacts (the person's own values
for the case, or the provider profile's with its source). Used by ``views/contact_support.py``."""

from __future__ import annotations

import streamlit as st

from ooma_cancel.account import (
    format_phone,
    mask_account_number,
    mask_phone,
    missing_identifiers,
    one_line_address,
)
from ooma_cancel.models import Account, ProfileOverride, Stage, limit
from ooma_cancel.store.overrides import CaseFact, set_override
from ooma_cancel.support import CONTACT_KEYS, QUESTIONS
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.session import CaseInView, change
from ooma_cancel.ui.widgets import close_dialog, dialog_button

EDIT_KEY = "support.contact.edit"


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
            st.text(f"{fact.fact.label}: {fact.shown}")
            detail = "" if fact.override is not None or fact.value else f" · {fact.fact.source}"
            st.caption(f"{fact.label}{detail}")
        # A dialog, not a popover: its fields are drawn only while it is open, not on every run of the page.
        dialog_button(
            "Edit contacts",
            key=EDIT_KEY,
            body=lambda: edit_contacts(scope, contacts),
            icon=":material/edit:",
        )


def edit_contacts(scope: CaseInView, contacts: dict[str, CaseFact]) -> None:
    case_id, who = scope.case_id, scope.owner
    st.caption("Your own values for this case. Leave a field blank to go back to the profile's value.")
    typed = {}
    for fact_key in CONTACT_KEYS:
        widget = f"support.contact.{fact_key}"
        if widget not in st.session_state:
            st.session_state[widget] = contacts[fact_key].override or ""
        typed[fact_key] = st.text_input(
            contacts[fact_key].fact.label, key=widget, max_chars=limit(ProfileOverride, "value")
        )
    if st.button("Save contacts", key="support.contact.save"):

        def save(session) -> bool:
            for fact_key, value in typed.items():
                if value.strip() != (contacts[fact_key].override or ""):
                    set_override(session=session, owner=who, case_id=case_id, key=fact_key, value=value)
            return True

        if change(save, success="Contacts saved."):
            for fact_key in CONTACT_KEYS:
                st.session_state.pop(f"support.contact.{fact_key}", None)
            close_dialog(EDIT_KEY)
            st.rerun()  # the whole page shows the new contacts (in the dialog only it would run)
