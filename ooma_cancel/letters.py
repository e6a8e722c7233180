"""The written cancellation request: generated from the case as plain text, and the same text as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ooma_cancel.account import format_phone, mask_account_number, mask_phone, one_line_address
from ooma_cancel.models import AccountBase
from ooma_cancel.pdf import text_to_pdf

INTENT_SENTENCE = "I am writing to cancel my Ooma service and every service on the account identified below."
CONFIRMATION_SENTENCE = (
    "Please confirm the cancellation in writing, including a cancellation confirmation number and the date "
    "my service ends."
)
FINAL_BILL_SENTENCE = (
    "Please also tell me the date of my final bill, and send instructions (and a prepaid label, if one is "
    "provided) for returning any equipment that must be returned."
)
ADDRESS_UNKNOWN = "[Ooma's mailing address for written notices: ask Ooma and write it here]"


@dataclass(frozen=True)
class LetterFacts:
    """Everything the letter says, read from the case by the page."""

    account: AccountBase
    requested_end_on: date | None
    written_on: date
    mailing_address: str = ""
    confirmation_number: str | None = None
    submitted_on: date | None = None
    submitted_channel: str = ""
    fixed_term_ends_on: date | None = None
    port_pending: bool = False


def cancellation_letter(facts: LetterFacts) -> str:
    """The letter as plain text: paragraphs separated by blank lines (as :func:`letter_pdf` lays them out)."""
    account = facts.account
    number = account.account_number
    phones = ", ".join(format_phone(p) for p in account.phone_numbers)
    holder = account.holder_name or "[account holder's name]"
    end = f"{facts.requested_end_on:%B %-d, %Y}" if facts.requested_end_on else "[requested end date]"

    sender = [holder, *_address_lines(account)]
    if account.email:
        sender.append(account.email)
    recipient = ["Ooma, Inc.", "Attn: Customer Support – Cancellations"]
    recipient += [line.strip() for line in facts.mailing_address.splitlines() if line.strip()] or [
        ADDRESS_UNKNOWN
    ]

    identifiers = [
        f"Account holder: {holder}",
        f"Account number: {number or '[account number]'}",
        f"Registered phone number(s): {phones or '[registered phone number]'}",
        f"Service address: {one_line_address(account) or '[service address]'}",
        f"Plan: {account.plan}",
    ]
    if account.bundled_services:
        identifiers.append("Services that end with it: " + ", ".join(account.bundled_services))

    body = [
        "\n".join(sender),
        f"{facts.written_on:%B %-d, %Y}",
        "\n".join(recipient),
        f"Re: Cancellation of Ooma service, account {number or '[account number]'}",
        "Dear Ooma Customer Support,",
        f"{INTENT_SENTENCE} Please end the service on {end}.",
        "\n".join(identifiers),
    ]
    if facts.confirmation_number:
        when = f" on {facts.submitted_on:%B %-d, %Y}" if facts.submitted_on else ""
        how = f" by {facts.submitted_channel}" if facts.submitted_channel else ""
        body.append(
            f"I requested this cancellation{how}{when} and was given confirmation number "
            f"{facts.confirmation_number}. This letter confirms that request in writing."
        )
    if facts.fixed_term_ends_on:
        body.append(
            f"My Ooma Office fixed-term agreement ends on {facts.fixed_term_ends_on:%B %-d, %Y}. This letter is "
            "my written notice that I do not want it to renew."
        )
    if facts.port_pending:
        body.append(
            "My phone number is being ported to another carrier. Please do not release or disconnect it "
            "before the port has completed."
        )
    body += [CONFIRMATION_SENTENCE, FINAL_BILL_SENTENCE, "Sincerely,", holder]
    return "\n\n".join(body) + "\n"


def mask_letter(text: str, account: AccountBase) -> str:
    """The letter with the account's number and phone numbers masked, for showing it on screen."""
    if account.account_number:
        text = text.replace(account.account_number, mask_account_number(account.account_number))
    for phone in account.phone_numbers:
        text = text.replace(format_phone(phone), mask_phone(phone))
    return text


def letter_pdf(text: str) -> bytes:
    """The letter's text as a PDF, laid out paragraph by paragraph."""
    return text_to_pdf(text, title="Cancellation of Ooma service")


def letter_file_name(facts: LetterFacts, extension: str) -> str:
    return f"ooma-cancellation-{facts.written_on:%Y-%m-%d}.{extension}"


def _address_lines(account: AccountBase) -> list[str]:
    lines = [account.street] if account.street else []
    place = " ".join(p for p in (account.region, account.postal_code) if p)
    city = ", ".join(p for p in (account.city, place) if p)
    if city:
        lines.append(city)
    if account.country and account.country != "US":
        lines.append(account.country)
    return lines
