"""Dates in bill files: ISO, month-first, day-first, ``Dec 1, 2026``, and service periods.

Each value is matched against explicit patterns (never a guessed format), on the distinct values of a column.
Whether ``03/04/2026`` is March 4 or April 3 is decided once per column from the values: a first number over
12 means day-first, a second number over 12 means month-first, neither means ambiguous (read month-first and
say so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ooma_cancel.bill.arrow import as_array, bools, encode

NO_DATE = np.int64(np.iinfo(np.int64).min)  # day number for a missing date (a numpy scalar: keeps int64)

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + "$"
_NUMERIC = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})" + _TIME + "$"
_MONTH_FIRST = r"^(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$"
_DAY_FIRST = r"^(?P<d>\d{1,2})[\s-](?P<mon>[A-Za-z]{3,9})\.?[\s,-]+(?P<y>\d{4}|\d{2})$"
DATE_PATTERNS = (_ISO, _NUMERIC, _MONTH_FIRST, _DAY_FIRST)
_MONTHS = pa.array(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])

# "start - end", "start – end", "start to end"; ISO dates contain hyphens, so they get their own pattern.
_PERIOD_PATTERNS = (
    r"^\s*(?P<s>\d{4}-\d{1,2}-\d{1,2})\s*(?:[-–—/]|\bto\b)\s*(?P<e>\d{4}-\d{1,2}-\d{1,2})\s*$",
    r"^\s*(?P<s>.+?)\s*(?:\s[-–—]\s|[–—]|\bto\b|\bthrough\b|\bthru\b|\buntil\b)\s*(?P<e>.+?)\s*$",
    r"^\s*(?P<s>[^-]+?)\s*-\s*(?P<e>[^-]+?)\s*$",
)


@dataclass(frozen=True)
class ParsedDates:
    """Dates of one column as day numbers since 1970-01-01 (``NO_DATE`` where blank or invalid)."""

    days: np.ndarray  # int64
    blank: np.ndarray  # bool
    invalid: np.ndarray  # bool


def decide_dayfirst(values: pa.Array | pa.ChunkedArray) -> bool | None:
    """True for day-first values, False for month-first, None when every value reads both ways."""
    distinct = values.dictionary if pa.types.is_dictionary(values.type) else pc.unique(as_array(values))
    numeric = pc.extract_regex(_clean(distinct), _NUMERIC).drop_null()
    if len(numeric) == 0:
        return False
    first = pc.cast(numeric.field("a"), pa.int64())
    second = pc.cast(numeric.field("b"), pa.int64())
    day_first = pc.any(pc.greater(first, 12)).as_py()
    month_first = pc.any(pc.greater(second, 12)).as_py()
    if day_first and not month_first:
        return True
    if month_first:
        return False
    return None


def looks_like_dates(values: pa.Array) -> float:
    """Share of non-blank values that have the shape of a date (for detecting columns by content)."""
    text = _clean(values)
    text = pc.filter(text, pc.not_equal(text, ""))
    if len(text) == 0:
        return 0.0
    hits = np.zeros(len(text), bool)
    for pattern in (_ISO, _NUMERIC, _MONTH_FIRST, _DAY_FIRST):
        hits |= bools(pc.match_substring_regex(text, pattern))
    return float(hits.mean())


def parse_dates(values: pa.Array | pa.ChunkedArray, *, dayfirst: bool) -> ParsedDates:
    """Parse a column of date text; ``dayfirst`` says how to read ``03/04/2026``."""
    encoded = encode(values)
    uniques, indices = encoded.dictionary, encoded.indices
    n = len(indices)
    if len(uniques) == 0:
        return ParsedDates(np.full(n, NO_DATE, np.int64), np.ones(n, bool), np.zeros(n, bool))
    days, blank, invalid = _parse_uniques(uniques, dayfirst)
    nulls = bools(indices.is_null())
    take = indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return ParsedDates(np.where(nulls, NO_DATE, days[take]), blank[take] | nulls, invalid[take] & ~nulls)


def split_period(values: pa.Array | pa.ChunkedArray) -> tuple[pa.DictionaryArray, pa.DictionaryArray]:
    """Split "12/01/2026 - 12/31/2026" into start and end text ("" where the cell is not a period)."""
    encoded = encode(values)
    uniques, indices = encoded.dictionary, encoded.indices
    starts = pa.nulls(len(uniques), pa.string())
    ends = pa.nulls(len(uniques), pa.string())
    text = _clean(uniques)
    for pattern in _PERIOD_PATTERNS:
        parts = pc.extract_regex(text, pattern)
        take_new = pc.and_(pc.is_null(starts), parts.is_valid())
        starts = pc.if_else(take_new, parts.field("s"), starts)
        ends = pc.if_else(take_new, parts.field("e"), ends)
    return (
        pa.DictionaryArray.from_arrays(indices, starts.fill_null("")),
        pa.DictionaryArray.from_arrays(indices, ends.fill_null("")),
    )


def _clean(values: pa.Array) -> pa.Array:
    values = as_array(values)
    if pa.types.is_dictionary(values.type):
        values = pc.take(values.dictionary, values.indices)
    return pc.utf8_trim_whitespace(values.fill_null(""))


def _parse_uniques(values: pa.Array, dayfirst: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    text = _clean(values)
    blank = bools(pc.equal(text, ""))
    year = pa.nulls(len(text), pa.string())
    month = pa.nulls(len(text), pa.string())
    day = pa.nulls(len(text), pa.string())

    def fill(y: pa.Array, m: pa.Array, d: pa.Array, found: pa.Array) -> None:
        nonlocal year, month, day
        use = pc.and_(pc.is_null(year), found)
        year, month, day = (pc.if_else(use, new, old) for new, old in ((y, year), (m, month), (d, day)))

    iso = pc.extract_regex(text, _ISO)
    fill(iso.field("y"), iso.field("m"), iso.field("d"), iso.is_valid())
    numeric = pc.extract_regex(text, _NUMERIC)
    first, second = numeric.field("a"), numeric.field("b")
    fill(numeric.field("y"), second if dayfirst else first, first if dayfirst else second, numeric.is_valid())
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        named = pc.extract_regex(text, pattern)
        month_number = pc.add(
            pc.index_in(pc.utf8_slice_codeunits(pc.utf8_lower(named.field("mon")), 0, 3), _MONTHS), 1
        )
        fill(named.field("y"), pc.cast(month_number, pa.string()), named.field("d"), named.is_valid())

    # Two-digit years are this century: bills are recent.
    year = pc.if_else(pc.equal(pc.utf8_length(year), 2), pc.binary_join_element_wise("20", year, ""), year)
    iso_text = pc.binary_join_element_wise(year, pc.utf8_lpad(month, 2, "0"), pc.utf8_lpad(day, 2, "0"), "-")
    stamps = pc.strptime(iso_text, "%Y-%m-%d", "s", error_is_null=True)
    # strptime rolls 2026-02-30 over into March; a date is valid only if it formats back to the same text.
    valid = pc.equal(pc.strftime(stamps, "%Y-%m-%d"), iso_text)
    dates = pc.cast(stamps, pa.date32())
    ok = bools(valid) & ~blank
    days = pc.cast(dates, pa.int32()).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(ok, days, NO_DATE), blank, ~ok & ~blank


def day_number(value: object) -> int:
    """Day number (days since 1970-01-01) of a ``datetime.date``."""
    return int(pc.cast(pa.scalar(value, pa.date32()), pa.int32()).as_py())


def days_to_dates(days: np.ndarray) -> pa.Array:
    """Day numbers back to an Arrow ``date32`` array (null where ``NO_DATE``)."""
    missing = days == NO_DATE
    return pa.array(np.where(missing, 0, days).astype(np.int32), pa.int32(), mask=missing).cast(pa.date32())
