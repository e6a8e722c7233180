"""Equipment return, driven like a person: see what goes back, add a device, ship it, mark it delivered."""

from datetime import date, timedelta

import pyarrow as pa
from sqlmodel import Session, func, select

from ooma_cancel.models import EquipmentItem
from tests.tables import table_rows

PAGE = "views/equipment_return.py"


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def chart_rows(at) -> list[dict]:
    """The rows the days-remaining chart draws, read back from what the page sent to the browser."""
    charts = at.get("vega_lite_chart")
    if not charts:
        return []
    tables = [pa.ipc.open_stream(dataset.data.data).read_all() for dataset in charts[0].proto.datasets]
    return next(table.to_pylist() for table in tables if "days_left" in table.column_names)


def table(at, index: int = 0) -> list[dict]:
    return table_rows(at.table[index])


def item_count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(EquipmentItem)).one()


def fill(at, prefix: str, **values) -> None:
    for field, value in values.items():
        key = f"equipment.{prefix}.{field}"
        if field in ("shipped", "delivered"):
            at.date_input(key=key).set_value(value)
        elif field in ("leased", "required", "label"):
            at.checkbox(key=key).check() if value else at.checkbox(key=key).uncheck()
        elif field == "kind":
            at.selectbox(key=key).select(value)
        elif field == "proof":
            at.text_area(key=key).input(value)
        else:
            at.text_input(key=key).input(value)


def test_the_sample_case_shows_what_goes_back_by_when(app, demo_case):
    at = open_page(app)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Devices to return"] == "1"
    assert metrics["Fees at risk"] == "$59.99"
    deadline = date.today() + timedelta(days=33)
    assert metrics["Next deadline"] == f"{deadline:%b %-d, %Y}"
    assert any("verify with Ooma" in c.value for c in at.caption)  # the unverified 30-day window is labelled

    rows = {row["Item"]: row for row in table(at)}
    phone = rows["#2 Desk phone · DP1-5567"]
    assert phone["Status"] == "In transit"
    assert phone["Carrier"] == "UPS"
    assert phone["Track"] == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    assert rows["#1 Telo · 00:18:61:AA:BB:CC"]["Status"] == "Not required"

    assert chart_rows(at) == [
        {
            "item": "#2 Desk phone · DP1-5567",
            "days_left": 33,
            "urgency": "7 days or more",
            "deadline": f"{deadline:%b %-d, %Y}",
            "status": "in transit",
            "fee": "$59.99",
        }
    ]


def test_add_a_device_with_a_grouped_tracking_number_and_mark_it_delivered(app, demo_case, engine):
    at = open_page(app)
    today = date.today()
    fill(
        at,
        "new0",
        kind="Base Station",
        serial="BS-1",
        leased=True,
        required=True,
        fee="49.00",
        shipped=today,
        tracking="9400 1118 9922 3344 5566 77",
    )
    at.button(key="equipment.new0.save").click().run()
    assert not at.exception
    assert not at.error
    rows = {row["Item"]: row for row in table(at)}
    station = rows["#3 Base Station · BS-1"]
    assert (station["Carrier"], station["Tracking number"]) == ("USPS", "9400111899223344556677")
    assert station["Track"].startswith("https://tools.usps.com/")
    assert {row["item"] for row in chart_rows(at)} == {"#2 Desk phone · DP1-5567", "#3 Base Station · BS-1"}
    assert at.text_input(key="equipment.new1.serial").value == ""  # a fresh, empty form for the next device

    at.selectbox(key="equipment.deliver.item").select(3)
    at.button(key="equipment.deliver.save").click().run()
    assert not at.error
    rows = {row["Item"]: row for row in table(at)}
    assert rows["#3 Base Station · BS-1"]["Status"] == "Delivered"
    assert [row["item"] for row in chart_rows(at)] == ["#2 Desk phone · DP1-5567"]
    assert {m.label: m.value for m in at.metric}["Fees at risk"] == "$59.99"


def test_delivered_before_shipped_is_refused_and_nothing_is_saved(app, demo_case, engine):
    at = open_page(app)
    before = item_count(engine)
    today = date.today()
    fill(at, "new0", kind="Desk phone", required=True, shipped=today, delivered=today - timedelta(days=2))
    at.button(key="equipment.new0.save").click().run()
    assert any("before it was shipped" in e.value for e in at.error)
    assert any("Not saved" in e.value for e in at.error)
    assert item_count(engine) == before


def test_bad_fee_and_spaced_tracking_number_are_refused(app, demo_case, engine):
    at = open_page(app)
    before = item_count(engine)
    fill(at, "new0", fee="-20", tracking="ABC 123 45")
    at.button(key="equipment.new0.save").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "minus sign" in errors
    assert "has spaces" in errors
    assert item_count(engine) == before


def test_edit_an_item_when_the_end_date_is_missing(app):
    at = app().run()
    at.text_input[0].input("Home")
    at.button[1].click().run()  # start a case on the overview
    at.switch_page(PAGE).run()
    assert any("No service end date yet" in i.value for i in at.info)
    fill(at, "new0", kind="Telo", required=True)
    at.button(key="equipment.new0.save").click().run()
    assert not at.error
    assert table(at)[0]["Status"] == "To ship"
    assert chart_rows(at) == []  # no deadline without an end date: nothing to count down
    assert any("normally yours to keep" in c.value for c in at.caption)

    at.toggle(key="equipment.edit.open").set_value(True).run()
    at.checkbox(key="equipment.edit1.required").uncheck()
    at.button(key="equipment.edit1.save").click().run()
    assert table(at)[0]["Status"] == "Not required"


def test_a_linx_is_offered_by_its_name_and_saved_as_linx(app, demo_case, engine):
    at = open_page(app)
    model = at.selectbox(key="equipment.new0.kind")
    assert "Ooma Linx (wireless phone jack)" in model.options
    fill(at, "new0", kind="Linx", serial="LX-2040")
    at.button(key="equipment.new0.save").click().run()
    assert not at.error
    with Session(engine) as session:
        saved = session.exec(select(EquipmentItem).where(EquipmentItem.serial == "LX-2040")).one()
    assert saved.kind == "Linx"
    assert any(row["Item"].endswith("Linx · LX-2040") for row in table(at))


def test_editing_a_device_shows_one_device_field(app, demo_case):
    at = open_page(app)
    at.toggle(key="equipment.edit.open").set_value(True).run()
    labels = [box.label for box in at.selectbox]
    assert labels.count("Device") == 1, labels
    editing = at.selectbox(key="equipment.edit.choice")
    assert editing.label == "Device"
    # The device being edited keeps its model (the sample's Telo), under its own label.
    assert at.selectbox(key=f"equipment.edit{editing.value}.kind").value == "Telo"
