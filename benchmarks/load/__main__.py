"""`make bench-load`: N simulated visitors against one app server, on SQLite and on PostgreSQL.

    python -m benchmarks.load [--n 10 50 100] [--db sqlite postgresql] [--rounds 2] [--think 0.5] [--servers 1]

Each visitor is a websocket client speaking Streamlit's protocol (benchmarks/load/client.py): it opens the app
in workspace mode (its own private workspace), creates a case with a unique title, then walks the stage pages,
logging a support contact and adding a ledger entry each round. Every page it sees is checked for errors and
for another visitor's case title; afterwards the database must hold exactly what each visitor saved.
Visitors start ``--ramp`` seconds apart and pause ``--think`` seconds (±50 %) between actions; all traffic
goes to 127.0.0.1. With ``--servers K`` (PostgreSQL) K app servers share the one database and visitor i
always talks to server i mod K, as replicas behind a load balancer with sticky sessions run; the server CPU
is theirs together. Prints Markdown tables; the raw numbers go to benchmarks/out/load-*.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.load.journey import Tally, Visitor, visit
from benchmarks.load.runs import table as runs_table
from benchmarks.load.servers import (
    ROOT,
    Monitor,
    fresh_database,
    postgres_cpu_seconds,
    serve_all,
    stored_mismatches,
)

OUT = ROOT / "benchmarks" / "out"
PAGE_CHANGE_BUDGET_MS = 1000
SESSION_BUDGET = {"sqlite": 50, "postgresql": 100}  # sessions each database must carry with 0 errors
ACTIONS = ("open app", "create case", "page change", "type in a field", "save contact", "save ledger entry")


@dataclass
class Result:
    database: str
    sessions: int
    servers: int
    timings: dict[str, list[float]]
    errors: dict[str, int]
    details: list[str]
    peak_rss_mb: float  # the largest of the servers'
    cpu_s: float  # all servers together
    database_cpu_s: float | None  # the PostgreSQL server's, over the same time (anyone's work on it included)
    wall_s: float
    loadavg_before: str
    loadavg_after: str

    def p(self, action: str, q: float) -> float:
        """The ``q`` quantile (nearest rank) of an action's times, ms."""
        values = sorted(self.timings.get(action, []))
        if not values:
            return math.nan
        return values[max(0, math.ceil(q * len(values)) - 1)]

    def within_budget(self) -> bool | None:
        """0 errors and p95 page change within budget, for the session counts the budget names."""
        if self.sessions > SESSION_BUDGET[self.database]:
            return None
        return not self.errors and self.p("page change", 0.95) <= PAGE_CHANGE_BUDGET_MS


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def measure(database: str, sessions: int, args: argparse.Namespace) -> Result:
    """``sessions`` visitors on ``args.servers`` app servers sharing one fresh database (replicas behind a load
    balancer with sticky sessions: visitor i always talks to server i mod K)."""
    run_id = uuid.uuid4().hex[:6]
    titles = re.compile(rf"LoadCase-{run_id}-\w+")
    rng = random.Random(sessions)
    count = args.servers
    suffix = f"-{count}servers" if count > 1 else ""
    logs = [
        OUT / f"load-{database}-{sessions}{suffix}{f'-{i}' if count > 1 else ''}.log" for i in range(count)
    ]
    with (
        fresh_database(database, args.postgres_url) as database_url,
        serve_all(database_url, logs, tuple(args.option), runs_out=args.runs_out) as servers,
    ):
        # One visitor per server first, not counted: a server's first runs import the chart and table
        # renderers once.
        warm = Tally()
        warm_visitors = [Visitor(f"LoadCase-{run_id}-warmup{i}") for i in range(count)]
        for server, warm_visitor in zip(servers, warm_visitors, strict=True):
            await visit(
                server.url, warm_visitor, warm, titles, rounds=1, think_s=0, timeout_s=args.timeout, rng=rng
            )
        tally = Tally()
        for kind, n in warm.errors.items():
            tally.errors[f"warm-up {kind}"] += n
        tally.details += warm.details

        visitors = [Visitor(f"LoadCase-{run_id}-{i:03d}") for i in range(sessions)]
        monitors = [Monitor(server.process.pid) for server in servers]
        before = loadavg()
        database_cpu_before = postgres_cpu_seconds() if database == "postgresql" else None
        for monitor in monitors:
            monitor.start()
        start = time.perf_counter()

        async def one(index: int, visitor: Visitor) -> None:
            await asyncio.sleep(index * args.ramp)
            await visit(
                servers[index % count].url,  # sticky: every action of this visitor goes to one server
                visitor,
                tally,
                titles,
                rounds=args.rounds,
                think_s=args.think,
                timeout_s=args.timeout,
                rng=random.Random(f"{sessions}-{index}"),
            )

        await asyncio.gather(*(one(i, v) for i, v in enumerate(visitors)))
        wall = time.perf_counter() - start
        for monitor in monitors:
            await monitor.stop()
        database_cpu_after = postgres_cpu_seconds() if database_cpu_before is not None else None
        after = loadavg()
        for problem in stored_mismatches(database_url, [*warm_visitors, *visitors]):
            tally.error("database", problem)
    return Result(
        database=database,
        sessions=sessions,
        servers=count,
        timings=dict(tally.timings),
        errors=dict(tally.errors),
        details=tally.details,
        peak_rss_mb=max(monitor.peak_rss_mb for monitor in monitors),
        cpu_s=sum(monitor.cpu_s for monitor in monitors),
        database_cpu_s=(
            database_cpu_after - database_cpu_before
            if database_cpu_before is not None and database_cpu_after is not None
            else None
        ),
        wall_s=wall,
        loadavg_before=before,
        loadavg_after=after,
    )


def timing_table(results: list[Result]) -> str:
    lines = [
        "| Database | N | Action | Count | p50 ms | p95 ms | max ms |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for result in results:
        for action in ACTIONS:
            count = len(result.timings.get(action, []))
            if not count:
                continue
            lines.append(
                f"| {result.database} | {result.sessions} | {action} | {count} | {result.p(action, 0.5):,.0f} "
                f"| {result.p(action, 0.95):,.0f} | {result.p(action, 1.0):,.0f} |"
            )
    return "\n".join(lines)


def summary_table(results: list[Result]) -> str:
    lines = [
        "| Database | N | Servers | Errors | Server peak RSS | Server CPU | PostgreSQL CPU | Wall "
        "| Load avg (before → after) | Budget |",
        "|---|---:|---:|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        errors = ", ".join(f"{kind} {count}" for kind, count in sorted(r.errors.items())) or "0"
        verdict = {None: "—", True: "met", False: "**missed**"}[r.within_budget()]
        lines.append(
            f"| {r.database} | {r.sessions} | {r.servers} | {errors} | {r.peak_rss_mb:,.0f} MB | {r.cpu_s:,.1f} s "
            f"| {'—' if r.database_cpu_s is None else f'{r.database_cpu_s:,.1f} s'} "
            f"| {r.wall_s:,.1f} s | {r.loadavg_before} → {r.loadavg_after} | {verdict} |"
        )
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, nargs="+", default=[10, 50, 100], help="sessions per measurement")
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=2, help="tours of the stage pages per visitor (≤ 10)")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between actions, s")
    parser.add_argument("--ramp", type=float, default=0.2, help="seconds between two visitors' arrivals")
    parser.add_argument("--timeout", type=float, default=60.0, help="longest wait for one run, s")
    parser.add_argument(
        "--option", action="append", default=[], help="a server option, e.g. runner.postScriptGC=false"
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="app servers (replicas) on the one database, each visitor sticky to one; PostgreSQL only above 1",
    )
    parser.add_argument(
        "--runs",
        action="store_true",
        help="record each script run's page, CPU and database statements and print them per page",
    )
    parser.add_argument("--postgres-url", default=os.environ.get("OOMA_CANCEL_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not 1 <= args.rounds <= 10 or max(args.n) > 200 or min(args.n) < 1:
        parser.error("keep it bounded: 1-10 rounds, 1-200 sessions")
    if not 1 <= args.servers <= 4:
        parser.error("1-4 servers")
    if args.servers > 1 and "sqlite" in args.db:
        parser.error("several servers need one shared PostgreSQL database: --db postgresql")
    return args


def main() -> None:
    args = parse_args()
    args.runs_out = None
    if args.runs:
        OUT.mkdir(parents=True, exist_ok=True)
        args.runs_out = OUT / f"runs-{time.strftime('%Y%m%dT%H%M%S')}.jsonl"
    results = []
    for database in args.db:
        for sessions in args.n:
            print(f"… {database}, {sessions} sessions, {args.servers} server(s)", flush=True)
            result = asyncio.run(measure(database, sessions, args))
            results.append(result)
            for detail in result.details:
                print(f"    {detail}")
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / f"load-{time.strftime('%Y%m%dT%H%M%S')}.json"
    raw.write_text(json.dumps([asdict(r) for r in results], indent=1))
    print()
    print(summary_table(results))
    print()
    print(timing_table(results))
    print(f"\nRaw numbers: {raw.relative_to(ROOT)}")
    if args.runs_out is not None and args.runs_out.exists():
        print("\nScript runs per page (the warm-up visitors' runs included):\n")
        print(runs_table(args.runs_out.read_text().splitlines()))
        print(f"\nEach run: {args.runs_out.relative_to(ROOT)}")
    if any(r.within_budget() is False for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
