"""Several files, one truth: a charge shown on the final bill and again on a bank or card statement is one
charge, so the case's disputed total counts it once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SAME_CHARGE_DAYS = 3  # a card posts a charge a few days after the bill dates it


@dataclass(frozen=True)
class DisputedCharge:
    """One disputed line of one audited file."""

    upload_id: int
    day: date | None  # the line's date, else its service period's start
    amount_cents: int
    disputed_cents: int


def same_charges(charges: list[DisputedCharge], *, days: int = SAME_CHARGE_DAYS) -> dict[int, int]:
    """Pairs of positions in ``charges`` that are one charge shown on two files, both ways round."""
    pairs: dict[int, int] = {}
    order = sorted(range(len(charges)), key=lambda i: (charges[i].amount_cents, charges[i].day or date.min))
    for position, i in enumerate(order):
        if i in pairs:
            continue
        one = charges[i]
        for j in order[position + 1 :]:
            other = charges[j]
            if other.amount_cents != one.amount_cents:
                break
            if (
                j not in pairs
                and other.upload_id != one.upload_id
                and one.day is not None
                and other.day is not None
                and abs((other.day - one.day).days) <= days
            ):
                pairs[i], pairs[j] = j, i
                break
    return pairs


def disputed_once(charges: Iterable[DisputedCharge], *, days: int = SAME_CHARGE_DAYS) -> int:
    """The disputed total over all files, counting once a charge that two files show (same amount, dates at
    most ``days`` apart, different files); when they dispute different amounts of it, the larger counts.

    Lines of the same file are never merged: a file showing a charge twice is a duplicate charge.
    """
    counted: list[DisputedCharge] = []
    matched: set[int] = set()  # positions in ``counted`` already paired with a line of another file
    total = 0
    for charge in sorted(charges, key=lambda c: (c.amount_cents, c.day or date.min, c.upload_id)):
        twin = next(
            (
                i
                for i, other in enumerate(counted)
                if i not in matched
                and other.upload_id != charge.upload_id
                and other.amount_cents == charge.amount_cents
                and charge.day is not None
                and other.day is not None
                and abs((charge.day - other.day).days) <= days
            ),
            None,
        )
        if twin is None:
            counted.append(charge)
            total += charge.disputed_cents
        else:
            matched.add(twin)
            total += max(0, charge.disputed_cents - counted[twin].disputed_cents)
    return total
