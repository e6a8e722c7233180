"""The device catalogue: Ooma's devices with their sources, in step with what the database stores."""

import pytest

from ooma_cancel.devices import catalogue, device_name, parse_catalogue
from ooma_cancel.equipment import KINDS
from ooma_cancel.models import DeviceKind


def test_the_catalogue_lists_every_stored_kind_once_with_a_source():
    kinds = [device.kind for device in catalogue()]
    assert sorted(kinds) == sorted(DeviceKind)
    for device in catalogue():
        if device.kind is not DeviceKind.OTHER:
            assert device.source.startswith("https://"), device
            assert device.checked is not None, device


def test_linx_telo_4g_and_the_hd3_handset_are_offered():
    assert {"Linx", "Telo 4G", "HD3 handset", "Telo Air", "Telo"} <= set(KINDS)
    assert device_name("Linx") == "Ooma Linx (wireless phone jack)"


def test_old_stored_values_still_read():
    for value in ("Telo", "Telo Air", "Base Station", "Desk phone", "Other"):
        assert DeviceKind(value).value == value


def test_a_catalogue_naming_a_kind_the_database_would_not_store_is_refused():
    text = '[[device]]\nkind = "Telo Max"\nname = "x"\n'
    with pytest.raises(ValueError, match="Telo Max"):
        parse_catalogue(text)


def test_a_catalogue_missing_a_stored_kind_is_refused():
    with pytest.raises(ValueError, match="lacks"):
        parse_catalogue('[[device]]\nkind = "Telo"\nname = "Ooma Telo"\n')
