"""`audit` and `import` on hostile files: exit 0 with output, or exit 2 with exactly one line on stderr.

The bulk runs in-process through ``main(argv)`` over generated files; a handful of the crash classes of issue 11
run as real processes, where a traceback would show.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ooma_cancel.cli import main
from tests.fuzz_strategies import bill_files
from tests.unit.test_fuzz_inputs import (
    BARE_CR_IN_QUOTED_CELL,
    CRASHERS,
    DEMO_EXPORT,
    FIVE_MB_OF_CELLS,
    FIVE_MB_ONE_CELL,
    TEN_THOUSAND_COLUMNS,
    UNTERMINATED_QUOTE,
    examples,
)

# CI's example counts take about a minute per property on a quiet machine; several on a busy one.
pytestmark = pytest.mark.timeout(900)
ROOT = Path(__file__).resolve().parents[2]
END = ["--end-date", "2026-11-30"]


def in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def as_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ooma_cancel", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def assert_refused_on_one_line(code: int, out: str, err: str) -> None:
    assert code == 2, (code, err)
    assert out == ""
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err  # exactly one line, whatever the file held
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-cli")


def _audited_or_refused(folder: Path, data: bytes, extra: list[str]) -> None:
    path = folder / "bill.csv"
    path.write_bytes(data)
    code, out, err = in_process(["audit", str(path), *END, *extra])
    if code == 2:
        assert_refused_on_one_line(code, out, err)
    else:
        assert code == 0, err
        # A suspicious reading warns in one line (issue 10) and still exits 0; nothing else reaches stderr.
        assert err == "" or (err.startswith("audit: warning: ") and err.count("\n") == 1), err
        assert out.strip()
        if "--json" in extra:
            json.loads(out)  # --json prints exactly one object


def with_crashers(test):
    for data in CRASHERS:
        test = example(data=data, extra=[])(test)
    return test


@settings(max_examples=examples(0.3))
@with_crashers
@given(data=bill_files(), extra=st.sampled_from([[], ["--json"], ["--dayfirst", "--no-contract"]]))
def test_audit_of_any_bytes_prints_a_result_or_one_line(folder: Path, data: bytes, extra: list[str]) -> None:
    _audited_or_refused(folder, data, extra)


@pytest.mark.parametrize(
    "data",
    [
        FIVE_MB_ONE_CELL,
        FIVE_MB_OF_CELLS,
        UNTERMINATED_QUOTE,
        TEN_THOUSAND_COLUMNS,
        b"Date,Amount\n\x00\x01,1.00\n",
    ],
    ids=["5-MB-one-cell", "5-MB-of-cells", "unterminated-quote", "10000-columns", "NUL"],
)
def test_audit_as_a_process_refuses_a_crash_class_in_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bill.csv"
    path.write_bytes(data)
    result = as_process("audit", str(path), *END)
    assert_refused_on_one_line(result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith(f"audit: {path}: ")


def test_audit_as_a_process_reads_a_bare_cr_inside_a_quoted_cell(tmp_path: Path) -> None:
    path = tmp_path / "bill.csv"
    path.write_bytes(BARE_CR_IN_QUOTED_CELL)
    result = as_process("audit", str(path), *END, "--json")
    assert result.returncode == 0, result.stderr
    assert [line["amount"] for line in json.loads(result.stdout)["lines"]] == ["9.99", "1.00"]


# --- import ----------------------------------------------------------------------------------------------------

VALID_EXPORT = json.dumps(DEMO_EXPORT.value).encode()
BROKEN_EXPORTS = {
    "truncated": VALID_EXPORT[: len(VALID_EXPORT) // 2],
    "NUL": VALID_EXPORT.replace(b'"title"', b'"ti\x00tle"', 1),
    "version-with-line-break": b'{"format_version": "1\\r\\n2", "cases": []}',
    "key-with-line-break": VALID_EXPORT.replace(b'"title"', b'"ti\\r\\ntle"', 1),
    "cp1252": VALID_EXPORT.replace(b"(sample)", "(échantillon)".encode("cp1252")),
    "a-bill-instead": BARE_CR_IN_QUOTED_CELL,
}


def case_count(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        count = connection.exec_driver_sql('SELECT count(*) FROM "case"').scalar_one()
    engine.dispose()
    return count


@pytest.mark.parametrize("name", list(BROKEN_EXPORTS))
def test_import_of_a_broken_export_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(BROKEN_EXPORTS[name])
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    assert_refused_on_one_line(*in_process(["import", str(path), "--db", url]))
    assert not (tmp_path / "cases.db").exists() or case_count(url) == 0


def test_import_as_a_process_refuses_a_truncated_export_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(BROKEN_EXPORTS["truncated"])
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    result = as_process("import", str(path), "--db", url)
    assert_refused_on_one_line(result.returncode, result.stdout, result.stderr)
    assert "nothing was imported" in result.stderr
