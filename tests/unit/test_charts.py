"""Chart builders: the data each chart draws (rows per item, balance per day, projection), not pixels."""

from datetime import date, timedelta

import altair as alt
import pyarrow as pa
import pytest

from ooma_cancel.charts import (
    ACTUAL,
    PROJECTED,
    balance_chart,
    balance_spec,
    days_remaining_chart,
    days_remaining_spec,
    display_spec,
)
from ooma_cancel.equipment import chart_rows, view_item
from ooma_cancel.ledger import balance_by_day, for_display, projection
from ooma_cancel.models import EquipmentItem

TODAY = date(2026, 12, 20)


def rows_for(count: int) -> list[dict[str, object]]:
    items = [
        EquipmentItem(
            id=i,
            case_id=1,
            kind="Desk phone",
            serial=f"DP{i:03d}",
            return_required=True,
            non_return_fee_cents=5999,
            return_window_days=i * 2,
        )
        for i in range(1, count + 1)
    ]
    views = [
        view_item(item, default_window_days=30, end_on=TODAY - timedelta(days=5), today=TODAY)
        for item in items
    ]
    return chart_rows(views)


@pytest.mark.parametrize("count", [1, 20])
def test_days_remaining_has_one_bar_per_item_and_grows_with_them(count):
    chart = days_remaining_chart(rows_for(count))
    assert isinstance(chart, alt.LayerChart)
    bars = chart.layer[0]
    data = bars.data
    assert len(data) == count
    assert data["item"].is_unique  # twenty alike phones still get twenty bars
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["height"] == {"step": 26}  # every bar as tall with 1 item as with 20
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "Overdue",
        "Under 7 days",
        "7 days or more",
    ]
    assert any(layer["mark"]["type"] == "rule" for layer in spec["layer"])  # the zero line
    tooltips = [t["field"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    assert "deadline" in tooltips


def test_days_remaining_colours_by_urgency():
    data = days_remaining_chart(rows_for(20)).layer[0].data
    by_item = dict(zip(data["item"], zip(data["days_left"], data["urgency"], strict=True), strict=True))
    # Window 2i days from an end date 5 days ago: item 1 is 3 days overdue, item 5 has 5 days, item 20 has 35.
    assert by_item["#1 Desk phone · DP001"] == (-3, "Overdue")
    assert by_item["#5 Desk phone · DP005"] == (5, "Under 7 days")
    assert by_item["#20 Desk phone · DP020"] == (35, "7 days or more")
    assert list(data["days_left"]) == sorted(data["days_left"])  # most urgent on top
    assert data.loc[data["item"] == "#1 Desk phone · DP001", "deadline"].item() == "Dec 17, 2026"


def test_balance_chart_has_a_point_per_day_and_a_projection():
    daily = [(date(2026, 12, 1), 1451), (date(2026, 12, 5), -1451), (date(2026, 12, 6), 37)]
    history = balance_by_day(daily)
    ahead = projection(balance_cents=37, today=TODAY, monthly_cents=2341, billing_day=1, months=2)
    chart = balance_chart(history, ahead, today=TODAY)
    data = chart.layer[0].data
    actual = data[data["series"] == ACTUAL]
    assert list(zip(actual["day"], actual["cents"], strict=True)) == [
        ("2026-12-01", 1451),
        ("2026-12-05", 0),
        ("2026-12-06", 37),
    ]
    assert list(actual["amount"]) == ["$14.51", "$0.00", "$0.37"]
    projected = data[data["series"] == PROJECTED]
    assert list(zip(projected["day"], projected["cents"], strict=True)) == [
        ("2026-12-20", 37),
        ("2027-01-01", 2378),
        ("2027-02-01", 4719),
    ]
    spec = chart.to_dict()
    line = spec["layer"][0]
    assert line["mark"]["interpolate"] == "step-after"
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]  # projection dashed
    today_layer = spec["layer"][2]
    assert today_layer["mark"]["type"] == "rule"


def test_ten_years_of_daily_entries_are_thinned_for_display_but_all_counted():
    start = date(2016, 12, 20)
    daily = [(start + timedelta(days=i), 3 + i % 50) for i in range(3653)]
    history = for_display(balance_by_day(daily), max_points=600)
    chart = balance_chart(history, [(TODAY, history[-1][1])], today=TODAY)
    actual = chart.layer[0].data.query("series == @ACTUAL")
    assert 500 <= len(actual) <= 600  # one point a week
    assert actual["cents"].iloc[-1] == sum(cents for _, cents in daily)


def test_display_spec_carries_the_data_as_arrow():
    spec = display_spec(days_remaining_chart(rows_for(3)))
    blobs = [value for value in spec["datasets"].values() if isinstance(value, bytes)]
    tables = [pa.ipc.open_stream(blob).read_all() for blob in blobs]
    assert any(table.num_rows == 3 and "days_left" in table.column_names for table in tables)


def _arrow_rows(spec: dict) -> list[list[dict]]:
    """Each dataset of a display spec as rows, whatever it is named, in a stable order."""
    tables = []
    for value in spec["datasets"].values():
        rows = pa.ipc.open_stream(value).read_all().to_pylist() if isinstance(value, bytes) else value
        tables.append(rows)
    return sorted(tables, key=repr)


def _without_data(spec: dict) -> list[dict]:
    return [{key: value for key, value in layer.items() if key != "data"} for layer in spec["layer"]]


@pytest.mark.parametrize("days", [1, 40])
def test_balance_spec_is_the_balance_chart_with_the_same_data(days):
    daily = [(date(2026, 11, 1) + timedelta(days=i), 100 + i) for i in range(days)]
    history = balance_by_day(daily)
    ahead = projection(balance_cents=history[-1][1], today=TODAY, monthly_cents=2341, billing_day=1, months=2)
    built = display_spec(balance_chart(history, ahead, today=TODAY))
    for _ in range(2):  # the second comes from the per-process template and must not carry the first's data
        fast = balance_spec(history, ahead, today=TODAY)
        assert _without_data(fast) == _without_data(built)
        assert _arrow_rows(fast) == _arrow_rows(built)
        assert {key: value for key, value in fast.items() if key not in ("datasets", "layer")} == {
            key: value for key, value in built.items() if key not in ("datasets", "layer")
        }
    other = balance_spec(history[:1], [], today=TODAY)
    cents = [row["cents"] for rows in _arrow_rows(other) for row in rows if "cents" in row]
    assert cents == [history[0][1]]


@pytest.mark.parametrize("count", [1, 20])
def test_days_remaining_spec_is_the_chart_with_the_same_bars_in_the_same_order(count):
    rows = rows_for(count)
    built = display_spec(days_remaining_chart(rows))
    for reordered in (rows, rows[::-1]):  # a second call from the template keeps nothing of the first
        fast = days_remaining_spec(reordered)
        expected = display_spec(days_remaining_chart(reordered))
        assert _without_data(fast) == _without_data(expected)
        assert _arrow_rows(fast) == _arrow_rows(expected)
    assert fast["layer"][0]["encoding"]["y"]["sort"][0] == rows[-1]["item"]  # the reversed order is drawn
    assert {
        key: value for key, value in days_remaining_spec(rows).items() if key not in ("datasets", "layer")
    } == {key: value for key, value in built.items() if key not in ("datasets", "layer")}
