"""App servers for the load benchmark: a fresh database, `streamlit run` on 127.0.0.1, its memory and CPU from
/proc, and a check of what the visitors saved against what the database holds."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from benchmarks.load.journey import Visitor
from ooma_cancel.models import Case, Event, Interaction, LedgerEntry, Stage
from ooma_cancel.owner import workspace_owner

ROOT = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_database(kind: str, postgres_url: str | None = None) -> Iterator[str]:
    """A new empty database: a SQLite file in a temporary folder, or a new database on the PostgreSQL server
    (created here and dropped afterwards)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ooma-load-") as folder:
            yield f"sqlite:///{Path(folder) / 'load.db'}"
        return
    if not postgres_url:
        raise ValueError("PostgreSQL needs a server URL (--postgres-url or OOMA_CANCEL_TEST_POSTGRES_URL)")
    with new_postgres_database(postgres_url, prefix="ooma_load") as url:
        yield url


@contextmanager
def new_postgres_database(server_url: str, *, prefix: str) -> Iterator[str]:
    """The URL of a new, uniquely named database on the PostgreSQL server at ``server_url``, dropped afterwards
    (with any connection still open to it). The tests' databases are made here too (tests/conftest.py)."""
    server = sa.make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@dataclass
class Server:
    url: str
    process: subprocess.Popen


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    """Wait until the server at ``url`` answers its health check; fail at once if its process ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (localhost)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not become healthy in {timeout}s")


@contextmanager
def serve_all(
    database_url: str,
    log_paths: list[Path],
    options: tuple[str, ...] = (),
    runs_out: Path | None = None,
) -> Iterator[list[Server]]:
    """One `streamlit run app.py` per log path, all on ``database_url``, in workspace mode (a private workspace
    per visitor), each on a free localhost port, with extra ``section.name=value`` options over
    .streamlit/config.toml. They start together, as replicas do. With ``runs_out`` each server records every
    script run's page, CPU and database statements there (``benchmarks.load.runs``)."""
    env = os.environ | {"OOMA_CANCEL_DATABASE_URL": database_url, "OOMA_CANCEL_MODE": "workspace"}
    with ExitStack() as stack:
        servers = []
        for log_path in log_paths:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            log = stack.enter_context(log_path.open("wb"))
            port = free_port()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    *(("benchmarks.load.runs", str(runs_out)) if runs_out else ("streamlit",)),
                    "run",
                    "app.py",
                    "--server.headless=true",
                    "--server.address=127.0.0.1",
                    f"--server.port={port}",
                    "--browser.gatherUsageStats=false",
                    *(f"--{option}" for option in options),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(_stop, process)
            servers.append(Server(f"http://127.0.0.1:{port}", process))
        for server in servers:
            wait_healthy(server.url, server.process)
        yield servers


@contextmanager
def serve(database_url: str, log_path: Path, options: tuple[str, ...] = ()) -> Iterator[Server]:
    """One app server (see ``serve_all``)."""
    with serve_all(database_url, [log_path], options) as (server,):
        yield server


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14 and 15)


def postgres_cpu_seconds() -> float | None:
    """CPU time used so far by the PostgreSQL server on this machine (every ``postgres`` process, and the
    children that already ended), or None when it does not run here. It serves everyone's databases: other
    tests running at the same time count too."""
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1].split()
        if name != "postgres":
            continue
        found = True
        total += int(fields[11]) + int(fields[12])
        if fields[1] == "1" or not _is_postgres(int(fields[1])):  # the postmaster: its ended children too
            total += int(fields[13]) + int(fields[14])
    return total / CLOCK_TICKS if found else None


def _is_postgres(pid: int) -> bool:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text[text.index("(") + 1 : text.rindex(")")] == "postgres"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Monitor:
    """Samples a process's resident memory every ``interval`` seconds and its CPU time between start and stop."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss_mb = 0.0
        self.cpu_s = 0.0
        self._task: asyncio.Task | None = None
        self._cpu_start = 0.0

    async def _sample(self) -> None:
        while True:
            self.peak_rss_mb = max(self.peak_rss_mb, rss_mb(self.pid))
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._cpu_start = cpu_seconds(self.pid)
        self._task = asyncio.create_task(self._sample())

    async def stop(self) -> None:
        self.peak_rss_mb = max(self.peak_rss_mb, rss_mb(self.pid))
        self.cpu_s = cpu_seconds(self.pid) - self._cpu_start
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task


def stored_mismatches(database_url: str, visitors: list[Visitor]) -> list[str]:
    """What the database holds that the visitors did not save, or lacks of what they did: for each visitor's
    workspace, exactly one case with their title, their ledger entries and contacts once each, and one
    audit-trail event per save."""
    problems: list[str] = []
    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    try:
        with Session(engine) as session:
            for visitor in visitors:
                if visitor.token is None:
                    continue
                cases = session.exec(select(Case).where(Case.owner == workspace_owner(visitor.token))).all()
                if [case.title for case in cases] != [visitor.title]:
                    problems.append(f"{visitor.title}: workspace holds {[c.title for c in cases]}")
                    continue
                case_id = cases[0].id
                problems += _compare(
                    visitor.title,
                    "ledger entries",
                    visitor.ledger_descriptions,
                    session.exec(select(LedgerEntry.description).where(LedgerEntry.case_id == case_id)).all(),
                )
                problems += _compare(
                    visitor.title,
                    "contacts",
                    visitor.contact_summaries,
                    session.exec(select(Interaction.summary).where(Interaction.case_id == case_id)).all(),
                )
                for stage, expected in (
                    (Stage.BALANCE, len(visitor.ledger_descriptions)),
                    (Stage.SUPPORT, len(visitor.contact_summaries)),
                ):
                    events = session.exec(
                        select(sa.func.count())
                        .select_from(Event)
                        .where(Event.case_id == case_id, Event.stage == stage)
                    ).one()
                    if events != expected:
                        problems.append(f"{visitor.title}: {events} {stage} events for {expected} saves")
    finally:
        engine.dispose()
    return problems


def _compare(title: str, what: str, saved: list[str], stored: list[str]) -> list[str]:
    missing = Counter(saved) - Counter(stored)
    extra = Counter(stored) - Counter(saved)
    problems = []
    if missing:
        problems.append(f"{title}: {what} lost: {sorted(missing.elements())}")
    if extra:
        problems.append(f"{title}: {what} not saved by the visitor or duplicated: {sorted(extra.elements())}")
    return problems
