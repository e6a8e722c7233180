"""The account page's choice of which account to cancel, when the case has several."""

import streamlit as st

from ooma_cancel import store
from ooma_cancel.account import mask_account_number
from ooma_cancel.models import Account
from ooma_cancel.ui.markup import escape_markdown
from ooma_cancel.ui.session import CaseInView, save_button


def choose_target(scope: CaseInView, accounts: list[Account], target: Account | None) -> None:
    """With several accounts, which one to cancel: chosen, then confirmed by retyping its last four characters."""
    st.header("Which account do you want to cancel?")
    if target is not None:
        st.success(
            escape_markdown(f"Cancelling {target.plan} account {mask_account_number(target.account_number)}.")
        )
    else:
        st.warning("You have more than one account here. Choose the one to cancel so the wrong one never is.")
    numbered = {a.id: a for a in accounts if a.account_number and a.id is not None}
    if not numbered:
        return
    choice = st.selectbox(
        "Account to cancel",
        list(numbered),
        format_func=lambda i: f"{numbered[i].plan} · {mask_account_number(numbered[i].account_number)}",
        key="account.confirm.choice",
    )
    st.text_input(
        "Retype the last 4 characters of its account number", key="account.confirm.last4", max_chars=4
    )
    if choice is None:
        return
    save_button(
        "Confirm this account",
        key="account.confirm.button",
        action=lambda session: store.confirm_account(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            account_id=st.session_state["account.confirm.choice"],
            typed_last_four=st.session_state["account.confirm.last4"],
        ),
        success="Account confirmed.",
    )
