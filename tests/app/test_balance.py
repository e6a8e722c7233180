"""Outstanding balance, driven like a person: read the state, add, correct and remove entries, page the ledger."""

from datetime import date, timedelta

import pyarrow as pa
from sqlmodel import Session, func, select

from ooma_cancel.models import LedgerEntry
from ooma_cancel.money import parse_cents
from tests.tables import table_frame

PAGE = "views/balance.py"


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_series(at) -> dict[str, list[tuple[str, int]]]:
    """The balance chart's points per series, read back from what the page sent to the browser."""
    chart = at.get("vega_lite_chart")[0]
    tables = [pa.ipc.open_stream(dataset.data.data).read_all() for dataset in chart.proto.datasets]
    rows = next(table.to_pylist() for table in tables if "series" in table.column_names)
    series: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        series.setdefault(row["series"], []).append((row["day"], row["cents"]))
    return series


def cents(text: str) -> int:
    return parse_cents(text, allow_negative=True)


def ledger_rows(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(LedgerEntry)).one()


def add(at, *, kind: str, amount: str, description: str = "", entry_on: date | None = None) -> None:
    """Fill the empty form (a fresh one after each saved entry) and press Add entry."""
    prefix = next(b.key for b in at.button if b.key and b.key.endswith(".save") and ".new" in b.key)[:-5]
    at.selectbox(key=f"{prefix}.kind").select(kind)
    at.text_input(key=f"{prefix}.amount").input(amount)
    at.text_input(key=f"{prefix}.description").input(description)
    if entry_on:
        at.date_input(key=f"{prefix}.date").set_value(entry_on)
    at.button(key=f"{prefix}.save").click().run()
    assert not at.exception


def test_the_sample_case_is_outstanding_with_a_chart_and_a_paged_ledger(app, demo_case, engine):
    at = open_page(app)
    shown = metrics(at)
    assert shown["State"] == "Outstanding"
    balance = shown["Balance"]
    assert "outstanding" in at.warning[0].value
    assert "by the service end date" in at.warning[0].value
    ledger = table_frame(at.table[0])
    assert len(ledger) == 50  # one page, not the whole ledger
    assert ledger["Balance after"].iloc[0] == balance
    assert any(f"of {ledger_rows(engine):,}, newest first" in c.value for c in at.caption)

    series = chart_series(at)
    actual, projected = series["Balance"], series["If not cancelled (projection)"]
    assert actual[-1] == (date.today().isoformat(), cents(balance))
    assert projected[0] == actual[-1]
    assert len(projected) == 13  # today and the next twelve billing days
    assert projected[1][1] > projected[0][1]

    at.number_input(key="balance.page").set_value(2).run()
    second = table_frame(at.table[0])
    assert len(second) == 50
    last = ledger.iloc[-1]  # the oldest entry on page 1; page 2 continues just before it
    assert cents(second["Balance after"].iloc[0]) == cents(last["Balance after"]) - cents(last["Amount"])


def test_a_payment_settles_the_account_and_a_refund_due_is_shown(app):
    at = app().run()
    at.text_input[0].input("Home")
    at.button[1].click().run()
    at.switch_page(PAGE).run()
    assert metrics(at)["Entries"] == "0"
    add(at, kind="charge", amount="40", description="Final bill", entry_on=date.today() - timedelta(days=3))
    assert metrics(at)["Balance"] == "$40.00"
    assert metrics(at)["State"] == "Outstanding"

    add(at, kind="payment", amount="52.50", description="Card payment")
    shown = metrics(at)
    assert shown["Balance"] == "-$12.50"
    assert shown["State"] == "Settled"
    assert shown["Refund due to you"] == "$12.50"
    assert "refund" in at.success[0].value
    rows = table_frame(at.table[0])
    assert list(rows["Amount"]) == ["-$52.50", "$40.00"]
    assert list(rows["Kind"]) == ["Payment", "Charge"]  # a choice reads as it was offered
    assert list(rows["Balance after"]) == ["-$12.50", "$40.00"]
    assert [point[1] for point in chart_series(at)["Balance"]][-2:] == [4000, -1250]


def test_correct_and_remove_an_entry(app):
    at = app().run()
    at.text_input[0].input("Home")
    at.button[1].click().run()
    at.switch_page(PAGE).run()
    add(at, kind="charge", amount="40", description="Final bill")
    add(at, kind="late fee", amount="5", description="Late fee")
    assert metrics(at)["Balance"] == "$45.00"

    at.session_state["balance.edit.open"] = True  # open "Correct or remove an entry on this page"
    at.run()
    at.selectbox(key="balance.edit.choice").select_index(0).run()  # the newest: the late fee
    entry_id = at.selectbox(key="balance.edit.choice").value
    at.text_input(key=f"balance.edit{entry_id}.amount").input("7.50")
    at.button(key=f"balance.edit{entry_id}.save").click().run()
    assert metrics(at)["Balance"] == "$47.50"

    at.button(key="balance.edit.remove").click().run()
    assert metrics(at)["Balance"] == "$40.00"
    assert metrics(at)["Entries"] == "1"


def test_bad_amounts_and_future_dates_are_refused_and_nothing_is_saved(app, demo_case, engine):
    at = open_page(app)
    before = ledger_rows(engine)
    for amount, message in (
        ("-25", "minus sign"),
        ("twelve", "not an amount"),
        ("250000", "not plausible"),
        ("0", "above zero"),
    ):
        add(at, kind="charge", amount=amount)
        assert any(message in e.value for e in at.error), amount
        assert any("Not saved" in e.value for e in at.error)
    assert ledger_rows(engine) == before
    assert "twelve" not in " ".join(e.value for e in at.error)


def test_a_typed_monthly_charge_changes_the_projection(app, demo_case):
    at = open_page(app)
    at.text_input(key="balance.monthly").input("100").run()
    projected = chart_series(at)["If not cancelled (projection)"]
    assert projected[1][1] - projected[0][1] == 10_000
    at.text_input(key="balance.monthly").input("lots").run()
    assert any("Not an amount" in e.value for e in at.error)
