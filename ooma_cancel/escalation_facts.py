"""The periods of the US card and bank dispute rules and the official places to complain, each with its source.

Read from ``ooma_cancel/data/providers/escalation.toml`` (package data) beside the provider profile, and checked
when read: a fact without a source, a checked date or a sensible period stops the app from starting with it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

FACTS_PATH = Path(__file__).resolve().parent / "data" / "providers" / "escalation.toml"

# Shown next to every period on the page: a fact with a source, never advice.
NOT_ADVICE = (
    "US federal rule — check your card agreement; outside the US ask your bank. "
    "This is information with its source, not legal advice."
)


class PaymentMethod(StrEnum):
    """How the person paid Ooma: decides which rule (if any) gives them a deadline."""

    CREDIT_CARD = "credit card"
    DEBIT_OR_BANK = "debit card or bank account"
    PAYPAL = "PayPal"
    OTHER = "other"


class Place(StrEnum):
    FCC = "fcc"
    CFPB = "cfpb"
    STATE_AG = "state_ag"
    BBB = "bbb"


@dataclass(frozen=True)
class DisputeRule:
    """A federal rule's periods for one way of paying (Regulation Z or E)."""

    key: str
    label: str
    citation: str
    payment_methods: tuple[str, ...]
    notice_days: int
    acknowledge_days: int
    acknowledge_business_days: bool
    resolve_days: int
    resolve_text: str
    investigate_text: str
    source: str
    checked: date


@dataclass(frozen=True)
class ComplaintPlace:
    """An official place to file a complaint."""

    key: str
    label: str
    covers: str
    url: str
    note: str
    source: str
    checked: date


@dataclass(frozen=True)
class EscalationFacts:
    rules: dict[str, DisputeRule]
    places: dict[str, ComplaintPlace]

    def rule_for(self, method: str | None) -> DisputeRule | None:
        """The rule that covers a way of paying; None for PayPal, other, or not said yet."""
        return next((rule for rule in self.rules.values() if method in rule.payment_methods), None)

    def place(self, key: str) -> ComplaintPlace:
        return self.places[key]

    def sources(self) -> list[tuple[str, str, date]]:
        """(what, source, checked) of every fact, for the page's "where this comes from"."""
        items: list[DisputeRule | ComplaintPlace] = [*self.rules.values(), *self.places.values()]
        return [(item.label, item.source, item.checked) for item in items]


def _text(item: dict[str, object], name: str, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: '{name}' must be a non-empty text")
    return value.strip()


def _days(item: dict[str, object], name: str, where: str) -> int:
    value = item.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 366:
        raise ValueError(f"{where}: '{name}' must be a whole number of days from 1 to 366")
    return value


def _checked(item: dict[str, object], where: str) -> date:
    value = item.get("checked")
    if not isinstance(value, date):
        raise ValueError(f"{where}: 'checked' must be the date the source was checked (YYYY-MM-DD)")
    return value


def _official_url(item: dict[str, object], name: str, where: str) -> str:
    value = _text(item, name, where)
    if not value.startswith("https://"):
        raise ValueError(f"{where}: '{name}' must be an https:// address")
    return value


def parse_facts(text: str) -> EscalationFacts:
    """Parse and check the facts document (TOML); ValueError names the entry and field that is wrong."""
    raw = tomllib.loads(text)
    rules: dict[str, DisputeRule] = {}
    for key, item in raw.get("rules", {}).items():
        where = f"rules.{key}"
        methods = item.get("payment_methods")
        known = {method.value for method in PaymentMethod}
        if not isinstance(methods, list) or not methods or not set(methods) <= known:
            raise ValueError(f"{where}: 'payment_methods' must list some of {sorted(known)}")
        rules[key] = DisputeRule(
            key=key,
            label=_text(item, "label", where),
            citation=_text(item, "citation", where),
            payment_methods=tuple(methods),
            notice_days=_days(item, "notice_days", where),
            acknowledge_days=_days(item, "acknowledge_days", where),
            acknowledge_business_days=bool(item.get("acknowledge_business_days", False)),
            resolve_days=_days(item, "resolve_days", where),
            resolve_text=_text(item, "resolve_text", where),
            investigate_text=_text(item, "investigate_text", where),
            source=_official_url(item, "source", where),
            checked=_checked(item, where),
        )
    places: dict[str, ComplaintPlace] = {}
    for key, item in raw.get("places", {}).items():
        where = f"places.{key}"
        places[key] = ComplaintPlace(
            key=key,
            label=_text(item, "label", where),
            covers=_text(item, "covers", where),
            url=_official_url(item, "url", where),
            note=_text(item, "note", where),
            source=_official_url(item, "source", where),
            checked=_checked(item, where),
        )
    missing = {place.value for place in Place} - set(places)
    if missing:
        raise ValueError(f"places: missing {', '.join(sorted(missing))}")
    claimed = [method for rule in rules.values() for method in rule.payment_methods]
    if len(claimed) != len(set(claimed)):
        raise ValueError("rules: a way of paying is covered by two rules")
    return EscalationFacts(rules=rules, places=places)


@cache
def load_facts(path: Path = FACTS_PATH) -> EscalationFacts:
    """The facts shipped with the app (read and checked once per process)."""
    return parse_facts(path.read_text(encoding="utf-8"))
