"""The written cancellation request: generated from the case as plain text, and the same text as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ooma_cancel.account import format_phone, mask_account_number, mask_phone, one_line_address
from ooma_cancel.formatting import day_text, plural
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
# What a letter cannot go out without, in the completeness check's words. The letter never prints a bracketed
# gap for them: a letter that lacks one is not offered (the page says what to fill in first).
MAILING_ADDRESS = "Ooma's mailing address for written notices"
HOLDER = "account holder's name"
ACCOUNT_NUMBER = "account number"
PHONE = "registered phone number"
SERVICE_ADDRESS = "service address"
END_DATE = "requested end date"


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


def letter_gaps(facts: LetterFacts) -> list[str]:
    """What the letter still lacks, in the order it appears; empty when it can be sent as it is."""
    account = facts.account
    gaps = []
    if not account.holder_name:
        gaps.append(HOLDER)
    if not _mailing_lines(facts):
        gaps.append(MAILING_ADDRESS)
    if not facts.requested_end_on:
        gaps.append(END_DATE)
    if not account.account_number:
        gaps.append(ACCOUNT_NUMBER)
    if not account.phone_numbers:
        gaps.append(PHONE)
    if not one_line_address(account):
        gaps.append(SERVICE_ADDRESS)
    return gaps


def cancellation_letter(facts: LetterFacts) -> str:
    """The letter as plain text: paragraphs separated by blank lines (as :func:`letter_pdf` lays them out).

    A fact the case lacks is left out rather than bracketed: check :func:`letter_gaps` before offering it."""
    account = facts.account
    number = account.account_number
    phones = ", ".join(format_phone(p) for p in account.phone_numbers)
    holder = account.holder_name
    end = f" on {day_text(facts.requested_end_on)}" if facts.requested_end_on else ""

    sender = [line for line in (holder, *_address_lines(account)) if line]
    if account.email:
        sender.append(account.email)
    recipient = ["Ooma, Inc.", "Attn: Customer Support – Cancellations", *_mailing_lines(facts)]

    identifiers = [
        line
        for line in (
            f"Account holder: {holder}" if holder else "",
            f"Account number: {number}" if number else "",
            f"Registered phone {plural(len(account.phone_numbers), 'number', with_count=False)}: {phones}"
            if phones
            else "",
            f"Service address: {one_line_address(account)}" if one_line_address(account) else "",
            f"Plan: {account.plan}",
        )
        if line
    ]
    if account.bundled_services:
        identifiers.append("Services that end with it: " + ", ".join(account.bundled_services))

    body = [
        "\n".join(sender),
        day_text(facts.written_on),
        "\n".join(recipient),
        f"Re: Cancellation of Ooma service, account {number}"
        if number
        else "Re: Cancellation of Ooma service",
        "Dear Ooma Customer Support,",
        f"{INTENT_SENTENCE} Please end the service{end}.",
        "\n".join(identifiers),
    ]
    if facts.confirmation_number:
        when = f" on {day_text(facts.submitted_on)}" if facts.submitted_on else ""
        how = f" by {facts.submitted_channel}" if facts.submitted_channel else ""
        body.append(
            f"I requested this cancellation{how}{when} and was given confirmation number "
            f"{facts.confirmation_number}. This letter confirms that request in writing."
        )
    if facts.fixed_term_ends_on:
        body.append(
            f"My Ooma Office fixed-term agreement ends on {day_text(facts.fixed_term_ends_on)}. This letter is "
            "my written notice that I do not want it to renew."
        )
    if facts.port_pending:
        body.append(
            "My phone number is being ported to another carrier. Please do not release or disconnect it "
            "before the port has completed."
        )
    body += [CONFIRMATION_SENTENCE, FINAL_BILL_SENTENCE, "Sincerely,"]
    if holder:
        body.append(holder)
    return "\n\n".join(p for p in body if p) + "\n"


def _mailing_lines(facts: LetterFacts) -> list[str]:
    return [line.strip() for line in facts.mailing_address.splitlines() if line.strip()]


def mask_letter(text: str, account: AccountBase) -> str:
    """The letter with the account's number and phone numbers masked, for showing it on screen."""
    if account.account_number:
        text = text.replace(account.account_number, mask_account_number(account.account_number))
    for phone in account.phone_numbers:
        text = text.replace(format_phone(phone), mask_phone(phone))
    return text


def letter_pdf(text: str) -> bytes:
    """The letter's text as a PDF, laid out paragraph by paragraph."""
    return text_to_pdf(
        text,
        title="Cancellation of Ooma service",
        subject="Written request to cancel Ooma service, with the account it identifies",
    )


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
