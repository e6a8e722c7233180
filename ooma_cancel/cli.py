"""Command line: ``python -m ooma_cancel <command> …``.

Each command lives next to the code it drives and adds itself with ``add_command(commands)``; this module
only routes. Errors end with exit code 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Modules with an ``add_command``; their heavy imports happen inside the command, so start-up stays light.
COMMAND_MODULES = ("ooma_cancel.demo", "ooma_cancel.bill.cli", "ooma_cancel.transfer_cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ooma_cancel", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
