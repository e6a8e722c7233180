"""The sidebar's "who you are" panel and "delete everything of mine", for the three ways the app is shared.

Signing out and deleting everything both end the identity's sign-ins everywhere: the cut-off is recorded in the
database before the browser is sent to sign out, so cookies copied earlier open nothing afterwards.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st
from sqlmodel import Session
from streamlit.delta_generator import DeltaGenerator

from ooma_cancel.owner import WORKSPACE_PARAM, Mode, sign_out_cutoff
from ooma_cancel.store.owners import delete_owner_data, record_sign_out
from ooma_cancel.ui.session import change, owner, select_case, workspace_token
from ooma_cancel.ui.session import mode as current_mode
from ooma_cancel.ui.widgets import close_dialog, dialog_button

DELETE_FORM_KEY = "sidebar.delete_all"
DELETE_CONFIRM_KEY = "sidebar.delete_all.confirm"
DELETE_OPEN_KEY = "sidebar.delete_all.open"


def resume_link(token: str) -> str:
    """The address that brings this visitor back to their workspace."""
    base = (st.context.url or "").split("?", 1)[0]
    return f"{base}?{WORKSPACE_PARAM}={token}"


def who_you_are(mode: Mode, *, new_workspace: bool, sidebar: DeltaGenerator = st.sidebar) -> None:
    """Whose data this is: the signed-in person, the private workspace and its resume link, or this computer."""
    if mode is Mode.SIGNIN:
        # The name comes from the identity provider: shown as plain text, never as Markdown.
        sidebar.text(f"Signed in as {st.user.get('email') or st.user.get('name') or 'you'}")
        if sidebar.button("Sign out", key="sidebar.sign_out", icon=":material/logout:", width="stretch"):
            sign_out()
    elif mode is Mode.WORKSPACE:
        token = workspace_token()
        with sidebar.expander("Your private workspace", icon=":material/key:", expanded=new_workspace):
            st.write(
                "Your cases are kept under this link. **Bookmark it**: it is the only way back to them. "
                "Whoever has the link has your data, so share it with nobody you would not show your bill."
            )
            if token:
                st.code(resume_link(token), language=None, wrap_lines=True)
    else:
        sidebar.caption("Running on this computer: your cases stay in its local database.")


def _end_sign_ins(session: Session, who: str) -> datetime:
    return record_sign_out(
        session=session, owner=who, cookies_before=sign_out_cutoff(st.user.to_dict(), datetime.now(UTC))
    )


def sign_out() -> None:
    """Refuse every identity cookie of this person issued until now, then sign this browser out."""
    who = owner()  # before the transaction (see delete_everything)
    if change(lambda session: _end_sign_ins(session, who)) is not None:
        st.logout()


def delete_everything(sidebar: DeltaGenerator = st.sidebar) -> None:
    """Delete every case of the current owner, after they tick that they mean it (in a dialog)."""
    dialog_button(
        "Delete everything of mine",
        key=DELETE_OPEN_KEY,
        body=_delete_everything_form,
        where=sidebar,
        icon=":material/delete_forever:",
        width="stretch",
    )


def _delete_everything_form() -> None:
    with st.form(DELETE_FORM_KEY, border=False):
        st.write("This deletes all your cases and their whole history from this app. It cannot be undone.")
        st.caption("Export a case first (Settings & data) if you may need it, e.g. for a dispute.")
        sure = st.checkbox("Yes, delete all my cases", key=DELETE_CONFIRM_KEY)
        if st.form_submit_button("Delete everything", type="primary"):
            if not sure:
                st.error("Tick the box first: nothing was deleted.")
                return
            # Resolved before the transaction: resolving reads the database, which must not wait on itself.
            who, signed_in = owner(), current_mode() is Mode.SIGNIN
            deleted = change(
                lambda session: _delete_all(session, who, end_sign_ins=signed_in),
                success="Everything of yours was deleted.",
            )
            if deleted is not None:
                select_case(None)
                close_dialog(DELETE_OPEN_KEY)
                if signed_in:
                    st.logout()  # and every copy of the sign-in cookie stops working (recorded above)
                else:
                    st.rerun()


def _delete_all(session: Session, who: str, *, end_sign_ins: bool) -> int:
    count = delete_owner_data(session=session, owner=who)
    if end_sign_ins:
        _end_sign_ins(session, who)
    return count
