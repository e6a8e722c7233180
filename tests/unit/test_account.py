from datetime import date

import pytest

from ooma_cancel.account import (
    AccountForm,
    InvalidPhoneNumber,
    confirms_account,
    format_phone,
    mask_account_number,
    mask_phone,
    missing_identifiers,
    normalise_phone,
    validate_account,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("(650) 555-0123", "+16505550123"),
        ("650.555.0123", "+16505550123"),
        ("+1 650 555 0123", "+16505550123"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize("typed", ["12345", "555-0123", "abc", "+1 650 555 01234567", ""])
def test_invalid_phone_numbers_are_refused_with_a_reason(typed):
    with pytest.raises(InvalidPhoneNumber) as error:
        normalise_phone(typed)
    assert str(error.value)


def test_a_canadian_number_is_read_with_the_account_country():
    assert normalise_phone("416 555 0199", "CA") == "+14165550199"


def test_numbers_are_shown_the_way_people_write_them():
    assert format_phone("+16505550123") == "(650) 555-0123"
    assert format_phone("+442079460958") == "+44 20 7946 0958"


def test_masking_shows_only_the_last_four():
    assert mask_account_number("4815162342") == "•••• 2342"
    assert "4815" not in mask_account_number("4815162342")
    assert mask_account_number("123") == "•••"
    assert mask_phone("+16505550123") == "(•••) •••-0123"
    assert "650" not in mask_phone("+16505550123")
    assert mask_phone("+442079460958").endswith("0958")


def test_confirming_an_account_needs_its_last_four_characters():
    assert confirms_account("4815162342", "2342")
    assert confirms_account("AB-77xy", " 77XY ")
    assert not confirms_account("4815162342", "4815")
    assert not confirms_account("4815162342", "")
    assert not confirms_account("", "")


def valid_form(**changes) -> AccountForm:
    form = AccountForm(
        holder_name="  Jordan   Rivera ",
        account_number="4815 1623 42",
        phone_numbers="(650) 555-0123\n650-555-0123, +1 408 555 0100",
        street="100 Example Street",
        city="Sunnyvale",
        region="CA",
        postal_code="94086",
        country="us",
        email="jordan@example.com",
        plan="Premier",
        bundled_services=["Ooma Premier", "ooma premier", "", "Second line"],
    )
    for name, value in changes.items():
        setattr(form, name, value)
    return form


def test_an_over_long_bundled_service_is_refused_with_the_limit_not_cut():
    account, errors = validate_account(valid_form(bundled_services=["Second line", "x" * 5_000]))
    assert account is None
    assert errors["bundled_services"] == (
        "Each bundled service must fit in 100 characters: one of these has 5,000. Shorten it; nothing was cut."
    )
    kept, fine = validate_account(valid_form(bundled_services=["y" * 100]))
    assert fine == {}
    assert kept.bundled_services == ["y" * 100]


def test_a_valid_account_is_cleaned_up():
    account, errors = validate_account(valid_form())
    assert errors == {}
    assert account.holder_name == "Jordan Rivera"
    assert account.account_number == "4815162342"
    assert account.phone_numbers == ["+16505550123", "+14085550100"]  # duplicates merged
    assert account.country == "US"
    assert account.bundled_services == ["Ooma Premier", "Second line"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone_numbers", "555-0123"),
        ("postal_code", "9408"),
        ("email", "jordan@"),
        ("account_number", "12"),
        ("country", "USA"),
        ("plan", "Gold"),
    ],
)
def test_each_invalid_field_gets_its_own_message(field, value):
    account, errors = validate_account(valid_form(**{field: value}))
    assert account is None
    assert set(errors) == {field}


def test_a_canadian_postal_code_is_checked_as_canadian():
    _, errors = validate_account(
        valid_form(country="CA", postal_code="K1A 0B1", phone_numbers="416 555 0199")
    )
    assert errors == {}
    _, errors = validate_account(valid_form(country="CA", postal_code="94086", phone_numbers="416 555 0199"))
    assert "postal_code" in errors


def test_fixed_term_is_an_office_only_agreement():
    _, errors = validate_account(valid_form(fixed_term=True))
    assert "fixed_term" in errors
    account, errors = validate_account(
        valid_form(plan="Office", fixed_term=True, term_ends_on=date(2027, 3, 1))
    )
    assert errors == {}
    assert account.term_ends_on == date(2027, 3, 1)


def test_missing_identifiers_lists_what_ooma_will_ask_for():
    account, _ = validate_account(valid_form(account_number="", street="", email=""))
    assert missing_identifiers(account) == [
        "account number",
        "service address",
        "e-mail address on the account",
    ]
    complete, _ = validate_account(valid_form())
    assert missing_identifiers(complete) == []
    assert "account number" in missing_identifiers(None)
