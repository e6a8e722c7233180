"""Hostile text typed into every free-text field of every page is stored and shown literally, or refused.

The test finds the fields and save buttons itself, so a page added to ``ooma_cancel.ui.nav.PAGES`` is covered
as soon as it lands. Markdown-rendering elements (markdown, captions, alerts, toasts, titles, labels) must never
carry the person's text: that is where a link or an image would come alive.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pypdf
import pytest

from ooma_cancel import transfer
from ooma_cancel.db import make_engine, migrate, unit_of_work
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.ui.nav import PAGES
from tests.app.test_cancellation_request import downloads, draft, make_case, open_page
from tests.hostile_case import EVIL, PAYLOADS, hostile_document, live_markup, sample_with_audited_bill

__all__ = ["downloads"]  # the request page's download spy, used here as a fixture

MARKUP = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](http://evil) ![x](http://evil/a.png) "
    "\u202eevil\u202c nul\x00byte"
)
HUGE = "A" * 100_000 + "<script>alert(1)</script>"
SAVE = re.compile(r"^(save|add|record|create|log|mark|start|confirm)", re.IGNORECASE)
NEVER_PRESS = re.compile(r"remove|delete|sample|reject|sign", re.IGNORECASE)
# Element kinds whose value is rendered as Markdown, and attributes rendered as Markdown on any element.
MARKDOWN_VALUES = {
    "Markdown",
    "Caption",
    "Title",
    "Header",
    "Subheader",
    "Info",
    "Success",
    "Warning",
    "Error",
}
MARKDOWN_ATTRIBUTES = ("label", "help", "placeholder")


def walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def markdown_strings(at) -> list[str]:
    """Every string the page hands to Markdown: element bodies, labels, help texts, toasts."""
    found: list[str] = []
    for node in walk(at._tree):
        kind = type(node).__name__
        if kind in MARKDOWN_VALUES or kind == "Toast":
            found.append(str(node.value))
        for attribute in MARKDOWN_ATTRIBUTES:
            value = getattr(node, attribute, None)
            if isinstance(value, str):
                found.append(value)
        if kind == "Metric":
            found += [str(node.label), str(node.value), str(node.proto.delta)]
        if kind == "Radio":
            found += [str(option) for option in node.options]
    return found


def assert_shown_safely(at, where: str) -> None:
    assert not at.exception, f"{where}: {[e.value for e in at.exception]}"
    for text in markdown_strings(at):
        assert "Traceback (most recent call last)" not in text, where
        live = live_markup(text)
        assert not live, f"{where}: user text rendered as Markdown ({', '.join(live)}): {text[:200]!r}"


def text_fields(at) -> list[Any]:
    return [*at.text_input, *at.text_area]


def press(at, pattern: re.Pattern[str], where: str) -> None:
    """Press each button whose label matches, once, re-finding them after every rerun."""
    pressed: set[str] = set()
    while True:
        button = next(
            (
                b
                for b in at.button
                if b.key not in pressed
                and pattern.search(b.label)
                and not NEVER_PRESS.search(b.label)
                and not b.disabled
            ),
            None,
        )
        if button is None:
            return
        pressed.add(button.key)
        button.click().run()
        assert_shown_safely(at, f"{where} after pressing {button.label!r}")


def fill_and_save(at, path: str, payload: str) -> int:
    at.switch_page(path).run()
    assert_shown_safely(at, path)
    press(at, re.compile(r"^edit$", re.IGNORECASE), path)  # open edit forms so their fields are filled too
    fields = text_fields(at)
    for field in fields:
        field.input(payload)
    at.run()
    assert_shown_safely(at, f"{path} after typing")
    press(at, SAVE, path)
    return len(fields)


@pytest.mark.parametrize("path", [page.path for page in PAGES])
@pytest.mark.parametrize("payload", [MARKUP, HUGE], ids=["markup", "100KB"])
def test_hostile_text_in_every_field_is_shown_literally_or_refused(app, demo_case, path, payload):
    at = app().run()
    fill_and_save(at, path, payload)
    # Whatever was saved is now shown everywhere the case is: every page must still show it safely.
    for page in PAGES:
        at.switch_page(page.path).run()
        assert_shown_safely(at, f"{page.path} after hostile input on {path}")


def test_the_walk_finds_the_fields_and_would_catch_markdown(app, demo_case):
    """The enumeration is not vacuous: the account page has fields, and Markdown with a link is caught."""
    at = app().run()
    assert fill_and_save(at, "views/account.py", "Jordan") >= 5
    at.switch_page("views/overview.py").run()
    assert any("Next step" in text for text in markdown_strings(at))
    with pytest.raises(AssertionError, match="rendered as Markdown"):
        fake = type(
            "Fake", (), {"exception": [], "_tree": type("Markdown", (), {"value": "[x](http://evil)"})()}
        )
        assert_shown_safely(fake, "fake")


def test_a_hostile_mailing_address_is_inert_on_every_page_and_in_the_letter_pdf(app, engine, downloads):
    """Ooma's mailing address is typed on the request page and printed on the letter: markup in it stays text on
    every page and in the PDF (no link, no picture), invisible control characters are dropped."""
    make_case(engine, mailing_address=None)
    at = draft(open_page(app))
    typed = PAYLOADS[0] + " nul\x00byte be\x07ll"
    at.text_input(key="request.mailing_address").input(typed).run()
    at.button(key="request.mailing_address.save").click().run()
    assert_shown_safely(at, "request page after saving the address")
    for page in PAGES:
        at.switch_page(page.path).run()
        assert_shown_safely(at, f"{page.path} with a hostile mailing address")
    at = draft(open_page(app))
    kept = typed.replace("\x00", "").replace("\x07", "")
    assert kept in at.code[0].value  # the letter shows the address exactly as typed, as code (no Markdown)
    pdf = downloads[f"ooma-cancellation-{date.today():%Y-%m-%d}.pdf"]()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "".join(kept.split()) in "".join(text.split())  # the words as typed (the PDF wraps lines)
    assert all("/Annots" not in page for page in reader.pages)  # no live link on paper either
    assert EVIL not in str(reader.metadata)


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory) -> tuple[bytes, list[str]]:
    """An export of the sample case (with an audited bill) whose every free-text field is hostile."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'source.db'}")
    migrate(engine)
    case_id = sample_with_audited_bill(engine, LOCAL_OWNER, date.today())
    clean = transfer.export_file(engine=engine, owner=LOCAL_OWNER, case_ids=[case_id])
    engine.dispose()
    return hostile_document(clean)


def test_an_imported_case_with_markup_in_every_field_is_inert_on_every_page(app, engine, hostile_export):
    document, filled = hostile_export
    # The crafted file reaches every table a person can write to.
    for field in (
        "title",
        "confirmations.*.number",
        "ledger.*.description",
        "interactions.*.summary",
        "equipment.*.proof_note",
        "bill_uploads.*.filename",
        "bill_uploads.*.lines.*.description",
        "end_date.gap_plan",
        "request.letter_text",
        "accounts.*.bundled_services.*",
        "escalation.issuer_name",
        "complaints.*.reference",
        "complaints.*.note",
        "profile_overrides.*.value",  # Ooma's mailing address, printed on the letter
    ):
        assert f"cases.*.{field}" in filled
    with unit_of_work(engine) as session:
        transfer.import_document(
            session=session, owner=LOCAL_OWNER, document=transfer.parse_document(document)
        )
    at = app().run()
    for page in PAGES:
        at.switch_page(page.path).run()
        assert_shown_safely(at, page.path)
    # Not vacuous: the hostile text does reach Markdown elements (escaped), e.g. the overview's metrics.
    at.switch_page("views/overview.py").run()
    metrics = {metric.label: metric.value for metric in at.metric}
    assert EVIL in metrics["Cancellation confirmation"]
    assert "\\[" in metrics["Cancellation confirmation"]
