"""Ooma's devices as Ooma sells them: the catalogue in ``ooma_cancel/data/providers/devices.toml`` (package data).

Each device names the ``DeviceKind`` value it is stored as, its name as Ooma writes it, and its source. A
catalogue entry whose kind is not a ``DeviceKind`` member, or a member missing from the catalogue, is refused
when read, so the form can never offer a device the database would not store (or store one it cannot offer).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ooma_cancel.models import DeviceKind

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "providers" / "devices.toml"


@dataclass(frozen=True)
class Device:
    kind: DeviceKind
    name: str
    line: str  # "Home", "Office", "Home and Office", or "" (Other)
    source: str
    checked: date | None
    verified: bool


def parse_catalogue(text: str) -> tuple[Device, ...]:
    """The devices of a catalogue document (TOML), in order; ValueError when it and ``DeviceKind`` disagree."""
    raw = tomllib.loads(text)
    devices = tuple(
        Device(
            kind=DeviceKind(str(entry["kind"])),  # ValueError names a kind the database would not store
            name=str(entry["name"]),
            line=str(entry.get("line", "")),
            source=str(entry.get("source", "")),
            checked=entry.get("checked"),
            verified=bool(entry.get("verified", False)),
        )
        for entry in raw.get("device", ())
    )
    kinds = [device.kind for device in devices]
    if len(set(kinds)) != len(kinds):
        raise ValueError("The device catalogue lists a device twice.")
    missing = set(DeviceKind) - set(kinds)
    if missing:
        raise ValueError(f"The device catalogue lacks {', '.join(sorted(missing))}.")
    return devices


@cache
def catalogue(path: Path = CATALOGUE_PATH) -> tuple[Device, ...]:
    """The catalogue shipped with the app (read once per process)."""
    return parse_catalogue(path.read_text(encoding="utf-8"))


def device_kinds() -> tuple[str, ...]:
    """The stored values, in the order the form offers them."""
    return tuple(device.kind.value for device in catalogue())


def device_name(kind: str) -> str:
    """How the form names a stored kind ("Ooma Linx (wireless phone jack)"); the value itself if unknown."""
    return next((device.name for device in catalogue() if device.kind.value == kind), kind)
