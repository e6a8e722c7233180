"""Shared fixtures: a fresh database per test, and AppTest runs of the real entrypoint against it.

``any_db`` / ``any_engine`` run a test on SQLite and on PostgreSQL (a fresh database per test on the server named
by ``OOMA_CANCEL_TEST_POSTGRES_URL``; without it the PostgreSQL variant skips locally and fails under CI=true).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from benchmarks.load.servers import new_postgres_database
from ooma_cancel.db import ENV_VAR, make_engine, migrate, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.guards import install_session_guards
from ooma_cancel.owner import LOCAL_OWNER, MODE_VAR

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
POSTGRES_VAR = "OOMA_CANCEL_TEST_POSTGRES_URL"

install_session_guards()  # what the app installs at start-up (ooma_cancel.ui.session)

# Property tests (tests/unit/test_fuzz_inputs.py) scale their example counts from max_examples: CI runs about
# 10,000 in all, the same every run (derandomize: a red CI is a real crash, not a lucky draw); a local run
# explores new examples each time, a twentieth as many. HYPOTHESIS_PROFILE=ci runs CI's counts locally.
_SLOW_INPUTS_ARE_THE_POINT = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci",
    max_examples=1_000,
    deadline=None,
    derandomize=True,
    suppress_health_check=_SLOW_INPUTS_ARE_THE_POINT,
)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=_SLOW_INPUTS_ARE_THE_POINT
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    with unit_of_work(engine) as session:
        yield session


@pytest.fixture
def demo_case(engine: sa.Engine) -> int:
    """The sample case, seeded as of today (what the overview's button creates)."""
    with unit_of_work(engine) as session:
        return seed_demo(session=session, owner=LOCAL_OWNER, today=date.today())


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    """A factory of fresh AppTests (a new browser session each) running app.py on the test database.

    The app runs in local mode (one owner, as `make run`); tests of the shared modes set ``OOMA_CANCEL_MODE``.
    """
    monkeypatch.setenv(ENV_VAR, db_url)
    monkeypatch.setenv(MODE_VAR, "local")

    def new() -> AppTest:
        return AppTest.from_file(APP, default_timeout=30)

    return new


# --- SQLite and PostgreSQL --------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """The test PostgreSQL server's URL; missing, the test skips locally and fails in CI."""
    url = os.environ.get(POSTGRES_VAR, "").strip()
    if url:
        return url
    message = f"{POSTGRES_VAR} is not set: no PostgreSQL to test against (.ci/run starts one)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, uniquely named database on the server for one test, dropped afterwards."""
    with new_postgres_database(server_url, prefix="ooma_test") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database: a SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'any.db'}"
        return
    yield from fresh_postgres_database(postgres_server_url())


@pytest.fixture
def any_engine(any_db: str) -> Iterator[sa.Engine]:
    """An engine on ``any_db``, migrated to the newest schema."""
    engine = make_engine(any_db)
    migrate(engine)
    yield engine
    engine.dispose()
