"""Money text from bills and statements becomes exact integer cents."""

import pyarrow as pa
import pytest

from ooma_cancel.bill import format_decimal, read_bill
from ooma_cancel.bill.money import detect_decimal_comma, parse_money
from ooma_cancel.money import format_dollars


def cents(values: list[str], decimal_comma: bool | None = None) -> list[int]:
    parsed = parse_money(pa.array(values), decimal_comma=decimal_comma)
    assert not parsed.invalid.any(), values
    return parsed.cents.tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,234.56", 123456),
        ("-$5.00", -500),
        ("$-5.00", -500),
        ("(12.00)", -1200),
        ("($12.00)", -1200),
        ("9.99", 999),
        ("9.9", 990),
        ("12", 1200),
        ("USD 9.99", 999),
        ("9.99 USD", 999),
        ("CA$3.50", 350),
        ("3.50 $", 350),
        ("€7", 700),
        ("5.00-", -500),
        ("10.00 CR", -1000),
        (" $ 1 234.00 ", 123400),
        ("$12,345,678,901.23", 1234567890123),
    ],
)
def test_point_decimal_amounts(text: str, expected: int) -> None:
    assert cents([text], decimal_comma=False) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,99", 1299), ("1.234,56", 123456), ("-0,50 €", -50), ("EUR 3", 300), ("1 234,56", 123456)],
)
def test_comma_decimal_amounts(text: str, expected: int) -> None:
    assert cents([text], decimal_comma=True) == [expected]


def test_decimal_comma_is_decided_per_column_from_the_values() -> None:
    assert detect_decimal_comma(pa.array(["12,99", "1.234,56", "3"]))
    assert not detect_decimal_comma(pa.array(["1,234.56", "12.00"]))
    # "1,234" alone reads as a thousands separator, as in most bills.
    assert cents(["1,234", "5.00"]) == [123400, 500]
    assert cents(["12,99", "0,01"]) == [1299, 1]


@pytest.mark.parametrize("text", ["abc", "N/A", "1.2.3", "0.125", "$", "12,99"])
def test_text_that_is_not_an_amount_is_invalid_not_zero(text: str) -> None:
    parsed = parse_money(pa.array(["1.00", text]), decimal_comma=False)
    assert parsed.invalid.tolist() == [False, True]
    assert parsed.cents[0] == 100


def test_blank_cells_are_blank_not_invalid() -> None:
    parsed = parse_money(pa.array(["", "  ", None, "1.00"]), decimal_comma=False)
    assert parsed.blank.tolist() == [True, True, True, False]
    assert not parsed.invalid.any()
    assert parsed.cents.tolist() == [0, 0, 0, 100]


def test_cents_add_up_exactly_where_floats_would_not(tmp_path) -> None:
    rows = "\n".join(["11/01/2026,Call,$0.10"] * 3 + ["11/01/2026,Call,$0.20"])
    path = tmp_path / "bill.csv"
    path.write_text(f"Date,Description,Amount\n{rows}\n")
    lines = read_bill(path.read_bytes()).lines
    assert lines["amount_cents"].sum() == 50
    assert str(lines["amount_cents"].dtype) == "int64"


def test_formatting() -> None:
    assert format_decimal(999) == "9.99"
    assert format_decimal(-500) == "-5.00"
    assert format_decimal(5) == "0.05"
    assert format_dollars(123456) == "$1,234.56"
    assert format_dollars(-500) == "-$5.00"
