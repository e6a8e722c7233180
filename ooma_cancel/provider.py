"""The provider profile: Ooma facts with their sources, read from ``ooma_cancel/data/providers/ooma.toml`` (package data)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

PROFILE_PATH = Path(__file__).resolve().parent / "data" / "providers" / "ooma.toml"


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: str | int
    source: str
    checked: date | None
    verified: bool
    where: str = ""  # where the person can find the value themselves, for a fact without a verified value

    @property
    def needs_verification(self) -> bool:
        """True when the UI must say "verify with Ooma" next to this value."""
        return not self.verified or self.value in ("", None)


@dataclass(frozen=True)
class Profile:
    name: str
    facts: dict[str, Fact]
    descriptors: tuple[str, ...] = ()  # how the provider's charges are named on bank and card statements

    def fact(self, key: str) -> Fact:
        return self.facts[key]

    def value(self, key: str) -> str | int:
        return self.facts[key].value


def parse_profile(text: str) -> Profile:
    """Parse a profile document (TOML) into facts keyed by name."""
    raw = tomllib.loads(text)
    facts = {
        key: Fact(
            key=key,
            label=str(item.get("label", key)),
            value=item.get("value", ""),
            source=str(item.get("source", "")),
            checked=item.get("checked"),
            verified=bool(item.get("verified", False)),
            where=str(item.get("where", "")),
        )
        for key, item in raw.get("facts", {}).items()
    }
    descriptors = tuple(str(d) for d in raw.get("statement", {}).get("descriptors", ()))
    return Profile(name=str(raw.get("name", "")), facts=facts, descriptors=descriptors)


@cache
def load_profile(path: Path = PROFILE_PATH) -> Profile:
    """The provider profile shipped with the app (read once per process)."""
    return parse_profile(path.read_text(encoding="utf-8"))


def default_return_window_days() -> int:
    """Days after cancellation to return equipment: the source's example (30) until verified."""
    return int(load_profile().value("return_window_days"))


def office_notice_days() -> int:
    """Days of written notice before a fixed-term Ooma Office agreement expires."""
    return int(load_profile().value("office_notice_days"))


def statement_descriptors() -> tuple[str, ...]:
    """How Ooma's charges are named on statements ("OOMA INC", "OOMA*…"): for finding its lines."""
    return load_profile().descriptors
