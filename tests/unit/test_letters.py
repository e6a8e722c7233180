"""The written cancellation request: every identifier, the intent, the asks, and a PDF of the same text."""

import io
from datetime import date

from pypdf import PdfReader

from ooma_cancel.letters import (
    CONFIRMATION_SENTENCE,
    FINAL_BILL_SENTENCE,
    INTENT_SENTENCE,
    MAILING_ADDRESS,
    LetterFacts,
    cancellation_letter,
    letter_file_name,
    letter_gaps,
    letter_pdf,
    mask_letter,
)
from ooma_cancel.models import AccountBase

ACCOUNT = AccountBase(
    holder_name="Zoë Ångström-Nguyễn",
    account_number="4815162342",
    phone_numbers=["+16505550123", "+14085550100"],
    street="100 Example Street, Apt 4",
    city="Sunnyvale",
    region="CA",
    postal_code="94086",
    email="zoe@example.com",
    plan="Premier",
    bundled_services=["Second phone line"],
)
ADDRESS = "Ooma, Inc.\n525 Example Ave\nSunnyvale, CA 94085"  # invented
FACTS = LetterFacts(
    account=ACCOUNT,
    requested_end_on=date(2026, 12, 15),
    written_on=date(2026, 11, 27),
    mailing_address=ADDRESS,
)


def test_the_letter_carries_every_identifier_the_intent_and_the_asks():
    text = cancellation_letter(FACTS)
    for expected in (
        "Zoë Ångström-Nguyễn",
        "Account number: 4815162342",
        "(650) 555-0123, (408) 555-0100",
        "100 Example Street, Apt 4, Sunnyvale, CA 94086",
        "zoe@example.com",
        "Plan: Premier",
        "Services that end with it: Second phone line",
        INTENT_SENTENCE,
        "Please end the service on Dec 15, 2026.",
        CONFIRMATION_SENTENCE,
        FINAL_BILL_SENTENCE,
        "Nov 27, 2026",
    ):
        assert expected in text
    assert text.rstrip().endswith("Sincerely,\n\nZoë Ångström-Nguyễn")


def test_the_letter_is_addressed_and_without_an_address_it_has_a_gap_not_a_placeholder():
    assert "525 Example Ave\nSunnyvale, CA 94085" in cancellation_letter(FACTS)
    assert letter_gaps(FACTS) == []
    unaddressed = LetterFacts(**{**FACTS.__dict__, "mailing_address": " \n "})
    assert letter_gaps(unaddressed) == [MAILING_ADDRESS]
    text = cancellation_letter(unaddressed)
    assert "[" not in text
    assert "]" not in text
    assert "Attn: Customer Support – Cancellations\n\nRe: Cancellation of Ooma service" in text


def test_the_letter_cites_the_confirmation_number_the_notice_and_a_pending_port():
    text = cancellation_letter(
        LetterFacts(
            **{
                **FACTS.__dict__,
                "confirmation_number": "CX-118734",
                "submitted_on": date(2026, 11, 26),
                "submitted_channel": "phone",
                "fixed_term_ends_on": date(2027, 3, 31),
                "port_pending": True,
            }
        )
    )
    assert "by phone on Nov 26, 2026 and was given confirmation number CX-118734" in text
    assert "fixed-term agreement ends on Mar 31, 2027" in text
    assert "do not want it to renew" in text
    assert "Please do not release or disconnect it" in text
    assert "confirmation number" not in cancellation_letter(FACTS).split(CONFIRMATION_SENTENCE)[0]


def test_missing_details_are_listed_as_gaps_and_never_bracketed_in_the_text():
    bare = LetterFacts(account=AccountBase(), requested_end_on=None, written_on=FACTS.written_on)
    text = cancellation_letter(bare)
    assert "[" not in text
    assert "]" not in text
    assert "Please end the service." in text
    assert letter_gaps(bare) == [
        "account holder's name",
        MAILING_ADDRESS,
        "requested end date",
        "account number",
        "registered phone number",
        "service address",
    ]


def test_one_phone_number_reads_in_the_singular():
    one = AccountBase(**{**ACCOUNT.model_dump(), "phone_numbers": ["+16505550123"]})
    text = cancellation_letter(LetterFacts(**{**FACTS.__dict__, "account": one}))
    assert "Registered phone number: (650) 555-0123" in text
    assert "Registered phone numbers: (650) 555-0123, (408) 555-0100" in cancellation_letter(FACTS)
    assert "(s)" not in text


def test_the_screen_version_masks_account_and_phone_numbers():
    masked = mask_letter(cancellation_letter(FACTS), ACCOUNT)
    assert "4815162342" not in masked
    assert "555-0123" not in masked
    assert "(•••) •••-0123" in masked
    assert "•••• 2342" in masked


def test_the_pdf_is_the_same_text():
    pdf = letter_pdf(cancellation_letter(FACTS))
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Zoë Ångström-Nguyễn" in text
    assert "4815162342" in text
    assert INTENT_SENTENCE in text  # lines wrap in the PDF; whitespace is normalised above
    assert letter_file_name(FACTS, "pdf") == "ooma-cancellation-2026-11-27.pdf"
