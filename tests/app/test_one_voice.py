"""One voice (issue 13, item 4): every page, on the sample case and on an empty new case, read as a person reads
it: no placeholder, no "(s)", no bracket, no internal word (seed, snake_case), and Ooma spelled as a name."""

from collections.abc import Iterator

import pandas as pd
import pytest

from ooma_cancel.db import unit_of_work
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import create_case
from ooma_cancel.ui.nav import PAGES
from tests.wording import RULES, as_read

PAGE_PATHS = [page.path for page in PAGES]

FIELDS = ("value", "label", "body", "help", "placeholder", "caption")


CHOICES = frozenset({"selectbox", "radio", "multiselect", "select_slider"})


def read(node, field: str):
    """An element's attribute, or None where this element has no such thing (a widget before its value)."""
    try:
        return getattr(node, field, None)
    except (AttributeError, KeyError, ValueError, TypeError, IndexError):
        return None


def texts(node) -> Iterator[str]:
    """Every string a person can read in an element tree: values, labels, help, options and table cells (a
    choice widget's value is the program's, its options are what the person reads)."""
    choice = getattr(node, "type", "") in CHOICES
    for field in FIELDS:
        if field == "value" and choice:
            continue
        value = read(node, field)
        if isinstance(value, str):
            yield value
        elif isinstance(value, pd.DataFrame):
            yield from (str(column) for column in value.columns)
            for column in value.columns:
                yield from (cell for cell in value[column].tolist() if isinstance(cell, str))
    if choice:
        yield from (str(option) for option in read(node, "options") or ())
    for child in getattr(node, "children", {}).values():
        yield from texts(child)


def lower_case_choices(node) -> Iterator[str]:
    """Choices in a select or radio that start with a small letter ("phone" instead of "Phone")."""
    if getattr(node, "type", "") in CHOICES:
        # A file name (card-statement.csv · …) is spelled as the file is.
        for option in map(str, read(node, "options") or ()):
            if option[:1].islower() and "." not in option.split(" ", 1)[0]:
                yield option
    for child in getattr(node, "children", {}).values():
        yield from lower_case_choices(child)


def offences(at) -> list[str]:
    found = []
    for text in {as_read(t) for root in (at.main, at.sidebar) for t in texts(root)}:
        for name, pattern in RULES.items():
            match = pattern.search(text)
            if match:
                found.append(f"{name} ({match.group(0)!r}) in {text[:160]!r}")
    found += [
        f"a lower-case choice: {o!r}" for root in (at.main, at.sidebar) for o in lower_case_choices(root)
    ]
    return sorted(found)


def walk(at) -> dict[str, list[str]]:
    """Each page's offences, reached from the app the way a visitor does."""
    found = {}
    for path in PAGE_PATHS:
        at.switch_page(path).run()
        assert not at.exception, path
        if bad := offences(at):
            found[path] = bad
    return found


def test_the_rules_catch_what_a_person_should_not_read():
    """The patterns can fail: each of the old words is caught, and ordinary sentences are not."""
    old = [
        "Support phone number: (not recorded)",
        "2 contact(s)",
        "[Ooma's mailing address for written notices: ask Ooma and write it here]",
        "Source article (seed): example of a return window",
        "ooma account number ready; port-out pin obtained",
        "Status: port_pending",
    ]
    for text in old:
        assert any(pattern.search(text) for pattern in RULES.values()), text
    fine = [
        "Ooma's support website (support.ooma.com) shows when its agents answer.",
        "ooma-cancellation-2026-11-30.pdf",
        "2 contacts, newest first; showing 1–20.",
        "Your balance is $0.00: you owe nothing.",
    ]
    for text in fine:
        assert not any(pattern.search(text) for pattern in RULES.values()), text


def test_every_page_speaks_plainly_on_the_sample_case(app, demo_case):
    found = walk(app().run())
    assert found == {}, "\n".join(f"{p}: {o}" for p, bad in found.items() for o in bad)


def test_every_page_speaks_plainly_on_an_empty_new_case(app, engine):
    with unit_of_work(engine) as session:
        create_case(session=session, owner=LOCAL_OWNER, title="Home phone")
    found = walk(app().run())
    assert found == {}, "\n".join(f"{p}: {o}" for p, bad in found.items() for o in bad)


@pytest.mark.parametrize("path", ["views/overview.py"])
def test_every_page_speaks_plainly_on_an_empty_database(app, path):
    at = app().run()
    at.switch_page(path).run()
    assert offences(at) == []


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_an_empty_case_does_not_claim_a_balance_or_that_nothing_is_to_be_returned(app, engine):
    with unit_of_work(engine) as session:
        create_case(session=session, owner=LOCAL_OWNER, title="Home phone")
    at = app().run()
    at.switch_page("views/balance.py").run()
    shown = metrics(at)
    assert shown["Balance"] == "Nothing recorded"
    assert "State" not in shown  # no "$0.00 · outstanding" before anything is entered
    at.switch_page("views/overview.py").run()
    assert metrics(at)["Equipment return"] == "No devices listed"


def test_a_phone_number_that_cannot_exist_is_explained_in_a_sentence():
    from ooma_cancel.account import InvalidPhoneNumber, normalise_phone

    with pytest.raises(InvalidPhoneNumber) as error:
        normalise_phone("555-0123")
    assert str(error.value) == (
        "This number cannot be a US phone number: check the digits. For a number in another country, start "
        "with + and the country code."
    )


def test_times_fall_back_to_utc_and_say_so_only_when_the_browser_gives_no_time_zone(app):
    from ooma_cancel.formatting import UTC_NOTE

    unknown = app().run()
    assert UTC_NOTE in [c.value for c in unknown.sidebar.caption]
    known = app()
    known.context = {"timezone": "America/Chicago"}
    known.run()
    assert UTC_NOTE not in [c.value for c in known.sidebar.caption]
