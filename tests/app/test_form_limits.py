"""Every form field on the sample case's pages stops where its table's model does (``max_chars``, ``max_value``).

A field whose limit is written on the page instead of read from the model fails here as soon as the two differ.
"""

import pytest

from ooma_cancel.models import (
    Account,
    CancellationRequest,
    Case,
    Confirmation,
    EndDate,
    EquipmentItem,
    Interaction,
    LedgerEntry,
    PortRecord,
    ProfileOverride,
    limit,
)

CASE_NAME = ("Name of the case", Case, "title")  # the sidebar's "New case" dialog, on every page
# Fields in a dialog: the button that opens it on that page.
IN_DIALOG = {"Support phone number": "support.contact.edit", "Name of the case": "sidebar.new_case.open"}
# page -> (label, table, column) for every text field (max_chars) and whole number (max_value) it shows.
FIELDS = {
    "views/account.py": [
        ("Account holder's name", Account, "holder_name"),
        ("Account number", Account, "account_number"),
        ("E-mail on the account", Account, "email"),
        ("Service address: street", Account, "street"),
        ("City", Account, "city"),
        ("State / province", Account, "region"),
        ("Postal code", Account, "postal_code"),
        ("Country (2 letters)", Account, "country"),
    ],
    "views/keep_number.py": [("New carrier", PortRecord, "new_carrier")],
    "views/contact_support.py": [
        ("Representative's name or ID", Interaction, "representative"),
        ("Ticket or reference number", Interaction, "reference"),
        ("What was said", Interaction, "summary"),
        ("Outcome", Interaction, "outcome"),
        ("Support phone number", ProfileOverride, "value"),
    ],
    "views/cancellation_request.py": [
        ("Ooma's reason for rejecting it", CancellationRequest, "rejected_reason")
    ],
    "views/equipment_return.py": [
        ("Serial number or MAC address", EquipmentItem, "serial"),
        ("Tracking number", EquipmentItem, "tracking_number"),
        ("Proof of delivery", EquipmentItem, "proof_note"),
        ("Return window (days after the service ends)", EquipmentItem, "return_window_days"),
    ],
    "views/balance.py": [("Description", LedgerEntry, "description")],
    "views/confirmation.py": [
        ("Confirmation number", Confirmation, "number"),
        ("Representative (name or ID)", Confirmation, "representative"),
        ("Note", Confirmation, "note"),
    ],
    "views/end_date.py": [
        ("Where the confirmation came from", EndDate, "source"),
        ("Plan for the service gap", EndDate, "gap_plan"),
        ("Billing day", EndDate, "billing_day"),
    ],
    "views/final_bill.py": [("Return window (days after the end date)", EquipmentItem, "return_window_days")],
    "views/settings.py": [("Your value", ProfileOverride, "value")],
}


def shown_limits(at) -> dict[str, set[int]]:
    """Each field's label and the limits it is shown with (a label can stand in two forms: add and edit)."""
    limits: dict[str, set[int]] = {}
    for widget in [*at.text_input, *at.text_area]:
        limits.setdefault(widget.label, set()).add(widget.max_chars)
    for widget in at.number_input:
        limits.setdefault(widget.label, set()).add(int(widget.max))
    return limits


@pytest.mark.parametrize("path", sorted(FIELDS))
def test_each_field_on_the_page_allows_what_its_column_allows(app, demo_case, path):
    at = app().run()
    at.switch_page(path).run()
    assert not at.exception
    shown = shown_limits(at)
    for label, table, column in [*FIELDS[path], CASE_NAME]:
        if label in IN_DIALOG:
            at.button(key=IN_DIALOG[label]).click().run()
            assert not at.exception
            shown = shown_limits(at)
        assert label in shown, f"{path}: no field labelled {label!r}"
        assert shown[label] == {limit(table, column)}, f"{path}: {label!r} vs {table.__name__}.{column}"
