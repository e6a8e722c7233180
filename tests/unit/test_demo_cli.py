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
