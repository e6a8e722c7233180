"""Settings & data: provider facts (with your own values), export and import, the evidence dossier, delete, privacy."""

from functools import partial
from pathlib import Path

import streamlit as st
from sqlmodel import Session

from ooma_cancel import store
from ooma_cancel.db import ROOT
from ooma_cancel.formatting import day_text
from ooma_cancel.models import ProfileOverride, limit
from ooma_cancel.provider import load_profile
from ooma_cancel.store.overrides import CaseFact, case_facts_of_profile, set_override
from ooma_cancel.store.owners import remember_case_choice
from ooma_cancel.transfer import (
    MAX_DOCUMENT_BYTES,
    CaseDocument,
    ImportRefused,
    OnConflict,
    conflicts,
    import_document,
    parse_document,
)
from ooma_cancel.ui.case_downloads import case_downloads
from ooma_cancel.ui.session import (
    CaseScope,
    case_scope,
    change_in_callback,
    engine,
    reading,
    save_button,
    select_case,
    tell,
)
from ooma_cancel.ui.tables import text_table
from ooma_cancel.ui.widgets import ephemeral_storage_warning

IMPORT_ROUND = "settings.import.round"  # bumped after an import so the uploader starts empty again
KEEP_BOTH, REPLACE = "Keep both", "Replace mine with the file's"


def provider_facts(scope: CaseScope) -> None:
    case_id = scope.case_id
    st.header("What we know about Ooma, and from where")
    if case_id is None:
        facts = {key: CaseFact(fact, None) for key, fact in load_profile().facts.items()}
    else:
        with reading() as session:
            facts = case_facts_of_profile(session=session, owner=scope.owner, case_id=case_id)
    rows = [
        {
            "Fact": fact.fact.label,
            "Value": fact.shown,
            "Source": fact.fact.source,
            "Status": "your value"
            if fact.override is not None
            else "verify with Ooma"
            if fact.fact.needs_verification
            else "sourced",
            "Checked": day_text(fact.fact.checked),
        }
        for fact in facts.values()
    ]
    text_table(rows, key="settings_facts", narrow_columns=3)  # fact, value and its source (whole) on a phone
    if case_id is None:
        return
    with st.expander("Use your own value for this case", icon=":material/edit:"):
        own_value(scope, case_id, facts)


def own_value(scope: CaseScope, case_id: int, facts: dict[str, CaseFact]) -> None:
    """The person's own value for one provider fact, for this case only; or back to the profile's."""
    st.caption(
        "If Ooma told you something different (a return window, a support number), record it here. "
        "It is shown as your value and used for this case only."
    )
    key = st.selectbox(
        "Fact", list(facts), format_func=lambda k: facts[k].fact.label, key="settings.override.key"
    )
    value_key = f"settings.override.value.{key}"
    st.text_input(
        "Your value", value=facts[key].value, key=value_key, max_chars=limit(ProfileOverride, "value")
    )

    save, reset = st.columns([1, 3])
    save_button(
        "Save my value",
        key="settings.override.save",
        action=partial(keep_own_value, scope, case_id, own=True),
        success="Saved as your value.",
        where=save,
        type="primary",
    )
    if facts[key].override is not None:
        save_button(
            "Back to the profile's value",
            key="settings.override.reset",
            action=partial(keep_own_value, scope, case_id, own=False),
            success="Back to the profile's value.",
            then=lambda: st.session_state.pop(value_key, None),  # the field shows the profile's value again
            where=reset,
        )


def keep_own_value(scope: CaseScope, case_id: int, session: Session, *, own: bool) -> None:
    """In a button's callback: the chosen fact's value as typed (``own``), or back to the profile's."""
    key = st.session_state["settings.override.key"]
    value = st.session_state.get(f"settings.override.value.{key}") if own else None
    set_override(session=session, owner=scope.owner, case_id=case_id, key=key, value=value)


IMPORT_KEY = "settings.import.button"


def import_section(scope: CaseScope) -> None:
    st.header("Import a case")
    st.caption("An export file from this app. Nothing is written unless the whole file is valid.")
    upload = st.file_uploader(
        "Export file (.json)",
        type=["json"],
        key=f"settings.import.file.{st.session_state.get(IMPORT_ROUND, 0)}",
        max_upload_size=MAX_DOCUMENT_BYTES // (1024 * 1024),
    )
    if upload is None:
        return
    try:
        document = parse_document(upload.getvalue())
    except ImportRefused as error:
        st.error("This file cannot be imported. Nothing was changed.", icon=":material/error:")
        st.text(str(error))  # names from the file may appear in the reason: plain text only
        return
    st.dataframe(
        [
            {
                "Case": case.title,
                "Contacts": len(case.interactions),
                "Ledger entries": len(case.ledger),
                "Confirmation numbers": len(case.confirmations),
                "Bill uploads": len(case.bill_uploads),
                "Events": len(case.events),
            }
            for case in document.cases
        ],
        hide_index=True,
        width="stretch",
    )
    with reading() as session:
        existing = conflicts(session=session, owner=scope.owner, document=document)
    on_conflict = OnConflict.ASK
    if existing:
        st.warning(
            "You already have a case from this file. Replace yours with the file's version, or keep both "
            "(the imported one gets a number after its name)?",
            icon=":material/help:",
        )
        choice = st.radio("Which one to keep", [KEEP_BOTH, REPLACE], key="settings.import.choice")
        on_conflict = OnConflict.REPLACE if choice == REPLACE else OnConflict.KEEP_BOTH
    st.button(
        "Import",
        key=IMPORT_KEY,
        type="primary",
        icon=":material/upload:",
        on_click=run_import,
        args=(scope, document, on_conflict),
    )
    tell(IMPORT_KEY)


def run_import(scope: CaseScope, document: CaseDocument, on_conflict: OnConflict) -> None:
    """ "Import"'s callback, with the file and the choice as the page showed them when it drew the button (a
    new file or choice redraws it): the imported case is shown and the uploader empty in the same run."""

    def imported(session: Session) -> list[int]:  # the first is shown, here and in tabs opened later
        ids = import_document(session=session, owner=scope.owner, document=document, on_conflict=on_conflict)
        if ids:
            remember_case_choice(session=session, owner=scope.owner, case_id=ids[0])
        return ids

    new_ids = change_in_callback(imported, told=IMPORT_KEY, success="Imported.")
    if new_ids:
        select_case(new_ids[0])
        st.session_state[IMPORT_ROUND] = st.session_state.get(IMPORT_ROUND, 0) + 1


def delete_section(scope: CaseScope, case_id: int, title: str) -> None:
    st.header("Delete this case")
    with st.expander("Delete this case and everything recorded for it", icon=":material/delete:"):
        st.text(f"Case: {title}")
        st.warning(
            "This removes the case, every stage's records and its audit trail from this app's database. "
            "There is no undo: an export you downloaded (above) is the only way back.",
            icon=":material/warning:",
        )
        sure = st.checkbox("I understand: delete it for good", key="settings.delete.confirm")
        save_button(
            "Delete this case",
            key="settings.delete.button",
            action=lambda session: store.delete_case(session=session, owner=scope.owner, case_id=case_id),
            success="Case deleted.",
            then=case_deleted,
            type="primary",
            disabled=not sure,
        )


def case_deleted() -> None:
    """After "Delete this case" (in its callback): no case chosen in this tab (``current_case_id`` picks), box
    unticked."""
    select_case(None)
    st.session_state.pop("settings.delete.confirm", None)


def privacy_note() -> None:
    st.header("Privacy")
    url = engine().url
    if url.get_backend_name() != "sqlite":
        where = f"a {url.get_backend_name()} database set up by whoever runs this app"
    else:
        path = Path(url.database or ":memory:")
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
        where = f"a SQLite database file on the machine that runs this app ({shown})"
    st.text(f"Where: {where}.")
    st.write(
        "**What is stored:** what you enter on each page (names, account and phone numbers, the service "
        "address, notes on your contacts with Ooma, amounts, dates, confirmation numbers) and the lines of "
        "bills you upload (not the files themselves), plus an audit trail of every change. Nothing is sent to "
        "Ooma or anyone else. Account and phone numbers are masked on screen except while you edit them.\n\n"
        "**How to remove it:** delete each case on this page; everything recorded for it goes with it. "
        "Exports and dossiers you downloaded are on your own computer: delete those files yourself."
    )


st.title("Settings & data")
scope = case_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id = scope.case_id
ephemeral_storage_warning()

title = None
if case_id is not None:
    with reading() as session:
        title = store.get_case(session=session, owner=scope.owner, case_id=case_id).title

provider_facts(scope)
if case_id is not None and title is not None:
    case_downloads(scope, case_id)
import_section(scope)
if case_id is not None and title is not None:
    delete_section(scope, case_id, title)
privacy_note()
