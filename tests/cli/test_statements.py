"""Real export layouts (tests/data/statements/, invented values): every Ooma line, flag, disputed amount and total.

Every statement holds the same story of an account whose service ended on 2026-11-30 without a fixed-term
contract and whose equipment is not back: Ooma charges on 11/01 (fine), 12/01 and 12/17 (after the end), a
termination fee on 12/05, a non-return fee on 12/20 (before the return deadline 12/30) and a refund on 12/22,
between groceries, fuel, pay and a $500 card payment.
"""

import json
from pathlib import Path

import pytest

from ooma_cancel.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
ARGS = ["--end-date", "2026-11-30", "--no-contract", "--json"]

AFTER, ETF, EQUIPMENT = ["after_end_date"], ["early_termination_fee"], ["equipment_fee"]
# (date, amount, flags, disputed) of each Ooma line, in date order
STORY = [
    ("2026-11-01", "32.07", [], "0.00"),
    ("2026-12-01", "32.07", AFTER, "32.07"),
    ("2026-12-05", "59.99", ETF, "59.99"),
    ("2026-12-17", "32.07", AFTER, "32.07"),
    ("2026-12-20", "99.99", EQUIPMENT, "99.99"),
    ("2026-12-22", "-9.99", [], "0.00"),
]
STORY_TOTALS = ("256.19", "-9.99", "224.12")

# file → (charges negative?, why, other lines set aside, has a header row)
LAYOUTS = {
    "chase_card.csv": (True, "from the Type column", 3, True),
    "chase_checking.csv": (True, "from the Details column", 3, True),
    "bank_of_america.csv": (True, "from most Ooma lines", 3, True),
    "wells_fargo.csv": (True, "from most Ooma lines", 3, False),
    "capital_one.csv": (False, "from the Debit and Credit columns", 3, True),
    "amex.csv": (False, "from the card payments", 2, True),
    "discover.csv": (False, "from the Category column", 3, True),
    "citi.csv": (False, "from the Debit and Credit columns", 2, True),
    "apple_card.csv": (False, "from the Type column", 2, True),
    "us_bank.csv": (True, "from the Transaction column", 2, True),
    "td_canada.csv": (False, "from the Debit and Credit columns", 3, False),
    "rbc.csv": (True, "from most Ooma lines", 2, True),
    "excel_saved.csv": (False, "from the card payments", 2, True),
}


def audit_json(capsys, name: str, *extra: str) -> dict:
    code = main(["audit", str(DATA / name), *ARGS, *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def ooma_lines(document: dict) -> list[tuple]:
    lines = sorted(document["lines"], key=lambda line: line["date"])
    return [(line["date"], line["amount"], line["flags"], line["disputed"]) for line in lines]


def totals(document: dict) -> tuple[str, str, str]:
    summary = document["summary"]
    return summary["charges_total"], summary["credits_total"], summary["disputed_total"]


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_audits_ooma_s_lines_right(capsys, name: str) -> None:
    negative, why, set_aside, has_header = LAYOUTS[name]
    document = audit_json(capsys, name)
    assert ooma_lines(document) == STORY
    assert all("ooma" in line["description"].lower() for line in document["lines"])
    assert totals(document) == STORY_TOTALS
    reading = document["reading"]
    assert reading["other_lines_set_aside"] == set_aside
    assert reading["has_header"] is has_header
    assert reading["sign_reason"] == why
    if "Debit and Credit" in why:
        assert reading["sign"].startswith("Charges and credits are in separate columns")
    else:
        assert reading["charges_negative"] is negative
        assert reading["sign"].startswith(f"Charges are written as {'negative' if negative else 'positive'}")
    assert reading["warnings"] == []
    assert document["summary"]["flag_counts"] == {
        "after_end_date": 2,
        "early_termination_fee": 1,
        "equipment_fee": 1,
        "late_fee": 0,
        "duplicate": 0,
    }


def test_paypal_gross_beats_empty_amount_columns_and_refunds_are_credits(capsys) -> None:
    document = audit_json(capsys, "paypal.csv")
    assert document["reading"]["columns"]["amount"] == "Gross"
    assert document["reading"]["columns"]["description"] == "Name"
    assert document["reading"]["charges_negative"] is True
    assert ooma_lines(document) == [STORY[0], STORY[1], STORY[3], STORY[5]]
    assert totals(document) == ("96.21", "-9.99", "64.14")
    assert document["reading"]["other_lines_set_aside"] == 2


def test_uk_bank_reads_day_first_pounds_from_the_account_s_own_column(capsys) -> None:
    document = audit_json(capsys, "uk_monzo.csv")
    assert document["reading"]["columns"]["amount"] == "Amount"
    assert document["reading"]["columns"]["description"] == "Description"
    assert any("'Local amount'" in note and "GBP" in note for note in document["reading"]["notes"])
    assert ooma_lines(document) == [
        ("2026-11-01", "25.31", [], "0.00"),
        ("2026-12-01", "25.31", AFTER, "25.31"),
        ("2026-12-05", "47.34", ETF, "47.34"),
        ("2026-12-17", "25.31", AFTER, "25.31"),
        ("2026-12-20", "78.90", EQUIPMENT, "78.90"),
        ("2026-12-22", "-7.88", [], "0.00"),
    ]
    assert totals(document) == ("202.17", "-7.88", "176.86")


def test_itemised_invoice_skips_subtotal_and_total_due_rows_without_a_description(capsys) -> None:
    document = audit_json(capsys, "ooma_invoice.csv")
    lines = [(line["line"], line["amount"], line["flags"], line["disputed"]) for line in document["lines"]]
    assert lines == [
        (4, "9.99", [], "0.00"),
        (5, "9.99", AFTER, "9.99"),
        (6, "1.50", AFTER, "1.50"),
        (7, "59.99", ETF, "59.99"),
        (8, "99.99", EQUIPMENT, "0.00"),  # no date and no return recorded: not disputed automatically
        (10, "-5.00", [], "0.00"),
    ]
    assert totals(document) == ("181.46", "-5.00", "71.48")
    assert document["reading"]["other_lines_set_aside"] == 0


@pytest.mark.parametrize("name", [*sorted(LAYOUTS), "paypal.csv", "uk_monzo.csv"])
def test_with_every_line_audited_no_payment_refund_or_credit_is_flagged(capsys, name: str) -> None:
    document = audit_json(capsys, name, "--all-lines")
    assert document["reading"]["other_lines_set_aside"] == 0
    for line in document["lines"]:
        money_in = line["amount"].startswith("-")
        if money_in or "payment" in line["description"].lower() or "refund" in line["description"].lower():
            assert (line["flags"], line["disputed"]) == ([], "0.00"), line
    payments = [line for line in document["lines"] if "500.00" in line["amount"]]
    assert all(line["disputed"] == "0.00" for line in payments)


def test_the_wrong_sign_chosen_by_hand_gives_a_warning_not_a_green_result(capsys) -> None:
    code = main(["audit", str(DATA / "chase_card.csv"), *ARGS, "--charges-positive"])
    captured = capsys.readouterr()
    assert code == 0
    document = json.loads(captured.out)
    assert document["summary"]["disputed_total"] == "0.00"
    assert "as you chose" in document["reading"]["sign"]
    [warning] = captured.err.splitlines()
    assert warning.startswith("audit: warning: Every Ooma line in this file is a payment or credit")
    assert "--charges-negative" in warning


def test_merchant_text_overrides_the_descriptors_and_all_lines_audits_everything(capsys) -> None:
    narrowed = audit_json(capsys, "chase_card.csv", "--merchant", "safeway")
    assert [line["description"] for line in narrowed["lines"]] == ["SAFEWAY #1234"]
    assert narrowed["reading"]["other_lines_set_aside"] == 8
    everything = audit_json(capsys, "chase_card.csv", "--all-lines")
    assert len(everything["lines"]) == 9
    assert everything["summary"]["charges_total"] == "385.31"  # Ooma's 256.19 + groceries 84.12 + fuel 45.00


def test_a_merchant_text_that_matches_nothing_warns(capsys) -> None:
    code = main(["audit", str(DATA / "discover.csv"), *ARGS, "--merchant", "vonage"])
    captured = capsys.readouterr()
    assert code == 0
    assert json.loads(captured.out)["lines"] == []
    assert captured.err.count("\n") == 1
    assert "No line's description contains 'vonage'" in captured.err


def test_most_rows_unreadable_warns_on_one_line_and_still_exits_0(tmp_path, capsys) -> None:
    path = tmp_path / "mangled.csv"
    path.write_text(
        "Date,Description,Amount\n12/01/2026,OOMA INC,32.07\n"
        + "".join(f"99/99/2026,OOMA INC,{i}.00\n" for i in range(3)),
        encoding="utf-8",
    )
    code = main(["audit", str(path), *ARGS])
    captured = capsys.readouterr()
    assert code == 0
    assert json.loads(captured.out)["summary"]["lines"] == 1
    [warning] = captured.err.splitlines()
    assert "Most rows could not be read (3 of 4)" in warning


def test_an_unreadable_file_still_exits_2_with_one_line_and_no_output(tmp_path, capsys) -> None:
    path = tmp_path / "statement.csv"
    path.write_bytes(b"%PDF-1.7\n")
    assert main(["audit", str(path), *ARGS]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
