"""`make bench-readers`: page reads beside writes on one SQLite file, as many visitors at once produce them.

READERS threads each run page-like read transactions (a case, its confirmations, the case list, a few
milliseconds of "drawing" in between) while WRITERS threads save confirmations to their own cases, for
SECONDS. Reported: reads and writes done, their p50/p95 latency, and errors by kind ("database is locked"
first). ``--old`` runs the reads as the app did before (every transaction ``BEGIN IMMEDIATE``) for comparison.
Also the cost of the per-run database check of app.py (connect + ``SELECT 1``). A measurement, never a test.

    .venv/bin/python benchmarks/bench_readers.py [--readers 30] [--writers 2] [--seconds 10] [--old]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from ooma_cancel.db import WRITES, make_engine, migrate, run_writing, unit_of_work  # noqa: E402
from ooma_cancel.guards import READ_ONLY  # noqa: E402
from ooma_cancel.store.cases import create_case, get_case, list_cases  # noqa: E402
from ooma_cancel.store.confirmations import add_confirmation, list_confirmations  # noqa: E402

OWNER = "local"


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=30)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--draw-ms", type=float, default=20, help="time a page draws between two reads")
    parser.add_argument("--old", action="store_true", help="reads take the write lock, as before the fix")
    args = parser.parse_args()
    draw_s = args.draw_ms / 1000

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        with unit_of_work(engine) as session:
            case_ids = [
                create_case(session=session, owner=OWNER, title=f"Case {i}").id for i in range(args.writers)
            ]
        reader_engine = engine.execution_options(**{WRITES: True}) if args.old else engine

        stop = time.monotonic() + args.seconds
        lock = threading.Lock()
        reads: list[float] = []
        writes: list[float] = []
        errors: Counter[str] = Counter()

        def note(error: BaseException) -> None:
            text = str(getattr(error, "orig", error))
            with lock:
                errors["database is locked" if "locked" in text else type(error).__name__] += 1

        def reader(i: int) -> None:
            case_id = case_ids[i % len(case_ids)]
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    with Session(reader_engine, info={READ_ONLY: True}) as session:
                        get_case(session=session, owner=OWNER, case_id=case_id)
                        list_confirmations(session=session, owner=OWNER, case_id=case_id)
                        time.sleep(draw_s)
                        list_cases(session=session, owner=OWNER)
                except Exception as error:  # counted, reported below
                    note(error)
                    continue
                with lock:
                    reads.append(time.perf_counter() - started - draw_s)

        def writer(i: int) -> None:
            n = 0
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    run_writing(
                        engine,
                        lambda session, n=n: add_confirmation(
                            session=session,
                            owner=OWNER,
                            case_id=case_ids[i],
                            number=f"C-{i}-{n}",
                            received_at=datetime.now(UTC),
                            channel="phone",
                        ),
                    )
                except Exception as error:  # counted, reported below
                    note(error)
                    continue
                n += 1
                with lock:
                    writes.append(time.perf_counter() - started)

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)]
        threads += [threading.Thread(target=writer, args=(i,)) for i in range(args.writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        probes = []
        for _ in range(200):
            started = time.perf_counter()
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            probes.append(time.perf_counter() - started)
        engine.dispose()

    mode = "old (reads BEGIN IMMEDIATE)" if args.old else "new (reads deferred)"
    print(
        f"SQLite, {args.readers} readers (drawing {args.draw_ms:g} ms) + {args.writers} writers, {args.seconds:g} s, {mode}"
    )
    print("| | done | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    print(
        f"| reads (page transactions, drawing excluded) | {len(reads)} | {percentile(reads, 0.5) * 1000:.1f} | {percentile(reads, 0.95) * 1000:.1f} |"
    )
    print(
        f"| writes | {len(writes)} | {percentile(writes, 0.5) * 1000:.1f} | {percentile(writes, 0.95) * 1000:.1f} |"
    )
    print(f"errors: {dict(errors) or 'none'}")
    print(f"app.py's database check (connect + SELECT 1): median {statistics.median(probes) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
