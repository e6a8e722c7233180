"""Equipment return: carriers from real tracking numbers, deadlines, status per item, and what is refused."""

from datetime import date

import pytest
from sqlmodel import Session

from ooma_cancel.db import unit_of_work
from ooma_cancel.end_date import EndDateData
from ooma_cancel.equipment import (
    ItemForm,
    ItemStatus,
    Urgency,
    chart_rows,
    fee_at_risk,
    item_deadline,
    item_status,
    normalise_tracking,
    ownership_hint,
    recognise_carrier,
    tracking_url,
    urgency,
    validate_item,
    view_item,
)
from ooma_cancel.models import EquipmentItem
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.end_date import save_end_date
from ooma_cancel.store.equipment import add_item, equipment_overview, mark_delivered, update_item
from ooma_cancel.store.events import list_events
from ooma_cancel.store.overrides import set_override

TODAY = date(2026, 12, 20)


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("1Z999AA10123456784", "UPS"),  # UPS's own example number
        ("1z12345e0205271688", "UPS"),  # typed in lower case
        ("9400111899223344556677", "USPS"),  # Priority Mail, 22 digits from 94
        ("9205590164917312751089", "USPS"),  # 22 digits from 92
        ("70191640000123456789", "USPS"),  # certified mail, 20 digits from 7
        ("EC123456789US", "USPS"),  # international
        ("123456789012", "FedEx"),  # Express, 12 digits
        ("020207021381215", "FedEx"),  # Ground, 15 digits
        ("61299995669352455464", "FedEx"),  # 20 digits not from 7 or 91-95
        ("9612019059803563050071", "FedEx"),  # Ground 96 barcode, 22 digits
        ("JJD0099999999", "other"),
        ("12345", "other"),
    ],
)
def test_the_carrier_is_recognised_from_the_tracking_number(number, carrier):
    assert recognise_carrier(number) == carrier


def test_each_carrier_links_to_its_own_tracking_page():
    assert (
        tracking_url("UPS", "1Z999AA10123456784") == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    )
    assert tracking_url("USPS", "9400111899223344556677").startswith("https://tools.usps.com/")
    assert tracking_url("FedEx", "123456789012") == "https://www.fedex.com/fedextrack/?trknbr=123456789012"
    assert tracking_url("other", "JJD0099999999") is None
    assert tracking_url("UPS", "") is None


def test_grouped_numbers_from_a_label_are_joined_but_other_spaces_are_refused():
    assert normalise_tracking(" 9400 1118 9922 3344 5566 77 ") == "9400111899223344556677"
    assert normalise_tracking("1z 999 aa1 01 2345 678 4") == "1Z999AA10123456784"
    assert normalise_tracking("") == ""
    with pytest.raises(ValueError, match="has spaces"):
        normalise_tracking("ABC 12345")
    with pytest.raises(ValueError, match="only letters and digits"):
        normalise_tracking("1Z999AA1/0123")
    with pytest.raises(ValueError, match="8 to 60"):
        normalise_tracking("12345")


def test_the_deadline_crosses_a_month_and_a_year_end():
    assert item_deadline(date(2026, 12, 15), 30) == date(2027, 1, 14)
    assert item_deadline(date(2027, 1, 31), 30) == date(2027, 3, 2)  # February has 28 days in 2027
    assert item_deadline(None, 30) is None


def status(**kwargs):
    values = {
        "return_required": True,
        "shipped_on": None,
        "delivered_on": None,
        "deadline": None,
        "today": TODAY,
    }
    return item_status(**{**values, **kwargs})


def test_status_of_an_item_through_its_return():
    deadline = date(2027, 1, 14)
    assert status(return_required=False) is ItemStatus.NOT_REQUIRED
    assert status(deadline=deadline) is ItemStatus.TO_SHIP
    assert status(deadline=deadline, shipped_on=date(2026, 12, 18)) is ItemStatus.IN_TRANSIT
    assert (
        status(deadline=deadline, shipped_on=date(2026, 12, 18), delivered_on=TODAY) is ItemStatus.DELIVERED
    )
    # Shipped but not arrived by the deadline: it must *reach* Ooma, so it is overdue.
    assert status(deadline=date(2026, 12, 19), shipped_on=date(2026, 12, 10)) is ItemStatus.OVERDUE
    assert status(deadline=TODAY) is ItemStatus.TO_SHIP  # the deadline day itself still counts


def test_an_end_date_changed_after_shipping_moves_the_deadline_and_the_status():
    item = EquipmentItem(
        id=1, case_id=1, kind="Desk phone", return_required=True, shipped_on=date(2026, 11, 28), carrier="UPS"
    )
    on_time = view_item(item, default_window_days=30, end_on=date(2026, 12, 15), today=TODAY)
    assert (on_time.deadline, on_time.status, on_time.days_left) == (
        date(2027, 1, 14),
        ItemStatus.IN_TRANSIT,
        25,
    )
    earlier = view_item(item, default_window_days=30, end_on=date(2026, 11, 1), today=TODAY)
    assert (earlier.deadline, earlier.status, earlier.days_left) == (
        date(2026, 12, 1),
        ItemStatus.OVERDUE,
        -19,
    )
    own_window = view_item(
        item.model_copy(update={"return_window_days": 60}),
        default_window_days=30,
        end_on=date(2026, 11, 1),
        today=TODAY,
    )
    assert own_window.deadline == date(2026, 12, 31)


def test_urgency_bands():
    assert [urgency(d) for d in (-1, 0, 6, 7, 40)] == [
        Urgency.OVERDUE,
        Urgency.SOON,
        Urgency.SOON,
        Urgency.FINE,
        Urgency.FINE,
    ]


def test_fees_at_risk_count_only_items_that_must_still_reach_ooma():
    end = date(2026, 12, 1)
    items = [
        EquipmentItem(id=1, case_id=1, kind="Telo", non_return_fee_cents=9999),  # bought: stays
        EquipmentItem(id=2, case_id=1, kind="Desk phone", return_required=True, non_return_fee_cents=5999),
        EquipmentItem(
            id=3,
            case_id=1,
            kind="Base Station",
            return_required=True,
            non_return_fee_cents=4000,
            shipped_on=date(2026, 12, 2),
            delivered_on=date(2026, 12, 5),
        ),
    ]
    views = [view_item(i, default_window_days=30, end_on=end, today=TODAY) for i in items]
    assert fee_at_risk(views) == 5999
    rows = chart_rows(views)
    assert [row["item"] for row in rows] == ["#2 Desk phone"]
    assert rows[0]["deadline"] == "Dec 31, 2026"
    assert rows[0]["days_left"] == 11


def form(**kwargs):
    return ItemForm(**{"kind": "Desk phone", "return_required": True, **kwargs})


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"fee": "-5"}, "fee", "without a minus sign"),
        ({"fee": "abc"}, "fee", "not an amount"),
        ({"fee": "25000"}, "fee", "not plausible"),
        (
            {"shipped_on": date(2026, 12, 10), "delivered_on": date(2026, 12, 9)},
            "delivered_on",
            "before it was shipped",
        ),
        ({"delivered_on": date(2026, 12, 9)}, "delivered_on", "date you shipped"),
        ({"shipped_on": date(2026, 12, 21)}, "shipped_on", "in the future"),
        ({"tracking_number": "123 456 abc"}, "tracking_number", "has spaces"),
        ({"window_days": 0}, "window_days", "1 to 365"),
        ({"kind": "Fax machine"}, "kind", "from the list"),
    ],
)
def test_bad_input_is_refused_with_a_message(fields, field, message):
    data, errors = validate_item(form(**fields), today=TODAY)
    assert data is None
    assert message in errors[field]


def test_a_valid_item_is_cleaned_and_its_carrier_recognised():
    data, errors = validate_item(
        form(
            serial="  DP1-5567 ",
            fee="$59.99",
            shipped_on=date(2026, 12, 18),
            tracking_number="1z999aa10123456784",
        ),
        today=TODAY,
    )
    assert errors == {}
    assert (data.serial, data.non_return_fee_cents, data.carrier, data.tracking_number) == (
        "DP1-5567",
        5999,
        "UPS",
        "1Z999AA10123456784",
    )


def test_hints_for_unusual_answers():
    assert "normally yours to keep" in ownership_hint("Telo", leased=False, return_required=True)
    assert "usually have to go back" in ownership_hint("Desk phone", leased=True, return_required=False)
    assert ownership_hint("Desk phone", leased=True, return_required=True) is None


def test_store_uses_the_persons_window_override_and_records_every_change(engine):
    data, _ = validate_item(form(fee="59.99"), today=TODAY)
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save_end_date(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            data=EndDateData(confirmed_on=date(2026, 12, 15), source="e-mail", gap_plan="", billing_day=None),
        )
        item_id = add_item(session=session, owner=LOCAL_OWNER, case_id=case_id, data=data).id
    with Session(engine) as session:
        overview = equipment_overview(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    assert (overview.window_days, overview.window_label) == (30, "verify with Ooma")
    assert overview.views[0].deadline == date(2027, 1, 14)

    with unit_of_work(engine) as session:
        set_override(
            session=session, owner=LOCAL_OWNER, case_id=case_id, key="return_window_days", value="45"
        )
        shipped, _ = validate_item(
            form(fee="59.99", shipped_on=TODAY, tracking_number="123456789012"), today=TODAY
        )
        update_item(session=session, owner=LOCAL_OWNER, case_id=case_id, item_id=item_id, data=shipped)
    with Session(engine) as session:
        overview = equipment_overview(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    assert (overview.window_days, overview.window_label) == (45, "your value")
    assert overview.views[0].deadline == date(2027, 1, 29)
    assert overview.views[0].status is ItemStatus.IN_TRANSIT

    with pytest.raises(ValueError, match="before it was shipped"), unit_of_work(engine) as session:
        mark_delivered(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            item_id=item_id,
            delivered_on=date(2026, 12, 1),
            today=TODAY,
        )
    with unit_of_work(engine) as session:
        mark_delivered(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            item_id=item_id,
            delivered_on=TODAY,
            today=TODAY,
        )
    with Session(engine) as session:
        summaries = [
            e.summary
            for e in list_events(session=session, owner=LOCAL_OWNER, case_id=case_id, stage="equipment")
        ]
    assert summaries == [
        "Desk phone #1 delivered to Ooma on Dec 20, 2026.",
        "Desk phone #1 shipped with FedEx on Dec 20, 2026.",
        "Desk phone #1 added (must be returned).",
    ]


def test_another_owner_cannot_touch_the_items(engine):
    data, _ = validate_item(form(), today=TODAY)
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
    with pytest.raises(LookupError), unit_of_work(engine) as session:
        add_item(session=session, owner="someone else", case_id=case_id, data=data)
