"""Escalation, driven like a person: the sample's disputed card charge, its deadline, the notice, the outcome."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from ooma_cancel.db import unit_of_work
from ooma_cancel.models import Complaint, Confirmation, Escalation, LedgerEntry
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import create_case

PAGE = "views/escalation.py"


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_the_sample_case_offers_escalation_with_the_deadline_and_the_notice(app, demo_case):
    at = open_page(app)
    today = date.today()
    assert any("Ooma has had 30 days" in s.value for s in at.success)
    deadline = today + timedelta(days=14)
    assert any(f"notice due {deadline:%b %-d, %Y} (14 days left)" in i.value for i in at.info)
    assert not at.error  # nothing overdue in the sample
    notice = "\n".join(t.value for t in at.text)
    assert "Re: Billing error notice — card ending in 4242" in notice
    assert "Example Card Bank" in notice
    assert "12 CFR 1026.13" in notice
    assert "a duplicate of a charge already billed" in notice
    assert "4815162342" not in notice  # Ooma's account number never appears whole
    complaints = [c.value for c in at.code]
    assert len(complaints) == 3
    assert all("Cancellation confirmation number: CX-118734" in text for text in complaints)
    assert any("check your card agreement" in i.value for i in at.info)


def test_recording_the_notice_and_a_credit_puts_the_credit_into_the_ledger(app, demo_case, engine):
    at = open_page(app)
    today = date.today()
    at.date_input(key="escalation.sent_on").set_value(today - timedelta(days=1))
    at.selectbox(key="escalation.outcome").set_value("credited")
    at.date_input(key="escalation.outcome_on").set_value(today)
    at.text_input(key="escalation.credited").input("14.51")
    at.button(key="escalation.save_progress").click().run()
    assert not at.exception
    assert not at.error
    with Session(engine) as session:
        row = session.exec(select(Escalation)).one()
        credit = session.exec(select(LedgerEntry).where(LedgerEntry.kind == "credit")).one()
    assert (row.sent_on, row.outcome, row.credited_cents) == (today - timedelta(days=1), "credited", 1451)
    assert (credit.amount_cents, credit.entry_on) == (-1451, today)


def test_a_bad_amount_or_too_many_digits_is_refused_and_nothing_is_saved(app, demo_case, engine):
    at = open_page(app)
    at.selectbox(key="escalation.outcome").set_value("credited")
    at.date_input(key="escalation.outcome_on").set_value(date.today())
    at.text_input(key="escalation.credited").input("twelve")
    at.button(key="escalation.save_progress").click().run()
    assert any("not an amount" in e.value for e in at.error)
    with Session(engine) as session:
        assert session.exec(select(Escalation)).one().outcome == ""
        assert session.exec(select(LedgerEntry).where(LedgerEntry.kind == "credit")).all() == []
    at.text_input(key="escalation.last4").input("42x2")
    at.button(key="escalation.save_payment").click().run()
    assert any("last four digits" in e.value for e in at.error)


def test_a_complaint_is_recorded_with_its_reference_in_the_confirmation_trail(app, demo_case, engine):
    at = open_page(app)
    at.selectbox(key="escalation.place").set_value("fcc")
    at.text_input(key="escalation.reference").input("FCC-20261130-77")
    at.button(key="escalation.save_complaint").click().run()
    assert not at.error
    assert any("FCC Consumer Complaint Center · reference FCC-20261130-77" in t.value for t in at.text)
    with Session(engine) as session:
        assert session.exec(select(Complaint)).one().reference == "FCC-20261130-77"
        assert "FCC-20261130-77" in session.exec(select(Confirmation.number)).all()


def test_an_empty_case_explains_when_escalation_applies(app, engine):
    with unit_of_work(engine) as session:
        create_case(session=session, owner=LOCAL_OWNER, title="Mine")
    at = open_page(app)
    assert any("Escalation applies when the final-bill audit finds charges" in m.value for m in at.markdown)
    assert not at.code
    assert not at.date_input


def test_the_overview_shows_the_card_dispute_deadline_as_the_next_step(app, demo_case):
    at = app().run()
    deadline = date.today() + timedelta(days=14)
    metrics = {m.label: (m.value, m.proto.delta) for m in at.metric}
    assert metrics["Card dispute notice"] == ("14 days left", f"due {deadline:%b %-d, %Y}")
    assert any(
        f"must reach your card issuer or bank by {deadline:%b %-d, %Y} (14 days left)" in m.value
        for m in at.markdown
    )
    progress = [t.value for t in at.text]
    assert f"Send the billing-error notice by {deadline:%b %-d, %Y} (14 days)." in progress


def test_once_the_notice_is_sent_the_overview_stops_counting_down(app, demo_case, engine):
    with unit_of_work(engine) as session:
        row = session.exec(select(Escalation)).one()
        row.sent_on = date.today()
        session.add(row)
    at = app().run()
    assert "Card dispute notice" not in [m.label for m in at.metric]
    assert f"Notice sent {date.today():%b %-d, %Y}; waiting for the answer." in [t.value for t in at.text]


def test_another_owner_sees_nothing_of_the_escalation(db_url, engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ooma_cancel.db import ENV_VAR
    from ooma_cancel.demo import seed_demo
    from ooma_cancel.models import ComplaintBase, EscalationBase
    from ooma_cancel.owner import MODE_VAR, workspace_owner
    from ooma_cancel.store import escalation as esc
    from tests.app.test_isolation_pages import TOKEN_A, TOKEN_B, everything_shown

    today = date.today()
    with unit_of_work(engine) as session:
        a_case = seed_demo(session=session, owner=workspace_owner(TOKEN_A), today=today)
        esc.save_escalation(
            session=session,
            owner=workspace_owner(TOKEN_A),
            case_id=a_case,
            data=EscalationBase(
                payment_method="credit card", issuer_name="Alphabank QZXW", card_last4="7310"
            ),
            today=today,
        )
        esc.add_complaint(
            session=session,
            owner=workspace_owner(TOKEN_A),
            case_id=a_case,
            data=ComplaintBase(place="cfpb", filed_on=today, reference="ALPHA-CFPB-55"),
            today=today,
        )
        seed_demo(session=session, owner=workspace_owner(TOKEN_B), today=today)
    monkeypatch.setenv(ENV_VAR, db_url)
    monkeypatch.delenv(MODE_VAR, raising=False)

    def shown_to(token: str) -> str:
        at = AppTest.from_file("../../app.py", default_timeout=30)
        at.query_params = {"w": token}
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception
        return everything_shown(at)

    theirs = shown_to(TOKEN_B)
    for marker in ("Alphabank QZXW", "7310", "ALPHA-CFPB-55"):
        assert marker not in theirs
    assert "Example Card Bank" in theirs  # B sees B's own sample dispute
    own = shown_to(TOKEN_A)  # not vacuous: A sees all three
    assert all(marker in own for marker in ("Alphabank QZXW", "7310", "ALPHA-CFPB-55"))
