"""Every chart is followed by its one-sentence summary and a "Show as table" control holding the chart's rows."""

import json
import re
from datetime import date, timedelta

import pyarrow as pa

from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.chart_text import BALANCE, BY_CATEGORY, DAYS_LEFT, OVER_TIME
from ooma_cancel.db import unit_of_work
from ooma_cancel.equipment import ItemData
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.equipment import add_item
from ooma_cancel.ui.charts import SHOW_AS_TABLE, table_key


def chart_rows(chart) -> list[dict]:
    """The rows a chart was drawn from, read back from the datasets the page sent to the browser."""
    found = [pa.ipc.open_stream(dataset.data.data).read_all().to_pylist() for dataset in chart.proto.datasets]
    if chart.proto.data.data:  # a top-level {"data": {"values": [...]}}, sent as Arrow too
        found.append(pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist())

    def inline(node: object) -> None:  # rows written into the spec itself ({"data": {"values": [...]}})
        if isinstance(node, dict):
            if isinstance(node.get("values"), list):
                found.append(node["values"])
            for value in node.values():
                inline(value)
        elif isinstance(node, list):
            for value in node:
                inline(value)

    inline(json.loads(chart.proto.spec))
    return max(found, key=len)


def shown(markdown: object) -> str:
    """Escaped Markdown as the person reads it (backslash escapes and invisible word joiners gone)."""
    return re.sub(r"\\(.)", r"\1", str(markdown)).replace("\u2060", "")


def charts_with_text(at) -> list[tuple[object, str, list[dict]]]:
    """Each chart on the page with what follows it: the next element's text and the table in the one after.

    The table is drawn only once its "Show as table" control is open: every chart's control is opened first,
    as a person clicking it would.
    """
    for name in (DAYS_LEFT, BALANCE, BY_CATEGORY, OVER_TIME):
        at.session_state[table_key(name)] = True
    at.run()
    found = []

    def walk(block) -> None:
        children = [block.children[index] for index in sorted(block.children)]
        for position, child in enumerate(children):
            if getattr(child, "type", None) == "vega_lite_chart":
                summary, control = children[position + 1], children[position + 2]
                assert summary.type == "markdown"
                assert control.type == "expander"
                assert control.label == SHOW_AS_TABLE
                table = control.children[0]
                assert table.type == "table"
                rows = [{k: shown(v) for k, v in row.items()} for row in table.value.to_dict("records")]
                found.append((child, shown(summary.value), rows))
            elif hasattr(child, "children"):
                walk(child)

    walk(at.main)
    return found


def router(*, window_days: int) -> ItemData:
    return ItemData(
        kind="Base Station",
        serial="RT-42",
        leased=True,
        return_required=True,
        non_return_fee_cents=4900,
        return_window_days=window_days,
        label_received=False,
        shipped_on=None,
        carrier="",
        tracking_number="",
        delivered_on=None,
        proof_note="",
    )


def open_page(app, path):
    at = app().run()
    at.switch_page(path).run()
    assert not at.exception
    return at


def test_the_days_left_chart_says_which_device_is_due_first_and_lists_every_device(app, demo_case, engine):
    at = open_page(app, "views/equipment_return.py")
    [(chart, summary, table)] = charts_with_text(at)
    [drawn] = chart_rows(chart)
    assert summary == str(
        f"1 device to return; {drawn['item']} is due in {drawn['days_left']} days (by {drawn['deadline']})."
    )
    with unit_of_work(engine) as session:  # a second device with a shorter window goes back first
        add_item(session=session, owner=LOCAL_OWNER, case_id=demo_case, data=router(window_days=5))
    at = open_page(app, "views/equipment_return.py")
    [(chart, summary, table)] = charts_with_text(at)
    drawn = chart_rows(chart)
    assert len(drawn) == 2
    first = min(drawn, key=lambda row: row["days_left"])
    assert first["item"].endswith("Base Station · RT-42")
    assert summary.startswith("2 devices to return; ")
    assert str(f"{first['item']} is due in {first['days_left']} days") in summary
    assert summary.endswith("the first of them.")
    assert [row["Device"] for row in table] == [str(row["item"]) for row in drawn]
    assert [row["Days left"] for row in table] == [str(row["days_left"]) for row in drawn]


def test_the_balance_chart_says_where_the_balance_is_and_lists_its_points(app, demo_case):
    at = open_page(app, "views/balance.py")
    [(chart, summary, table)] = charts_with_text(at)
    drawn = chart_rows(chart)
    owed = next(m.value for m in at.metric if m.label == "Balance")
    assert "today" in summary
    assert str(f"to {owed} owed today") in summary
    assert "if the service is not cancelled it reaches" in summary
    assert [(row["Date"], row["Balance"]) for row in table] == [
        (str(row["date"]), str(row["amount"])) for row in drawn
    ]


def test_the_bill_charts_say_what_is_disputed_and_list_their_rows(app, demo_case):
    at = open_page(app, "views/final_bill.py")
    bill = sample_bill_csv(date.today() + timedelta(days=3))  # the sample case's confirmed end date
    at.file_uploader(key="bill.upload").upload("final.csv", bill, "text/csv").run()
    at.button(key="bill.run").click().run()
    assert not at.exception
    (by_category, by_category_text, by_category_table), (daily, daily_text, daily_table) = charts_with_text(
        at
    )
    disputed = next(m.value for m in at.metric if m.label == "Disputed")
    assert str(f"{disputed} disputed") in by_category_text
    drawn = chart_rows(by_category)
    assert {row["Category"] for row in by_category_table} == {str(r["category"]) for r in drawn}
    assert "after the end date (" in daily_text
    days = {row["day"] for row in chart_rows(daily)}
    assert len(daily_table) == len(days)
