"""What can go wrong reading a bill: the whole file (``BillReadError``) or one row (``RowError``)."""

from __future__ import annotations

from dataclasses import dataclass

from ooma_cancel.errors import UserError


class BillReadError(UserError):
    """The file cannot be audited at all; the message is one sentence a person can act on."""


@dataclass(frozen=True)
class RowError:
    """A row that could not be read: its 1-based physical line number in the file and why."""

    line: int
    message: str
