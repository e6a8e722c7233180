"""Two app servers sharing one PostgreSQL database, as replicas behind a load balancer with sticky sessions run:
the same workspace open on both, saves to the same case from both at once, nothing lost or duplicated.

The visitors are websocket clients speaking Streamlit's own protocol (benchmarks/load/client.py), so each save
goes through the page's real form and button, on a real `streamlit run` server.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load.client import Session
from benchmarks.load.journey import Tab, Tally, Visitor
from benchmarks.load.servers import serve_all, stored_mismatches
from tests.conftest import fresh_postgres_database, postgres_server_url

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(120)]

SAVES = 3  # per server, of each kind
TITLES = re.compile(r"Shared case \w+")


@pytest.fixture
def shared_database() -> Iterator[str]:
    yield from fresh_postgres_database(postgres_server_url())


async def save_from(tab: Tab, server: str) -> None:
    """Alternate between the two stages' pages, logging a contact and adding a ledger entry each time."""
    for n in range(1, SAVES + 1):
        await tab.goto("contact_support")
        await tab.save_contact(f"Call {n} logged through {server}")
        await tab.goto("balance")
        await tab.save_ledger_entry(f"Entry {n} added through {server}")


async def both_servers_save(url_a: str, url_b: str, visitor: Visitor, tally: Tally) -> None:
    tab_a = Tab(Session(url_a), visitor, tally, TITLES)
    tab_b = Tab(Session(url_b), visitor, tally, TITLES)
    try:
        await tab_a.open()
        await tab_a.create_case()
        assert visitor.token, "server A issued no workspace token"
        # The resume link, opened on the other replica: the same workspace, so the same case.
        await tab_b.open(f"w={visitor.token}")
        tab_b.has_case = True
        tab_b.check("open the resume link on server B", tab_b.session.last)
        await asyncio.gather(save_from(tab_a, "server A"), save_from(tab_b, "server B"))
    finally:
        await tab_a.session.close()
        await tab_b.session.close()


def test_saves_from_two_servers_to_one_case_are_all_kept_once(shared_database: str, tmp_path: Path) -> None:
    visitor = Visitor("Shared case 1")
    tally = Tally()
    with serve_all(shared_database, [tmp_path / "server-a.log", tmp_path / "server-b.log"]) as (
        server_a,
        server_b,
    ):
        asyncio.run(both_servers_save(server_a.url, server_b.url, visitor, tally))

    assert not tally.errors, tally.details
    # Every save was confirmed on the page that made it...
    assert len(visitor.ledger_descriptions) == 2 * SAVES
    assert len(visitor.contact_summaries) == 2 * SAVES
    assert any("server B" in entry for entry in visitor.ledger_descriptions)
    # ...and the database holds each exactly once, with one audit-trail event per save.
    assert stored_mismatches(shared_database, [visitor]) == []
