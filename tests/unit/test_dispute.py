import csv
import io
from datetime import date

from ooma_cancel.bill.dispute import DisputedLine, DisputeFacts, Shipment, dispute_letter, findings_rows_csv

FACTS = DisputeFacts(
    holder_name="Jordan Rivera",
    account_number="4815162342",
    service_address="100 Example Street, Sunnyvale, CA 94086",
    email="jordan@example.com",
    end_date=date(2026, 11, 30),
    confirmation_number="CX-118734",
    bill_name="final.csv",
    shipments=[Shipment("Desk phone", "UPS", "1Z999AA10123456784", date(2026, 12, 1), date(2026, 12, 4))],
)
LINES = [
    DisputedLine(
        11,
        "2026-12-01 to 2026-12-31",
        "Ooma Premier monthly service",
        999,
        999,
        ("after_end_date",),
        "31 of 31 days after.",
    ),
    DisputedLine(16, "2026-12-05", "Late payment fee", 500, 0, ("late_fee",), "Check it."),
    DisputedLine(
        18, "2026-12-10", '=HYPERLINK("http://x")', 5999, 5999, ("early_termination_fee",), "-no contract"
    ),
]


def test_the_letter_cites_the_confirmation_end_date_evidence_and_each_disputed_line():
    letter = dispute_letter(FACTS, LINES, today=date(2026, 12, 20))
    assert letter.startswith("Jordan Rivera\n100 Example Street, Sunnyvale, CA 94086")
    assert "Dec 20, 2026" in letter
    assert "account 4815162342" in letter
    assert "ended on Nov 30, 2026, as confirmed by cancellation confirmation number CX-118734" in letter
    assert (
        "- Dec 1 – Dec 31, 2026 — Ooma Premier monthly service — $9.99: $9.99 disputed (charged after"
        in letter
    )
    assert "Late payment fee" not in letter  # a late fee is for review, not disputed
    assert "Line " not in letter  # line numbers of a file mean nothing to Ooma
    assert "totalling $69.98" in letter
    assert (
        "Desk phone: shipped on Dec 1, 2026 (with UPS, tracking number 1Z999AA10123456784); "
        "received by Ooma on Dec 4, 2026" in letter
    )
    assert letter.rstrip().endswith("Sincerely,\n\nJordan Rivera")


def test_the_findings_csv_escapes_formulas_and_keeps_numbers_numbers():
    rows = list(csv.reader(io.StringIO(findings_rows_csv(LINES).decode())))
    assert rows[0] == ["line", "date or period", "description", "amount", "flags", "disputed", "reason"]
    assert rows[3][2] == '\'=HYPERLINK("http://x")'
    assert rows[3][6] == "'-no contract"
    assert rows[3][3] == "59.99"
    assert rows[1][3:6] == ["9.99", "charged after the service ended", "9.99"]
    assert rows[2][4] == "late fee (review)"  # flags in words, not the program's names


def test_a_statement_line_is_cited_by_date_descriptor_and_amount_and_a_shipment_in_transit_is_not_received():
    facts = DisputeFacts(
        **{
            **FACTS.__dict__,
            "shipments": [Shipment("Ooma Telo", "USPS", "9400111899223344556677", date(2026, 12, 15), None)],
        }
    )
    lines = [
        DisputedLine(7, "2026-12-17", "OOMA INC", 3207, 3207, ("after_end_date",), "Dated Dec 17, 2026."),
        DisputedLine(
            9, "2026-12-20", "OOMA INC NON-RETURN FEE", 9999, 9999, ("equipment_fee",), "In transit."
        ),
    ]
    letter = dispute_letter(facts, lines, today=date(2026, 12, 28))
    assert "- Dec 17, 2026 — OOMA INC — $32.07: $32.07 disputed (charged after the service ended)." in letter
    assert "- Dec 20, 2026 — OOMA INC NON-RETURN FEE — $99.99: $99.99 disputed (equipment fee)." in letter
    assert (
        "- Ooma Telo: shipped on Dec 15, 2026 (with USPS, tracking number 9400111899223344556677); "
        "on its way back to Ooma" in letter
    )
    assert "received by Ooma" not in letter
    assert "totalling $132.06" in letter


def test_a_fact_the_case_lacks_is_left_out_of_the_letter_never_bracketed():
    bare = DisputeFacts(
        holder_name="",
        account_number="",
        service_address="",
        email="",
        end_date=date(2026, 11, 30),
        confirmation_number=None,
        bill_name="final.csv",
    )
    letter = dispute_letter(bare, LINES, today=date(2026, 12, 20))
    assert "[" not in letter
    assert letter.startswith("Dec 20, 2026\n\nOoma, Inc. — Billing disputes")
    assert "Re: Dispute of final bill (final.csv)\n" in letter
    assert "My Ooma service ended on Nov 30, 2026. I dispute the following charges" in letter
    assert letter.rstrip().endswith("Sincerely,")
