"""`make bench`: every page's script time with ten years of sample history, and server start-up.

Seeds `demo --scale 10` into a fresh SQLite database, then in one run measures
- each page's first load and its rerun (median of RERUNS) through AppTest from app.py, and Review final bill
  again once an audit of the sample bill is saved with the case (its findings table and two charts);
- `streamlit run app.py` start-up to a healthy server, next to a bare one-line page measured the same way.
Budgets (issue 2): median rerun <= 50 ms per page; start-up <= 1.5x the bare page's. Results are printed and
written to benchmarks/out/pages.json. This is a measurement, not a test: it never fails the build.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RERUNS = int(os.environ.get("BENCH_RERUNS", "30"))
STARTUPS = 3
RERUN_BUDGET_MS = 50
STARTUP_BUDGET_RATIO = 1.5


def seed(url: str, scale: int) -> int:
    """The sample case, ``scale`` years of it; its id."""
    from ooma_cancel.db import make_engine, migrate, unit_of_work
    from ooma_cancel.demo import seed_demo
    from ooma_cancel.owner import LOCAL_OWNER

    engine = make_engine(url)
    migrate(engine)
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, scale=scale, today=date.today())
    engine.dispose()
    return case_id


def save_sample_audit(url: str, case_id: int) -> None:
    """Audit the sample bill as the page's "Try it with a sample bill" does, and save it with the case."""
    from ooma_cancel.bill import AuditContext, audit, read_bill
    from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
    from ooma_cancel.bill.sample import sample_bill_csv
    from ooma_cancel.db import make_engine, unit_of_work
    from ooma_cancel.owner import LOCAL_OWNER
    from ooma_cancel.store import bill as bill_store

    end_date = date.today()
    reading = read_bill(sample_bill_csv(end_date))
    context = AuditContext(
        end_date=end_date, fixed_term=False, equipment_returned_on=None, return_window_days=30
    )
    result = audit(reading, context)
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        bill_store.save_bill_audit(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            filename="sample-final-bill.csv",
            sha256="bench",
            mapping=mapping_dict(reading.mapping),
            report=audit_report(reading, result),
            lines=line_rows(result),
        )
    engine.dispose()


def measure_pages(url: str, case_id: int) -> list[dict[str, object]]:
    import logging

    from streamlit.testing.v1 import AppTest

    from ooma_cancel.ui.nav import PAGES

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    # A running server compiles each script once (its ScriptCache lives as long as the server); AppTest builds
    # a new cache on every run and recompiles app.py and the page each time (~5 ms per script here). Share one
    # cache, so a rerun costs what it costs a visitor.
    import streamlit.testing.v1.app_test as app_test_module

    shared_cache = app_test_module.ScriptCache()
    app_test_module.ScriptCache = lambda: shared_cache
    app = str(ROOT / "app.py")
    AppTest.from_file(
        app, default_timeout=60
    ).run()  # warm imports and the engine once, like a running server

    def measure(path: str, title: str) -> dict[str, object]:
        at = AppTest.from_file(app, default_timeout=60)
        at.switch_page(path)
        start = time.perf_counter()
        at.run()
        first = (time.perf_counter() - start) * 1000
        if at.exception:
            raise SystemExit(f"{path} raised: {at.exception[0].message}")
        times = []
        for _ in range(RERUNS):
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
        rerun = statistics.median(times)
        return {
            "page": title,
            "first_load_ms": round(first, 1),
            "rerun_median_ms": round(rerun, 1),
            "within_budget": rerun <= RERUN_BUDGET_MS,
        }

    rows = [measure(page.path, page.title) for page in PAGES]
    save_sample_audit(url, case_id)
    rows.append(measure("views/final_bill.py", "Review final bill, audited"))
    return rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def startup_seconds(script: Path, env: dict[str, str]) -> float:
    port = free_port()
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless=true",
            f"--server.port={port}",
        ],
        cwd=script.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                if time.perf_counter() - start > 60:
                    raise TimeoutError(f"{script} did not start") from None
                time.sleep(0.02)
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure_startup(env: dict[str, str]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as bare_dir:
        bare = Path(bare_dir) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("hello")\n')
        app_times, bare_times = [], []
        for _ in range(STARTUPS):  # interleaved, so a noisy moment hits both
            bare_times.append(startup_seconds(bare, env))
            app_times.append(startup_seconds(ROOT / "app.py", env))
    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    return {
        "app_startup_s": round(app_s, 3),
        "bare_startup_s": round(bare_s, 3),
        "ratio": round(app_s / bare_s, 2),
        "within_budget": app_s / bare_s <= STARTUP_BUDGET_RATIO,
    }


def main() -> int:
    scale = int(os.environ.get("BENCH_SCALE", "10"))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["OOMA_CANCEL_DATABASE_URL"] = url
        # AppTest has no server address, so the app would pick private workspaces and show empty pages.
        os.environ["OOMA_CANCEL_MODE"] = "local"
        start = time.perf_counter()
        case_id = seed(url, scale)
        seeded = time.perf_counter() - start
        pages = measure_pages(url, case_id)
        startup = measure_startup(dict(os.environ))
    print(f"demo --scale {scale} seeded in {seeded:.1f} s\n")
    print(f"{'page':<26} {'first load':>11} {'rerun (median)':>15}  budget {RERUN_BUDGET_MS} ms")
    for row in pages:
        verdict = "ok" if row["within_budget"] else "OVER"
        print(
            f"{row['page']:<26} {row['first_load_ms']:>8.1f} ms {row['rerun_median_ms']:>12.1f} ms  {verdict}"
        )
    verdict = "ok" if startup["within_budget"] else "OVER"
    print(
        f"\nstart-up to healthy: app {startup['app_startup_s']} s, bare page {startup['bare_startup_s']} s, "
        f"ratio {startup['ratio']} (budget {STARTUP_BUDGET_RATIO})  {verdict}"
    )
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages.json").write_text(
        json.dumps({"scale": scale, "pages": pages, "startup": startup}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
