"""Service end date, driven like a person: requested vs confirmed, derived dates, a calendar to download."""

from datetime import date, timedelta

from sqlmodel import Session, select

from ooma_cancel.models import EndDate
from tests.tables import table_frame

PAGE = "views/end_date.py"


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def derived(at) -> dict[str, dict]:
    return {row["What"]: row for row in table_frame(at.table[0]).to_dict("records")}


def stored_end(engine) -> date | None:
    with Session(engine) as session:
        record = session.exec(select(EndDate)).first()
        return record.confirmed_on if record else None


def test_the_sample_case_shows_the_confirmed_date_and_what_follows(app, demo_case):
    at = open_page(app)
    end_on = date.today() + timedelta(days=3)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Requested end date"] == shown["Confirmed by Ooma"] == f"{end_on:%b %-d, %Y}"
    assert shown["Service ends"] == "in 3 days"
    texts = [t.value for t in at.text]
    assert "Cancellation confirmation number: CX-118734" in texts
    assert "Confirmed through: Phone call with Dana (ID 4471), ticket TCK-20931" in texts
    assert "Mobile phone covers 911 until the new line is active." in texts
    assert not at.warning  # requested and confirmed agree

    rows = derived(at)
    assert rows["Billing should stop"]["Date"] == f"{end_on:%b %-d, %Y}"
    assert rows["Equipment must reach Ooma"]["Date"] == f"{end_on + timedelta(days=30):%b %-d, %Y}"
    assert "verify with Ooma" in rows["Equipment must reach Ooma"]["Note"]
    assert rows["Contract ends"]["Date"] == "no fixed term"
    # the sample bills on the 1st: the cycle that holds the end date is the last one
    assert rows["Last billing cycle"]["Note"].startswith("no new cycle should start on")
    assert rows["Last billing cycle"]["Date"] != "—"


def test_a_different_confirmed_date_is_saved_with_a_warning(app, demo_case, engine):
    at = open_page(app)
    later = date.today() + timedelta(days=10)
    at.date_input(key="end_date.confirmed_on").set_value(later)
    at.number_input(key="end_date.billing_day").set_value(15)
    at.button(key="end_date.save").click().run()
    assert not at.error
    assert stored_end(engine) == later
    assert any("7 days later" in w.value for w in at.warning)
    cycle = derived(at)["Last billing cycle"]
    assert cycle["Date"].endswith(f"{later:%b %-d, %Y}")
    assert cycle["Note"].startswith("no new cycle should start on")


def test_an_end_date_before_the_request_is_refused_and_nothing_is_saved(app, demo_case, engine):
    at = open_page(app)
    at.date_input(key="end_date.confirmed_on").set_value(date.today() - timedelta(days=5))
    at.button(key="end_date.save").click().run()
    assert any("before you made the request" in e.value for e in at.error)
    assert any("Not saved" in e.value for e in at.error)
    assert stored_end(engine) == date.today() + timedelta(days=3)


def test_the_calendar_download_holds_the_case_deadlines(app, demo_case):
    at = open_page(app)
    button = at.get("download_button")[0]
    assert button.proto.label == "Download calendar (.ics)"
    listed = table_frame(at.table[-1])
    assert set(listed["Event"]) == {
        "Ooma service ends",
        "Ooma equipment must arrive: #2 Desk phone · DP1-5567",
        "Follow up with Ooma (TCK-20931)",
        "Last day: billing-error notice to your card issuer or bank",  # the sample's disputed card charge
    }
    assert set(listed["Reminder"]) == {"3 days before", "7 days before", "1 day before"}


def test_a_new_case_explains_where_the_end_date_comes_from(app):
    at = app().run()
    at.text_input[0].input("Home")
    at.button[1].click().run()
    at.switch_page(PAGE).run()
    assert any("No end date yet" in i.value for i in at.info)
    assert not at.table  # nothing to derive, nothing for a calendar
    at.text_area(key="end_date.gap_plan").input("Mobile phone for 911.")
    at.button(key="end_date.save").click().run()
    assert "Mobile phone for 911." in [t.value for t in at.text]
