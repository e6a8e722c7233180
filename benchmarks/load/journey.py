"""What one visitor does, timed per action, with every page checked for errors and for other visitors' cases."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from benchmarks.load.client import ProtocolError, Run, Session, text_value

# The stage pages a visitor walks through in each round (url pathnames); saves happen on two of them.
TOUR = (
    "account",
    "keep_number",
    "contact_support",
    "balance",
    "equipment_return",
    "confirmation",
    "end_date",
)
LEDGER_AMOUNT = "12.34"
# A save on a stage page says "Saved · Next: …" (or "Saved · " and that every step is done).
CONTACT_TOAST = LEDGER_TOAST = "Saved · "
CASE_TOAST = "Case created."
MAX_DETAILS = 20


@dataclass
class Tally:
    """Timings per action (ms) and errors by kind, shared by every session of one measurement."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.details) < MAX_DETAILS:
            self.details.append(f"{kind}: {detail}")


@dataclass
class Visitor:
    """One browser tab's identity and what it saved (checked against the database afterwards)."""

    title: str
    token: str | None = None
    ledger_descriptions: list[str] = field(default_factory=list)
    contact_summaries: list[str] = field(default_factory=list)


class Tab:
    """A session that times each action and checks each page it sees."""

    def __init__(self, session: Session, visitor: Visitor, tally: Tally, titles: re.Pattern[str]) -> None:
        self.session = session
        self.visitor = visitor
        self.tally = tally
        self.titles = titles
        self.has_case = False

    async def act(self, action: str, step) -> Run:
        start = time.perf_counter()
        try:
            run = await step
        except ProtocolError as error:
            self.tally.error(error.kind, f"{action}: {error}")
            raise
        self.tally.timings[action].append((time.perf_counter() - start) * 1000)
        self.check(action, run)
        return run

    def check(self, action: str, run: Run) -> None:
        for exception in run.exceptions:
            self.tally.error("exception", f"{action}: {exception}")
        for message in run.error_alerts:
            self.tally.error("error message", f"{action}: {message}")
        seen = set(self.titles.findall(run.text()))
        foreign = seen - {self.visitor.title}
        if foreign:
            self.tally.error("isolation", f"{self.visitor.title} saw {sorted(foreign)} on {action}")
        if self.has_case and self.visitor.title not in seen:
            self.tally.error("own case missing", f"{self.visitor.title} not shown on {action}")

    def expect_toast(self, action: str, run: Run, toast: str) -> bool:
        if any(shown.startswith(toast) for shown in run.toasts):
            return True
        if not run.error_alerts and not run.exceptions:
            self.tally.error("not saved", f"{action}: no “{toast}”")
        return False

    async def open(self, query_string: str = "") -> Run:
        run = await self.act("open app", self.session.connect(query_string))
        self.visitor.token = self.session.workspace_token
        return run

    async def create_case(self) -> None:
        run = self.session.last
        box = run.widget("text_input", label="Name of the case", form="overview.new_case")
        submit = run.widget("button", form="overview.new_case")
        run = await self.act("create case", self.session.click(submit, [text_value(box, self.visitor.title)]))
        if self.expect_toast("create case", run, CASE_TOAST):
            self.has_case = True
            self.check("create case", run)  # now its own title must show

    async def goto(self, pathname: str) -> Run:
        return await self.act("page change", self.session.goto(pathname))

    async def save_ledger_entry(self, description: str) -> None:
        run = self.session.last
        amount = run.widget("text_input", key=r"balance\.new\d+\.amount")
        text = run.widget("text_input", key=r"balance\.new\d+\.description")
        submit = run.widget("button", key=r"balance\.new\d+\.save")
        values = [text_value(amount, LEDGER_AMOUNT), text_value(text, description)]
        run = await self.act("save ledger entry", self.session.click(submit, values))
        if self.expect_toast("save ledger entry", run, LEDGER_TOAST):
            self.visitor.ledger_descriptions.append(description)

    async def save_contact(self, summary: str) -> None:
        run = self.session.last
        area = run.widget("text_area", key=r"support\.new\.summary")
        # A text area sends its value when it loses focus (a rerun of its own), then the button is clicked.
        await self.act("type in a field", self.session.rerun([text_value(area, summary)]))
        submit = self.session.last.widget("button", key=r"support\.new\.save")
        run = await self.act("save contact", self.session.click(submit))
        if self.expect_toast("save contact", run, CONTACT_TOAST):
            self.visitor.contact_summaries.append(summary)


async def visit(
    base_url: str,
    visitor: Visitor,
    tally: Tally,
    titles: re.Pattern[str],
    *,
    rounds: int,
    think_s: float,
    timeout_s: float,
    rng: random.Random,
) -> None:
    """Open the app, create a case, then ``rounds`` times walk the stage pages saving a contact and an entry."""

    async def think() -> None:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)

    session = Session(base_url, timeout=timeout_s)
    tab = Tab(session, visitor, tally, titles)
    try:
        await tab.open()
        await think()
        await tab.create_case()
        for round_no in range(1, rounds + 1):
            for pathname in TOUR:
                await think()
                await tab.goto(pathname)
                if pathname == "contact_support":
                    await think()
                    await tab.save_contact(f"{visitor.title} call {round_no}")
                elif pathname == "balance":
                    await think()
                    await tab.save_ledger_entry(f"{visitor.title} entry {round_no}")
            await think()
            await tab.goto("")  # back to the overview
    except ProtocolError:
        pass  # counted by Tab.act; this visitor stops here
    except LookupError as error:  # a widget this journey needs was not on the page
        tally.error("page incomplete", f"{visitor.title}: {error}")
    finally:
        await session.close()
