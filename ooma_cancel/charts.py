"""Altair chart builders: plain data in, ``alt.Chart`` out. Money stays integer cents; axes format it."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from datetime import date

import altair as alt
import pandas as pd
import pyarrow as pa

from ooma_cancel.chart_text import BALANCE_SERIES, PROJECTION_SERIES
from ooma_cancel.equipment import Urgency
from ooma_cancel.money import format_dollars

URGENCY_COLOURS = {
    Urgency.OVERDUE.value: "#d62728",
    Urgency.SOON.value: "#ff9f1c",
    Urgency.FINE.value: "#2ca02c",
}
ROW_PX = 26
DOLLARS_AXIS = "format(datum.value / 100, '$,.0f')"
ACTUAL = BALANCE_SERIES
PROJECTED = PROJECTION_SERIES


DAYS_COLUMNS = ["item", "days_left", "urgency", "deadline", "status", "fee"]
DAYS_DATA = "days_left_per_item"


def days_remaining_chart(rows: Sequence[Mapping[str, object]]) -> alt.LayerChart | alt.FacetChart:
    """One horizontal bar per item: days left to return it, coloured by urgency, with a zero line.

    ``rows`` come from ``equipment.chart_rows`` (item, days_left, urgency, deadline, status, fee); each bar
    gets the same height, so 1 and 20 items both read well.
    """
    data = pd.DataFrame(list(rows), columns=DAYS_COLUMNS)
    return _days_layers(data, list(data["item"]))


def days_remaining_spec(rows: Sequence[Mapping[str, object]]) -> dict:
    """``display_spec(days_remaining_chart(rows))`` at a fraction of the cost (see :func:`balance_spec`).

    Adding a device rebuilt and validated the whole chart (60–100 ms of CPU with the GIL held); the chart's
    structure never changes, only its rows and the order of the bars, which are filled into a per-process
    template.
    """
    data = pd.DataFrame(list(rows), columns=DAYS_COLUMNS)
    spec = _filled(_days_template(), {DAYS_DATA: data})
    order = list(data["item"])
    for layer in spec["layer"]:
        y = layer.get("encoding", {}).get("y")
        if y is not None and y.get("field") == "item":
            y["sort"] = order
    return spec


@functools.cache
def _days_template() -> dict:
    return _days_layers(alt.NamedData(name=DAYS_DATA), []).to_dict()


def _days_layers(data: pd.DataFrame | alt.NamedData, order: list[str]) -> alt.LayerChart | alt.FacetChart:
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("item:N", title="Item"),
        alt.Tooltip("deadline:N", title="Must arrive by"),
        alt.Tooltip("days_left:Q", title="Days left"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("fee:N", title="Fee if not returned"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadius=2)
        .encode(
            # Padding keeps the label of the longest bar clear of the item names and the edge.
            x=alt.X(
                "days_left:Q", title="Days left to return (negative: overdue)", scale=alt.Scale(padding=24)
            ),
            y=y,
            color=alt.Color(
                "urgency:N",
                title="Urgency",
                scale=alt.Scale(domain=list(URGENCY_COLOURS), range=list(URGENCY_COLOURS.values())),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(data)
        # Labels sit past the end of each bar: right of a positive one, left of an overdue one.
        .mark_text(
            align=alt.expr("datum.days_left < 0 ? 'right' : 'left'"),
            dx=alt.expr("datum.days_left < 0 ? -4 : 4"),
            fontSize=11,
        )
        .encode(x=alt.X("days_left:Q"), y=y, text=alt.Text("days_left:Q"), tooltip=tooltip)
    )
    zero = (
        alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color="#444", strokeWidth=1.5).encode(x="zero:Q")
    )
    # A height per bar (a "step"): Streamlit squeezes a fixed height, legend and axis included, to nothing.
    return alt.layer(bars, labels, zero).properties(height=alt.Step(ROW_PX), width="container")


def balance_frame(
    history: Sequence[tuple[date, int]], projection: Sequence[tuple[date, int]]
) -> pd.DataFrame:
    """The balance chart's data: one row per point of each series, amounts in cents and as text."""
    return pd.DataFrame(_balance_columns(history, projection))


def _balance_columns(
    history: Sequence[tuple[date, int]], projection: Sequence[tuple[date, int]]
) -> dict[str, list[object]]:
    points = [
        (series, day, cents)
        for series, line in ((ACTUAL, history), (PROJECTED, projection))
        for day, cents in line
    ]
    return {
        "day": [day.isoformat() for _, day, _ in points],
        "date": [f"{day:%b %-d, %Y}" for _, day, _ in points],
        "cents": [cents for _, _, cents in points],
        "amount": [format_dollars(cents) for _, _, cents in points],
        "series": [series for series, _, _ in points],
    }


def balance_chart(
    history: Sequence[tuple[date, int]], projection: Sequence[tuple[date, int]], *, today: date
) -> alt.LayerChart | alt.FacetChart:
    """The running balance as a step line, today marked, and a dashed projection if service went on."""
    return _balance_layers(balance_frame(history, projection), _today_frame(today))


def balance_spec(
    history: Sequence[tuple[date, int]], projection: Sequence[tuple[date, int]], *, today: date
) -> dict:
    """``display_spec(balance_chart(...))`` at a fraction of the cost: the same chart, its datasets as Arrow.

    Building an Altair chart and validating its spec takes tens of milliseconds of CPU (with the GIL held,
    so every visitor's page waits), and the balance page rebuilds its chart after every saved entry. The
    chart's structure never changes, only its data: the spec is built once per process over named datasets,
    and each call fills them in.
    """
    # Straight to Arrow, without a pandas frame on the way (a third of this function's time).
    return _filled(
        _balance_template(),
        {
            BALANCE_DATA: pa.table(_balance_columns(history, projection)),
            TODAY_DATA: pa.table(_today_columns(today)),
        },
    )


def _filled(template: dict, datasets: dict[str, pd.DataFrame | pa.Table]) -> dict:
    """A copy of a per-process chart template over named datasets, with this call's data as Arrow bytes."""
    spec = copy.deepcopy(template)
    spec["datasets"] = {**spec.get("datasets", {}), **{name: _arrow(data) for name, data in datasets.items()}}
    return spec


BALANCE_DATA = "balance_points"
TODAY_DATA = "today_marker"


@functools.cache
def _balance_template() -> dict:
    return _balance_layers(alt.NamedData(name=BALANCE_DATA), alt.NamedData(name=TODAY_DATA)).to_dict()


def _today_frame(today: date) -> pd.DataFrame:
    return pd.DataFrame(_today_columns(today))


def _today_columns(today: date) -> dict[str, list[str]]:
    return {"day": [today.isoformat()], "label": ["Today"]}


def _balance_layers(
    data: pd.DataFrame | alt.NamedData, marker_data: pd.DataFrame | alt.NamedData
) -> alt.LayerChart | alt.FacetChart:
    x = alt.X("day:T", title=None, scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y"))
    lines = (
        alt.Chart(data)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("cents:Q", title="Balance owed", axis=alt.Axis(labelExpr=DOLLARS_AXIS)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[ACTUAL, PROJECTED], range=["#1f77b4", "#d62728"]),
                legend=alt.Legend(orient="top", labelLimit=320),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=[ACTUAL, PROJECTED], range=[[1, 0], [6, 4]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("amount:N", title="Balance"),
                alt.Tooltip("series:N", title="Series"),
            ],
        )
    )
    marker = alt.Chart(marker_data)
    today_rule = marker.mark_rule(color="#666", strokeDash=[2, 2]).encode(
        x=alt.X("day:T", scale=alt.Scale(type="utc"))
    )
    today_text = marker.mark_text(align="left", dx=4, dy=-6, color="#666").encode(
        x=alt.X("day:T", scale=alt.Scale(type="utc")), y=alt.value(0), text="label:N"
    )
    zero = alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color="#999").encode(y="zero:Q")
    return alt.layer(lines, zero, today_rule, today_text).properties(height=320, width="container")


def _arrow(table: pd.DataFrame | pa.Table | list[dict]) -> bytes:
    """A dataset as Arrow IPC bytes, which Streamlit passes to the browser as they are."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    elif isinstance(table, list):
        table = pa.Table.from_pylist(table)
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def display_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's validated Vega-Lite spec with each dataset already as Arrow IPC bytes.

    Streamlit passes datasets that are bytes straight through but converts lists of rows on every rerun; a
    cached spec in this form makes a rerun of a page with a 600-point chart cost next to nothing.
    """
    spec = chart.to_dict()
    for name, rows in spec.get("datasets", {}).items():
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            spec["datasets"][name] = _arrow(rows)
    return spec
