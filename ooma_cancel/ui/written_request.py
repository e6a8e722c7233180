"""The cancellation request page's written request: the letter for review and download, and Ooma's mailing
address when the letter still lacks it. Used by ``views/cancellation_request.py``."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from ooma_cancel.errors import UserError
from ooma_cancel.letters import (
    MAILING_ADDRESS,
    LetterFacts,
    cancellation_letter,
    letter_file_name,
    letter_gaps,
    letter_pdf,
    mask_letter,
)
from ooma_cancel.models import ProfileOverride, limit
from ooma_cancel.provider import load_profile
from ooma_cancel.store.overrides import set_override
from ooma_cancel.ui.downloads import personal_download
from ooma_cancel.ui.session import CaseInView, save_button


def mailing_address_field(scope: CaseInView) -> None:
    """Ask for Ooma's mailing address for written notices (saved with the case) and say where to find it."""
    fact = load_profile().fact("mailing_address")
    st.text_input(
        fact.label,
        key="request.mailing_address",
        max_chars=limit(ProfileOverride, "value"),
        placeholder="Street, city, state and ZIP code, as Ooma gives it",
    )
    st.caption(fact.where or fact.source)
    save_button(
        "Save the address",
        key="request.mailing_address.save",
        action=lambda session: _save_mailing_address(session, scope),
        success="Address saved.",
        then=lambda: st.session_state.pop("request.mailing_address", None),
    )


def _save_mailing_address(session: Session, scope: CaseInView) -> None:
    """Run in the button's callback, before the page is drawn, so no rerun of the page (a request draft saved on
    the way) can swallow the click; what was typed is read from the session."""
    typed = st.session_state.get("request.mailing_address", "")
    if not typed.strip():
        raise UserError("Type the address first.")
    set_override(
        session=session, owner=scope.owner, case_id=scope.case_id, key="mailing_address", value=typed
    )


def written_request(
    scope: CaseInView, letter: LetterFacts, stored_text: str, *, ready: bool, caption: str
) -> None:
    """The letter for review (numbers masked unless revealed), and the full letter as PDF and text; a letter
    that still lacks a fact is not offered: the page says what to fill in first (and asks for Ooma's address)."""
    st.header("The written request")
    full = stored_text or cancellation_letter(letter)
    gaps = [] if stored_text else letter_gaps(letter)
    st.caption("The letter as it was sent." if stored_text else caption)
    reveal = st.toggle("Show full account and phone numbers", key="request.reveal")
    st.code(full if reveal else mask_letter(full, letter.account), language=None, wrap_lines=True)
    if gaps:
        st.info(
            "The letter can be downloaded once it has everything it needs. Fill in first: "
            + ", ".join(gaps)
            + ".",
            icon=":material/edit_note:",
        )
        if MAILING_ADDRESS in gaps:
            mailing_address_field(scope)
        return
    buttons = st.container(horizontal=True)
    # Building the PDF takes a moment: do it when the button is pressed (deferred), never on every rerun.
    personal_download(
        "Download PDF",
        where=buttons,
        data=lambda: letter_pdf(full),
        file_name=letter_file_name(letter, "pdf"),
        mime="application/pdf",
        key="request.pdf",
        icon=":material/picture_as_pdf:",
        disabled=not ready,
    )
    personal_download(
        "Download text",
        where=buttons,
        data=lambda: full,
        file_name=letter_file_name(letter, "txt"),
        mime="text/plain",
        key="request.txt",
        icon=":material/description:",
        disabled=not ready,
    )
    if not ready:
        st.caption("The downloads unlock when the request is complete.")
