"""Shared fixtures: a fresh database per test, and AppTest runs of the real entrypoint against it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from ooma_cancel.db import ENV_VAR, make_engine, migrate, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.owner import LOCAL_OWNER

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


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
    """A factory of fresh AppTests (a new browser session each) running app.py on the test database."""
    monkeypatch.setenv(ENV_VAR, db_url)

    def new() -> AppTest:
        return AppTest.from_file(APP, default_timeout=30)

    return new
