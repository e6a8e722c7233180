"""One voice in the files the app writes (issue 13, item 4): the calendar's events, the PDFs' text and metadata,
the dossier's Markdown and the export's sentences read by the same rules as every page (tests/wording.py)."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import icalendar
import pypdf
import pytest
from sqlmodel import Session

from ooma_cancel.bill.dispute import DisputedLine, DisputeFacts, dispute_letter
from ooma_cancel.demo import seed_demo
from ooma_cancel.dossier import markdown_file, pdf_file
from ooma_cancel.escalation import billing_error_notice
from ooma_cancel.escalation_facts import load_facts
from ooma_cancel.ics import to_ics
from ooma_cancel.letters import cancellation_letter, letter_pdf
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.pdf import text_to_pdf
from ooma_cancel.store import escalation as esc
from ooma_cancel.store.end_date import calendar_items
from ooma_cancel.store.requests import letter_facts
from ooma_cancel.transfer import export_file
from tests.wording import RULES, as_read

TODAY = date(2026, 11, 20)
# A date in a file a person reads is written "Nov 30, 2026", never 11/30 or 2026-11-30.
MACHINE_DATE = r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b"


def offences(text: str, *, dates: bool = True) -> list[str]:
    found = [
        f"{name} ({match.group(0)!r}) in {line[:160]!r}"
        for line in as_read(text).splitlines()
        for name, pattern in RULES.items()
        if (match := pattern.search(line))
    ]
    if dates:
        found += [
            f"a machine date ({m.group(0)!r}) in {line[:160]!r}"
            for line in text.splitlines()
            # A file name (ooma-cancellation-2026-11-30.pdf) names a file, it is not a date in a sentence.
            if (m := re.search(MACHINE_DATE, re.sub(r"\S+\.(?:pdf|csv|txt|ics|json)\b", "", line)))
        ]
    return found


def pdf_words(data: bytes) -> tuple[str, dict[str, str]]:
    """The PDF's extracted text and its metadata (title, author, subject, creator)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = {str(key): str(value) for key, value in (reader.metadata or {}).items()}
    return text, meta


@pytest.fixture
def sample(engine) -> int:
    with Session(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=TODAY)
        session.commit()
    return case_id


def test_the_rules_catch_a_machine_date_and_leave_a_file_name_alone():
    assert offences("Charged for 11/15–12/14")
    assert offences("Due 2026-12-01.")
    assert offences("Return deadline 12/30/2026 (Telo)")
    assert not offences("Cancellation letter: ooma-cancellation-2026-11-30.pdf, sent Nov 30, 2026.")


def test_the_calendar_s_events_speak_plainly(engine, sample):
    with Session(engine) as session:
        items = calendar_items(session=session, owner=LOCAL_OWNER, case_id=sample, today=TODAY)
    calendar = icalendar.Calendar.from_ical(to_ics(items, name="Cancel Ooma: Home phone"))
    said = [str(calendar.get("x-wr-calname"))]
    for event in calendar.walk("VEVENT"):
        said += [str(event.get("summary")), str(event.get("description", ""))]
        said += [str(alarm.get("description")) for alarm in event.walk("VALARM")]
    assert len(said) > 5  # the sample case has an end date, equipment and follow-ups on its calendar
    found = [o for text in said for o in offences(text)]
    assert found == [], "\n".join(found)


def test_the_dossier_pdf_and_markdown_speak_plainly_text_and_metadata(engine, sample):
    text, meta = pdf_words(pdf_file(engine=engine, owner=LOCAL_OWNER, case_id=sample, today=TODAY))
    assert "Evidence dossier" in text
    assert meta["/Title"].startswith("Evidence dossier: ")
    assert meta["/Subject"] == "Proof of each step of cancelling Ooma service, prepared Nov 20, 2026"
    assert meta["/Creator"] == "Ooma cancellation dashboard"
    # Dates in the dossier's tables are the pages' dates; the PDF's words and its metadata follow the rules.
    found = offences(text) + [o for value in meta.values() for o in offences(value, dates=False)]
    markdown = markdown_file(engine=engine, owner=LOCAL_OWNER, case_id=sample, today=TODAY).decode()
    found += offences(markdown.replace("\\", ""))
    assert found == [], "\n".join(found)


def test_the_request_letter_pdf_speaks_plainly(engine, sample):
    with Session(engine) as session:
        facts = letter_facts(session=session, owner=LOCAL_OWNER, case_id=sample, today=TODAY)
    assert facts is not None
    letter = cancellation_letter(facts)
    text, meta = pdf_words(letter_pdf(letter))
    assert "Nov 20, 2026" in text
    assert meta["/Title"] == "Cancellation of Ooma service"
    assert meta["/Subject"].startswith("Written request to cancel Ooma service")
    found = offences(text) + [o for value in meta.values() for o in offences(value, dates=False)]
    assert found == [], "\n".join(found)


def test_the_billing_error_notice_speaks_plainly(engine, sample):
    with Session(engine) as session:
        status = esc.escalation_status(session=session, owner=LOCAL_OWNER, case_id=sample, today=TODAY)
        case = esc.escalation_case(session=session, owner=LOCAL_OWNER, case_id=sample, status=status)
    charges = [line.charge for line in status.deadlines]
    assert charges  # the sample case holds a charge taken twice
    notice = billing_error_notice(case, charges, load_facts().rule_for(case.payment_method), today=TODAY)
    text, meta = pdf_words(text_to_pdf(notice, title="Billing error notice"))
    found = offences(text) + [o for value in meta.values() for o in offences(value, dates=False)]
    assert found == [], "\n".join(found)


def test_the_dispute_letter_pdf_speaks_plainly_even_with_facts_missing():
    facts = DisputeFacts("", "", "", "", date(2026, 11, 30), None, "final.csv")
    line = DisputedLine(
        3,
        "Dec 1 – Dec 31, 2026",
        "Ooma Premier monthly service",
        999,
        999,
        ("after_end_date",),
        "Charged for Dec 1 – Dec 31, 2026 but service ended Nov 30, 2026: 31 of 31 days after the end date.",
    )
    letter = dispute_letter(facts, [line], today=TODAY)
    text, meta = pdf_words(
        text_to_pdf(letter, title="Final bill dispute", footer_note="Dispute of final.csv")
    )
    assert "Dec 1 – Dec 31, 2026 — Ooma Premier monthly service — $9.99" in " ".join(text.split())
    assert meta["/Title"] == meta["/Subject"] == "Final bill dispute"
    found = offences(text) + [o for value in meta.values() for o in offences(value, dates=False)]
    assert found == [], "\n".join(found)


def test_the_export_s_sentences_speak_plainly(engine, sample):
    """The export is a machine file (keys, ISO dates); the sentences the app wrote into it are a person's."""
    document = json.loads(export_file(engine=engine, owner=LOCAL_OWNER))
    summaries = [event["summary"] for case in document["cases"] for event in case["events"]]
    assert summaries
    found = [o for text in summaries for o in offences(text)]
    assert found == [], "\n".join(found)
