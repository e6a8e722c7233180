"""Cancellation request, driven like a person: draft it, see what is missing, download it, track its status."""

from datetime import date, timedelta

import pytest
from sqlmodel import select
from streamlit.runtime.media_file_manager import MediaFileManager

from ooma_cancel.db import unit_of_work
from ooma_cancel.models import CancellationRequest, Event, PortRecord
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.porting import CANCELLED_BEFORE_PORT, PORT_STILL_PENDING
from ooma_cancel.store.overrides import set_override
from tests.factories import account, new_case

PAGE = "views/cancellation_request.py"


OOMA_ADDRESS = "Ooma, Inc., 1 Example Way, Sunnyvale, CA 94000"  # invented


def make_case(engine, *, mailing_address: str | None = OOMA_ADDRESS, **account_changes) -> int:
    """A case with an account; Ooma's mailing address recorded as the person's own value unless None."""
    case_id = new_case(engine, account(**account_changes))
    if mailing_address is not None:
        with unit_of_work(engine) as session:
            set_override(
                session=session,
                owner=LOCAL_OWNER,
                case_id=case_id,
                key="mailing_address",
                value=mailing_address,
            )
    return case_id


@pytest.fixture
def downloads(monkeypatch):
    """What the page's download buttons would hand the browser (deferred ones are built when clicked)."""
    built: dict[str, bytes] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        built[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return built


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def draft(at, channel="mail", end_on=None):
    at.selectbox(key="request.channel").select(channel)
    at.date_input(key="request.end_on").set_value(end_on or date.today() + timedelta(days=14))
    at.run()
    assert not at.exception
    return at


def stored(engine) -> CancellationRequest | None:
    with unit_of_work(engine) as session:
        return session.exec(select(CancellationRequest)).first()


def request_events(engine) -> list[str]:
    with unit_of_work(engine) as session:
        return list(session.exec(select(Event.summary).where(Event.stage == "request")))


def test_a_request_with_a_missing_account_number_is_reported_incomplete(app, engine):
    make_case(engine, account_number="")
    at = draft(open_page(app))
    [warning] = [w.value for w in at.warning if "Not ready" in w.value]
    assert warning == "Not ready yet. Missing: account number."
    assert not at.get("download_button")  # a letter with a gap is not offered: the page says what to fill in
    assert "Fill in first: account number." in " ".join(i.value for i in at.info)

    at.button(key="request.submit").click().run()
    assert any("Missing: account number" in e.value for e in at.error)
    assert stored(engine) is None  # the draft saved with the submission was rolled back with it


def test_a_complete_request_downloads_as_a_pdf_and_as_text(app, engine, downloads):
    make_case(engine)
    at = draft(open_page(app))
    assert "Ready: the request has everything Ooma needs." in [s.value for s in at.success]
    pdf_button, text_button = at.get("download_button")
    assert not pdf_button.proto.disabled
    assert not text_button.proto.disabled

    build = downloads[f"ooma-cancellation-{date.today():%Y-%m-%d}.pdf"]
    assert build().startswith(b"%PDF")

    letter = at.code[0].value
    assert "I am writing to cancel my Ooma service" in letter
    assert "•••• 2342" in letter
    assert "4815162342" not in letter
    at.toggle(key="request.reveal").set_value(True).run()
    assert "Account number: 4815162342" in at.code[0].value
    assert f"Please end the service on {date.today() + timedelta(days=14):%b %-d, %Y}." in at.code[0].value


def test_a_phone_request_is_incomplete_until_the_person_says_everything(app, engine):
    make_case(engine)
    at = draft(open_page(app), channel="phone")
    warning = next(w.value for w in at.warning if "Not ready" in w.value)
    assert "clear statement that you want to cancel" in warning
    assert "request for written confirmation and a confirmation number" in warning
    for name in ("states_intent", "asks_written_confirmation", "asks_final_bill_and_equipment"):
        at.checkbox(key=f"request.{name}").check()
    at.run()
    assert not any("Not ready" in w.value for w in at.warning)


def test_an_end_date_in_the_past_cannot_be_chosen_and_a_stale_one_is_asked_again(app, engine):
    case_id = make_case(engine)
    at = draft(open_page(app), end_on=date.today() - timedelta(days=1))
    assert at.date_input(key="request.end_on").value != date.today() - timedelta(days=1)
    assert at.date_input(key="request.end_on").proto.min == date.today().isoformat()

    with unit_of_work(engine) as session:  # a draft saved last week for a day that has now passed
        session.add(
            CancellationRequest(
                case_id=case_id, channel="mail", requested_end_on=date.today() - timedelta(days=2)
            )
        )
    at = open_page(app)
    assert at.date_input(key="request.end_on").value is None
    assert "Not ready yet. Missing: requested end date." in [w.value for w in at.warning]


def test_submit_acknowledge_and_complete_each_leave_an_event(app, engine):
    make_case(engine)
    at = draft(open_page(app))
    assert (
        at.date_input(key="request.submitted_on").proto.max == date.today().isoformat()
    )  # not in the future
    at.date_input(key="request.submitted_on").set_value(date.today())
    at.text_input(key="request.tracking").input("9407 1118 9876 5432 1098 76")
    at.button(key="request.submit").click().run()
    assert not at.exception
    assert not at.error
    request = stored(engine)
    assert (request.status, request.submitted_on, request.channel) == ("submitted", date.today(), "mail")
    assert "4815162342" in request.letter_text  # the letter as it was mailed
    assert "Certified-mail tracking number: 9407 1118 9876 5432 1098 76" in [t.value for t in at.text]

    at.button(key="request.acknowledge").click().run()
    at.button(key="request.complete").click().run()
    assert not at.exception
    assert not at.error
    assert stored(engine).status == "completed"
    assert "Ooma completed the cancellation." in [s.value for s in at.success]
    end_on = date.today() + timedelta(days=14)
    assert request_events(engine) == [
        f"Cancellation request draft saved: written letter (mail), end date {end_on:%b %-d, %Y}.",
        f"Cancellation request submitted on {date.today():%b %-d, %Y}: written letter (mail) (tracking number recorded).",
        f"Ooma acknowledged the cancellation request on {date.today():%b %-d, %Y}.",
        f"Ooma completed the cancellation on {date.today():%b %-d, %Y}.",
    ]


def test_a_rejection_needs_a_reason_and_the_request_can_start_again(app, engine):
    make_case(engine)
    at = draft(open_page(app))
    at.button(key="request.submit").click().run()
    at.button(key="request.reject").click().run()
    assert any("reason Ooma gave" in e.value for e in at.error)
    at.text_area(key="request.reason").input("Could not verify the <b>caller</b>")
    at.button(key="request.reject").click().run()
    assert stored(engine).status == "rejected"
    assert "Could not verify the <b>caller</b>" in [c.value for c in at.code]  # shown as typed

    at.button(key="request.reopen").click().run()
    assert stored(engine).status == "draft"
    assert at.selectbox(key="request.channel").value == "mail"


def test_a_pending_port_is_warned_and_submitting_needs_an_explicit_yes(app, engine):
    case_id = make_case(engine)
    with unit_of_work(engine) as session:
        session.add(PortRecord(case_id=case_id, keep_number=True))
    at = draft(open_page(app))
    assert PORT_STILL_PENDING in [w.value for w in at.warning]
    at.button(key="request.submit").click().run()
    assert any("Wait for the port to complete" in e.value for e in at.error)
    assert stored(engine) is None

    at.checkbox(key="request.port_ack").check()
    at.button(key="request.submit").click().run()
    assert stored(engine).status == "submitted"
    assert any(CANCELLED_BEFORE_PORT in e.value for e in at.error)
    assert "Please do not release or disconnect it" in stored(engine).letter_text


def test_a_fixed_term_office_agreement_shows_its_notice_deadline(app, engine):
    term_ends = date.today() + timedelta(days=100)
    make_case(engine, plan="Office", fixed_term=True, term_ends_on=term_ends)
    at = open_page(app)
    notice = next(w.value for w in at.warning if "Fixed-term" in w.value)  # a warning: under 30 days left
    assert f"by {term_ends - timedelta(days=90):%b %-d, %Y} (10 days left)" in notice
    assert f"renews automatically for the same term on {term_ends + timedelta(days=1):%b %-d, %Y}" in notice


def test_the_sample_case_warns_of_the_balance_and_cites_the_confirmation_number(app, demo_case):
    at = open_page(app)
    assert any("is outstanding on the account" in w.value for w in at.warning)
    assert f"Acknowledged by Ooma on {date.today() - timedelta(days=1):%b %-d, %Y}" in [
        t.value for t in at.text
    ]
    assert "confirmation number CX-118734" in at.code[0].value


def test_leaving_the_page_and_coming_back_keeps_working(app, engine):
    make_case(engine)
    at = draft(open_page(app))
    at.button(key="request.save").click().run()
    at.switch_page("views/overview.py").run()
    at.switch_page(PAGE).run()  # Streamlit dropped the draft's widget state while the page was away
    assert not at.exception
    assert at.selectbox(key="request.channel").value == "mail"
    assert at.date_input(key="request.end_on").value == date.today() + timedelta(days=14)


def test_a_letter_is_not_offered_until_ooma_s_mailing_address_is_recorded_on_the_page(app, engine, downloads):
    make_case(engine, mailing_address=None)
    at = draft(open_page(app))
    warning = next(w.value for w in at.warning if "Not ready" in w.value)
    assert warning == "Not ready yet. Missing: Ooma's mailing address for written notices."
    assert not at.get("download_button")
    assert "Fill in first: Ooma's mailing address for written notices." in " ".join(i.value for i in at.info)
    assert any(
        "Ask Ooma (by phone or chat) where written cancellation notices" in c.value for c in at.caption
    )
    letter = at.code[0].value
    assert "[" not in letter
    assert "]" not in letter
    at.button(key="request.submit").click().run()
    assert any("mailing address for written notices" in e.value for e in at.error)
    assert stored(engine) is None

    at.text_input(key="request.mailing_address").input(
        "Ooma, Inc., 9 Example Road, Sunnyvale, CA 94000"
    ).run()
    at.button(key="request.mailing_address.save").click().run()
    assert not at.exception
    at = draft(open_page(app))
    assert "Ready: the request has everything Ooma needs." in [s.value for s in at.success]
    pdf_button, _text_button = at.get("download_button")
    assert not pdf_button.proto.disabled
    assert "9 Example Road, Sunnyvale, CA 94000" in at.code[0].value
    text = downloads[f"ooma-cancellation-{date.today():%Y-%m-%d}.txt"]()
    text = text.decode() if isinstance(text, bytes) else text
    assert "9 Example Road" in text
    assert "[" not in text


def test_a_draft_with_a_wrong_date_is_neither_saved_nor_submitted_and_a_fixed_one_is_saved_at_once(
    app, engine
):
    make_case(engine)
    years_away = date.today() + timedelta(days=4 * 365)
    at = draft(open_page(app), end_on=years_away)
    at.button(key="request.save").click().run()  # the date and the click arrive in the same run
    assert "That end date is more than three years away: check the year." in [e.value for e in at.error]
    assert "Not saved: fix what is marked above." in [e.value for e in at.error]
    assert stored(engine) is None

    at.button(key="request.submit").click().run()
    assert "Fix the request above first." in [e.value for e in at.error]
    assert stored(engine) is None

    in_two_weeks = date.today() + timedelta(days=14)
    at.date_input(key="request.end_on").set_value(in_two_weeks)
    at.button(key="request.save").click().run()
    assert not at.exception
    assert [toast.value.split(" · ")[0] for toast in at.toast] == ["Saved"]
    assert not [e.value for e in at.error if "Not saved" in e.value or "three years" in e.value]
    assert stored(engine).requested_end_on == in_two_weeks
    assert at.date_input(key="request.end_on").value == in_two_weeks  # loaded again from what was saved
