"""``python -m ooma_cancel audit FILE --end-date …``: audit a final bill from the command line.

Module-level imports stay light (argparse and the standard library): pandas loads only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from error


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days")
    return int(text)


def _errors_in_one_line(parser: argparse.ArgumentParser) -> None:
    """Argument errors as one line on stderr and exit code 2: argparse's usage block would bury the message."""

    def error(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {message}\n")

    parser.error = error  # type: ignore[method-assign]


def add_command(commands: Any) -> None:
    """Add the ``audit`` subcommand to the subparsers ``commands``."""
    parser = commands.add_parser(
        "audit",
        help="audit a final bill or statement CSV against the case",
        description="Audit a final bill or bank/card statement (CSV) and list every overcharge.",
    )
    parser.add_argument("file", metavar="FILE", help="the bill or statement as CSV")
    parser.add_argument(
        "--end-date", required=True, type=_day, metavar="YYYY-MM-DD", help="last day of service"
    )
    parser.add_argument(
        "--equipment-returned-on",
        type=_day,
        metavar="YYYY-MM-DD",
        help="when the equipment came back to Ooma",
    )
    parser.add_argument(
        "--no-contract",
        action="store_true",
        help="the account had no fixed-term contract (an ETF is disputed)",
    )
    parser.add_argument(
        "--return-window-days", type=_days, metavar="N", help="days after the end date to return equipment"
    )
    parser.add_argument(
        "--merchant",
        metavar="TEXT",
        help="audit only lines whose description contains TEXT (default: Ooma's descriptors when the file "
        "holds other merchants' lines too)",
    )
    parser.add_argument("--all-lines", action="store_true", help="audit every line, whoever the merchant")
    sign = parser.add_mutually_exclusive_group()
    sign.add_argument(
        "--charges-negative",
        dest="charges_negative",
        action="store_const",
        const=True,
        help="the file writes charges as negative numbers (default: decided from the file)",
    )
    sign.add_argument(
        "--charges-positive",
        dest="charges_negative",
        action="store_const",
        const=False,
        help="the file writes charges as positive numbers",
    )
    parser.add_argument("--dayfirst", action="store_true", help="read dates like 03/04/2026 as 3 April")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    _errors_in_one_line(parser)
    parser.set_defaults(run=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    """Run the audit for parsed arguments; 0 when audited, 2 (one line on stderr) when it could not be."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _fail(f"no such file: {args.file}")
    except IsADirectoryError:
        return _fail(f"{args.file} is a directory, not a CSV file")
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}")

    from ooma_cancel.bill import AuditContext, BillReadError, ColumnMapping, audit, read_bill, to_json_dict
    from ooma_cancel.bill.report import SHOWN_LINES, readable_report

    window = args.return_window_days
    if window is None:
        from ooma_cancel.provider import default_return_window_days

        window = default_return_window_days()
    try:
        reading = read_bill(data, dayfirst=True if args.dayfirst else None)
        if args.charges_negative is not None and reading.mapping.amount:
            # Read again with the columns found and the sign the person states.
            chosen = ColumnMapping(**{**reading.mapping.columns(), "charges_negative": args.charges_negative})
            reading = read_bill(data, mapping=chosen, dayfirst=True if args.dayfirst else None)
    except BillReadError as error:
        return _fail(f"{args.file}: {error}")
    context = AuditContext(
        end_date=args.end_date,
        fixed_term=not args.no_contract,
        equipment_returned_on=args.equipment_returned_on,
        return_window_days=window,
        merchant=args.merchant,
        all_lines=args.all_lines,
        command_line=True,
    )
    # The JSON has no reasons; the readable report explains the lines it shows.
    result = audit(reading, context, explain=0 if args.json else SHOWN_LINES)
    if result.warnings:
        # One line on stderr: the result may be wrong, and how to fix it.
        print(f"audit: warning: {' '.join(result.warnings)}", file=sys.stderr)
    try:
        if args.json:
            sys.stdout.write(json.dumps(to_json_dict(reading, result), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(readable_report(reading, result, name=path.name))
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # e.g. piped into `head`: nothing left to tell
    return 0


def _fail(message: str) -> int:
    print(f"audit: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run ``audit`` on its own: ``python -m ooma_cancel.bill.cli FILE --end-date …``."""
    parser = argparse.ArgumentParser(prog="python -m ooma_cancel.bill.cli")
    add_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["audit", *(sys.argv[1:] if argv is None else argv)])
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
