"""`python -m ooma_cancel audit`: exit codes, the readable summary and the JSON contract."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ooma_cancel.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "final_bill.csv"
END = ["--end-date", "2026-11-30"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ooma_cancel", "audit", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def write(tmp_path, text: str, name: str = "bill.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_sample_bill_as_json(capsys) -> None:
    code = main(
        ["audit", str(SAMPLE), *END, "--equipment-returned-on", "2026-12-08", "--no-contract", "--json"]
    )
    out = capsys.readouterr().out
    assert code == 0
    document = json.loads(out)  # exactly one JSON object: anything else would not parse
    assert set(document) == {"reading", "lines", "errors", "summary"}
    physical = SAMPLE.read_text(encoding="utf-8").splitlines()
    for line in document["lines"]:
        assert set(line) == {
            "line",
            "date",
            "period_start",
            "period_end",
            "description",
            "amount",
            "category",
            "flags",
            "disputed",
        }
        assert line["description"] in physical[line["line"] - 1]  # `line` is the physical line in the file
        assert line["amount"].replace("-", "").replace(".", "").isdigit()
        assert line["amount"][-3] == "."
    assert not any(line["description"] in ("Total", "Balance due") for line in document["lines"])
    flagged = {line["description"]: line for line in document["lines"] if line["flags"]}
    assert flagged["Early termination fee"]["disputed"] == "59.99"
    assert flagged["Unreturned equipment fee - Ooma Telo"]["disputed"] == "99.99"
    assert flagged["Late payment fee"]["disputed"] == "0.00"
    summary = document["summary"]
    assert summary["disputed_total"] == "184.54"
    assert summary["flag_counts"]["duplicate"] == 1


def test_readable_summary_lists_flags_and_lines(tmp_path, capsys) -> None:
    code = main(["audit", str(SAMPLE), *END, "--no-contract"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Disputed:" in out
    # $84.55 after the end date, ETF and duplicate, plus the equipment fee charged before the return deadline
    assert "$184.54" in out
    assert "early_termination_fee" in out
    assert "line 14:" in out
    assert "14 of 30 days after the end date" in out


def test_return_window_defaults_to_the_profile_30_days(tmp_path, capsys) -> None:
    path = write(tmp_path, "Date,Description,Amount\n01/05/2027,Non-return fee,$99.99\n")
    main(["audit", path, *END, "--equipment-returned-on", "2026-12-30", "--json"])
    assert json.loads(capsys.readouterr().out)["lines"][0]["disputed"] == "99.99"
    main(["audit", path, *END, "--equipment-returned-on", "2026-12-31", "--json"])
    assert json.loads(capsys.readouterr().out)["lines"][0]["disputed"] == "0.00"
    main(
        ["audit", path, *END, "--equipment-returned-on", "2026-12-31", "--return-window-days", "31", "--json"]
    )
    assert json.loads(capsys.readouterr().out)["lines"][0]["disputed"] == "99.99"


def test_merchant_and_dayfirst(tmp_path, capsys) -> None:
    path = write(tmp_path, "Date,Description,Amount\n01/12/2026,OOMA INC,9.99\n02/12/2026,BAKERY,3.00\n")
    main(["audit", path, *END, "--merchant", "ooma", "--dayfirst", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert [line["date"] for line in document["lines"]] == ["2026-12-01"]
    assert document["summary"]["ignored_lines"] == 1
    assert document["lines"][0]["flags"] == ["after_end_date"]


def test_more_than_fifty_flagged_lines_are_cut_with_a_count(tmp_path, capsys) -> None:
    rows = "".join(f"12/{day:02d}/2026,Call {i},$1.00\n" for i, day in enumerate([1, 2, 3] * 20))
    main(["audit", write(tmp_path, "Date,Description,Amount\n" + rows), *END])
    out = capsys.readouterr().out
    assert out.count("disputed $1.00") == 50
    assert "10 more flagged lines" in out


def test_unreadable_rows_are_listed_and_the_rest_audited(tmp_path) -> None:
    path = write(tmp_path, "Date,Description,Amount\n12/01/2026,Premier,9.99\n12/02/2026,Premier,lots\n")
    result = run(path, *END, "--json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["errors"] == [{"line": 3, "message": "amount 'lots' is not an amount of money"}]
    assert [line["line"] for line in document["lines"]] == [2]


@pytest.mark.parametrize(
    ("content", "extra"),
    [
        (None, []),  # missing file
        (b"", []),
        (b"\x00\x01\x02\x03" * 100, []),
        (b"Date,Description,Amount\n", []),
        (b"Date,Description,Note\n12/01/2026,Premier,paid\n", []),
        (b"Date,Description,Amount\n12/01/2026,Premier,9.99\n", ["--end-date", "30/11/2026"]),
    ],
    ids=["missing", "empty", "binary", "header-only", "no-amount-column", "bad-end-date"],
)
def test_files_that_cannot_be_audited_exit_2_with_one_line(tmp_path, content, extra) -> None:
    path = tmp_path / "bill.csv"
    if content is not None:
        path.write_bytes(content)
    result = run(str(path), *(extra or END))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
