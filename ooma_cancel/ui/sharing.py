"""The sidebar's "who you are" panel and "delete everything of mine", for the three ways the app is shared."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ooma_cancel.owner import WORKSPACE_PARAM, Mode
from ooma_cancel.store.owners import delete_owner_data
from ooma_cancel.ui.session import REFUSED_KEY, change, owner, select_case, workspace_token

DELETE_FORM_KEY = "sidebar.delete_all"
DELETE_CONFIRM_KEY = "sidebar.delete_all.confirm"


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
            st.logout()
    elif mode is Mode.WORKSPACE:
        token = workspace_token()
        if st.session_state.get(REFUSED_KEY):
            sidebar.warning("That link was not a valid workspace link, so this is a new, empty workspace.")
        with sidebar.expander("Your private workspace", icon=":material/key:", expanded=new_workspace):
            st.write(
                "Your cases are kept under this link. **Bookmark it**: it is the only way back to them. "
                "Whoever has the link has your data, so share it with nobody you would not show your bill."
            )
            if token:
                st.code(resume_link(token), language=None, wrap_lines=True)
    else:
        sidebar.caption("Running on this computer: your cases stay in its local database.")


def delete_everything(sidebar: DeltaGenerator = st.sidebar) -> None:
    """Delete every case of the current owner, after they tick that they mean it."""
    with (
        sidebar.popover("Delete everything of mine", icon=":material/delete_forever:", width="stretch"),
        st.form(DELETE_FORM_KEY, border=False),
    ):
        st.write("This deletes all your cases and their whole history from this app. It cannot be undone.")
        st.caption("Export a case first (Settings & data) if you may need it, e.g. for a dispute.")
        sure = st.checkbox("Yes, delete all my cases", key=DELETE_CONFIRM_KEY)
        if st.form_submit_button("Delete everything", type="primary"):
            if not sure:
                st.error("Tick the box first: nothing was deleted.")
                return
            deleted = change(
                lambda session: delete_owner_data(session=session, owner=owner()),
                success="Everything of yours was deleted.",
            )
            if deleted is not None:
                select_case(None)
                st.rerun()
