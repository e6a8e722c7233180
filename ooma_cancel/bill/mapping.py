"""Which column holds what: detected from header names first, then from the values, and adjustable."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ooma_cancel.bill.arrow import bools
from ooma_cancel.bill.cells import shown
from ooma_cancel.bill.dates import looks_like_dates, split_period
from ooma_cancel.bill.errors import BillReadError
from ooma_cancel.bill.money import parse_money


@dataclass
class ColumnMapping:
    """Header names of the columns that hold each part of a line item (None: not in the file).

    ``decimal_comma`` and ``dayfirst`` are None to decide from the values; ``read_bill`` returns the mapping
    it used with both filled in, so a UI can show it, let the person change it, and pass it back.
    """

    date: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    period: str | None = None
    description: str | None = None
    amount: str | None = None
    debit: str | None = None
    credit: str | None = None
    category: str | None = None
    type: str | None = None  # a Type/Details column saying Sale, Payment, DEBIT, CREDIT…: evidence for signs
    decimal_comma: bool | None = None
    dayfirst: bool | None = None
    charges_negative: bool | None = None  # None: decide from the file (see ``reading.decide_sign``)

    def columns(self) -> dict[str, str]:
        """Role → header name, for the roles that are mapped."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in _SETTINGS and getattr(self, f.name)
        }


_SETTINGS = ("decimal_comma", "dayfirst", "charges_negative")
# The parts of a line item a column can hold (every field but the settings), in the order a person maps them.
COLUMN_ROLES = (
    "date",
    "period",
    "period_start",
    "period_end",
    "description",
    "amount",
    "debit",
    "credit",
    "category",
    "type",
)

# Tried in this order, so "Start date" is a period start before it is a date, and "Charge type" a category.
_NAME_RULES: tuple[tuple[str, str], ...] = (
    ("period_start", r"^(service |period |billing )?(from|start|begin|starts|start date|from date)( date)?$"),
    (
        "period_end",
        r"^(service |period |billing )?(to|end|through|thru|until|ends|end date|to date)( date)?$",
    ),
    ("period", r"period|dates of service|service dates|billing dates|coverage"),
    ("category", r"\b(category|type|kind|class|group)\b"),
    ("date", r"\b(date|posted|posting|day)\b"),
    ("amount", r"\b(amount|amt|total|price|cost|sum|value|charge amount|gross)\b"),
    ("debit", r"\b(debits?|withdrawals?|charges?|money out|paid out)\b"),
    ("credit", r"\b(credits?|deposits?|payments?|money in|paid in|refunds?)\b"),
    (
        "description",
        r"\b(description|desc|details?|items?|memo|narrative|payee|merchant|particulars|"
        r"transaction|name|service|product|text)\b",
    ),
)
# A header named exactly like a role beats one that merely contains one of its words.
_EXACT = {
    "date": ("date", "transaction date", "trans date", "posted date", "posting date"),
    "description": ("description", "transaction description", "payee", "merchant", "name", "narrative"),
    "amount": ("amount", "gross", "amount usd", "transaction amount"),
    "debit": ("debit", "debits", "withdrawal", "withdrawals", "money out", "paid out"),
    "credit": ("credit", "credits", "deposit", "deposits", "money in", "paid in"),
    "category": ("category",),
}
_NOT_DESCRIPTION = re.compile(r"\bid\b|number|\bno\b|reference|\bref\b|email|code|status|currency|time\b")
# Words of a Type column: what kind of transaction each row is.
CHARGE_TYPES = (
    r"(?i)^\s*(?:sale|purchase|debit|debit_card|ach_debit|pos|withdrawal|card_payment|card payment|"
    r"direct_debit|direct debit|bill_payment|fee|charge|dslip|debit card|pos purchase|recurring payment)\s*$"
)
CREDIT_TYPES = (
    r"(?i)^\s*(?:payments?|returns?|credits?|refunds?|deposits?|ach_credit|quickpay_credit|credit_card_payment|"
    r"payments? and credits|payment refund|.*\brefund|.*\bdeposit|.*_credit|adjustment credit|reversal)\s*$"
)
_NOT_AMOUNT = re.compile(r"balance|running|quantity|qty|rate|units?\b|number|no\b|id\b|reference|ref\b")
MONEY_SHAPE = r"^\s*[-+(]?\s*\D{0,3}\s*[-(]?\d[\d.,' ]*([.,]\d{2}0*)\s*\)?\s*\D{0,3}\s*-?\s*$"


def normalise(header: str) -> str:
    """A header as words: lowercase, units in parentheses dropped ("Amount (CAD)" → "amount")."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", header.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def guess_mapping(header: list[str], sample: list[list[str]]) -> ColumnMapping:
    """Detect the mapping from header names, checked and completed with the sample rows' values."""
    columns = {
        name: pa.array([row[i].strip() if i < len(row) else "" for row in sample], pa.string())
        for i, name in enumerate(header)
    }
    # An empty or almost empty column is never chosen (PayPal's empty "… Amount" columns, an "Item" column).
    filled = {name: _filled(values) for name, values in columns.items()}
    found: dict[str, Any] = {}  # ColumnMapping's column fields, by name
    for role, pattern in _NAME_RULES:
        exact = [name for key in _EXACT.get(role, ()) for name in header if normalise(name) == key]
        for name in [*exact, *header]:
            words = normalise(name)
            if name in found.values() or not words or (not re.search(pattern, words) and name not in exact):
                continue
            # (A service period or a category may be filled on some lines only.)
            if sample and filled[name] < (0.2 if role in ("amount", "description") else 0.05):
                continue
            # A name is a strong hint: half the values looking like dates confirms it.
            if role in ("date", "period_start", "period_end") and looks_like_dates(columns[name]) < 0.5:
                continue
            if role in ("amount", "debit", "credit") and _NOT_AMOUNT.search(words):
                continue
            if role in ("amount", "debit", "credit") and sample and _money_share(columns[name]) < 0.5:
                continue
            if role == "description" and _NOT_DESCRIPTION.search(words):
                continue
            found.setdefault(role, name)
    # A "Date" column whose values are "12/01/2026 - 12/31/2026" is a service period.
    if "date" in found and "period" not in found and _is_period(columns[found["date"]]):
        found["period"] = found.pop("date")
    if "amount" in found:
        found.pop("debit", None), found.pop("credit", None)
    elif "debit" in found and "credit" not in found:
        found["amount"] = found.pop("debit")
    elif "credit" in found and "debit" not in found:
        found.pop("credit")
    if ("period_start" in found) != ("period_end" in found):
        found.pop("period_start", None), found.pop("period_end", None)
    free = [n for n in header if n not in found.values() and n and (not sample or filled[n] >= 0.05)]
    if "amount" not in found and "debit" not in found:
        money = [n for n in free if not _NOT_AMOUNT.search(normalise(n)) and mostly_money(columns[n])]
        balances = {n for n in money if is_running_balance(columns[n], [columns[o] for o in money if o != n])}
        money = [n for n in money if n not in balances]
        if len(money) >= 2 and _complementary(columns[money[-2]], columns[money[-1]]):
            found["debit"], found["credit"] = money[-2], money[-1]  # money out, then money in
        elif money:
            found["amount"] = money[-1]  # bank exports put the amount after the text columns
    if "date" not in found and "period" not in found and "period_start" not in found:
        dated = [n for n in free if n not in found.values() and _mostly(looks_like_dates(columns[n]))]
        periods = [n for n in free if n not in found.values() and _is_period(columns[n])]
        if periods:
            found["period"] = periods[0]
        elif dated:
            found["date"] = dated[0]
    if "description" not in found:
        texts = [n for n in free if n not in found.values() and not _NOT_DESCRIPTION.search(normalise(n))]
        if texts:
            found["description"] = max(texts, key=lambda n: _letters(columns[n]))
    # The column that best says what kind of transaction each row is (by its values, whatever its name).
    typed = {n: _type_share(columns[n]) for n in header if n and n != found.get("description")}
    best = max(typed, key=lambda n: typed[n], default=None)
    if best is not None and typed[best] >= 0.8:
        found["type"] = best
    return ColumnMapping(**found)


def is_running_balance(values: pa.Array, others: list[pa.Array]) -> bool:
    """True when each value differs from the next by that row's amount in the other money columns."""
    if len(values) < 3 or not others:
        return False
    balance = parse_money(values)
    movement = sum((np.abs(parse_money(o).cents) for o in others), np.zeros(len(values), np.int64))
    usable = ~balance.blank & ~balance.invalid
    step = np.abs(np.diff(balance.cents))
    both = usable[1:] & usable[:-1]
    if both.sum() < 2:
        return False
    oldest_first = (step == movement[1:])[both].mean()
    newest_first = (step == movement[:-1])[both].mean()
    return max(oldest_first, newest_first) >= 0.8


def _complementary(first: pa.Array, second: pa.Array) -> bool:
    """Two money columns where each row fills exactly one: money out and money in."""
    a = bools(pc.not_equal(first, ""))
    b = bools(pc.not_equal(second, ""))
    return bool(len(a)) and bool(a.any() and b.any()) and float((a ^ b).mean()) >= 0.8


def _filled(values: pa.Array) -> float:
    if len(values) == 0:
        return 0.0
    return float(bools(pc.not_equal(values, "")).mean())


def mostly_money(values: pa.Array) -> bool:
    return _filled(values) >= 0.05 and _mostly(_money_share(values))


def _type_share(values: pa.Array) -> float:
    text = pc.filter(values, pc.not_equal(values, ""))
    if len(text) == 0 or len(text) < 0.5 * len(values):
        return 0.0
    hits = bools(pc.match_substring_regex(text, CHARGE_TYPES)) | bools(
        pc.match_substring_regex(text, CREDIT_TYPES)
    )
    return float(hits.mean())


def check_mapping(mapping: ColumnMapping, header: list[str]) -> None:
    """Raise ``BillReadError`` when the mapping names a missing column or has no amount."""
    for role, name in mapping.columns().items():
        if name not in header:
            raise BillReadError(
                f"The column '{shown(name)}' chosen for {role.replace('_', ' ')} is not in the file."
            )
    if not mapping.amount and not mapping.debit and not mapping.credit:
        raise BillReadError(
            "No amount column found: the file needs a column such as 'Amount', or 'Debit' and 'Credit'."
        )


def _mostly(share: float) -> bool:
    return share >= 0.8


def _money_share(values: pa.Array) -> float:
    text = pc.filter(values, pc.not_equal(pc.utf8_trim_whitespace(values), ""))
    if len(text) == 0:
        return 0.0
    return float(pc.mean(pc.cast(pc.match_substring_regex(text, MONEY_SHAPE), pa.int8())).as_py())


def _is_period(values: pa.Array) -> bool:
    _starts, ends = split_period(values)
    filled = pc.filter(ends, pc.not_equal(ends, ""))
    return len(values) > 0 and len(filled) >= 0.8 * len(values) and _mostly(looks_like_dates(filled))


def _letters(values: pa.Array) -> float:
    if len(values) == 0:
        return 0.0
    letters = pc.utf8_length(pc.replace_substring_regex(values, r"[^A-Za-z]", ""))
    return float(pc.mean(letters).as_py() or 0.0)
