"""Stage 1b, keep your number: the port-out checklist, its dates, and the warning not to cancel first.

A number is ported by the *new* carrier; the port date is the one in its firm order confirmation (FOC).
Cancelling Ooma before the port completes can release the number, so the request page and this one warn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ooma_cancel.account import InvalidPhoneNumber, normalise_phone, split_phone_numbers
from ooma_cancel.checks import checked
from ooma_cancel.formatting import lower_first
from ooma_cancel.models import PortDetails
from ooma_cancel.progress import CaseFacts, cancelled_before_port, port_pending
from ooma_cancel.text import clean_text

PORT_MESSAGES = {
    "new_carrier": "Keep the carrier's name under {max} characters.",
    "numbers": "List at most {max} numbers.",
}

CANCELLED_BEFORE_PORT = (
    "A cancellation was submitted before your number port completed: the number can be released. "
    "Ask Ooma to hold the cancellation until the port completes."
)
PORT_STILL_PENDING = (
    "Your number port has not completed yet. Do not submit the cancellation until it has: "
    "cancelling first can release the number."
)
LETTING_IT_GO = (
    "You chose not to keep your number. Once the service is cancelled the number is released and can be "
    "given to someone else after an aging period."
)


@dataclass(frozen=True)
class PortForm:
    """What the person typed and ticked, before validation."""

    new_carrier: str = ""
    numbers: str = ""  # one per line or comma-separated
    account_number_ready: bool = False
    pin_obtained: bool = False
    name_address_match: bool = False
    requested_on: date | None = None
    foc_on: date | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    hint: str


def validate_port(form: PortForm, *, today: date) -> tuple[PortDetails | None, dict[str, str]]:
    """Check the port details; return them clean, or None and one message per invalid field.

    Empty fields are allowed (a port is prepared step by step); dates must be in a possible order.
    """
    errors: dict[str, str] = {}

    numbers: list[str] = []
    for line, raw in enumerate(split_phone_numbers(form.numbers), start=1):
        try:
            number = normalise_phone(raw)
        except InvalidPhoneNumber:
            # Say which one without repeating it: messages are rendered as Markdown, typed text never is.
            errors["numbers"] = (
                f"Number {line} cannot be a phone number: check its digits. For a number in another country, "
                "start with + and the country code."
            )
            break
        if number not in numbers:
            numbers.append(number)

    requested, foc, completed = form.requested_on, form.foc_on, form.completed_on
    if requested and requested > today:
        errors["requested_on"] = (
            "The port request date cannot be in the future: enter it once you have asked."
        )
    if foc and requested and foc < requested:
        errors["foc_on"] = "The FOC date comes after the port request, not before it."
    if foc and not requested:
        errors["foc_on"] = "Enter the date the port was requested first."
    if completed:
        if completed > today:
            errors["completed_on"] = "A port cannot have completed in the future."
        elif not requested:
            errors["completed_on"] = "Enter the date the port was requested first."
        elif completed < requested:
            errors["completed_on"] = "The port cannot complete before it was requested."
    if completed and not numbers:
        errors["numbers"] = "Say which numbers were ported."

    values = {
        "new_carrier": " ".join(clean_text(form.new_carrier).split()),
        "numbers": numbers,
        "account_number_ready": form.account_number_ready,
        "pin_obtained": form.pin_obtained,
        "name_address_match": form.name_address_match,
        "requested_on": requested,
        "foc_on": foc,
        "completed_on": completed,
    }
    return checked(PortDetails, values, PORT_MESSAGES, errors=errors)


def port_checklist(port: PortDetails) -> list[ChecklistItem]:
    """What the new carrier needs before it can request the port, in the order to get it."""
    return [
        ChecklistItem(
            "New carrier chosen",
            bool(port.new_carrier),
            "The new carrier requests the port; Ooma cannot start it.",
        ),
        ChecklistItem(
            "Numbers to port listed",
            bool(port.numbers),
            "Every number you want to keep, including fax lines.",
        ),
        ChecklistItem(
            "Ooma account number ready",
            port.account_number_ready,
            "The new carrier asks for it; it is on your bill and in your Ooma account.",
        ),
        ChecklistItem(
            "Port-out PIN obtained",
            port.pin_obtained,
            "Ask Ooma for it. Give it only to the new carrier: this dashboard never stores it.",
        ),
        ChecklistItem(
            "Name and service address match Ooma's records exactly",
            port.name_address_match,
            "A mismatch is the most common reason a port is rejected.",
        ),
        ChecklistItem("Port requested by the new carrier", port.requested_on is not None, ""),
        ChecklistItem("Firm order confirmation (FOC) date received", port.foc_on is not None, ""),
        ChecklistItem("Port completed (calls ring on the new service)", port.completed_on is not None, ""),
    ]


def port_status_note(port: PortDetails, *, today: date) -> str:
    """One sentence on where the port stands and what to do next."""
    if port.completed_on:
        return f"Port completed on {port.completed_on:%b %-d, %Y}. You can now cancel Ooma safely."
    if port.foc_on:
        if port.foc_on >= today:
            when = "today" if port.foc_on == today else f"on {port.foc_on:%b %-d, %Y}"
            return (
                f"The new carrier confirmed the port for {when}. Wait until it completes before cancelling."
            )
        return (
            f"The FOC date ({port.foc_on:%b %-d, %Y}) has passed without a completed port: "
            "ask the new carrier what is holding it up, and do not cancel yet."
        )
    if port.requested_on:
        return (
            f"Port requested on {port.requested_on:%b %-d, %Y}: wait for the new carrier's firm order "
            "confirmation (FOC) date."
        )
    missing = [lower_first(item.label) for item in port_checklist(port)[:5] if not item.done]
    if missing:
        return "Before the new carrier can request the port: " + "; ".join(missing) + "."
    return "Ready: ask the new carrier to request the port."


def port_warning(facts: CaseFacts) -> str | None:
    """The warning a page about porting or cancelling must show prominently, if any."""
    if cancelled_before_port(facts):
        return CANCELLED_BEFORE_PORT
    if port_pending(facts):
        return PORT_STILL_PENDING
    return None
