"""Each chart's text alternative: one sentence that says what it shows, and the same data as table rows.

A screen reader gets nothing from a drawn chart, and a person who cannot tell red from green gets less; the
pages put this sentence under every chart and the rows behind a "Show as table" control. Plain data in, plain
text out (amounts stay integer cents until they are written as dollars).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ooma_cancel.money import format_dollars

__all__ = [
    "ChartText",
    "balance_text",
    "charges_by_category_text",
    "charges_over_time_text",
    "days_remaining_text",
    "due_phrase",
    "plural",
]

DAYS_LEFT = "Days left to return each device"
BALANCE = "Balance over time"
BY_CATEGORY = "Charges by category"
OVER_TIME = "Charges over time"
# The balance chart's two lines, as its legend and "Show as table" name them.
BALANCE_SERIES = "Balance"
PROJECTION_SERIES = "If not cancelled (projection)"


@dataclass(frozen=True)
class ChartText:
    """A chart's name, its summary sentence and its rows (column name → value, all shown as written)."""

    name: str
    summary: str
    rows: list[dict[str, str]] = field(default_factory=list)


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 device``, ``2 devices``, ``1,200 entries`` (``many`` when adding an s is wrong)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def due_phrase(days_left: int) -> str:
    """``is due in 33 days``, ``is due tomorrow``, ``is due today``, ``is 3 days overdue``."""
    if days_left == 0:
        return "is due today"
    if days_left == 1:
        return "is due tomorrow"
    if days_left > 0:
        return f"is due in {plural(days_left, 'day')}"
    return f"is {plural(-days_left, 'day')} overdue"


def _day(day: date) -> str:
    return f"{day:%b %-d, %Y}"


def days_remaining_text(rows: Sequence[Mapping[str, Any]]) -> ChartText:
    """The days-remaining chart: how many devices go back and which is due first.

    ``rows`` are ``equipment.chart_rows`` (most urgent first): "2 devices to return; #1 Desk phone is due in
    33 days, the first of them."
    """
    if not rows:
        return ChartText(DAYS_LEFT, "No device is waiting to go back.")
    first = rows[0]
    count = plural(len(rows), "device")
    when = due_phrase(int(first["days_left"]))
    tail = ", the first of them" if len(rows) > 1 else ""
    overdue = sum(1 for row in rows if int(row["days_left"]) < 0)
    late = f" ({overdue:,} overdue)" if overdue and len(rows) > 1 else ""
    return ChartText(
        DAYS_LEFT,
        f"{count} to return{late}; {first['item']} {when} (by {first['deadline']}){tail}.",
        [
            {
                "Device": str(row["item"]),
                "Must arrive by": str(row["deadline"]),
                "Days left": str(row["days_left"]),
                "Urgency": str(row["urgency"]),
                "Status": str(row["status"]),
                "Fee if not returned": str(row["fee"]),
            }
            for row in rows
        ],
    )


def _balance_words(cents: int) -> str:
    if cents > 0:
        return f"{format_dollars(cents)} owed"
    if cents < 0:
        return f"{format_dollars(-cents)} in credit"
    return "nothing owed"


def balance_text(
    history: Sequence[tuple[date, int]], projection: Sequence[tuple[date, int]], *, today: date
) -> ChartText:
    """The balance chart: where the balance started, where it is today, and where it goes if not cancelled."""
    if not history:
        return ChartText(BALANCE, "No entries yet, so there is no balance to draw.")
    (start_on, start), (_, now) = history[0], history[-1]
    sentence = (
        f"The balance went from {_balance_words(start)} on {_day(start_on)} to {_balance_words(now)} today"
    )
    if projection and projection[-1][1] != now:
        end_on, ahead = projection[-1]
        sentence += f"; if the service is not cancelled it reaches {_balance_words(ahead)} by {_day(end_on)}"
    rows = [
        {"Date": _day(day), "Balance": format_dollars(cents), "Series": BALANCE_SERIES}
        for day, cents in history
    ] + [
        {"Date": _day(day), "Balance": format_dollars(cents), "Series": PROJECTION_SERIES}
        for day, cents in projection
    ]
    return ChartText(BALANCE, sentence + ".", rows)


def charges_by_category_text(totals: Sequence[tuple[str, int, int]]) -> ChartText:
    """The charges-by-category chart: what was charged, how much is disputed and where most of it is."""
    charged = sum(total for _, total, _ in totals)
    disputed = sum(part for _, _, part in totals)
    sentence = f"{format_dollars(charged)} charged in {plural(len(totals), 'category', 'categories')}; "
    if disputed:
        category, _, most = max(totals, key=lambda row: (row[2], row[0]))
        # The bill's own name for the category, quoted: it may be a phrase ("No category on the bill").
        sentence += (
            f"{format_dollars(disputed)} disputed, most of it in “{category}” ({format_dollars(most)})."
        )
    else:
        sentence += "nothing disputed."
    rows = [
        {
            "Category": category,
            "Charged": format_dollars(total),
            "Disputed": format_dollars(part),
            "Not disputed": format_dollars(total - part),
        }
        for category, total, part in sorted(totals, key=lambda row: (-row[1], row[0]))
    ]
    return ChartText(BY_CATEGORY, sentence, rows)


def charges_over_time_text(daily: Sequence[tuple[date, int, int]], end_date: date) -> ChartText:
    """The charges-over-time chart: the days charged, and what was charged after the end date."""
    if not daily:
        return ChartText(OVER_TIME, "No dated charges on this bill.")
    days = sorted(daily)
    charged = sum(total for _, total, _ in days)
    disputed = sum(part for _, _, part in days)
    after = sum(total for day, total, _ in days if day > end_date)
    first, last = days[0][0], days[-1][0]
    when = (
        f"on {_day(first)}"
        if first == last
        else f"on {plural(len(days), 'day')} from {_day(first)} to {_day(last)}"
    )
    sentence = (
        f"{format_dollars(charged)} charged {when}; {format_dollars(after)} of it after the end date "
        f"({_day(end_date)}), {format_dollars(disputed)} disputed in all."
    )
    rows = [
        {
            "Date": _day(day),
            "Charged": format_dollars(total),
            "Disputed": format_dollars(part),
            "After the end date": "yes" if day > end_date else "no",
        }
        for day, total, part in days
    ]
    return ChartText(OVER_TIME, sentence, rows)
