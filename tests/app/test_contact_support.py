"""Contacting support, driven like a person: get ready, log contacts, fix them, and keep user text literal."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import Confirmation, Event, Interaction
from ooma_cancel.owner import LOCAL_OWNER
from tests.factories import account, new_case
from tests.tables import table_frame

PAGE = "views/contact_support.py"
SCRIPT = "<script>alert(1)</script>"
LINK = "[a link](http://x)"
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def case_id(engine):
    return new_case(engine, account(plan="Basic"))


def open_page(app, timezone="America/Los_Angeles"):
    at = app()
    at.context = {"timezone": timezone}
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def log_contact(page, prefix="support.new", **values):
    for field, value in values.items():
        if field in ("day", "follow_up_on"):
            page.date_input(key=f"{prefix}.{field}").set_value(value)
        elif field == "at":
            page.time_input(key=f"{prefix}.at").set_value(value)
        elif field == "channel":
            page.selectbox(key=f"{prefix}.channel").select(value)
        elif field == "summary":
            page.text_area(key=f"{prefix}.summary").input(value)
        else:
            page.text_input(key=f"{prefix}.{field}").input(value)
    page.button(key=f"{prefix}.save").click().run()
    assert not page.exception
    return page


def rows(engine, case_id):
    with unit_of_work(engine) as session:
        return list(session.exec(select(Interaction).where(Interaction.case_id == case_id)))


def no_markdown_contains(at, *needles):
    """Nothing the person typed may reach an element that renders Markdown or HTML."""
    rendered = [
        *at.markdown,
        *at.caption,
        *at.info,
        *at.warning,
        *at.error,
        *at.success,
        *at.toast,
        *at.title,
        *at.subheader,
        *at.header,
    ]
    for element in rendered:
        for needle in needles:
            assert needle not in element.value, element


def test_markup_in_a_representatives_name_is_stored_and_shown_literally(app, engine, case_id):
    at = open_page(app)
    log_contact(
        at,
        day=date.today() - timedelta(days=1),
        at=time(9, 15),
        channel="chat",
        representative=SCRIPT,
        reference=LINK,
        summary=f"Rep {SCRIPT} said {LINK}",
        outcome="transferred",
    )
    assert not at.error

    [stored] = rows(engine, case_id)
    assert stored.representative == SCRIPT
    assert stored.reference == LINK
    assert stored.summary == f"Rep {SCRIPT} said {LINK}"
    assert stored.occurred_at.tzinfo is not None
    assert stored.occurred_at.astimezone(LA).time() == time(9, 15)  # entered in the visitor's zone

    fresh = open_page(app)
    table = table_frame(fresh.table[0])
    assert table["Representative"].tolist() == [SCRIPT]
    assert table["Reference"].tolist() == [LINK]
    assert table["What was said"].tolist() == [f"Rep {SCRIPT} said {LINK}"]
    assert table["When"].tolist()[0].endswith(" 9:15 AM")  # 12-hour, in the visitor's zone
    no_markdown_contains(fresh, SCRIPT, LINK)

    fresh.selectbox(key="support.selected").select_index(0).run()
    assert fresh.text_input(key=f"support.edit.{stored.id}.representative").value == SCRIPT
    no_markdown_contains(fresh, SCRIPT, LINK)


def test_a_contact_without_a_summary_or_in_the_future_is_refused_and_nothing_is_saved(app, engine, case_id):
    at = open_page(app)
    log_contact(at, representative="Sam")
    assert "Write down what was said, even in a few words." in [e.value for e in at.error]
    assert any("Not added" in e.value for e in at.error)

    log_contact(at, summary="Asked about the bill.", day=date.today() + timedelta(days=2))
    assert "A contact cannot be in the future: check the date and time." in [e.value for e in at.error]
    assert rows(engine, case_id) == []

    log_contact(at, day=date.today() - timedelta(days=2))
    assert not at.error
    assert len(rows(engine, case_id)) == 1
    assert at.text_input(key="support.new.representative").value == ""  # the form is ready for the next one


def test_edit_follow_up_and_delete_with_confirmation(app, engine, case_id):
    at = open_page(app)
    yesterday = date.today() - timedelta(days=3)
    log_contact(
        at,
        day=yesterday,
        summary="Promised an e-mail with the return label.",
        follow_up_on=yesterday + timedelta(days=1),
    )
    [contact] = rows(engine, case_id)
    prefix = f"support.edit.{contact.id}"

    at = open_page(app)
    assert any("1 follow-up is overdue" in w.value for w in at.warning)
    assert table_frame(at.table[0])["Follow-up"].tolist() == [
        f"OVERDUE since {yesterday + timedelta(days=1):%b %-d, %Y}"
    ]

    at.selectbox(key="support.selected").select(contact.id).run()
    at.text_input(key=f"{prefix}.outcome").input("label promised")
    at.button(key=f"{prefix}.save").click().run()
    assert not at.exception
    assert rows(engine, case_id)[0].outcome == "label promised"

    at.button(key=f"{prefix}.done").click().run()
    assert rows(engine, case_id)[0].follow_up_on is None
    assert not any("overdue" in w.value for w in at.warning)

    at.button(
        key=f"{prefix}.delete"
    ).click().run()  # the button inside the "Delete" popover: the confirmation
    assert rows(engine, case_id) == []
    # The page starts over without it: no log, no contact chosen, no edit form left behind.
    assert not at.exception
    assert not at.table
    assert not [b for b in at.button if b.key == f"{prefix}.delete"]
    with unit_of_work(engine) as session:
        summaries = list(session.exec(select(Event.summary).where(Event.stage == "support")))
    assert summaries[-1].endswith("deleted.")
    assert len(summaries) == 4  # logged, edited, follow-up done, deleted


def test_a_confirmation_number_is_recorded_from_the_contact_and_reaches_the_overview(app, engine, case_id):
    at = open_page(app)
    log_contact(
        at,
        day=date.today() - timedelta(days=1),  # at 00:36 UTC, today 00:01 is still ahead in Los Angeles
        at=time(0, 1),
        channel="phone",
        representative="Dana (ID 4471)",
        summary="Cancelled.",
    )
    [contact] = rows(engine, case_id)
    prefix = f"support.edit.{contact.id}"
    assert at.selectbox(key="support.selected").value == contact.id  # the new contact is ready to work on

    at.text_input(key=f"{prefix}.confirmation").input("CX-555")
    at.button(key=f"{prefix}.record").click().run()
    assert not at.exception
    assert not at.error
    with unit_of_work(engine) as session:
        confirmation = session.exec(select(Confirmation)).one()
    assert (confirmation.number, confirmation.interaction_id, confirmation.representative) == (
        "CX-555",
        contact.id,
        "Dana (ID 4471)",
    )
    assert "CX-555" in [m.value for m in app().run().metric]


def test_before_you_call_masks_numbers_until_revealed_and_never_invents_a_phone_number(app, case_id):
    at = open_page(app)
    texts = [t.value for t in at.text]
    assert "Account number: •••• 2342" in texts
    assert "Phone: (•••) •••-0123" in texts
    assert "4815162342" not in " ".join(texts)
    assert (
        "Support phone number: Not known yet. Look it up in your Ooma account (the support or contact page) or "
        "on your latest Ooma bill. Record it as your value." in texts
    )
    assert not [t for t in texts if "(not recorded)" in t]
    assert any(c.value.startswith("verify with Ooma") for c in at.caption)

    at.toggle(key="support.reveal").set_value(True).run()
    texts = [t.value for t in at.text]
    assert "Account number: 4815162342" in texts
    assert "Phone: (650) 555-0123" in texts


def test_support_contacts_can_be_set_for_the_case(app, case_id):
    at = open_page(app)
    at.button(key="support.contact.edit").click().run()  # "Edit contacts" opens a dialog
    at.text_input(key="support.contact.support_phone").input("1-800-555-0199")
    at.button(key="support.contact.save").click().run()
    assert not at.exception

    fresh = open_page(app)
    texts = [t.value for t in fresh.text]
    assert "Support phone number: 1-800-555-0199" in texts
    assert "your value" in [c.value for c in fresh.caption]


def test_three_years_of_contacts_are_paginated_newest_first(app, engine):
    with unit_of_work(engine) as session:
        seed_demo(session=session, owner=LOCAL_OWNER, scale=3, today=date.today())
    with unit_of_work(engine) as session:
        total = len(list(session.exec(select(Interaction.id))))
        oldest = session.exec(select(Interaction).order_by(Interaction.occurred_at)).first()
    assert total > 20

    at = open_page(app, timezone="UTC")
    table = table_frame(at.table[0])
    assert len(table) == 20
    assert table["Representative"].tolist()[0] == "Dana (ID 4471)"  # yesterday's call comes first
    assert f"{total} contacts, newest first; showing 1–20." in [c.value for c in at.caption]

    last = -(-total // 20)
    at.number_input(key="support.log.page").set_value(last).run()
    table = table_frame(at.table[0])
    assert len(table) == total - 20 * (last - 1)
    assert table["Reference"].tolist()[-1] == oldest.reference
