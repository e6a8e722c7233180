"""The audit: check every line of a final bill against the case and say what was overcharged, and by how much.

All rules work on whole columns (numpy/pyarrow), so a million-line statement is audited in well under a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ooma_cancel.bill.arrow import as_array, bools
from ooma_cancel.bill.dates import NO_DATE, day_number
from ooma_cancel.bill.merchant import descriptor_pattern, provider_pattern
from ooma_cancel.bill.reading import BillReading, _pandas_type
from ooma_cancel.formatting import date_range_text, day_text

MATCHED_SHOWN = 5

_EPOCH = date(1970, 1, 1)
_BUCKETS = 1 << 22  # for finding repeated keys; a power of two, so a bucket is a bit mask
FLAGS = ("after_end_date", "early_termination_fee", "equipment_fee", "late_fee", "duplicate")
KINDS = ("service", "early_termination_fee", "equipment_fee", "late_fee")

_ETF = (
    r"(?i)early[\s-]*termination|\betf\b|termination\s+(?:fee|charge)|cancell?ation\s+(?:fee|charge)|buy-?out"
)
_EQUIPMENT = (
    r"(?i)non[\s-]*return|unreturned|not\s+returned|(?:equipment|device|hardware)\s+(?:fee|charge|non)"
    r"|lost\s+(?:equipment|device)|unrecovered"
)
_LATE = r"(?i)\blate\s*(?:fee|payment|charge)|past[\s-]*due\s+(?:fee|charge)|overdue\s+(?:fee|charge)"
# A category that names ordinary billing says so even when the description mentions a fee.
_GENERIC_CATEGORY = (
    r"(?i)service|usage|plan|subscription|tax|regulatory|surcharge|recurring|monthly|payment|credit|refund"
    r"|adjustment|calling|international|premier|basic|office|telephony|911"
)


@dataclass
class AuditContext:
    """What the audit checks a bill against: the case's end date, contract and equipment return."""

    end_date: date
    fixed_term: bool
    equipment_returned_on: date | None
    return_window_days: int
    merchant: str | None = None  # text the provider's lines contain; None: its descriptors ("OOMA", "OOMA*"…)
    all_lines: bool = False  # audit every line, whoever the merchant
    equipment_shipped_on: date | None = None  # a recorded return shipment: a fee charged while in transit
    command_line: bool = False  # warnings name the command's options (--merchant), not the page's fields

    @property
    def return_deadline(self) -> date:
        """Last day to return the equipment without a fee: the end date plus the return window."""
        return self.end_date + timedelta(days=self.return_window_days)

    @property
    def equipment_back_in_time(self) -> bool:
        """True when the equipment came back on or before the deadline."""
        return self.equipment_returned_on is not None and self.equipment_returned_on <= self.return_deadline


@dataclass(frozen=True)
class AuditSummary:
    """Totals of an audit: line counts, cents charged, credited (negative) and disputed, lines per flag."""

    lines: int
    ignored_lines: int
    charges_total_cents: int
    credits_total_cents: int
    disputed_total_cents: int
    flag_counts: dict[str, int]


@dataclass
class AuditResult:
    """The audited lines (the reading's columns plus ``kind``, ``flags``, ``disputed_cents``, ``reason``).

    ``flags`` holds a list of flag names per line (Arrow list column: each value is a Python ``list``),
    ``reason`` is "" on lines without flags. Lines left out by the merchant filter are only counted.
    """

    lines: pd.DataFrame
    context: AuditContext
    ignored_lines: int
    summary: AuditSummary
    matched: list[str] = field(default_factory=list)  # distinct descriptions kept as the provider's (a few)
    warnings: list[str] = field(default_factory=list)  # what looks wrong: no green all-clear on these


def audit(
    reading_or_lines: BillReading | pd.DataFrame,
    context: AuditContext,
    *,
    progress: Callable[[float, str], object] | None = None,
    explain: int | None = None,
) -> AuditResult:
    """Check every line against the case: charges after the end date, fees and duplicates.

    ``explain`` limits how many flagged lines (the first in the file) get a ``reason``; None explains all. A
    terminal shows a few dozen, so building a sentence for each of 900,000 flagged lines would be wasted.
    """
    report = progress or (lambda _fraction, _phase: None)
    report(0.0, "Checking lines")
    reading = reading_or_lines if isinstance(reading_or_lines, BillReading) else None
    lines = reading.lines if reading is not None else reading_or_lines
    lines, ignored, matched = _narrow(lines, context, own_bill=_own_bill(reading, lines))
    lines = lines.reset_index(drop=True)

    amount = lines["amount_cents"].to_numpy(dtype=np.int64)
    charge = amount > 0
    day = _days(lines, "date")
    start, end = _days(lines, "period_start"), _days(lines, "period_end")
    description = pc.dictionary_encode(_text(lines.get("description"), len(lines)))
    kind = classify(_text(lines.get("category"), len(lines)), description)
    report(0.3, "Applying the rules")
    # The day a line was charged: its date, else the start of its service period.
    charged_on = np.where(day != NO_DATE, day, start)

    end_day = day_number(context.end_date)
    has_period = (start != NO_DATE) & (end != NO_DATE)
    service = charge & (kind == 0)
    period_after = service & has_period & (end > end_day)
    dated_after = service & ~has_period & (day != NO_DATE) & (day > end_day)
    total_days = np.where(has_period, end - start + 1, 1)
    # Only lines with a period have days after the end date (and NO_DATE must never enter the arithmetic).
    days_after = np.where(
        has_period, np.clip(np.where(start > end_day, total_days, end - end_day), 0, None), 0
    )
    # Half-up rounding of amount * days_after / total_days in integers: floor((2·a·n + d) / 2d) for a > 0.
    prorated = (2 * amount * days_after + total_days) // (2 * total_days)
    after_disputed = np.where(period_after, prorated, np.where(dated_after, amount, 0))

    etf = charge & (kind == 1)
    equipment = charge & (kind == 2)
    late = charge & (kind == 3)
    duplicate, first_line = _duplicates(
        lines["line"].to_numpy(), description, charge, amount, day, start, end
    )

    masks = np.column_stack([period_after | dated_after, etf, equipment, late, duplicate])
    equipment_why = _equipment_grounds(context, charged_on) * equipment
    disputed = np.maximum.reduce(
        [
            after_disputed,
            np.where(etf & (not context.fixed_term), amount, 0),
            np.where(equipment_why > 0, amount, 0),
            np.where(duplicate, amount, 0),
        ]
    )
    disputed = np.where(charge, np.minimum(disputed, amount), 0).astype(np.int64)
    report(0.7, "Writing reasons")

    reasons = _reasons(
        context,
        masks,
        days_after,
        total_days,
        start,
        end,
        day,
        first_line,
        has_period,
        equipment_why,
        explain,
    )
    added = pa.table({"flags": _flag_lists(masks), "reason": reasons}).to_pandas(types_mapper=_pandas_type)
    result = lines.copy(deep=False)
    result["kind"] = pd.Categorical.from_codes(kind, categories=list(KINDS))
    result["flags"] = added["flags"]
    result["disputed_cents"] = disputed
    result["reason"] = added["reason"]
    summary = AuditSummary(
        lines=len(result),
        ignored_lines=ignored,
        charges_total_cents=int(amount[charge].sum()),
        credits_total_cents=int(amount[amount < 0].sum()),
        disputed_total_cents=int(disputed.sum()),
        flag_counts={name: int(count) for name, count in zip(FLAGS, masks.sum(axis=0), strict=True)},
    )
    warnings = _warnings(reading, context, summary, amount, matched)
    report(1.0, "Audited")
    return AuditResult(
        lines=result,
        context=context,
        ignored_lines=ignored,
        summary=summary,
        matched=matched,
        warnings=warnings,
    )


def _own_bill(reading: BillReading | None, lines: pd.DataFrame) -> bool:
    """True for the provider's own bill (service periods, none of a bank export's marks): its lines mention
    "Ooma Premier" next to calls and taxes, all of them Ooma's."""
    if reading is not None:
        has_periods = bool(reading.mapping.period or reading.mapping.period_start)
        return has_periods and not _statement_like(reading)
    return "period_start" in lines and bool(lines["period_start"].notna().any())


def _narrow(
    lines: pd.DataFrame, context: AuditContext, *, own_bill: bool
) -> tuple[pd.DataFrame, int, list[str]]:
    """The provider's lines of a statement holding other merchants' too; how many were set aside; which
    descriptions matched. A file where no line names the provider, or the provider's own bill, is kept
    whole unless the person typed the text to match."""
    if context.all_lines or len(lines) == 0 or (own_bill and not context.merchant):
        return lines, 0, []
    chosen = context.merchant.strip() if context.merchant else ""
    pattern = descriptor_pattern([chosen], ignore_case=True) if chosen else provider_pattern()
    description = pc.dictionary_encode(_text(lines.get("description"), len(lines)))
    hits = bools(pc.match_substring_regex(description.dictionary, pattern))
    keep = hits[description.indices.to_numpy(zero_copy_only=False)]
    if not chosen and (keep.all() or not keep.any()):
        return lines, 0, []
    matched = description.dictionary.filter(pa.array(hits)).to_pylist()[:MATCHED_SHOWN]
    return lines[keep], int((~keep).sum()), matched


def _equipment_grounds(context: AuditContext, charged_on: np.ndarray) -> np.ndarray:
    """Why an equipment fee is disputed, per line: 0 not disputed, 1 returned in time, 2 charged before the
    return deadline, 3 charged while the return shipment was in transit."""
    n = len(charged_on)
    if context.equipment_back_in_time:
        return np.ones(n, np.int64)
    dated = charged_on != NO_DATE
    grounds = np.where(dated & (charged_on <= day_number(context.return_deadline)), 2, 0)
    shipped, returned = context.equipment_shipped_on, context.equipment_returned_on
    if shipped is not None:
        in_transit = dated & (charged_on >= day_number(shipped))
        if returned is not None:
            in_transit &= charged_on < day_number(returned)
        grounds = np.where((grounds == 0) & in_transit, 3, grounds)
    return grounds.astype(np.int64)


def _warnings(
    reading: BillReading | None,
    context: AuditContext,
    summary: AuditSummary,
    amount: np.ndarray,
    matched: list[str],
) -> list[str]:
    """What makes this result suspicious, in sentences that say how to fix the reading."""
    out = list(reading.warnings) if reading is not None else []
    if reading is not None and len(reading.errors) > len(reading.lines):
        out.append(
            f"Most rows could not be read ({len(reading.errors):,} of {len(reading.errors) + len(reading.lines):,}):"
            " check which column holds the date and the amount."
        )
    if context.merchant and summary.lines == 0:
        out.append(
            f"No line's description contains '{context.merchant.strip()}': change the text Ooma's lines show."
        )
    elif summary.lines and not (amount > 0).any():
        provider = "Ooma line" if matched else "line"
        out.append(
            f"Every {provider} in this file is a payment or credit, none a charge: if the file writes charges as "
            "negative numbers, read it that way ("
            + ("--charges-negative" if context.command_line else "choose it under 'How the file was read'")
            + ")."
        )
    elif reading is not None and not matched and not context.all_lines and _statement_like(reading):
        out.append(
            "No line names Ooma (OOMA, OOMA INC, OOMA*…), so every line was audited as Ooma's: if Ooma's charges "
            "show another name on this statement, give that text ("
            + ("--merchant" if context.command_line else "in 'Ooma's lines contain'")
            + ")."
        )
    return out


def _statement_like(reading: BillReading) -> bool:
    """A bank, card or payment export rather than Ooma's own bill: it has the marks of one."""
    mapping = reading.mapping
    return bool(mapping.type or mapping.debit or mapping.credit or not reading.has_header)


def classify(category: pa.Array, description: pa.Array) -> np.ndarray:
    """Kind of each line (index into ``KINDS``): fee wording in the description wins over an issuer's category
    ("Services"); a category naming a fee counts when the description names none."""
    by_category, _generic = _kinds(category, generic=True)
    by_description, _ = _kinds(description, generic=False)
    return np.where(by_description > 0, by_description, by_category).astype(np.int64)


def _kinds(values: pa.Array, *, generic: bool) -> tuple[np.ndarray, np.ndarray]:
    # Bills repeat the same few texts: match the distinct values, then spread the answer over the rows.
    encoded = values if pa.types.is_dictionary(values.type) else pc.dictionary_encode(values.fill_null(""))
    uniques = encoded.dictionary
    kinds = np.zeros(len(uniques), np.int64)
    for code, pattern in ((3, _LATE), (2, _EQUIPMENT), (1, _ETF)):
        kinds[bools(pc.match_substring_regex(uniques, pattern))] = code
    plain = np.zeros(len(uniques), bool)
    if generic:
        plain = bools(pc.match_substring_regex(uniques, _GENERIC_CATEGORY)) & (kinds == 0)
    take = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return kinds[take], plain[take]


def _duplicates(
    line: np.ndarray,
    description: pa.DictionaryArray,
    charge: np.ndarray,
    amount: np.ndarray,
    *days: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Charges repeating an earlier line's description, amount and date or period; and that earlier line."""
    n = len(line)
    # Normalise the distinct descriptions only, then give equal normalised texts one code.
    normalised = pc.utf8_lower(
        pc.utf8_trim_whitespace(pc.replace_substring_regex(description.dictionary, r"\s+", " "))
    )
    codes = pc.dictionary_encode(normalised).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    description_code = codes[description.indices.to_numpy(zero_copy_only=False)]
    parts = [(description_code[charge], int(description_code.max(initial=0)) + 1)]
    low = int(amount[charge].min(initial=0))
    parts.append((amount[charge] - low, int(amount[charge].max(initial=0)) - low + 1))
    for d in days:
        present = d[charge] != NO_DATE
        low = int(d[charge][present].min(initial=0))
        codes = np.where(present, d[charge] - low + 1, 0)
        parts.append((codes, int(codes.max(initial=0)) + 1))
    key = _packed(parts, int(charge.sum()))
    # Most keys are unique: a bucket count (no hashing) sets those aside, and only keys sharing a bucket
    # are numbered exactly. Numbers follow first appearance, so a row opens its group exactly when its
    # number is higher than every number before it.
    buckets = key & (_BUCKETS - 1)
    shared = np.bincount(buckets, minlength=_BUCKETS)[buckets] > 1
    group, _ = pd.factorize(key[shared])
    opens = np.ones(len(key), bool)
    if len(group):
        opens_shared = np.empty(len(group), bool)
        opens_shared[0] = True
        opens_shared[1:] = group[1:] > np.maximum.accumulate(group)[:-1]
        opens[shared] = opens_shared
    charged = np.flatnonzero(charge)
    duplicate = np.zeros(n, bool)
    duplicate[charged[~opens]] = True
    first_line = line.copy()
    if len(group):
        shared_rows = charged[shared]
        first_line[shared_rows] = line[shared_rows[np.flatnonzero(opens_shared)][group]]
    return duplicate, first_line


def _packed(parts: list[tuple[np.ndarray, int]], n: int) -> np.ndarray:
    """One non-negative int64 per row that is equal exactly when all the parts' codes are."""
    key = np.zeros(n, np.int64)
    size = 1
    for codes, cardinality in parts:
        if size * cardinality >= 2**62:  # about to overflow: renumber what we have densely first
            key, uniques = pd.factorize(key)
            key = key.astype(np.int64)
            size = len(uniques)
        key = key * cardinality + codes
        size *= cardinality
    return key


def _flag_lists(masks: np.ndarray) -> pa.ListArray:
    _rows, which = np.nonzero(masks)
    offsets = np.concatenate(([0], np.cumsum(masks.sum(axis=1)))).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pc.take(pa.array(FLAGS), pa.array(which)))


def _reasons(
    context: AuditContext,
    masks: np.ndarray,
    days_after: np.ndarray,
    total_days: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    day: np.ndarray,
    first_line: np.ndarray,
    has_period: np.ndarray,
    equipment_why: np.ndarray,
    explain: int | None,
) -> pa.Array:
    """One sentence per flag, in plain words, built for the flagged lines only (the first ``explain``)."""
    n = len(masks)
    flagged = np.flatnonzero(masks.any(axis=1))[:explain]
    if len(flagged) == 0:
        return pa.array([""] * n, pa.string())
    m = masks[flagged]
    ended = day_text(context.end_date)
    parts: list[pa.Array] = []

    period_text = pc.binary_join_element_wise(
        "Charged for ",
        _periods(start[flagged], end[flagged]),
        f" but service ended {ended}: ",
        pc.cast(pa.array(days_after[flagged]), pa.string()),
        " of ",
        pc.cast(pa.array(total_days[flagged]), pa.string()),
        " days after the end date.",
        "",
    )
    dated_text = pc.binary_join_element_wise(
        "Dated ", _days_text(day[flagged]), f", after service ended {ended}.", ""
    )
    parts.append(_when(m[:, 0], pc.if_else(pa.array(has_period[flagged]), period_text, dated_text)))
    if context.fixed_term:
        etf = "Early termination fee: check it against your contract's term (not disputed automatically)."
    else:
        etf = "Early termination fee, but the account had no fixed-term contract."
    parts.append(_when(m[:, 1], etf))
    deadline = day_text(context.return_deadline)
    returned = context.equipment_returned_on
    if returned is None:
        otherwise = (
            f"Equipment fee: no return of the equipment is recorded (deadline {deadline}); not disputed."
        )
    else:
        otherwise = (
            f"Equipment fee: the equipment was received by Ooma on {day_text(returned)}, after the deadline "
            f"{deadline}."
        )
    texts = [
        otherwise,
        f"Equipment fee, but the equipment was received by Ooma on {day_text(returned)}, within the "
        f"{context.return_window_days}-day return window (deadline {deadline})."
        if returned
        else "",
        f"Equipment fee charged before the return deadline {deadline}: the equipment could still be returned.",
        f"Equipment fee charged while the equipment was on its way back (shipped on "
        f"{day_text(context.equipment_shipped_on)})."
        if context.equipment_shipped_on
        else "",
    ]
    equipment = pc.take(pa.array(texts, pa.string()), pa.array(equipment_why[flagged]))
    parts.append(_when(m[:, 2], equipment))
    parts.append(
        _when(m[:, 3], "Late fee: check it against your payment dates (not disputed automatically).")
    )
    what = pc.if_else(pa.array(has_period[flagged]), "service period", "date")
    duplicate_text = pc.binary_join_element_wise(
        "Same description, amount and ",
        what,
        " as line ",
        pc.cast(pa.array(first_line[flagged]), pa.string()),
        "; charged again.",
        "",
    )
    parts.append(_when(m[:, 4], duplicate_text))
    joined = pc.binary_join_element_wise(*parts, " ", null_handling="skip")
    # Spread the flagged lines' reasons over all lines: every other line points at a trailing "".
    position = np.full(n, len(flagged), np.int64)
    position[flagged] = np.arange(len(flagged))
    return pc.take(pa.concat_arrays([joined, pa.array([""], pa.string())]), pa.array(position))


def _when(mask: np.ndarray, text: pa.Array | str) -> pa.Array:
    value = text if isinstance(text, pa.Array) else pa.scalar(text, pa.string())
    return pc.if_else(pa.array(mask), value, pa.scalar(None, pa.string()))


def _days_text(days: np.ndarray) -> pa.Array:
    """Dates as the pages write them (``Dec 1, 2026``); "" where there is none."""
    # A bill has few distinct days: format those, then spread them.
    distinct, where = np.unique(days, return_inverse=True)
    labels = [day_text(_day(number)) for number in distinct.tolist()]
    return pc.take(pa.array(labels, pa.string()), pa.array(where.reshape(-1)))


def _periods(start: np.ndarray, end: np.ndarray) -> pa.Array:
    """Service periods as the pages write them (``Nov 15 – Dec 14, 2026``), one formatting per distinct period."""
    # Day numbers fit in 32 bits (Arrow date32): a period packs into one int64, so finding the distinct ones is a
    # one-dimensional sort (a two-column unique is several times slower on a million lines).
    low = np.int64(np.iinfo(np.int32).min)
    first = np.where(start == NO_DATE, low, start).astype(np.int64)
    last = np.where(end == NO_DATE, low, end).astype(np.int64)
    distinct, where = np.unique((first << 32) | (last & 0xFFFFFFFF), return_inverse=True)
    firsts = (distinct >> 32).tolist()
    lasts = (distinct & 0xFFFFFFFF).astype(np.uint32).astype(np.int32).tolist()
    labels = [
        date_range_text(_day(NO_DATE if a == low else a), _day(NO_DATE if b == low else b))
        for a, b in zip(firsts, lasts, strict=True)
    ]
    return pc.take(pa.array(labels, pa.string()), pa.array(where.reshape(-1)))


def _day(number: int | np.int64) -> date | None:
    return None if number == NO_DATE else _EPOCH + timedelta(days=int(number))


def _text(series: pd.Series | None, n: int) -> pa.Array:
    if series is None:
        return pa.array([""] * n, pa.string())
    array = pa.array(series, from_pandas=True)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return as_array(array.fill_null(""))


def _days(lines: pd.DataFrame, column: str) -> np.ndarray:
    """Day numbers of a date column (``NO_DATE`` where missing), whatever its pandas dtype."""
    if column not in lines:
        return np.full(len(lines), NO_DATE, np.int64)
    series = lines[column]
    if isinstance(series.dtype, pd.ArrowDtype):
        array = pa.array(series)
    else:
        array = pa.array(pd.to_datetime(series, errors="coerce"), from_pandas=True)
    array = pc.cast(pc.cast(array, pa.date32()), pa.int32())
    missing = bools(array.is_null())
    return np.where(missing, NO_DATE, array.fill_null(0).to_numpy(zero_copy_only=False)).astype(np.int64)
