"""Speed of the bill audit: a 1,000,000-line bill audited from the command line vs a bare pandas read.

Run from the repository root: ``.venv/bin/python benchmarks/bench_audit.py [--lines N] [--repeat R]``.
It writes the generated bill to ``benchmarks/out/`` (git-ignored), then times, as whole processes,
(a) ``python -c "import pandas; pandas.read_csv(path, engine='pyarrow')"`` and
(b) ``python -m ooma_cancel audit path --end-date 2026-11-30`` (readable output to /dev/null),
and prints the median wall times, their ratio (target ≤ 3.0) and the audit's peak memory (target < 1 GB).

Two audits of the same file are measured: the usual one (end date 2026-11-30: about 10% of the lines flagged)
and one where most lines are flagged (end date 2026-02-10: about 88%), since explaining flagged lines costs
more than checking them. ``--variant usual|most-flagged`` runs one of them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
END_DATE = "2026-11-30"
VARIANTS = {"usual": END_DATE, "most-flagged": "2026-02-10"}
TARGET_RATIO = 3.0
TARGET_MEMORY_MB = 1024


def generate(path: Path, lines: int, seed: int = 5) -> None:
    """Write an Ooma-like bill: a preamble, a service period column, $ amounts, late lines and duplicates."""
    rng = random.Random(seed)
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    day_text = [f"{d:%m/%d/%Y}" for d in days]
    months = [(date(2026, m, 1), date(2026, m + 1, 1) - timedelta(days=1)) for m in range(1, 12)]
    months.append((date(2026, 12, 1), date(2026, 12, 31)))
    periods = [f"{s:%m/%d/%Y} - {e:%m/%d/%Y}" for s, e in months]
    calls = [f"Call to 555-{i:04d}" for i in range(10_000)] + [
        f"Intl call {c}" for c in ("CA", "MX", "UK", "IN")
    ]
    # The preamble has as many cells as the table, so the bare pandas read parses the whole file too.
    out = [
        "Ooma Inc. account statement,,,,",
        "Account number: 4000-1234-5678,Statement: 12/15/2026,,,",
        "",
        "Date,Service period,Description,Category,Amount",
    ]
    previous = ""
    for _ in range(lines - 1):
        roll = rng.random()
        if roll < 0.01 and previous:
            out.append(previous)  # a duplicate of the line before
            continue
        if roll < 0.10:
            month = rng.randrange(12)
            user = rng.randrange(5000)
            row = f"{day_text[months[month][0].timetuple().tm_yday - 1]},{periods[month]},Office user {user},Service,$19.95"
        elif roll < 0.13:
            row = (
                f"{rng.choice(day_text)},,911 fee line {rng.randrange(1000)},Tax,$1.{rng.randrange(100):02d}"
            )
        elif roll < 0.135:
            row = f"{rng.choice(day_text)},,Late payment fee,Fee,$5.00"
        elif roll < 0.14:
            row = f"{rng.choice(day_text)},,Payment,Payment,-${rng.randrange(10, 60)}.00"
        else:
            row = f"{rng.choice(day_text)},,{rng.choice(calls)},Usage,${rng.randrange(0, 4)}.{rng.randrange(100):02d}"
        out.append(row)
        previous = row
    out.append(",,Total,,$123456.78")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def run(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024  # ru_maxrss is in KB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--variant", choices=[*VARIANTS, "both"], default="both")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"bill_{args.lines}.csv"
    if not path.exists():
        generate(path, args.lines)
    size_mb = path.stat().st_size / 1e6
    baseline = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r}, engine='pyarrow')"]
    print(f"file: {path.relative_to(ROOT)} ({args.lines:,} lines, {size_mb:.1f} MB), {args.repeat} runs each")
    variants = list(VARIANTS) if args.variant == "both" else [args.variant]
    ok = True
    for variant in variants:
        ok &= measure(variant, path, baseline, args.repeat)
    return 0 if ok else 1


def measure(variant: str, path: Path, baseline: list[str], repeat: int) -> bool:
    """Time one variant against the bare read; print the figures; True when within both targets."""
    audit = [sys.executable, "-m", "ooma_cancel", "audit", str(path), "--end-date", VARIANTS[variant]]
    run(audit)  # warm the page cache and bytecode before timing
    times: dict[str, list[float]] = {"read_csv": [], "audit": []}
    peak = 0
    for _ in range(repeat):
        times["read_csv"].append(run(baseline)[0])
        elapsed, memory = run(audit)
        times["audit"].append(elapsed)
        peak = max(peak, memory)
    read_median = statistics.median(times["read_csv"])
    audit_median = statistics.median(times["audit"])
    ratio = audit_median / read_median
    print(f"\n{variant} (end date {VARIANTS[variant]})")
    print(f"{'process':<34}{'median s':>10}")
    print(f"{'pandas.read_csv(engine=pyarrow)':<34}{read_median:>10.2f}")
    print(f"{'python -m ooma_cancel audit':<34}{audit_median:>10.2f}")
    print(f"ratio: {ratio:.2f} (target ≤ {TARGET_RATIO})")
    print(f"audit peak RSS: {peak} MB (target < {TARGET_MEMORY_MB} MB)")
    return ratio <= TARGET_RATIO and peak < TARGET_MEMORY_MB


if __name__ == "__main__":
    sys.exit(main())
