"""CPU time to read every ledger entry, event and contact of the scale-10 sample case (enum columns included).

Run from a checkout: ``python benchmarks/bench_rows.py`` (or ``python benchmarks/bench_rows.py /other/checkout``
to time another checkout's code the same way). Prints the minimum of 15 reads, in CPU time, so that other work on
the machine moves it less than wall time. A measurement, not a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READS = 15


def main() -> None:
    from sqlmodel import Session, select

    from ooma_cancel.db import make_engine, migrate, unit_of_work
    from ooma_cancel.demo import seed_demo
    from ooma_cancel.models import Event, Interaction, LedgerEntry
    from ooma_cancel.owner import LOCAL_OWNER

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/rows.db")
        migrate(engine)
        with unit_of_work(engine) as session:
            seed_demo(session=session, owner=LOCAL_OWNER, scale=10, today=date(2026, 11, 27))
        best, rows = float("inf"), 0
        for _ in range(READS):
            started = time.process_time()
            with Session(engine) as session:
                rows = sum(
                    len(session.exec(select(table)).all()) for table in (LedgerEntry, Event, Interaction)
                )
            best = min(best, time.process_time() - started)
        engine.dispose()
    print(f"{ROOT}: {rows} rows read in {best * 1000:.1f} ms CPU (min of {READS})")


if __name__ == "__main__":
    main()
