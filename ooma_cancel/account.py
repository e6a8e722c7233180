"""Stage 1, account identification: validate what the person types, mask what is shown, list what is missing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import phonenumbers

from ooma_cancel.case_rules import plan_allows_fixed_term
from ooma_cancel.checks import checked
from ooma_cancel.errors import UserError
from ooma_cancel.models import AccountBase, Plan, item_limit, limit

MASK = "•"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ACCOUNT_NUMBER = limit(AccountBase, "account_number")
ACCOUNT_NUMBER_RE = re.compile(rf"^[A-Za-z0-9-]{{4,{MAX_ACCOUNT_NUMBER}}}$")
POSTAL_CODE_RES = {
    "US": (re.compile(r"^\d{5}(-\d{4})?$"), "a US ZIP code has 5 digits (or ZIP+4, e.g. 94043-1234)"),
    "CA": (re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$"), "a Canadian postal code looks like K1A 0B1"),
}
MAX_SERVICE_LENGTH = item_limit(AccountBase, "bundled_services")
ACCOUNT_MESSAGES = {
    "holder_name": "The name is longer than {max} characters.",
    "account_number": "An account number has 4 to {max} letters, digits or dashes.",
    "phone_numbers": "List at most {max} phone numbers.",
    "street": "Keep this under {max} characters.",
    "city": "Keep this under {max} characters.",
    "region": "Keep this under {max} characters.",
    "postal_code": "Keep this under {max} characters.",
    "email": "This is not an e-mail address (it looks like name@example.com).",
    "plan": "Choose a plan from the list.",
    "bundled_services.too_long": "List at most {max} bundled services.",
    "bundled_services": (
        "Each bundled service must fit in {service_max} characters: one of these has {longest:,}. "
        "Shorten it; nothing was cut."
    ),
}


class InvalidPhoneNumber(UserError):
    pass


# How a phone number's country reads in a sentence ("a US phone number").
REGION_WORDS = {"US": "US ", "CA": "Canadian "}


def normalise_phone(text: str, default_region: str = "US") -> str:
    """The number in E.164 form (``+16505551234``); raises InvalidPhoneNumber with a readable reason."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidPhoneNumber("Enter a phone number.")
    try:
        number = phonenumbers.parse(cleaned, default_region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber("This is not a phone number: use digits, e.g. (650) 555-0123.") from error
    if not phonenumbers.is_valid_number(number):
        where = "" if cleaned.startswith("+") else REGION_WORDS.get(default_region, f"{default_region} ")
        raise InvalidPhoneNumber(
            f"This number cannot be a {where}phone number: check the digits. For a number in another country, "
            "start with + and the country code."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """A stored E.164 number as people write it: national format at home, international otherwise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_account_number(number: str) -> str:
    """Show only the last four characters: ``•••• 6789``."""
    number = number.strip()
    if not number:
        return ""
    if len(number) <= 4:
        return MASK * len(number)
    return f"{MASK * 4} {number[-4:]}"


def mask_phone(e164: str) -> str:
    """Show only the last four digits of a phone number: ``(•••) •••-1234``."""
    digits = re.sub(r"\D", "", e164)
    if len(digits) < 4:
        return MASK * len(digits)
    if e164.startswith("+1") and len(digits) == 11:
        return f"({MASK * 3}) {MASK * 3}-{digits[-4:]}"
    return f"+{MASK * 2} {MASK * 4} {digits[-4:]}"


def last_four(account_number: str) -> str:
    return account_number.strip()[-4:]


def confirms_account(account_number: str, typed: str) -> bool:
    """True when ``typed`` is the last four characters of the account number (spaces and case ignored)."""
    expected = last_four(account_number).casefold()
    return bool(expected) and len(expected) == 4 and typed.strip().casefold() == expected


@dataclass
class AccountForm:
    """What the person typed, as text, before validation."""

    holder_name: str = ""
    account_number: str = ""
    phone_numbers: str = ""  # one per line or comma-separated
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = "US"
    email: str = ""
    plan: str = Plan.BASIC.value
    bundled_services: list[str] = field(default_factory=list)
    fixed_term: bool = False
    term_ends_on: date | None = None


def split_phone_numbers(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n,;]+", text) if part.strip()]


def validate_account(form: AccountForm) -> tuple[AccountBase | None, dict[str, str]]:
    """Check every field; return the clean account, or None and one message per invalid field.

    Empty optional fields are allowed (the account can be saved step by step); what Ooma still needs is
    listed by :func:`missing_identifiers`.
    """
    errors: dict[str, str] = {}
    country = form.country.strip().upper() or "US"
    if not re.fullmatch(r"[A-Z]{2}", country):
        errors["country"] = "Use the two-letter country code, e.g. US or CA."
        country = "US"

    account_number = re.sub(r"\s+", "", form.account_number)
    if account_number and not ACCOUNT_NUMBER_RE.fullmatch(account_number):
        errors["account_number"] = (
            f"An account number has 4 to {MAX_ACCOUNT_NUMBER} letters, digits or dashes."
        )

    phones: list[str] = []
    for raw in split_phone_numbers(form.phone_numbers):
        try:
            number = normalise_phone(raw, country)
        except InvalidPhoneNumber as error:
            position = (
                f"Number {len(phones) + 1}: " if len(split_phone_numbers(form.phone_numbers)) > 1 else ""
            )
            errors["phone_numbers"] = position + str(error)
            break
        if number not in phones:
            phones.append(number)

    postal = form.postal_code.strip().upper()
    if postal and country in POSTAL_CODE_RES:
        pattern, hint = POSTAL_CODE_RES[country]
        if not pattern.fullmatch(postal):
            errors["postal_code"] = f"This is not a postal code: {hint}."

    email = form.email.strip()
    if email and not EMAIL_RE.fullmatch(email):
        errors["email"] = ACCOUNT_MESSAGES["email"]

    if form.fixed_term and not plan_allows_fixed_term(form.plan):
        errors["fixed_term"] = "Fixed-term agreements apply to Ooma Office plans only."

    services = _clean_services(form.bundled_services)
    values = {
        "holder_name": " ".join(form.holder_name.split()),
        "account_number": account_number,
        "phone_numbers": phones,
        "street": " ".join(form.street.split()),
        "city": " ".join(form.city.split()),
        "region": form.region.strip(),
        "postal_code": postal,
        "country": country,
        "email": email,
        "plan": form.plan,
        "bundled_services": services,
        "fixed_term": form.fixed_term,
        "term_ends_on": form.term_ends_on if form.fixed_term else None,
    }
    longest = max((len(service) for service in services), default=0)
    return checked(
        AccountBase,
        values,
        ACCOUNT_MESSAGES,
        errors=errors,
        extra={"service_max": MAX_SERVICE_LENGTH, "longest": longest},
    )


def _clean_services(services: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for service in services:
        name = " ".join(str(service).split())
        if name and name.casefold() not in {s.casefold() for s in seen}:
            seen.append(name)
    return seen


def missing_identifiers(account: AccountBase | None) -> list[str]:
    """What Ooma will ask for to verify the caller that this account does not hold yet."""
    if account is None:
        return ["account holder's name", "account number", "registered phone number", "service address"]
    missing = []
    if not account.holder_name:
        missing.append("account holder's name")
    if not account.account_number:
        missing.append("account number")
    if not account.phone_numbers:
        missing.append("registered phone number")
    if not (account.street and account.city and account.postal_code):
        missing.append("service address")
    if not account.email:
        missing.append("e-mail address on the account")
    if account.fixed_term and account.term_ends_on is None:
        missing.append("end date of the fixed-term agreement")
    return missing


def one_line_address(account: AccountBase) -> str:
    parts = [account.street, account.city, " ".join(p for p in (account.region, account.postal_code) if p)]
    return ", ".join(p for p in parts if p) + (f" ({account.country})" if account.country != "US" else "")
