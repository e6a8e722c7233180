"""The per-run case scope: who the visitor is is worked out once per rerun and handed to the page."""

from __future__ import annotations

import pytest

from ooma_cancel.ui import session as ui_session

PAGES = [
    "views/overview.py",
    "views/contact_support.py",
    "views/final_bill.py",
    "views/cancellation_request.py",
    "views/end_date.py",
    "views/account.py",
    "views/keep_number.py",
    "views/settings.py",
]


@pytest.fixture
def resolutions(monkeypatch) -> list[str]:
    """Every time the app works out who the visitor is (it used to be a dozen times per page run)."""
    calls: list[str] = []
    real = ui_session.resolve_owner

    def counted(*args, **kwargs):
        calls.append("resolve")
        return real(*args, **kwargs)

    monkeypatch.setattr(ui_session, "resolve_owner", counted)
    return calls


@pytest.mark.parametrize("page", PAGES)
def test_a_page_rerun_works_out_the_visitor_once_for_itself(app, demo_case, resolutions, page):
    at = app().run()
    at.switch_page(page).run()
    resolutions.clear()
    at.run()
    assert not at.exception
    assert len(at.title) >= 1  # the page itself ran, not a sign-in prompt
    # app.py's own look (the scope) and the sidebar's two widgets; the page's reads add none.
    assert len(resolutions) <= 3
    scope = at.session_state[ui_session.SCOPE_KEY]
    assert scope.case_id == demo_case
    assert scope.owner == "local"
