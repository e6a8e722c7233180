"""The shape of a bill file: its encoding, delimiter, and where the table's header is after any preamble."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass

from ooma_cancel.bill.cells import split_line
from ooma_cancel.bill.dates import DATE_PATTERNS
from ooma_cancel.bill.errors import BillReadError
from ooma_cancel.bill.mapping import MONEY_SHAPE

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_BYTES = 256 * 1024
_SAMPLE_LINES = 200
# Words that make a line look like a table header rather than preamble ("Account number,1234").
_HEADER_WORDS = re.compile(
    r"amount|date|description|debit|credit|charge|period|total|details|memo|category|type|price|item",
    re.IGNORECASE,
)
_DATES = [re.compile(pattern, re.IGNORECASE) for pattern in DATE_PATTERNS]
_MONEY = re.compile(MONEY_SHAPE)
_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a spreadsheet or ZIP archive",
    b"\xd0\xcf\x11\xe0": "an Excel file",
}


@dataclass(frozen=True)
class Shape:
    """Where the table is: ``body`` holds the UTF-8 bytes after the header line."""

    encoding: str
    delimiter: str
    header_line: int  # 1-based physical line number of the header
    header: list[str]
    sample: list[list[str]]  # the first rows after the header, for detecting columns by content
    body: bytes
    has_header: bool = True  # False: the first row is already a transaction; columns are named "Column N"


def to_utf8(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes without a BOM, and the encoding it was in."""
    if not data or data.isspace():
        raise BillReadError("The file is empty.")
    if data.startswith(codecs.BOM_UTF8):
        # A line pasted in from another file can break the UTF-8 the mark promises: keep the rest readable.
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
        return text.encode("utf-8"), "utf-8-sig"
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError as error:
            raise BillReadError("The file says it is UTF-16 text but is not readable as such.") from error
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise BillReadError(
                f"This looks like {kind}, not a CSV file: export the bill as CSV and try again."
            )
    head = data[:8192]
    controls = sum(head.count(bytes([c])) for c in (*range(9), *range(14, 32)))
    if b"\x00" in head or controls > len(head) // 100:
        raise BillReadError("This is not a text (CSV) file: it contains binary data.")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data, "utf-8"
    try:
        # Excel on Windows saves "CSV" as Windows-1252; five byte values are undefined there.
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError as error:
        raise BillReadError("The file's text encoding is not UTF-8 or Windows-1252.") from error


def find_table(data: bytes, encoding: str) -> Shape:
    """Find the delimiter and the header line from the first lines of the UTF-8 ``data``."""
    head = data[:_SAMPLE_BYTES]
    if len(data) > _SAMPLE_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head
    lines = [line.rstrip("\r") for line in head.decode("utf-8", errors="replace").split("\n")]
    lines = lines[:_SAMPLE_LINES]
    # Each (delimiter, width) is scored by: does a line of that width name two or more columns (a header),
    # then how many lines have that width, then the width. A preamble of "Label,value" lines can outnumber
    # a short table, but it never looks like a header.
    best: tuple[tuple[bool, int, int], str, int] | None = None  # (score, delimiter, header index)
    for delimiter in DELIMITERS:
        rows = [split_line(line, delimiter) if line.strip() else [] for line in lines]
        widths = Counter(len(row) for row in rows if len(row) >= 2)
        for width, count in widths.items():
            candidates = [
                i for i, row in enumerate(rows) if len(row) == width and any(c.strip() for c in row)
            ]
            if not candidates:
                continue
            # The header is the line naming the most columns ("Statement date: …" in a preamble names one);
            # a transaction ("DEBIT,12/01/2026,…,CREDIT") names none, whatever words it holds.
            named = {
                i: 0
                if looks_like_transaction(rows[i])
                else sum(bool(_HEADER_WORDS.search(c)) for c in rows[i])
                for i in candidates
            }
            header_index = max(candidates, key=lambda i: (named[i], -i))
            score = (named[header_index] >= 2, count, width)
            if best is None or score > best[0]:
                best = (score, delimiter, header_index)
    if best is None:
        raise BillReadError("No table found: the file has no lines with separated columns.")
    (_, _, width), delimiter, header_index = best
    parsed = [split_line(line, delimiter) for line in lines]
    has_header = not looks_like_transaction(parsed[header_index])
    if not has_header:  # no header row: the table starts at its first row of that width
        header_index = next(
            i for i, row in enumerate(parsed) if len(row) == width and any(c.strip() for c in row)
        )
    header = parsed[header_index]
    first_row = header_index + 1 if has_header else header_index
    # Rows ending with one more, empty, cell than the header (a delimiter after the last cell): one more column.
    after = [row for row in parsed[first_row:] if any(c.strip() for c in row)]
    trailing = sum(len(row) == width + 1 and not row[-1].strip() for row in after)
    if trailing > sum(len(row) == width for row in after):
        width += 1
        header = [*header, ""] if len(header) < width else header
    if not has_header:
        header = [f"Column {i + 1}" for i in range(width)]
    sample = [row for row in parsed[first_row:] if len(row) == width and any(c.strip() for c in row)]
    body_start = 0
    for _ in range(first_row):
        newline = data.find(b"\n", body_start)
        body_start = len(data) if newline < 0 else newline + 1
    return Shape(
        encoding=encoding,
        delimiter=delimiter,
        header_line=first_row,
        header=[name.strip() for name in header],
        sample=sample,
        body=data[body_start:],
        has_header=has_header,
    )


def looks_like_transaction(row: list[str]) -> bool:
    """True when a row holds a date and an amount of money: a transaction, not a header naming columns."""
    cells = [cell.strip() for cell in row if cell.strip()]
    dated = any(date.match(cell) for date in _DATES for cell in cells)
    return dated and any(_MONEY.match(cell) for cell in cells)
