"""Stage 5, outstanding balance: ledger entries, running balance, projection, and whether the account is settled.

The balance is what the person owes Ooma: charges and fees count up, payments and credits count down, and a
refund received counts up again, because it pays out a credit balance (in credit by $20, refunded $20:
settled at $0). The sign comes from the kind; people type positive amounts. All amounts are integer cents.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ooma_cancel.checks import checked
from ooma_cancel.models import LedgerEntryCreate, LedgerKind, limit
from ooma_cancel.money import format_dollars, parse_cents

MAX_ENTRY_CENTS = limit(LedgerEntryCreate, "amount_cents")  # $10,000 on one line of a phone bill is a typo
EARLIEST = date(2000, 1, 1)
REDUCES_BALANCE = frozenset({LedgerKind.PAYMENT, LedgerKind.CREDIT})
KIND_HELP = {
    LedgerKind.CHARGE: "adds to what you owe",
    LedgerKind.PAYMENT: "you paid: reduces what you owe",
    LedgerKind.CREDIT: "Ooma credited the account: reduces what you owe",
    LedgerKind.REFUND: "Ooma paid a credit back to you: cancels that credit",
    LedgerKind.LATE_FEE: "adds to what you owe",
    LedgerKind.EARLY_TERMINATION_FEE: "adds to what you owe",
    LedgerKind.EQUIPMENT_FEE: "adds to what you owe",
}


def signed_cents(kind: str, cents: int) -> int:
    """The stored amount: negative for payments and credits, positive for charges, fees and refunds received."""
    return -abs(cents) if LedgerKind(kind) in REDUCES_BALANCE else abs(cents)


# A valid ledger entry with its sign, ready to store (the table's create model).
EntryData = LedgerEntryCreate

ENTRY_MESSAGES = {
    "entry_on": "Enter the date of the charge or payment.",
    "kind": "Choose the kind of entry from the list.",
    "description": "Keep the description under {max} characters.",
    "amount_cents": "More than {amount_limit} on one line is not plausible: check it.",
}


def validate_entry(
    *, entry_on: date | None, kind: str, description: str, amount: str, today: date
) -> tuple[EntryData | None, dict[str, str]]:
    """Check one entry the person typed; return it with its sign, or None and one message per field."""
    errors: dict[str, str] = {}
    if entry_on is not None and entry_on > today:
        errors["entry_on"] = (
            "That date is in the future: record entries once they are on a bill or statement."
        )
    elif entry_on is not None and entry_on < EARLIEST:
        errors["entry_on"] = f"Dates before {EARLIEST.year} are not plausible for an Ooma account."
    cents = 0
    try:
        cents = parse_cents(amount)
    except ValueError as error:
        errors["amount"] = amount_error(error)
    else:
        if cents == 0:
            errors["amount"] = "Enter an amount above zero."
    known = kind in {k.value for k in LedgerKind}
    entry, errors = checked(
        LedgerEntryCreate,
        {
            "entry_on": entry_on,
            "kind": kind,
            "description": " ".join(description.split()),
            "amount_cents": signed_cents(kind, cents) if known else cents,
        },
        ENTRY_MESSAGES,
        errors=errors,
        extra={"amount_limit": format_dollars(MAX_ENTRY_CENTS)},
    )
    if "amount_cents" in errors:  # the form calls the field "amount"
        errors.setdefault("amount", errors.pop("amount_cents"))
    return entry, errors


def amount_error(error: ValueError) -> str:
    """``parse_cents``'s reason without the typed text (messages are shown as Markdown, the text is not ours)."""
    message = str(error)
    return "That is not an amount: use digits, e.g. 12.99." if "“" in message else message


def running_balances(amounts: Iterable[int]) -> list[int]:
    """The balance after each entry, in the order given."""
    total, out = 0, []
    for cents in amounts:
        total += cents
        out.append(total)
    return out


def balance_by_day(daily_totals: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """End-of-day balance for each day that has entries (input: each day's net amount, in date order)."""
    rows = list(daily_totals)
    return list(zip((day for day, _ in rows), running_balances(cents for _, cents in rows), strict=True))


def for_display(series: Sequence[tuple[date, int]], *, max_points: int = 400) -> list[tuple[date, int]]:
    """Thin an end-of-day series for a chart: the balance at the end of each week, then of each month.

    Every entry is already in the running balance, so thinning only drops intermediate points; the last
    point always stays so the chart ends on today's balance.
    """
    if len(series) <= max_points:
        return list(series)
    for bucket in (_week, _month):
        thinned: dict[date, tuple[date, int]] = {}
        for day, cents in series:
            thinned[bucket(day)] = (day, cents)  # later days overwrite: the end-of-period balance
        points = list(thinned.values())
        if len(points) <= max_points:
            return points
    return points


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month(day: date) -> date:
    return day.replace(day=1)


def billing_date(year: int, month: int, billing_day: int) -> date:
    """The billing day in a month, moved to the month's last day when the month is shorter (31 → Feb 28)."""
    return date(year, month, min(billing_day, calendar.monthrange(year, month)[1]))


def next_billing_dates(after: date, billing_day: int, count: int) -> list[date]:
    """The next ``count`` billing days strictly after ``after``."""
    out: list[date] = []
    year, month = after.year, after.month
    while len(out) < count:
        day = billing_date(year, month, billing_day)
        if day > after:
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def projection(
    *, balance_cents: int, today: date, monthly_cents: int, billing_day: int, months: int = 12
) -> list[tuple[date, int]]:
    """The balance if the service were not cancelled and nothing were paid: today, then each billing day."""
    points = [(today, balance_cents)]
    for step, day in enumerate(next_billing_dates(today, billing_day, months), start=1):
        points.append((day, balance_cents + step * monthly_cents))
    return points


@dataclass(frozen=True)
class BalanceState:
    settled: bool
    balance_cents: int
    headline: str
    detail: str

    @property
    def refund_due_cents(self) -> int:
        return max(0, -self.balance_cents)


def balance_state(balance_cents: int, *, entries: int, end_on: date | None, today: date) -> BalanceState:
    """Settled (zero or in credit: a refund is due) or outstanding: why it matters and what is due by when."""
    if entries == 0:
        return BalanceState(
            False, 0, "Nothing recorded yet", "Add your charges and payments from your bills."
        )
    if balance_cents == 0:
        return BalanceState(True, 0, "Settled", "Nothing is owed either way.")
    if balance_cents < 0:
        return BalanceState(
            True,
            balance_cents,
            "Settled, with a refund due",
            f"You are {format_dollars(-balance_cents)} in credit: ask Ooma to refund it to you (a credit on a "
            "closed account is easily forgotten), and record the refund when it arrives.",
        )
    if end_on is None:
        due = "before you cancel"
    elif end_on >= today:
        due = f"by the service end date, {end_on:%b %-d, %Y}"
    else:
        due = f"now: the service ended on {end_on:%b %-d, %Y}"
    return BalanceState(
        False,
        balance_cents,
        f"{format_dollars(balance_cents)} outstanding",
        f"Pay {format_dollars(balance_cents)} {due}. An unpaid balance can hold up closing the account, draw "
        "late fees and go to collections; cancelling (or porting your number away) does not cancel what "
        "is owed.",
    )
