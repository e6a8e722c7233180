import pytest

from ooma_cancel.money import format_dollars, parse_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [("12", 1200), ("12.5", 1250), ("$1,234.56", 123456), (" 0.01 ", 1), ("0.005", None), ("19.99", 1999)],
)
def test_amounts_are_read_exactly(text, cents):
    if cents is None:
        with pytest.raises(ValueError, match="not an amount"):
            parse_cents(text)
    else:
        assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "12,34", "1.2.3", "$", "1e3", "--5"])
def test_letters_and_nonsense_are_refused(text):
    with pytest.raises(ValueError, match="amount"):
        parse_cents(text)


def test_negative_and_absurd_amounts_are_refused():
    with pytest.raises(ValueError, match="minus"):
        parse_cents("-5")
    assert parse_cents("-5", allow_negative=True) == -500
    with pytest.raises(ValueError, match="check the amount"):
        parse_cents("2000000")


def test_formatting():
    assert format_dollars(123456) == "$1,234.56"
    assert format_dollars(-500) == "-$5.00"
    assert format_dollars(7) == "$0.07"
