"""Replicas starting together on a new PostgreSQL database: does every first visitor get a page?

    python -m benchmarks.load.replica_start [--servers 2] [--attempts 3]

Each app server creates or upgrades the schema on its first script run; two first visitors arriving at two
servers at once run two upgrades at once. Exits 1 when any first visitor got an error page.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

from benchmarks.load.client import Session
from benchmarks.load.servers import fresh_database, serve_all


async def first_visitors(urls: list[str]) -> list[list[str]]:
    """Open every server at once; what went wrong on each first page."""
    sessions = [Session(url) for url in urls]
    try:
        runs = await asyncio.gather(*(session.connect() for session in sessions))
    finally:
        for session in sessions:
            await session.close()
    return [run.exceptions + run.error_alerts for run in runs]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", type=int, default=2, choices=range(2, 5))
    parser.add_argument("--attempts", type=int, default=3, choices=range(1, 11))
    parser.add_argument("--postgres-url", default=os.environ.get("OOMA_CANCEL_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="ooma-replicas-") as folder:
        for attempt in range(1, args.attempts + 1):
            logs = [Path(folder) / f"attempt{attempt}-server{i}.log" for i in range(args.servers)]
            with (
                fresh_database("postgresql", args.postgres_url) as database_url,
                serve_all(database_url, logs) as servers,
            ):
                problems = asyncio.run(first_visitors([server.url for server in servers]))
            errors = [log.read_text() for log, problem in zip(logs, problems, strict=True) if problem]
            causes = {
                line for text in errors for line in text.splitlines() if line.startswith("sqlalchemy.exc")
            }
            print(
                f"attempt {attempt}: {sum(map(bool, problems))} of {args.servers} first visitors got an error"
            )
            for cause in sorted(causes):
                print(f"    {cause}")
            failed += any(problems)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
