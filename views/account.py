"""Stage 1, account identification: who holds the account, its numbers and address, and which one to cancel."""

from dataclasses import fields

import streamlit as st

from ooma_cancel import store
from ooma_cancel.account import (
    AccountForm,
    format_phone,
    mask_account_number,
    mask_phone,
    missing_identifiers,
    one_line_address,
    validate_account,
)
from ooma_cancel.case_rules import plan_allows_fixed_term
from ooma_cancel.models import Account, Plan, limit
from ooma_cancel.store.facts import target_account
from ooma_cancel.ui.account_target import choose_target
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.record_editor import FormKeys, confirm_removal
from ooma_cancel.ui.session import CaseInView, change_in_callback, reading, refuse, tell
from ooma_cancel.ui.widgets import require_scope

PAGE = "account"
FIELDS = tuple(field.name for field in fields(AccountForm))  # the form's widgets, one per field


def load_into_state(key: FormKeys, account: Account | None) -> None:
    """Put the stored values into the form's widgets the first time the form is shown."""
    if key("holder_name") in st.session_state:
        return
    values = {
        "holder_name": account.holder_name if account else "",
        "account_number": account.account_number if account else "",
        "phone_numbers": "\n".join(format_phone(p) for p in account.phone_numbers) if account else "",
        "street": account.street if account else "",
        "city": account.city if account else "",
        "region": account.region if account else "",
        "postal_code": account.postal_code if account else "",
        "country": account.country if account else "US",
        "email": account.email if account else "",
        "plan": account.plan.value if account else Plan.BASIC.value,
        "bundled_services": "\n".join(account.bundled_services) if account else "",
        "fixed_term": account.fixed_term if account else False,
        "term_ends_on": account.term_ends_on if account else None,
    }
    for field, value in values.items():
        st.session_state[key(field)] = value


def form_from_state(key: FormKeys) -> AccountForm:
    values = {field: st.session_state[key(field)] for field in FIELDS}
    values["bundled_services"] = values["bundled_services"].splitlines()
    return AccountForm(**values)


def forget_form(key: FormKeys) -> None:
    for field in (*FIELDS, "editing"):
        st.session_state.pop(key(field), None)


def account_form(key: FormKeys, scope: CaseInView, account: Account | None) -> None:
    """The edit form; errors show under each field as soon as a value is entered, and nothing saves until valid."""
    load_into_state(key, account)
    _, errors = validate_account(form_from_state(key))

    def field_error(field: str) -> None:
        if field in errors:
            st.error(errors[field], icon=":material/error:")

    left, right = st.columns(2)
    with left:
        st.text_input(
            "Account holder's name", key=key("holder_name"), max_chars=limit(Account, "holder_name")
        )
        field_error("holder_name")
        st.text_input("Account number", key=key("account_number"), max_chars=limit(Account, "account_number"))
        field_error("account_number")
        st.text_area(
            "Registered phone numbers",
            key=key("phone_numbers"),
            help="One per line. US numbers need no country code; others start with + and the country code.",
            height=80,
        )
        field_error("phone_numbers")
        st.text_input("E-mail on the account", key=key("email"), max_chars=limit(Account, "email"))
        field_error("email")
        st.selectbox("Plan", [plan.value for plan in Plan], key=key("plan"))
        field_error("plan")
    with right:
        st.text_input("Service address: street", key=key("street"), max_chars=limit(Account, "street"))
        field_error("street")
        city, region = st.columns(2)
        city.text_input("City", key=key("city"), max_chars=limit(Account, "city"))
        region.text_input("State / province", key=key("region"), max_chars=limit(Account, "region"))
        field_error("city")
        postal, country = st.columns(2)
        postal.text_input("Postal code", key=key("postal_code"), max_chars=limit(Account, "postal_code"))
        country.text_input("Country (2 letters)", key=key("country"), max_chars=limit(Account, "country"))
        field_error("postal_code")
        field_error("country")
        st.text_area(
            "Bundled services that cancelling also ends",
            key=key("bundled_services"),
            help="One per line, e.g. Ooma Premier, a second line, home security monitoring.",
            height=80,
        )
        field_error("bundled_services")
        if plan_allows_fixed_term(st.session_state[key("plan")]):
            st.checkbox(
                "Fixed-term agreement (auto-renews unless you give notice)",
                key=key("fixed_term"),
            )
            if st.session_state[key("fixed_term")]:
                st.date_input("Agreement term ends on", key=key("term_ends_on"), format="MM/DD/YYYY")
        field_error("fixed_term")

    save, cancel = st.columns([1, 5])
    save.button(
        "Save account",
        key=key("save"),
        type="primary",
        on_click=save_account,
        args=(key, scope, account.id if account else None),
    )
    if account is not None:
        cancel.button("Close without saving", key=key("close"), on_click=forget_form, args=(key,))
    tell(key("save"))


def save_account(key: FormKeys, scope: CaseInView, account_id: int | None) -> None:
    """The save button's callback: check the fields, then save them, before the page is drawn."""
    clean, _ = validate_account(form_from_state(key))
    if clean is None:
        refuse(key("save"), "Not saved: fix the fields marked above.")
        return
    saved = change_in_callback(
        lambda session: store.save_account(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            account_in=clean,
            account_id=account_id,
        ),
        told=key("save"),
        success="Account saved.",
    )
    if saved is not None:
        forget_form(key)


def account_summary(scope: CaseInView, account: Account, *, confirmed: bool) -> None:
    """The account as shown outside the edit form: numbers masked."""
    number = mask_account_number(account.account_number) or "no account number yet"
    title = f"{account.plan} · {number}" + (" · chosen for cancellation" if confirmed else "")
    with st.container(border=True):
        st.markdown(f"**{'✅ ' if confirmed else ''}Account**")
        st.text(title)
        st.text(f"Holder: {account.holder_name or '—'}")
        phones = ", ".join(mask_phone(p) for p in account.phone_numbers) or "—"
        st.text(f"Phone: {phones}")
        st.text(f"Address: {one_line_address(account) or '—'}")
        if account.bundled_services:
            st.text("Also ends: " + ", ".join(account.bundled_services))
        missing = missing_identifiers(account)
        if missing:
            st.warning("Ooma will also ask for: " + ", ".join(missing) + ".", icon=":material/info:")
        edit, remove = st.columns([1, 5])
        edit.button(
            "Edit",
            key=f"account.{account.id}.edit",
            icon=":material/edit:",
            on_click=st.session_state.__setitem__,
            args=(FormKeys(PAGE, str(account.id))("editing"), True),
        )
        confirm_removal(
            "Remove",
            key=f"account.{account.id}.remove",
            action=lambda session: store.delete_account(
                session=session, owner=scope.owner, case_id=scope.case_id, account_id=account.id or 0
            ),
            removed="Account removed.",
            confirm="Remove this account from the case? Its history in the audit trail stays.",
            where=remove,
        )


st.title("Account identification")
st.caption(
    "Ooma verifies who you are before it cancels anything. Have these ready; account and phone numbers are "
    "masked here except while you edit them."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, me = scope.case_id, scope.owner

with reading() as session:
    accounts = store.list_accounts(session=session, owner=me, case_id=case_id)
    case = store.get_case(session=session, owner=me, case_id=case_id)
    target = target_account(session=session, owner=me, case_id=case_id)

if not accounts:
    st.info("Enter the account you want to cancel. You can save it and complete it later.")
    st.warning("Ooma will ask for: " + ", ".join(missing_identifiers(None)) + ".", icon=":material/info:")
    account_form(FormKeys(PAGE, "new"), scope, None)
    next_step_link(scope)
    st.stop()

for account in accounts:
    key = FormKeys(PAGE, str(account.id))
    if st.session_state.get(key("editing")):
        with st.container(border=True):
            st.header("Edit account")
            account_form(key, scope, account)
    else:
        account_summary(scope, account, confirmed=case.confirmed_account_id == account.id)

if len(accounts) > 1:
    choose_target(scope, accounts, target)

with st.expander("Add another account", icon=":material/add:", expanded=False):
    account_form(FormKeys(PAGE, "new"), scope, None)
next_step_link(scope)  # the case's next step, as the overview has it
