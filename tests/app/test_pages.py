"""Every page, reached from app.py the way a visitor does, on an empty database and on the sample case."""

import pytest

from ooma_cancel.ui.nav import PAGES
from tests.tables import table_frame

PAGE_PATHS = [page.path for page in PAGES]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_opens_on_an_empty_database(app, path):
    at = app().run()
    at.switch_page(path).run()
    assert not at.exception
    title = next(page.title for page in PAGES if page.path == path)
    assert title in [t.value for t in at.title] or path == "views/overview.py"


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_opens_on_the_sample_case(app, demo_case, path):
    at = app().run()
    at.switch_page(path).run()
    assert not at.exception
    assert not at.error


def test_the_settings_page_labels_unverified_provider_facts(app):
    at = app().run()
    at.switch_page("views/settings.py").run()
    table = table_frame(at.table[0])
    status = dict(zip(table["Fact"], table["Status"], strict=True))
    assert status["Support phone number"] == "verify with Ooma"
    assert status["Equipment return window (days after cancellation)"] == "verify with Ooma"
    assert status["Ooma Office fixed-term: written notice before expiry (days)"] == "sourced"
