"""Checklist & FAQ: the tips tick themselves from the case and link to the page that completes them."""

from ooma_cancel.db import unit_of_work
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.overrides import set_override


def checklist(app):
    at = app().run()
    at.switch_page("views/checklist.py").run()
    assert not at.exception
    return at


def tip_lines(at) -> list[str]:
    return [m.value for m in at.markdown if ". " in m.value and "**" in m.value]


def test_without_a_case_every_tip_is_open(app):
    at = checklist(app)
    lines = tip_lines(at)
    assert len(lines) == 9
    assert all(line.endswith("— open") for line in lines[:8])
    assert lines[8].endswith("**9. Escalate on time if Ooma does not fix it** — not needed")
    assert "1 of 9 done" in at.get("progress")[0].proto.text  # escalation: not needed without a dispute


def test_the_sample_case_ticks_what_it_has_done_and_links_to_the_rest(app, demo_case):
    at = checklist(app)
    lines = tip_lines(at)
    assert ":green[:material/check_box:] **1. Verify the account** — done" in lines
    assert ":green[:material/check_box:] **4. Get a confirmation number** — done" in lines
    assert ":gray[:material/check_box_outline_blank:] **7. Settle the balance** — open" in lines
    assert any(m.value.endswith("outstanding.") for m in at.markdown)
    links = [link.proto.page for link in at.get("page_link")][:8]
    assert links == [
        "account",
        "keep_number",
        "contact_support",
        "confirmation",
        "end_date",
        "equipment_return",
        "balance",
        "final_bill",
    ]


def test_the_faq_answers_from_the_case_as_plain_text(app, demo_case):
    at = checklist(app)
    shown = [t.value for t in at.text]
    assert "Your confirmation number is CX-118734." in shown
    assert any(
        t.startswith("Channels that accept a cancellation (verify with Ooma): Phone, chat.") for t in shown
    )


def test_your_own_value_for_the_channels_is_shown_as_yours(app, engine, demo_case):
    with unit_of_work(engine) as session:
        set_override(
            session=session,
            owner=LOCAL_OWNER,
            case_id=demo_case,
            key="cancellation_channels",
            value="**mail**",
        )
    shown = [t.value for t in checklist(app).text]
    assert any(t.startswith("Channels that accept a cancellation (your value): **mail**.") for t in shown)
