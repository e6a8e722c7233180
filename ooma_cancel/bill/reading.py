"""Read a bill or statement CSV, whatever its shape, into line items with exact amounts and real dates."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ooma_cancel.bill.arrow import bools, decoded, spread, trimmed
from ooma_cancel.bill.cells import MAX_CELL_CHARS, MAX_COLUMNS, as_line, split_line
from ooma_cancel.bill.dates import (
    NO_DATE,
    ParsedDates,
    days_to_dates,
    decide_dayfirst,
    parse_dates,
    split_period,
)
from ooma_cancel.bill.errors import BillReadError, RowError
from ooma_cancel.bill.mapping import (
    CHARGE_TYPES,
    CREDIT_TYPES,
    ColumnMapping,
    check_mapping,
    guess_mapping,
    is_running_balance,
    mostly_money,
    normalise,
)
from ooma_cancel.bill.merchant import provider_pattern
from ooma_cancel.bill.money import ParsedMoney, parse_money
from ooma_cancel.bill.sniff import Shape, find_table, to_utf8

Progress = Callable[[float, str], None]

# Rows that sum up the bill rather than charge anything ("Total", "Balance due", "Amount due: $45.00").
SUMMARY_ROW = (
    r"(?i)^\s*(?:(?:grand\s+|sub-?\s*)?totals?(?:\s+(?:due|amount(?:\s+due)?|charges|credits|payments|"
    r"(?:new|current)\s+charges|for\b.*|this\b.*))?"
    r"|(?:previous|opening|closing|new|current|ending|starting|beginning|outstanding)?\s*balance"
    r"(?:\s+(?:due|forward|brought\s+forward|carried\s+forward|owing))?(?:\s+as\s+of\b.*)?"
    r"|(?:total\s+)?amount\s+(?:due|owing|payable)(?:\s+by\b.*)?)\s*(?::.*)?$"
)
_ALL_COLUMNS = 12  # files this narrow have every column checked for summary labels
# Descriptions of card payments and transfers in: money in, never a charge.
# "Thank you" and "received" say so on a card statement only: money in. AUTOPAY and "online payment" also
# name a checking account's payment *to* a card (money out), so they are weaker evidence, used last.
CARD_PAYMENT = (
    r"(?i)payment\s*[-–—,]?\s*thank\s*you|\bpayment\s+received|\bthank\s+you\s+for\s+your\s+payment"
)
PAYMENT_WORDS = (
    r"(?i)\bauto[\s-]?pay(?:ment)?\b|\bonline\s+payment|\bmobile\s+pa?y?me?n?t|\binternet\s+payment|\bpymt\b"
    r"|\bcredit\s+card\b.*\bpayment|\bcrd\s+autopay|\bepay\b"
)
LINE_COLUMNS = ["line", "date", "period_start", "period_end", "description", "amount_cents", "category"]


@dataclass
class BillReading:
    """A read bill: line items, how the file was read, and what could not be read.

    ``lines`` has one row per line item: ``line`` (1-based physical line number in the file, int64),
    ``date``, ``period_start``, ``period_end`` (Arrow ``date32`` columns: each value is a ``datetime.date``,
    a missing one is ``pd.NA``), ``description`` and ``category`` (str, "" when absent) and ``amount_cents``
    (int64; charges positive, payments and credits negative).
    """

    lines: pd.DataFrame
    mapping: ColumnMapping
    columns: list[str]
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored_summary_rows: int = 0
    encoding: str = "utf-8"
    delimiter: str = ","
    header_line: int = 1
    has_header: bool = True
    sign_note: str = ""  # how charges and credits were told apart, in a sentence, e.g. "Charges are written…"
    sign_reason: str = ""  # why: "from the Type column", "as you chose"…
    warnings: list[str] = field(default_factory=list)  # what looks wrong with the file as read

    @property
    def charges_negative(self) -> bool:
        """True when the file writes charges as negative numbers (its amounts were flipped on reading)."""
        return bool(self.mapping.charges_negative)


def read_bill(
    data: bytes,
    *,
    mapping: ColumnMapping | None = None,
    dayfirst: bool | None = None,
    progress: Progress | None = None,
) -> BillReading:
    """Read CSV bytes into line items; raise ``BillReadError`` when no line item can be read."""
    report = progress or (lambda _fraction, _phase: None)
    report(0.0, "Detecting the file's format")
    utf8, encoding = to_utf8(data)
    shape = find_table(utf8, encoding)
    if len(shape.header) > MAX_COLUMNS:
        raise BillReadError(
            f"The table has more than {MAX_COLUMNS:,} columns, which no bill has: "
            "check that this is the bill's CSV export."
        )
    if mapping is None:
        mapping = guess_mapping(shape.header, shape.sample)
    check_mapping(mapping, shape.header)
    report(0.1, "Reading rows")
    cells, line_numbers, bad_rows = _read_cells(shape, mapping)
    report(0.5, "Reading amounts and dates")
    reading = _build(shape, mapping, cells, line_numbers, bad_rows, dayfirst)
    report(1.0, "Read")
    return reading


def _read_cells(
    shape: Shape, mapping: ColumnMapping
) -> tuple[dict[str, pa.DictionaryArray], np.ndarray, list[tuple[int, str]]]:
    """The mapped columns' text, each row's physical line number, and rows with the wrong number of cells."""
    # The first column too: summary rows often say "Total" there even when it holds dates; in a narrow file
    # every column, so a "Total Due" row is found wherever its label sits.
    extra = (
        [name for name in shape.header if name] if len(shape.header) <= _ALL_COLUMNS else [shape.header[0]]
    )
    names = [*dict.fromkeys([*mapping.columns().values(), *extra])]
    wanted = sorted({shape.header.index(name) for name in names})
    try:
        table, numbers, bad = _read_with_arrow(shape, wanted)
    except (pa.ArrowInvalid, ValueError):
        table, numbers, bad = None, None, []
    if table is None or numbers is None:
        # Quoted line breaks or bare CR line ends: slower, but the csv module knows where each record starts.
        table, numbers, bad = _read_with_csv(shape, wanted)
    # Each mapped column once as trimmed distinct texts plus indices: every later step works on the distinct texts.
    cells = {name: trimmed(table.column(f"f{shape.header.index(name)}")) for name in names}
    return cells, numbers, bad


def _read_with_arrow(
    shape: Shape, wanted: list[int]
) -> tuple[pa.Table, np.ndarray | None, list[tuple[int, str]]]:
    width = len(shape.header)
    bad: list[tuple[int | None, str]] = []

    def on_bad_row(row: pacsv.InvalidRow) -> str:
        bad.append((row.number, row.text))
        return "skip"

    def parse(threads: bool) -> pa.Table:
        bad.clear()
        return pacsv.read_csv(
            pa.py_buffer(shape.body),
            read_options=pacsv.ReadOptions(
                use_threads=threads, column_names=[f"f{i}" for i in range(width)], block_size=1 << 22
            ),
            parse_options=pacsv.ParseOptions(delimiter=shape.delimiter, invalid_row_handler=on_bad_row),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in wanted},
                include_columns=[f"f{i}" for i in wanted],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    table = parse(threads=True)
    if bad:
        # Only the single-threaded parser knows which row was bad.
        table = parse(threads=False)
    # Arrow skips empty lines and numbers the others 1, 2, …: map those back to physical lines.
    physical = _non_empty_lines(shape.body) + shape.header_line + 1
    skipped = np.array([number for number, _ in bad if number is not None], dtype=np.int64) - 1
    if len(skipped) != len(bad) or (len(skipped) and skipped.max() >= len(physical)):
        return table, None, []
    keep = np.ones(len(physical), bool)
    keep[skipped] = False
    if keep.sum() != table.num_rows:
        return table, None, []
    return (
        table,
        physical[keep],
        [(int(physical[i]), text) for i, (_, text) in zip(skipped, bad, strict=True)],
    )


def _non_empty_lines(body: bytes) -> np.ndarray:
    """0-based numbers of the lines in ``body`` that are not empty."""
    count = body.count(b"\n") + (0 if body.endswith(b"\n") or not body else 1)
    if b"\n\n" not in body and b"\n\r\n" not in body and not body.startswith((b"\n", b"\r\n")):
        return np.arange(count, dtype=np.int64)  # the usual file: no empty line, no need to look closer
    data = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], newlines + 1))[:count]
    ends = np.concatenate((newlines, [len(data)]))[:count]
    lengths = ends - starts
    lengths[(lengths == 1) & (data[np.minimum(starts, len(data) - 1)] == 13)] = 0  # a lone CR of a CRLF
    return np.flatnonzero(lengths > 0)


def _read_with_csv(shape: Shape, wanted: list[int]) -> tuple[pa.Table, np.ndarray, list[tuple[int, str]]]:
    width = len(shape.header)
    # The lines as the csv module would split them itself (CR, LF or CRLF), kept to show an unclosed quote.
    lines = io.StringIO(shape.body.decode("utf-8"), newline="").readlines()
    reader = csv.reader(lines, delimiter=shape.delimiter)
    columns: list[list[str]] = [[] for _ in wanted]
    numbers: list[int] = []
    bad: list[tuple[int, str]] = []
    previous = 0
    try:
        for row in reader:
            first_line = shape.header_line + previous + 1
            if reader.line_num - previous > 1 and reader.line_num == len(lines):
                _refuse_unclosed_quote(lines[previous:], first_line, shape.delimiter)
            previous = reader.line_num
            if not row:
                continue
            if len(row) != width:
                bad.append((first_line, as_line(row, shape.delimiter)))
                continue
            numbers.append(first_line)
            for column, index in zip(columns, wanted, strict=True):
                column.append(row[index])
    except csv.Error as error:  # the only one left: a cell longer than MAX_CELL_CHARS
        raise BillReadError(
            f"Line {shape.header_line + previous + 1} has a cell longer than {MAX_CELL_CHARS // 2**20} MB, "
            "which no bill has: check for a quote that is never closed."
        ) from error
    table = pa.table({f"f{i}": pa.array(c, pa.string()) for i, c in zip(wanted, columns, strict=True)})
    return table, np.array(numbers, dtype=np.int64), bad


def _refuse_unclosed_quote(lines: list[str], first_line: int, delimiter: str) -> None:
    """Refuse a record that runs to the end of the file because its quote never closes.

    Auditing what comes before it would silently leave out every line after it.
    """
    try:
        list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error as error:
        if "end of data" in str(error):
            raise BillReadError(
                f"Line {first_line} opens a quote that is never closed, so the rest of the file reads as one "
                "cell: close or remove that quote."
            ) from None


def _build(
    shape: Shape,
    mapping: ColumnMapping,
    cells: dict[str, pa.DictionaryArray],
    numbers: np.ndarray,
    bad_rows: list[tuple[int, str]],
    dayfirst: bool | None,
) -> BillReading:
    n = len(numbers)
    notes: list[str] = []
    # (rows, their text or None, message template): messages are built only for the rows that fail.
    errors: list[tuple[np.ndarray, pa.Array | None, str]] = []

    def text(role: str) -> pa.DictionaryArray:
        return cells[getattr(mapping, role)]

    blank_row = np.ones(n, bool)
    for name in mapping.columns().values():
        blank_row &= spread(bools(pc.equal(cells[name].dictionary, "")), cells[name])
    summary = np.zeros(n, bool)
    for name in cells:
        if name not in (mapping.amount, mapping.debit, mapping.credit):
            summary |= _matches(cells[name], SUMMARY_ROW)

    # Money: one amount column, or debit (charges) and credit (payments) columns.
    decimal_comma = mapping.decimal_comma
    amount = np.zeros(n, np.int64)
    has_amount = np.zeros(n, bool)
    for role, sign in (("amount", 0), ("debit", 1), ("credit", -1)):
        if not getattr(mapping, role):
            continue
        money: ParsedMoney = parse_money(cells[getattr(mapping, role)], decimal_comma=mapping.decimal_comma)
        if decimal_comma is None:
            decimal_comma = money.decimal_comma
        values = money.cents if sign == 0 else sign * np.abs(money.cents)
        amount += values
        has_amount |= ~money.blank & ~money.invalid
        errors.append((money.invalid, text(role), "amount '{}' is not an amount of money"))
    errors.append((~has_amount, None, "no amount"))
    charges_negative, sign_reason = _decide_sign(mapping, cells, amount, has_amount & ~blank_row & ~summary)
    if charges_negative:
        amount = -amount
    # A row that says it is a payment, refund or credit is never a charge, whatever its sign (a checking
    # account's payment to a card is money out, but no charge of the provider's either).
    money_in = np.zeros(n, bool)
    kind_column = mapping.type or mapping.category
    if kind_column:
        money_in |= _matches(cells[kind_column], CREDIT_TYPES)
    if mapping.description:
        money_in |= _matches(cells[mapping.description], CARD_PAYMENT)
        money_in |= _matches(cells[mapping.description], PAYMENT_WORDS)
    amount = np.where(money_in, -np.abs(amount), amount)

    # Dates: decide day-first once per column (a period's start and end together), then parse exactly.
    chosen_dayfirst = mapping.dayfirst if mapping.dayfirst is not None else dayfirst
    decided: bool | None = chosen_dayfirst
    date = np.full(n, NO_DATE, np.int64)
    start = np.full(n, NO_DATE, np.int64)
    end = np.full(n, NO_DATE, np.int64)
    groups: list[tuple[str, list[pa.DictionaryArray]]] = []
    if mapping.date:
        groups.append(("date", [text("date")]))
    if mapping.period:
        period_start, period_end = split_period(text("period"))
        unsplit = bools(
            pc.and_(pc.equal(period_end.dictionary, ""), pc.not_equal(text("period").dictionary, ""))
        )
        not_period = spread(unsplit, period_end)
        errors.append((not_period, text("period"), "service period '{}' is not understood"))
        groups.append(("period", [period_start, period_end]))
    elif mapping.period_start and mapping.period_end:
        groups.append(("period", [text("period_start"), text("period_end")]))
    # A column that reads both ways follows another date column of the same file; if none decides, month-first.
    decisions = {
        role: chosen_dayfirst
        if chosen_dayfirst is not None
        else decide_dayfirst(pa.concat_arrays([a.dictionary for a in arrays]))
        for role, arrays in groups
    }
    fallback = next((d for d in decisions.values() if d is not None), None)
    for role, arrays in groups:
        column_name = mapping.date if role == "date" else (mapping.period or mapping.period_start)
        first = decisions[role]
        if first is None:
            first = bool(fallback)
            if fallback is None:
                notes.append(f"Dates in column '{column_name}' are ambiguous; read month-first.")
        if decided is None:
            decided = first
        parsed: list[ParsedDates] = [parse_dates(array, dayfirst=first) for array in arrays]
        for array, result in zip(arrays, parsed, strict=True):
            errors.append((result.invalid, array, "date '{}' is not a date"))
        if role == "date":
            date = parsed[0].days
        else:
            start, end = parsed[0].days, parsed[1].days
            one_sided = (start == NO_DATE) != (end == NO_DATE)
            backwards = (start != NO_DATE) & (end != NO_DATE) & (end < start)
            unread = parsed[0].invalid | parsed[1].invalid
            errors.append((one_sided & ~unread, None, "service period has only one date"))
            errors.append((backwards, None, "service period ends before it starts"))

    skip = blank_row | summary
    failed = np.zeros(n, bool)
    row_errors: list[RowError] = []
    for mask, values, template in errors:
        mask = mask & ~skip & ~failed
        if mask.any():
            failed |= mask
            picked = (
                pc.filter(values, pa.array(mask)).to_pylist() if values is not None else [""] * mask.sum()
            )
            row_errors += [
                RowError(int(line), template.format(value))
                for line, value in zip(numbers[mask], picked, strict=True)
            ]
    ignored = int(summary[~blank_row].sum())
    for line, row_text in bad_rows:
        if not row_text.strip() or re.match(r"^[\s,;\t|\"]*$", row_text):
            continue
        row_cells = split_line(row_text, shape.delimiter) or [""]
        label = next((c for c in row_cells if c.strip()), "")
        if re.search(SUMMARY_ROW, label):
            ignored += 1
            continue
        row_errors.append(
            RowError(line, f"has {len(row_cells)} cells where the header has {len(shape.header)}")
        )
    row_errors.sort(key=lambda error: error.line)

    keep = ~skip & ~failed
    if not keep.any():
        detail = f" ({len(row_errors)} rows could not be read)" if row_errors else ""
        raise BillReadError(f"The file has no readable line items{detail}.")
    lines = _frame(mapping, cells, numbers, keep, amount, date, start, end)
    used = replace(
        mapping, decimal_comma=bool(decimal_comma), dayfirst=bool(decided), charges_negative=charges_negative
    )
    if mapping.debit or mapping.credit:
        sign_note = (
            "Charges and credits are in separate columns ("
            + " and ".join(f"'{name}'" for name in (mapping.debit, mapping.credit) if name)
            + ")."
        )
    else:
        sign_note = f"Charges are written as {'negative' if charges_negative else 'positive'} numbers ({sign_reason})."
    warnings = []
    if mapping.amount and _is_balance(shape, mapping.amount):
        warnings.append(
            f"The amount column '{mapping.amount}' changes like a running balance: choose the column that "
            "holds each transaction's amount."
        )
    other_currency = _other_currency_note(shape, mapping)
    if other_currency:
        notes.append(other_currency)
    if not shape.has_header:
        notes.insert(0, "The file has no header row: its columns were recognised by their content.")
    return BillReading(
        lines=lines,
        mapping=used,
        columns=list(shape.header),
        errors=row_errors,
        notes=notes,
        ignored_summary_rows=ignored,
        encoding=shape.encoding,
        delimiter=shape.delimiter,
        header_line=shape.header_line,
        has_header=shape.has_header,
        sign_note=sign_note,
        sign_reason=sign_reason,
        warnings=warnings,
    )


def _decide_sign(
    mapping: ColumnMapping, cells: dict[str, pa.DictionaryArray], amount: np.ndarray, usable: np.ndarray
) -> tuple[bool, str]:
    """Does this file write charges as negative numbers? The answer and the evidence, in words."""
    if mapping.debit or mapping.credit:
        return False, "from the Debit and Credit columns"
    if mapping.charges_negative is not None:
        return mapping.charges_negative, "as you chose"
    negative, positive = amount < 0, amount > 0
    kind_column = mapping.type or mapping.category
    if kind_column:
        charge_rows = _matches(cells[kind_column], CHARGE_TYPES) & usable
        credit_rows = _matches(cells[kind_column], CREDIT_TYPES) & usable
        says_negative = int((charge_rows & negative).sum() + (credit_rows & positive).sum())
        says_positive = int((charge_rows & positive).sum() + (credit_rows & negative).sum())
        if says_negative != says_positive:
            return says_negative > says_positive, f"from the {kind_column} column"
    if mapping.description:
        payments = _matches(cells[mapping.description], CARD_PAYMENT) & usable
        if (payments & positive).sum() != (payments & negative).sum():
            return bool((payments & positive).sum() > (payments & negative).sum()), "from the card payments"
        provider = _matches(cells[mapping.description], provider_pattern()) & usable
        if (provider & positive).sum() != (provider & negative).sum():
            return bool((provider & negative).sum() > (provider & positive).sum()), "from most Ooma lines"
        payments = _matches(cells[mapping.description], PAYMENT_WORDS) & usable
        if (payments & positive).sum() != (payments & negative).sum():
            return bool((payments & positive).sum() > (payments & negative).sum()), "from the card payments"
    return False, "nothing in the file says otherwise"


def _other_currency_note(shape: Shape, mapping: ColumnMapping) -> str:
    """When the file has a second money column in another currency ("Local amount"), say which one was used."""
    if not mapping.amount or not shape.has_header:
        return ""
    words = {name: normalise(name) for name in shape.header}
    others = [
        n for n, w in words.items() if n != mapping.amount and re.search(r"\b(local|original|foreign)\b", w)
    ]
    others = [n for n in others if "amount" in words[n] or "value" in words[n]]
    if not others:
        return ""
    currency = next((n for n, w in words.items() if w == "currency"), None)
    code = ""
    if currency is not None and shape.sample:
        index = shape.header.index(currency)
        codes = Counter(row[index].strip() for row in shape.sample if row[index].strip())
        code = f", {codes.most_common(1)[0][0]}" if codes else ""
    return (
        f"Amounts are read from '{mapping.amount}' (the account's own currency{code}); '{others[0]}' holds "
        "the amount in another currency and is not used."
    )


def _is_balance(shape: Shape, name: str) -> bool:
    """True when the column ``name`` of the sample moves by the other money columns' amounts, row by row."""
    index = shape.header.index(name)
    columns = [
        pa.array([row[i].strip() for row in shape.sample], pa.string()) for i in range(len(shape.header))
    ]
    others = [c for i, c in enumerate(columns) if i != index and shape.header[i] and mostly_money(c)]
    return is_running_balance(columns[index], others)


def _frame(
    mapping: ColumnMapping,
    cells: dict[str, pa.DictionaryArray],
    numbers: np.ndarray,
    keep: np.ndarray,
    amount: np.ndarray,
    date: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> pd.DataFrame:
    mask = pa.array(keep)
    count = int(keep.sum())

    def text(name: str | None) -> pa.Array:
        if not name:
            return pa.array([""] * count, pa.string())
        return decoded(pc.filter(cells[name], mask))

    table = pa.table(
        {
            "line": pa.array(numbers[keep], pa.int64()),
            "date": days_to_dates(date[keep]),
            "period_start": days_to_dates(start[keep]),
            "period_end": days_to_dates(end[keep]),
            "description": text(mapping.description),
            "amount_cents": pa.array(amount[keep], pa.int64()),
            "category": text(mapping.category),
        }
    )
    return table.to_pandas(types_mapper=_pandas_type)


def _pandas_type(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    if pa.types.is_date(arrow_type) or pa.types.is_list(arrow_type):
        return pd.ArrowDtype(arrow_type)
    return None


def _matches(values: pa.DictionaryArray, pattern: str) -> np.ndarray:
    return spread(bools(pc.match_substring_regex(values.dictionary, pattern)), values)
