"""The project as a package: `pip install .` into a fresh venv, then the command line from another folder.

No network: the fresh venv sees the project venv's packages through a .pth file, and pip installs only the
project itself (`--no-index --no-deps --no-build-isolation`).
"""

import os
import shutil
import site
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a fresh clone holds besides the package sources; none of it may be needed by the installed package.
NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "tests", "benchmarks", "docs", "build", "dist", "*.egg-info", "__pycache__", "*.db*"
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project installed from a copy of the checkout; returns its python."""
    base = tmp_path_factory.mktemp("package")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The project venv's packages (pip, setuptools, streamlit…) are visible, after the fresh venv's own.
    project_site = {*site.getsitepackages(), sysconfig.get_paths()["purelib"]}
    (Path(purelib) / "project_venv.pth").write_text("\n".join(sorted(project_site)) + "\n")
    result = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=_clean_env(),
    )
    assert result.returncode == 0, result.stderr
    return python


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OOMA_CANCEL_DATABASE_URL")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_the_installed_package_seeds_the_demo_from_another_folder(installed: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(installed), "-m", "ooma_cancel", "demo", "--db", "sqlite:///x.db"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=300,
        env=_clean_env(),
    )
    assert result.returncode == 0, result.stderr
    assert "Sample case 1 created" in result.stdout
    # The relative path is the working directory's, never the installation's.
    with sqlite3.connect(elsewhere / "x.db") as connection:
        (title,) = connection.execute('SELECT title FROM "case"').fetchone()
    assert title == "Home phone (sample)"


def test_the_installed_package_is_the_one_that_runs_and_carries_its_data(installed: Path, tmp_path: Path):
    code = (
        "import ooma_cancel, ooma_cancel.db as db, ooma_cancel.provider as p, ooma_cancel.pdf as pdf;"
        "print(ooma_cancel.__file__); print(db.ROOT);"
        "print(p.load_profile().value('return_window_days'));"
        "print(pdf.Document(title='t').output()[:5])"
    )
    result = subprocess.run(
        [str(installed), "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=_clean_env(),
    )
    assert result.returncode == 0, result.stderr
    package_file, root, window, pdf_start = result.stdout.splitlines()
    assert Path(package_file).is_relative_to(installed.parent.parent)  # the venv's copy, not the checkout
    assert Path(root) == tmp_path  # relative databases start at the working directory
    assert int(window) > 0
    assert pdf_start == "bytearray(b'%PDF-')"
    assert (installed.parent / "ooma-cancel").is_file()  # the console script


def test_the_installed_package_can_audit_a_bill_from_another_folder(installed: Path, tmp_path: Path):
    bill = tmp_path / "bill.csv"
    shutil.copyfile(ROOT / "data" / "samples" / "final_bill.csv", bill)
    result = subprocess.run(
        [str(installed), "-m", "ooma_cancel", "audit", str(bill), "--end-date", "2026-01-31", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=_clean_env(),
    )
    assert result.returncode == 0, result.stderr
    assert '"provider_lines"' in result.stdout
