"""`make bench` (journey part): each click's time to settled on a first visit after a fresh server start.

Every run starts `streamlit run app.py` on a fresh SQLite database and walks the browser journey of
tests/e2e/journey.py twice in Chromium: the first walk is the first visitor after the start, the second (a new
browser, same server) the same clicks once everything is warm. Each walk spends ``--first-look`` seconds on the
first page before its first click: a person reads it and types the case's name ("Home phone", ten characters,
2 s at five a second), and the server's warm-up (ooma_cancel/ui/warmup.py) runs meanwhile; ``--first-look 0``
clicks as soon as the page has settled. Printed per interaction: the first walk's time,
the median of the later walks, and their ratio. A click's time runs until its result is shown (looked for every 25 ms,
`Journey.timed`) and Streamlit's running indicator is gone. Targets (issue 13): a first add/save within 1.5x of the same
click later; every interaction's median <= 0.8 s. A measurement, not a test: it never fails the build.

    python benchmarks/bench_journey.py [--runs 3] [--walks 2] [--first-look 2] [--no-warm-up]

``--no-warm-up`` sets OOMA_CANCEL_WARM_UP=0 (the server then skips ooma_cancel/ui/warmup.py), for before/after.
Results go to benchmarks/out/journey.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_RATIO_TARGET = 1.5
MEDIAN_TARGET_S = 0.8
SAVES = ("start", "save", "add", "record", "mark", "port", "run", "import", "delete")


def one_run(walks: int, warm_up: bool, first_look_s: float) -> list[list[tuple[str, float]]]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from tests.e2e.journey import Journey, delete_everything, walk

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {"OOMA_CANCEL_DATABASE_URL": f"sqlite:///{tmp / 'journey.db'}", "OOMA_CANCEL_MODE": "local"}
        if not warm_up:
            env["OOMA_CANCEL_WARM_UP"] = "0"
        results = []
        with serve(tmp, env=env) as url, sync_playwright() as playwright:
            for n in range(walks):
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.set_default_timeout(30_000)
                walk_folder = tmp / f"walk{n}"
                walk_folder.mkdir()
                journey = Journey(page, url, walk_folder, first_look_s=first_look_s)
                walk(journey)
                results.append(journey.timings)
                delete_everything(Journey(page, url, walk_folder))  # the next walk starts empty again
                context.close()
                browser.close()
        return results


def table(runs: list[list[list[tuple[str, float]]]]) -> list[dict[str, object]]:
    names = [name for name, _ in runs[0][0]]
    rows = []
    for index, name in enumerate(names):
        first = [run[0][index][1] for run in runs]
        later = [walk_[index][1] for run in runs for walk_ in run[1:]]
        every = first + later
        first_median = statistics.median(first)
        later_median = statistics.median(later) if later else float("nan")
        rows.append(
            {
                "interaction": name,
                "first_s": round(first_median, 3),
                "later_s": round(later_median, 3),
                "ratio": round(first_median / later_median, 2) if later else None,
                "median_s": round(statistics.median(every), 3),
                "save": name.split()[0] in SAVES,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh server starts (default 3)")
    parser.add_argument("--walks", type=int, default=2, help="walks per server start (default 2)")
    parser.add_argument(
        "--first-look",
        type=float,
        default=2.0,
        help="seconds on the first page before the first click (default 2)",
    )
    parser.add_argument("--no-warm-up", action="store_true", help="the server skips its warm-up")
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    runs = [
        one_run(args.walks, warm_up=not args.no_warm_up, first_look_s=args.first_look)
        for _ in range(args.runs)
    ]
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    rows = table(runs)
    print(
        f"\nJourney after a fresh start: {args.runs} runs x {args.walks} walks, warm-up {'off' if args.no_warm_up else 'on'}, "
        f"first click {args.first_look:g} s after the first page"
    )
    print(f"load average {' '.join(load)} -> {' '.join(load_after)}")
    print(f"{'interaction':32} {'first':>7} {'later':>7} {'ratio':>6} {'median':>7}")
    for row in rows:
        flags = []
        if row["save"] and row["ratio"] is not None and row["ratio"] > FIRST_RATIO_TARGET:
            flags.append(f"first > {FIRST_RATIO_TARGET}x")
        if row["median_s"] > MEDIAN_TARGET_S:
            flags.append(f"median > {MEDIAN_TARGET_S} s")
        print(
            f"{row['interaction']:32} {row['first_s']:7.2f} {row['later_s']:7.2f} "
            f"{row['ratio'] if row['ratio'] is not None else '-':>6} {row['median_s']:7.2f}  {', '.join(flags)}"
        )
    saves = [row for row in rows if row["save"] and row["ratio"] is not None]
    worst = max(saves, key=lambda row: row["ratio"]) if saves else None
    if worst:
        print(
            f"worst first add/save vs later: {worst['interaction']} {worst['ratio']}x (target {FIRST_RATIO_TARGET}x)"
        )
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    name = "journey-no-warm-up.json" if args.no_warm_up else "journey.json"
    record = {"load": [load, load_after], "first_look_s": args.first_look, "rows": rows, "raw": runs}
    (out / name).write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
