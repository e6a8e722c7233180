"""Charts of an audited bill (Altair): charges by category, and charges over time with the end date marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt


def charges_by_category_chart(totals: Sequence[tuple[str, int, int]]) -> alt.Chart:
    """One bar per category: what was charged, split into disputed and not disputed."""
    rows = []
    for category, charged, disputed in totals:
        rows.append({"category": category, "part": "Disputed", "dollars": disputed / 100})
        rows.append({"category": category, "part": "Not disputed", "dollars": (charged - disputed) / 100})
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("sum(dollars):Q", title="Charged ($)"),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(domain=["Disputed", "Not disputed"], range=["#dc2626", "#94a3b8"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("part:N", title="Charge"),
                alt.Tooltip("sum(dollars):Q", format="$,.2f", title="Amount"),
            ],
        )
        .properties(height=alt.Step(28), title="Charges by category")
    )


def charges_over_time_chart(
    daily: Sequence[tuple[date, int, int]], end_date: date
) -> alt.LayerChart | alt.FacetChart:
    """Charges per day (disputed in red) with a rule on the service end date."""
    rows = []
    for day, charged, disputed in daily:
        rows.append({"day": day.isoformat(), "part": "Disputed", "dollars": disputed / 100})
        rows.append({"day": day.isoformat(), "part": "Not disputed", "dollars": (charged - disputed) / 100})
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%b %-d")),
            y=alt.Y("sum(dollars):Q", title="Charged ($)"),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(domain=["Disputed", "Not disputed"], range=["#dc2626", "#94a3b8"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("day:T", title="Day", format="%b %-d, %Y"),
                alt.Tooltip("part:N", title="Charge"),
                alt.Tooltip("sum(dollars):Q", format="$,.2f", title="Amount"),
            ],
        )
    )
    end = (
        alt.Chart(alt.Data(values=[{"day": end_date.isoformat(), "label": "End date"}]))
        .mark_rule(color="#1f2937", strokeDash=[4, 3])
        .encode(x="day:T", tooltip=[alt.Tooltip("day:T", title="End date", format="%b %-d, %Y")])
    )
    label = end.mark_text(align="left", dx=4, dy=-6, color="#1f2937").encode(text="label:N", y=alt.value(0))
    return alt.layer(bars, end, label).properties(height=260, title="Charges over time")
