"""The balance page's entry form: add or correct one ledger entry, amounts typed positive, the kind gives the sign."""

from collections.abc import Callable

import streamlit as st

from ooma_cancel.formatting import amount_field, choice_text
from ooma_cancel.ledger import EARLIEST, KIND_HELP, validate_entry
from ooma_cancel.models import LedgerEntry, LedgerKind, limit
from ooma_cancel.store.ledger import LedgerRow, add_entry, update_entry
from ooma_cancel.ui.record_editor import FormKeys, Refused, Save, add_or_update, choice_index, submit_button
from ooma_cancel.ui.session import CaseInView

KINDS = [kind.value for kind in LedgerKind]

# The entry form's field labels, for its messages (drawn after the form, so they name their field).
ENTRY_LABELS = {"entry_on": "Date", "kind": "Kind", "amount": "Amount ($)", "description": "Description"}


def entry_form(scope: CaseInView) -> Callable[[FormKeys, LedgerRow | None], None]:
    """Add (no entry) or correct one ledger entry; amounts are typed positive, the kind gives the sign."""
    me, case_id, today = scope.owner, scope.case_id, scope.today

    def form(key: FormKeys, entry: LedgerRow | None) -> None:
        with st.form(key("form"), border=entry is None):
            day_col, kind_col, amount_col = st.columns([2, 3, 2])
            day_col.date_input(
                "Date",
                value=entry.entry_on if entry else today,
                min_value=EARLIEST,
                max_value=today,
                format="MM/DD/YYYY",
                key=key("date"),
            )
            kind_col.selectbox(
                "Kind",
                KINDS,
                index=choice_index(KINDS, entry.kind if entry else None),
                format_func=lambda k: f"{choice_text(k)} ({KIND_HELP[LedgerKind(k)]})",
                key=key("kind"),
            )
            amount_col.text_input(
                "Amount ($)",
                value=amount_field(entry.amount_cents) if entry else "",
                placeholder="e.g. 29.99",
                help="Type it without a minus sign: the kind says whether it adds to or reduces what you owe.",
                key=key("amount"),
            )
            st.text_input(
                "Description",
                value=entry.description if entry else "",
                max_chars=limit(LedgerEntry, "description"),
                placeholder="e.g. Final bill, card payment, credit for the disputed fee",
                key=key("description"),
            )
            submit_button(
                key, "Add entry" if entry is None else "Save entry", lambda: check(key, entry), type="primary"
            )

    def check(key: FormKeys, entry: LedgerRow | None) -> Save | Refused:
        typed = st.session_state  # the submitted values: the save runs in the button's callback
        data, errors = validate_entry(
            entry_on=typed[key("date")],
            kind=typed[key("kind")],
            description=typed[key("description")],
            amount=typed[key("amount")],
            today=today,
        )
        if data is None:
            return Refused(errors, ENTRY_LABELS)
        return add_or_update(
            entry,
            add=lambda session: add_entry(session=session, owner=me, case_id=case_id, data=data),
            update=lambda session, row: update_entry(
                session=session, owner=me, case_id=case_id, entry_id=row.id, data=data
            ),
            added="Entry added.",
            saved="Entry saved.",
        )

    return form
