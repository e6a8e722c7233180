"""Money in bill files: text like ``$1,234.56``, ``(12.00)`` or ``1.234,56 €`` to exact integer cents.

Everything here is vectorised with pyarrow compute and works on the *distinct* values of a column (a bill
has few of them), so a million-line file costs about as much as its unique amounts. Nothing goes through
float: the integer and fraction digits are cast to integers separately.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ooma_cancel.bill.arrow import as_array, bools, encode

# A currency marker: a symbol, optionally after a country prefix (CA$, US$), or a three-letter code.
_CURRENCY = r"(?:[A-Za-z]{0,2}[$€£¥]|[A-Za-z]{3})"
# sign and parentheses may sit before or after the currency; "CR"/"DR" suffixes come from bank statements.
_MONEY = (
    r"^\s*(?P<s1>[-+(]?)\s*" + _CURRENCY + r"?\s*(?P<s2>[-+(]?)\s*"
    r"(?P<num>[0-9][0-9.,' \x{00A0}\x{202F}]*)"
    r"\s*(?P<s3>[-)]?)\s*" + _CURRENCY + r"?\s*(?P<s4>[-)]?)\s*(?P<cr>(?i:CR|DR)?)\s*$"
)
# After the thousands separators are gone, what is left must be digits with at most one decimal part.
_POINT_NUMBER = r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d*))?$"
_COMMA_NUMBER = r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d*))?$"
# Evidence for the decimal separator: the last separator followed by one or two digits at the end.
_COMMA_DECIMAL = r"^[0-9.]*,\d{1,2}$"
_POINT_DECIMAL = r"^[0-9,]*\.\d{1,2}$"
_MAX_INTEGER_DIGITS = 13  # keeps cents * days well inside int64 in the proration


@dataclass(frozen=True)
class ParsedMoney:
    """Amounts of one column: cents (0 where invalid), which rows were blank or invalid, and why."""

    cents: np.ndarray  # int64
    blank: np.ndarray  # bool: nothing in the cell
    invalid: np.ndarray  # bool: something in the cell that is not an amount
    decimal_comma: bool


def detect_decimal_comma(values: pa.Array) -> bool:
    """True when the column writes decimals with a comma (``12,99``, ``1.234,56``)."""
    numbers = _numbers(_distinct(values))
    commas = pc.sum(pc.match_substring_regex(numbers, _COMMA_DECIMAL)).as_py() or 0
    points = pc.sum(pc.match_substring_regex(numbers, _POINT_DECIMAL)).as_py() or 0
    return commas > points


def parse_money(values: pa.Array | pa.ChunkedArray, *, decimal_comma: bool | None = None) -> ParsedMoney:
    """Parse a column of money text into integer cents; ``decimal_comma=None`` decides from the values."""
    encoded = encode(values)
    uniques, indices = encoded.dictionary, encoded.indices
    if decimal_comma is None:
        decimal_comma = detect_decimal_comma(uniques)
    cents, blank, invalid = _parse_uniques(uniques, decimal_comma)
    take = indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    nulls = np.asarray(indices.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if len(uniques) == 0:
        n = len(encoded)
        return ParsedMoney(np.zeros(n, np.int64), np.ones(n, bool), np.zeros(n, bool), decimal_comma)
    return ParsedMoney(
        np.where(nulls, 0, cents[take]), blank[take] | nulls, invalid[take] & ~nulls, decimal_comma
    )


def _parse_uniques(values: pa.Array, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    trimmed = pc.utf8_trim_whitespace(values.fill_null(""))
    blank = bools(pc.equal(trimmed, ""))
    parts = pc.extract_regex(trimmed, _MONEY)
    matched = bools(parts.is_valid())
    parts = parts.fill_null({"s1": "", "s2": "", "num": "", "s3": "", "s4": "", "cr": ""})
    signs = pc.binary_join_element_wise(
        parts.field("s1"), parts.field("s2"), parts.field("s3"), parts.field("s4"), ""
    )
    negative = bools(pc.match_substring_regex(signs, r"[-(]")) | bools(
        pc.equal(pc.utf8_upper(parts.field("cr")), "CR")
    )
    # Spaces, apostrophes and narrow spaces are thousands separators in some locales.
    number = pc.replace_substring_regex(parts.field("num"), r"[' \x{00A0}\x{202F}]", "")
    shape = pc.extract_regex(number, _COMMA_NUMBER if decimal_comma else _POINT_NUMBER)
    shaped = bools(shape.is_valid())
    # Bank exports may write four decimals ("-32.0700"): zeros after the cents change nothing.
    frac = pc.replace_substring_regex(shape.field("frac").fill_null(""), r"^(\d\d)0+$", r"\1")
    whole = pc.replace_substring_regex(shape.field("whole").fill_null(""), r"[.,]", "")
    ok = matched & shaped & ~blank & bools(pc.less_equal(pc.utf8_length(frac), 2))
    ok &= bools(pc.less_equal(pc.utf8_length(whole), _MAX_INTEGER_DIGITS))
    whole_ok = pc.if_else(pa.array(ok), whole, "0")
    frac_ok = pc.if_else(pa.array(ok), pc.utf8_rpad(frac, 2, "0"), "00")
    cents = (pc.cast(whole_ok, pa.int64()).to_numpy() * 100 + pc.cast(frac_ok, pa.int64()).to_numpy()).astype(
        np.int64
    )
    cents = np.where(negative, -cents, cents)
    return np.where(ok, cents, 0).astype(np.int64), blank, ~ok & ~blank


def _numbers(values: pa.Array) -> pa.Array:
    parts = pc.extract_regex(pc.utf8_trim_whitespace(values.fill_null("")), _MONEY)
    return pc.replace_substring_regex(parts.field("num"), r"[' \x{00A0}\x{202F}]", "").drop_null()


def _distinct(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if pa.types.is_dictionary(values.type):
        return values.dictionary
    return as_array(pc.unique(as_array(values)))


def format_decimal(cents: int) -> str:
    """Cents as a plain decimal for files, not people: ``999`` → ``"9.99"``, ``-500`` → ``"-5.00"``."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{frac:02d}"
