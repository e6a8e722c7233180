"""The dispute periods and complaint places shipped with the app: present, sourced, and checked when read."""

from __future__ import annotations

from datetime import date

import pytest

from ooma_cancel.escalation_facts import FACTS_PATH, PaymentMethod, Place, load_facts, parse_facts


def test_the_shipped_facts_say_what_the_regulations_say() -> None:
    facts = load_facts()
    credit = facts.rule_for(PaymentMethod.CREDIT_CARD)
    bank = facts.rule_for(PaymentMethod.DEBIT_OR_BANK)
    assert credit is not None
    assert bank is not None
    assert (credit.notice_days, credit.acknowledge_days, credit.resolve_days) == (60, 30, 90)
    assert (bank.notice_days, bank.acknowledge_days, bank.resolve_days) == (60, 10, 45)
    assert bank.acknowledge_business_days
    assert not credit.acknowledge_business_days
    assert "1026.13" in credit.label
    assert "1026/13" in credit.source
    assert "1005.11" in bank.label
    assert "1005/11" in bank.source
    assert facts.rule_for(PaymentMethod.PAYPAL) is None
    assert facts.rule_for(None) is None


def test_every_place_is_official_and_every_fact_has_a_source_and_date() -> None:
    facts = load_facts()
    assert set(facts.places) == {place.value for place in Place}
    assert facts.place("fcc").url.startswith("https://consumercomplaints.fcc.gov")
    assert facts.place("cfpb").url == "https://www.consumerfinance.gov/complaint/"
    for item in [*facts.rules.values(), *facts.places.values()]:
        assert item.source.startswith("https://")
        assert date(2026, 1, 1) <= item.checked <= date(2027, 1, 1)


def _without(field: str) -> str:
    text = FACTS_PATH.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith(f"{field} =")]
    return "\n".join(kept)


@pytest.mark.parametrize("field", ["source", "checked", "notice_days", "label"])
def test_a_fact_missing_a_field_is_refused_by_name(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        parse_facts(_without(field))


def test_a_place_that_is_not_https_or_missing_is_refused() -> None:
    text = FACTS_PATH.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="https"):
        parse_facts(text.replace('url = "https://www.bbb.org', 'url = "http://www.bbb.org'))
    with pytest.raises(ValueError, match="missing bbb"):
        parse_facts(text.split("[places.bbb]")[0])


def test_a_period_out_of_range_is_refused() -> None:
    text = FACTS_PATH.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="notice_days"):
        parse_facts(text.replace("notice_days = 60", "notice_days = 0", 1))
