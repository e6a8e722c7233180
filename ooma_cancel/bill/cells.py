"""Cells of a bill's lines as the csv module reads them, without its failure modes on hostile files.

The csv module stops at a cell longer than 128 KiB and at a CR or LF outside quotes when it is given one line;
any file a person uploads can have both. These helpers read such lines instead of raising.
"""

from __future__ import annotations

import csv
import io
import re

# The page takes files up to 10 MB, so no cell of an upload reaches this; the command line reads any size,
# and a longer cell there (a quote that never closes in a huge file) is refused with a message.
MAX_CELL_CHARS = 16 * 1024 * 1024
# A bill has a few dozen columns at most; the column pickers and the audit need not scale past this.
MAX_COLUMNS = 1_000

csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))

_CONTROLS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def split_line(line: str, delimiter: str) -> list[str]:
    """The cells of one line; a CR or LF outside quotes reads as a space, and an unreadable line as one cell."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        pass
    try:
        return next(csv.reader([re.sub(r"[\r\n]", " ", line)], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def split_lines(lines: list[str], delimiter: str) -> list[list[str]]:
    """The records of ``lines`` (a quoted cell may span lines), or each line alone when that cannot be read."""
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return [split_line(line, delimiter) for line in lines]


def as_line(cells: list[str], delimiter: str) -> str:
    """Cells back to one CSV line, quoted where needed, so that ``split_line`` reads the same cells."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(cells)  # CR and LF get quoted
    return out.getvalue().removesuffix("\r\n")


def shown(text: str, limit: int = 60) -> str:
    """Text from the file as it may appear in a one-line message: no line breaks or controls, at most ``limit``."""
    flat = _CONTROLS.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
