from datetime import date

from ooma_cancel.bill.charts import charges_by_category_chart, charges_over_time_chart


def test_category_chart_splits_each_category_into_disputed_and_not():
    chart = charges_by_category_chart([("Fee", 12498, 5999), ("Service", 3496, 2231)])
    rows = chart.data.values
    assert {(r["category"], r["part"]): r["dollars"] for r in rows} == {
        ("Fee", "Disputed"): 59.99,
        ("Fee", "Not disputed"): 64.99,
        ("Service", "Disputed"): 22.31,
        ("Service", "Not disputed"): 12.65,
    }


def test_time_chart_marks_the_end_date():
    chart = charges_over_time_chart(
        [(date(2026, 12, 1), 2148, 2148), (date(2026, 11, 1), 1149, 0)], date(2026, 11, 30)
    )
    bars, end, _label = chart.layer
    assert {r["day"] for r in bars.data.values} == {"2026-12-01", "2026-11-01"}
    assert end.data.values == [{"day": "2026-11-30", "label": "End date"}]
    assert chart.to_dict()["layer"][1]["mark"]["type"] == "rule"
