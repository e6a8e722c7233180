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

import json
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
        start = time.thread_time()
        try:
            run_script(self, rerun_data)
        finally:
            record = {
                "page": _local.page,
                "button": triggered,
                "cpu_ms": (time.thread_time() - start) * 1000,
                "state keys": len(self._session_state._state._keys()),
                **_local.counts,
            }
            _local.counts = None
            with _write_lock, out.open("a") as file:
                file.write(json.dumps(record) + "\n")

    runner._run_script = timed


def table(lines: Iterable[str]) -> str:
    """Per page: runs, median and mean CPU ms, and mean statements per run, from the JSON lines."""
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        record = json.loads(line)
        by_page[record["page"] + (" (button)" if record["button"] else "")].append(record)
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
        "| Page | Runs | CPU ms p50 | CPU ms mean | CPU s total | "
        + " | ".join(f"{k}/run" for k in kinds)
        + " |",
        "|---|---:|---:|---:|---:|" + "---:|" * len(kinds),
    ]
    total = sum(r["cpu_ms"] for records in by_page.values() for r in records)
    for page, records in sorted(by_page.items(), key=lambda item: -sum(r["cpu_ms"] for r in item[1])):
        cpu = [r["cpu_ms"] for r in records]
        per_run = [sum(r.get(kind, 0) for r in records) / len(records) for kind in kinds]
        rows.append(
            f"| {page} | {len(records)} | {statistics.median(cpu):.0f} | {statistics.fmean(cpu):.0f} "
            f"| {sum(cpu) / 1000:.1f} ({sum(cpu) / total:.0%}) | "
            + " | ".join(f"{v:.1f}" for v in per_run)
            + " |"
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
