"""Pay once, in the background, for what the first visitor's first add or save would otherwise pay for.

After a server start the first "Add to the log" or "Add device" took 2.2 s against 0.5–0.8 s later (issue 13):
the page's first table and chart paid for importing and initialising their renderers (Altair and its
Vega-Lite schema, pyarrow's pandas conversion, pandas' Styler and its templates, fpdf and the letter's fonts)
and the modules of pages not opened yet. ``warm_up()`` does that work once per process, on a daemon thread,
started by app.py when the first page run ends (drawn in full or stopped early, as the overview of an empty
database is), so neither the server's start nor the first page waits for it. Nothing here touches a database,
a session or a visitor's data; a failure is logged and ignored (the page then pays the cost itself, as before).
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import pkgutil
import sys
import threading
import time
from datetime import date

import ooma_cancel

_log = logging.getLogger(__name__)
_started = threading.Event()
_lock = threading.Lock()

# Modules never imported by a page run: the command line, migrations (Alembic loads them by path), tests' data.
SKIP = ("ooma_cancel.__main__", "ooma_cancel.cli", "ooma_cancel.transfer_cli", "ooma_cancel.bill.cli")
SKIP_UNDER = ("ooma_cancel.migrations",)


def warm_up() -> threading.Thread | None:
    """Start the warm-up thread once per server process; returns it when this call started it, else None.

    Only under a real server: AppTest runs app.py under a stand-in runtime, where a thread competing for the
    GIL would only slow the tests' first runs down.
    """
    from streamlit.runtime import Runtime

    if os.environ.get("OOMA_CANCEL_WARM_UP", "1") == "0":  # benchmarks/bench_journey.py --no-warm-up
        return None
    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:
        return None
    with _lock:
        if _started.is_set():
            return None
        _started.set()
    thread = threading.Thread(target=_warm, name="ooma-warm-up", daemon=True)
    thread.start()
    return thread


# The warm-up runs beside visitors' page runs and shares the GIL with them, and the machine's cores with the
# browser drawing a reply: a click during it took up to 1.7x as long as later. Between its imports and steps
# it waits while any page run is under way or one ended less than GIVE_WAY_S ago, for at most GIVE_WAY_MAX_S
# each time, so it still finishes. app.py brackets every run with page_run_began() and page_run_ended().
GIVE_WAY_S = 0.3
GIVE_WAY_MAX_S = 2.0
_runs_under_way = 0
_last_run_ended = 0.0


def page_run_began() -> None:
    """A page run (any visitor's) begins: the warm-up waits until it has ended."""
    global _runs_under_way
    with _lock:
        _runs_under_way += 1


def page_run_ended() -> None:
    """The page run that :func:`page_run_began` counted has ended, drawn in full, stopped or rerun."""
    global _runs_under_way, _last_run_ended
    with _lock:
        _runs_under_way = max(0, _runs_under_way - 1)
        _last_run_ended = time.monotonic()


def _give_way() -> None:
    """Wait while a page run is under way or has just ended (see GIVE_WAY_S)."""
    waited_until = time.monotonic() + GIVE_WAY_MAX_S
    while time.monotonic() < waited_until and (
        _runs_under_way > 0 or time.monotonic() - _last_run_ended < GIVE_WAY_S
    ):
        time.sleep(0.02)


def _warm() -> None:
    began = time.perf_counter()
    for step in STEPS:
        _give_way()
        try:
            step()
        except Exception:  # a warm-up never breaks the app; the page pays the cost instead
            _log.warning("warm-up step %s failed", step.__name__, exc_info=True)
    _log.info("warm-up done in %.2f s", time.perf_counter() - began)


# --- The garbage collector: the server's one setting for it -------------------------------------------------
# Python's full (generation 2) collection walks every tracked object in the process with the GIL held: with
# pandas, pyarrow, Altair, SQLAlchemy and 50 sessions' state that took 0.5-1.15 s on a busy machine, during
# which no visitor's page ran (make bench-load; docs/load-history.md). Set after the
# warm-up, thresholds of 20,000 / 10 / 10 make young collections about 30 times rarer and full ones rarer
# still (about one in a 30-visitor run where Python's 700 / 10 / 10 made four). Cycles are still collected.
#   OOMA_CANCEL_GC_THRESHOLDS=a,b,c  ``gc.set_threshold(a, b, c)``; "700,10,10" is Python's default
#   OOMA_CANCEL_GC_FREEZE=1          also ``gc.freeze()`` what the warm-up loaded: no full collection after it,
#                                    but the servers used 50-60 % more CPU in every measured run (cause not
#                                    found), so it is off
#   OOMA_CANCEL_SWITCH_INTERVAL_MS=x ``sys.setswitchinterval`` (Python's 5 ms when unset); 1 ms measured no
#                                    better
GC_THRESHOLDS = (20_000, 10, 10)


def gc_thresholds() -> tuple[int, ...]:
    """The collector's thresholds for a server: ``OOMA_CANCEL_GC_THRESHOLDS`` or :data:`GC_THRESHOLDS`."""
    raw = os.environ.get("OOMA_CANCEL_GC_THRESHOLDS", "")
    try:
        values = tuple(int(part) for part in raw.split(",")) if raw.strip() else GC_THRESHOLDS
    except ValueError:
        _log.warning("OOMA_CANCEL_GC_THRESHOLDS=%r is not three whole numbers; using %s", raw, GC_THRESHOLDS)
        return GC_THRESHOLDS
    if not 1 <= len(values) <= 3 or values[0] < 1 or any(value < 0 for value in values):
        _log.warning("OOMA_CANCEL_GC_THRESHOLDS=%r is not three whole numbers; using %s", raw, GC_THRESHOLDS)
        return GC_THRESHOLDS
    return values


def settle_garbage_collector() -> None:
    """Set the collector's thresholds (:func:`gc_thresholds`) and, with ``OOMA_CANCEL_GC_FREEZE=1``, collect once
    and freeze what the process has loaded. Run last in the warm-up, when the modules and caches are loaded."""
    gc.set_threshold(*gc_thresholds())
    if os.environ.get("OOMA_CANCEL_GC_FREEZE", "0") == "1":
        gc.collect()
        gc.freeze()
    interval_ms = os.environ.get("OOMA_CANCEL_SWITCH_INTERVAL_MS", "")
    if interval_ms.strip():
        try:
            sys.setswitchinterval(float(interval_ms) / 1000)
        except ValueError:
            _log.warning(
                "OOMA_CANCEL_SWITCH_INTERVAL_MS=%r is not a number of ms; left at Python's", interval_ms
            )


def import_modules() -> None:
    """Import every module of the app that a page may import (what a page not opened yet would import)."""
    for info in pkgutil.walk_packages(ooma_cancel.__path__, prefix="ooma_cancel."):
        if info.name in SKIP or info.name.startswith(SKIP_UNDER):
            continue
        if info.name not in sys.modules:
            _give_way()
        importlib.import_module(info.name)


def charts() -> None:
    """Altair's first chart loads and compiles the Vega-Lite schema that validates every later one."""
    from ooma_cancel import charts

    today = date.today()
    row = {"item": "Base station", "days_left": 3, "urgency": "Fine", "deadline": "", "status": "", "fee": ""}
    charts.display_spec(charts.days_remaining_chart([row]))  # the bill's charts are still validated per audit
    charts.days_remaining_spec([row])
    charts.balance_spec([(today, 1000)], [(today, 1000)], today=today)


def tables() -> None:
    """What ``st.dataframe``/``st.table`` do to rows and to a styled frame, without a page to draw on."""
    import pandas as pd
    from streamlit import dataframe_util
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData as ArrowDataProto

    rows = [{"When": "Nov 30, 2026", "Amount": "$1.00", "What was said": "warm-up"}]
    frame = dataframe_util.convert_anything_to_pandas_df(rows)
    dataframe_util.convert_pandas_df_to_arrow_bytes(frame)
    styled = pd.DataFrame(rows).style.apply(lambda row: ["background-color: #fdd"] * len(row), axis=1)
    marshall_styler(ArrowDataProto(), styled, "warmup")
    dataframe_util.convert_pandas_df_to_arrow_bytes(styled.data)


def bill_audit() -> None:
    """Reading, auditing and charting a bill: the first "Run the audit" after a start paid for pandas' CSV
    reader, the audit's Arrow kernels and the bill charts' first build (1.5x the later ones in the journey)."""
    from ooma_cancel.bill import AuditContext, audit, read_bill
    from ooma_cancel.bill.charts import charges_by_category_chart, charges_over_time_chart
    from ooma_cancel.bill.records import audit_report, line_rows
    from ooma_cancel.bill.sample import sample_bill_csv
    from ooma_cancel.charts import display_spec

    end_date = date.today()
    bill = read_bill(sample_bill_csv(end_date))
    context = AuditContext(
        end_date=end_date, fixed_term=False, equipment_returned_on=None, return_window_days=30
    )
    result = audit(bill, context)
    line_rows(result)
    audit_report(bill, result)
    display_spec(charges_by_category_chart([("Service", 2999, 0)]))
    display_spec(charges_over_time_chart([(end_date, 2999, 0)], end_date))


def documents() -> None:
    """fpdf and the DejaVu fonts every letter and the dossier are set in."""
    from ooma_cancel.pdf import text_to_pdf

    text_to_pdf("Warm-up.\n\nA second paragraph.", title="Warm-up")


# In this order; the collector's thresholds are set last, once everything is loaded.
STEPS = (import_modules, charts, tables, documents, bill_audit, settle_garbage_collector)
