"""`python -m ooma_cancel export` and `import`: files out and back in, and one line on stderr when refused."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ooma_cancel", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def cases(url: str) -> list[tuple[int, str]]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql('SELECT id, title FROM "case" ORDER BY id').all()
    engine.dispose()
    return [tuple(row) for row in rows]


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
        ).scalars()
        result = {
            name: connection.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
            for name in list(tables)
        }
    engine.dispose()
    return result


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'source.db'}"
    assert run("demo", "--db", url).returncode == 0
    return url


@pytest.fixture(scope="module")
def export(source, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "case.json"
    result = run("export", "--db", source, "-o", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"Exported 1 case to {path}."
    return path


def test_export_writes_a_private_file_and_import_brings_it_back(export, tmp_path):
    assert stat.S_IMODE(export.stat().st_mode) == 0o600  # it holds account and phone numbers
    target = f"sqlite:///{tmp_path / 'target.db'}"
    result = run("import", str(export), "--db", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Imported 1 case: 1."
    assert cases(target) == [(1, "Home phone (sample)")]
    again = run("export", "--db", target, "--case", "1")
    assert again.stdout == export.read_text()  # the round trip gives the same document


def test_export_over_an_existing_world_readable_file_leaves_it_private(source, export, tmp_path):
    path = tmp_path / "old-export.json"
    path.write_text("an older, longer file " * 10_000)
    path.chmod(0o644)
    result = run("export", "--db", source, "-o", str(path))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == export.read_text()  # the new document only, nothing of the old file left


def test_importing_a_case_you_already_have_asks_for_replace_or_keep_both(export, tmp_path):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert run("import", str(export), "--db", target).returncode == 0
    before = counts(target)

    result = run("import", str(export), "--db", target)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "you already have “Home phone (sample)”: pass --replace or --keep-both; nothing was imported"
    ]
    assert counts(target) == before

    assert run("import", str(export), "--db", target, "--keep-both").returncode == 0
    assert cases(target) == [(1, "Home phone (sample)"), (2, "Home phone (sample) (2)")]
    assert run("import", str(export), "--db", target, "--replace").returncode == 0
    assert cases(target) == [(2, "Home phone (sample) (2)"), (3, "Home phone (sample)")]


def test_export_to_standard_output_is_the_json_document(source):
    result = run("export", "--db", source, "--all")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["format_version"] == 1
    assert [case["title"] for case in document["cases"]] == ["Home phone (sample)"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda text: text[: len(text) // 3], "The file is not valid JSON: it ends too early"),
        (lambda text: text.replace('"format_version": 1', '"format_version": 7'), "format version 7"),
        (lambda text: text.replace('"stage": "equipment"', '"stage": "payroll"'), "stage: Input should be"),
    ],
)
def test_a_bad_file_is_refused_with_one_line_and_the_database_is_untouched(
    export, tmp_path, content, message
):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert run("demo", "--db", target).returncode == 0
    before = counts(target)
    bad = tmp_path / "bad.json"
    bad.write_text(content(export.read_text()))
    result = run("import", str(bad), "--db", target)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert message in line
    assert line.endswith("; nothing was imported")
    assert counts(target) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "/nonexistent/case.json"), "no such file: /nonexistent/case.json"),
        (("export", "--case", "99"), "Case 99 was not found."),
        (("export", "--case", "abc"), "'abc' is not a case number"),
        (("export", "--case", "1", "--all"), "argument --all: not allowed with argument --case"),
        (("import", "x.json", "--replace", "--keep-both"), "not allowed with argument --replace"),
        (("export", "--db", "nonsense://"), "cannot read the database"),
    ],
)
def test_errors_are_one_line_on_stderr_with_exit_code_2(source, args, message):
    if "--db" not in args:
        args = (*args, "--db", source)
    result = run(*args)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert message in line


def test_the_commands_start_without_loading_the_database_layer():
    code = (
        "import sys; import ooma_cancel.cli as cli; cli.build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'fpdf') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr
    usage = run("--help").stdout
    assert "export" in usage
    assert "import" in usage
