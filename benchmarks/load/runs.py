"""An app server that records, for every script run, its page, the script thread's CPU time and its database
round trips; `python -m benchmarks.load --runs` starts its servers this way and prints the table.

    python -m benchmarks.load.runs OUT.jsonl run app.py [streamlit options]

Each run appends one JSON line to OUT.jsonl: the page's url path, whether a button started it (a save), the
messages it sent to the browser (elements, blocks, widgets' states), the keys in the session's state at its end, ms of CPU of the script thread (``time.thread_time``:
building the page, the queries' Python side; the event loop's websocket writes are not in it), and per kind
the statements sent to the database (queries, BEGIN, COMMIT/ROLLBACK, the pool's ping on checkout). This is a
measurement tool: nothing in the app imports it.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_local = threading.local()
_write_lock = threading.Lock()
# Garbage collections in the whole process (any thread: a collection holds the GIL, so it stalls every run):
# per generation, how many and their ms of wall time, since the server started.
_gc_started = [0.0]
_gc_count = [0, 0, 0]
_gc_ms = [0.0, 0.0, 0.0]
_gc_max_ms = [0.0, 0.0, 0.0]
_gc_full: list[list[float]] = []  # each full (generation 2) collection: ms, objects frozen at the time


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
        return
    generation = info["generation"]
    ms = (time.perf_counter() - _gc_started[0]) * 1000
    _gc_count[generation] += 1
    _gc_ms[generation] += ms
    _gc_max_ms[generation] = max(_gc_max_ms[generation], ms)
    if generation == 2:
        _gc_full.append([round(ms, 1), gc.get_freeze_count()])


def _counts() -> Counter[str] | None:
    return getattr(_local, "counts", None)


def _count(kind: str) -> None:
    counts = _counts()
    if counts is not None:
        counts[kind] += 1


def install(out: Path) -> None:
    import sqlalchemy as sa
    from sqlalchemy.pool import Pool
    from streamlit.navigation.page import StreamlitPage
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    gc.callbacks.append(_on_gc)
    sa.event.listen(sa.Engine, "before_cursor_execute", lambda *_a, **_k: _count("queries"))
    sa.event.listen(sa.Engine, "begin", lambda *_a: _count("begin"))
    sa.event.listen(sa.Engine, "commit", lambda *_a: _count("commit"))
    sa.event.listen(sa.Engine, "rollback", lambda *_a: _count("rollback"))
    sa.event.listen(Pool, "checkout", lambda *_a: _count("checkouts"))
    sa.event.listen(Pool, "connect", lambda *_a: _count("new connections"))

    enqueue = ScriptRunContext.enqueue

    def counted_enqueue(self: ScriptRunContext, msg: Any) -> None:
        _count("messages")
        enqueue(self, msg)

    ScriptRunContext.enqueue = counted_enqueue  # type: ignore[method-assign]

    page_run = StreamlitPage.run

    def run_page(self: StreamlitPage) -> None:
        _local.page = self.url_path or "overview"
        page_run(self)

    StreamlitPage.run = run_page  # type: ignore[method-assign]

    runner = script_runner.ScriptRunner
    run_script = runner._run_script

    def timed(self: Any, rerun_data: Any) -> None:
        _local.page = "?"
        _local.counts = Counter()
        widgets = rerun_data.widget_states.widgets if rerun_data.widget_states is not None else []
        triggered = any(w.WhichOneof("value") in ("trigger_value", "string_trigger_value") for w in widgets)
        gc_ms = sum(_gc_ms)
        began = time.perf_counter()
        start = time.thread_time()
        try:
            run_script(self, rerun_data)
        finally:
            record = {
                "page": _local.page,
                "button": triggered,
                "cpu_ms": (time.thread_time() - start) * 1000,
                "wall_ms": (time.perf_counter() - began) * 1000,
                "gc_ms": sum(_gc_ms) - gc_ms,  # collections during the run, in any thread
                "pid": os.getpid(),
                "gc": {
                    "count": _gc_count,
                    "ms": _gc_ms,
                    "max_ms": _gc_max_ms,
                    "frozen": gc.get_freeze_count(),
                    "full": _gc_full,
                },  # the process so far
                "state keys": len(self._session_state._state._keys()),
                **_local.counts,
            }
            _local.counts = None
            with _write_lock, out.open("a") as file:
                file.write(json.dumps(record) + "\n")

    runner._run_script = timed


def table(lines: Iterable[str]) -> str:
    """Per page: runs, CPU ms (median, mean), wall ms p95, GC ms per run and statements per run, from the JSON
    lines; then each server's garbage collections per generation."""
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    last_gc: dict[int, dict[str, list[float]]] = {}
    for line in lines:
        record = json.loads(line)
        by_page[record["page"] + (" (button)" if record["button"] else "")].append(record)
        if "gc" in record:
            last_gc[record["pid"]] = record["gc"]
    kinds = (
        "messages",
        "state keys",
        "queries",
        "begin",
        "commit",
        "rollback",
        "checkouts",
        "new connections",
    )
    rows = [
        "| Page | Runs | CPU ms p50 | CPU ms mean | CPU s total | wall ms p95 | GC ms/run | "
        + " | ".join(f"{k}/run" for k in kinds)
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(kinds),
    ]
    total = sum(r["cpu_ms"] for records in by_page.values() for r in records)
    for page, records in sorted(by_page.items(), key=lambda item: -sum(r["cpu_ms"] for r in item[1])):
        cpu = [r["cpu_ms"] for r in records]
        wall = [r.get("wall_ms", 0.0) for r in records]
        wall_p95 = statistics.quantiles(wall, n=20)[-1] if len(wall) > 1 else wall[0]
        gc_ms = statistics.fmean(r.get("gc_ms", 0.0) for r in records)
        per_run = [sum(r.get(kind, 0) for r in records) / len(records) for kind in kinds]
        rows.append(
            f"| {page} | {len(records)} | {statistics.median(cpu):.0f} | {statistics.fmean(cpu):.0f} "
            f"| {sum(cpu) / 1000:.1f} ({sum(cpu) / total:.0%}) | {wall_p95:.0f} | {gc_ms:.1f} | "
            + " | ".join(f"{v:.1f}" for v in per_run)
            + " |"
        )
    for pid, collected in sorted(last_gc.items()):
        rows.append("")
        rows.append(
            f"Server {pid}, {collected.get('frozen', 0):,} objects frozen; collections by generation: "
            + ", ".join(
                f"gen {g}: {collected['count'][g]} × {collected['ms'][g] / max(collected['count'][g], 1):.1f} ms "
                f"(longest {collected['max_ms'][g]:.0f} ms, {collected['ms'][g] / 1000:.1f} s in all)"
                for g in range(3)
            )
        )
        rows.append(
            "Full collections (ms, objects frozen then): "
            + ", ".join(f"{ms:.0f} ({frozen:,})" for ms, frozen in collected.get("full", []))
        )
    return "\n".join(rows)


def main() -> None:
    out = Path(sys.argv[1])
    install(out)
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
