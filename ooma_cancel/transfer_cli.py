"""``python -m ooma_cancel export …`` and ``import FILE``: whole cases to a JSON file and back.

Module-level imports stay light (argparse and the standard library): the database layer loads only when a
command runs. Any failure ends with exit code 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import Any, NoReturn

from ooma_cancel.formatting import plural

PRIVATE_MODE = (
    0o600  # as ooma_cancel.db.PRIVATE_MODE (not imported: this module must start without the database layer)
)


def _errors_in_one_line(parser: argparse.ArgumentParser) -> None:
    """Argument errors as one line on stderr and exit code 2 (argparse's usage block would bury the message)."""

    def error(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {message}\n")

    parser.error = error  # type: ignore[method-assign]


def _case_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a case number")
    return int(text)


def add_command(commands: Any) -> None:
    """Add the ``export`` and ``import`` subcommands to the subparsers ``commands``."""
    export = commands.add_parser(
        "export",
        help="export cases to a JSON file",
        description="Export your cases (every stage, the audit trail, bill uploads) as one JSON document.",
    )
    export.add_argument("--db", metavar="URL", help="database URL (default: the app's database)")
    which = export.add_mutually_exclusive_group()
    which.add_argument("--case", type=_case_id, metavar="ID", help="export only this case")
    which.add_argument("--all", action="store_true", help="export every case (the default)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--owner", default=None, help=argparse.SUPPRESS)
    _errors_in_one_line(export)
    export.set_defaults(run=run_export)

    load = commands.add_parser(
        "import",
        help="import cases from an exported JSON file",
        description="Import the cases of an exported JSON document. Nothing is written unless all of it is valid.",
    )
    load.add_argument("file", metavar="FILE", help="the exported JSON document")
    load.add_argument("--db", metavar="URL", help="database URL (default: the app's database)")
    existing = load.add_mutually_exclusive_group()
    existing.add_argument("--replace", action="store_true", help="replace a case you already have")
    existing.add_argument(
        "--keep-both", action="store_true", help="keep a case you already have and add the import next to it"
    )
    load.add_argument("--owner", default=None, help=argparse.SUPPRESS)
    _errors_in_one_line(load)
    load.set_defaults(run=run_import)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _engine(args: argparse.Namespace) -> Any:
    from ooma_cancel.db import make_engine, migrate, resolve_url

    engine = make_engine(args.db or resolve_url(os.environ))
    migrate(engine)
    return engine


def run_export(args: argparse.Namespace) -> int:
    """Write the document; 0 when written, 2 (one line on stderr) when it could not be."""
    import sqlalchemy as sa
    from sqlmodel import Session

    from ooma_cancel.owner import LOCAL_OWNER
    from ooma_cancel.store.cases import CaseNotFound, list_cases
    from ooma_cancel.transfer import dumps, export_cases

    owner = args.owner or LOCAL_OWNER
    try:
        with Session(_engine(args)) as session:  # a read: the app's visitors keep saving meanwhile
            if args.case is not None:
                case_ids = [args.case]
            else:
                case_ids = sorted(case.id or 0 for case in list_cases(session=session, owner=owner))
            if not case_ids:
                return _fail("there are no cases to export")
            text = dumps(export_cases(session=session, owner=owner, case_ids=case_ids))
    except CaseNotFound as error:
        return _fail(str(error))
    except (sa.exc.SQLAlchemyError, sa.exc.ArgumentError) as error:
        return _fail(f"cannot read the database: {str(error).splitlines()[0]}")
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        _write_private(Path(args.output), text)
    except OSError as error:
        return _fail(f"cannot write {args.output}: {error.strerror or error}")
    print(f"Exported {plural(len(case_ids), 'case')} to {args.output}.", file=sys.stderr)
    return 0


def _write_private(path: Path, text: str) -> None:
    """Write the export readable by its owner only: it holds account and phone numbers.

    A file that already exists is narrowed to owner-only before anything is written into it (the mode given
    to ``open`` applies to new files only), so the new contents are never readable by others, not even briefly.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.fchmod(fd, PRIVATE_MODE)
            os.ftruncate(fd, 0)
        file.write(text)


def run_import(args: argparse.Namespace) -> int:
    """Validate the whole file, then write it in one transaction; 2 and one line on stderr when refused."""
    import sqlalchemy as sa

    from ooma_cancel.db import unit_of_work
    from ooma_cancel.owner import LOCAL_OWNER
    from ooma_cancel.transfer import CaseConflict, ImportRefused, OnConflict, import_document, parse_document

    try:
        data = Path(args.file).read_bytes()
    except FileNotFoundError:
        return _fail(f"no such file: {args.file}")
    except IsADirectoryError:
        return _fail(f"{args.file} is a directory, not an export file")
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror or error}")
    on_conflict = OnConflict.REPLACE if args.replace else OnConflict.KEEP_BOTH if args.keep_both else None
    try:
        document = parse_document(data)  # before the database is even opened: a bad file changes nothing
        with unit_of_work(_engine(args)) as session:
            ids = import_document(
                session=session,
                owner=args.owner or LOCAL_OWNER,
                document=document,
                on_conflict=on_conflict or OnConflict.ASK,
            )
    except CaseConflict as error:
        names = ", ".join(f"“{title}”" for title in error.titles)
        return _fail(f"you already have {names}: pass --replace or --keep-both; nothing was imported")
    except ImportRefused as error:
        return _fail(f"{str(error).rstrip('.')}; nothing was imported")
    except (sa.exc.SQLAlchemyError, sa.exc.ArgumentError) as error:
        return _fail(f"the database refused the import, nothing was imported: {str(error).splitlines()[0]}")
    print(f"Imported {plural(len(ids), 'case')}: " + ", ".join(str(case_id) for case_id in ids) + ".")
    return 0
