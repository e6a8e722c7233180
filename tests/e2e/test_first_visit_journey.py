"""A first visit through every stage, from an empty database, in a real browser (issue 13).

Every step checks what the person sees; the same case is shown after a reload mid-way; no request leaves for
another host (fonts, icons, favicon: everything comes from the app). Each click's time until the page settled
is printed, not asserted (`make bench` measures it after a fresh start: benchmarks/bench_journey.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.journey import Journey, report, walk

pytestmark = pytest.mark.browser


def test_a_first_visit_through_every_stage_asks_no_other_host(server, browser_page, tmp_path):
    journey = Journey(browser_page, server, tmp_path)
    walk(journey)
    print("\nClick to settled, first visit after a fresh start:\n" + report(journey.timings))
    assert journey.foreign == []
    assert len(journey.timings) >= 25  # every timed click of the walk was made and settled
