import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ooma_cancel", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_demo_seeds_a_sample_case_with_n_years_of_history(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run("demo", "--db", url, "--scale", "2")
    assert result.returncode == 0, result.stderr
    assert "Sample case 1 created (2 years of history)." in result.stdout
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        first, last = connection.exec_driver_sql("SELECT min(entry_on), max(entry_on) FROM ledgerentry").one()
        titles = connection.exec_driver_sql('SELECT title FROM "case"').scalars().all()
    assert titles == ["Home phone (sample)"]
    assert 700 <= _days(first, last) <= 800


def _days(first: str, last: str) -> int:
    from datetime import date

    return (date.fromisoformat(last) - date.fromisoformat(first)).days


def test_a_scale_out_of_range_is_refused_with_one_line(tmp_path: Path):
    result = run("demo", "--db", f"sqlite:///{tmp_path / 'demo.db'}", "--scale", "0")
    assert result.returncode == 2
    assert result.stderr.strip() == "--scale must be between 1 and 20"
    assert not (tmp_path / "demo.db").exists()


def test_nothing_in_the_sample_happened_later_than_now(engine):
    """The sample's trail and contact log never hold a moment still to come (today's entries were recorded at
    9:00 UTC, which at 00:30 UTC is in the future: the trail then listed them above what a person just did)."""
    from datetime import UTC, datetime

    from sqlmodel import Session, select

    from ooma_cancel.demo import seed_demo
    from ooma_cancel.models import Event, Interaction

    with Session(engine) as session:
        seed_demo(session=session, owner="local", scale=1, today=datetime.now(UTC).date())
        session.commit()
        moments = [e.at for e in session.exec(select(Event))]
        moments += [i.occurred_at for i in session.exec(select(Interaction))]
    now = datetime.now(UTC)
    assert len(moments) > 100
    assert max(m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments) <= now
