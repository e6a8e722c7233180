"""Hardening that holds below the pages: NUL-free text, formula-safe CSV, a private database file, no tracebacks."""

from __future__ import annotations

import csv
import io
import os
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from ooma_cancel.bill import escape_csv_cell, findings_csv, read_bill
from ooma_cancel.bill.rules import AuditContext, audit
from ooma_cancel.db import make_engine, migrate, unit_of_work
from ooma_cancel.models import Account, AccountBase, Event
from ooma_cancel.store.accounts import save_account
from ooma_cancel.store.cases import create_case, rename_case
from ooma_cancel.text import clean_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("nul\x00byte", "nulbyte"),
        ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
        ("keeps\ttabs\nand\r\nlines", "keeps\ttabs\nand\r\nlines"),
        (
            "\u202eright-to-left override stays visible as text",
            "\u202eright-to-left override stays visible as text",
        ),
        ("Zoë <b>", "Zoë <b>"),
    ],
)
def test_clean_text_drops_control_characters_only(raw, clean):
    assert clean_text(raw) == clean


def test_nul_bytes_never_reach_the_database(any_engine):
    """PostgreSQL refuses NUL in text; every session strips it before a flush, whichever store function wrote."""
    with unit_of_work(any_engine) as session:
        case = create_case(session=session, owner="a", title="Home")
        save_account(
            session=session,
            owner="a",
            case_id=case.id,
            account_in=AccountBase(
                holder_name="Jor\x00dan", account_number="4815\x00162342", phone_numbers=["+1650555\x000123"]
            ),
        )
    with unit_of_work(any_engine) as session:
        rename_case(session=session, owner="a", case_id=case.id, title="Ho\x00me <script>")
    with unit_of_work(any_engine) as session:
        account = session.exec(select(Account)).one()
        assert (account.holder_name, account.account_number) == ("Jordan", "4815162342")
        assert account.phone_numbers == ["+16505550123"]
        summaries = [event.summary for event in session.exec(select(Event))]
        assert "Case renamed from “Home” to “Home <script>”." in summaries  # stored literally, NUL gone


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(start):
    assert escape_csv_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert escape_csv_cell(f"Premier {start} taxes") == f"Premier {start} taxes"


def test_exported_findings_escape_text_but_keep_numbers_numbers():
    bill = (
        b"Date,Description,Amount\n"
        b"12/01/2026,\"=cmd|' /C calc'!A0\",9.99\n"
        b"12/02/2026,@SUM(A1),-5.00\n"
        b'12/03/2026,"-2+3",1.00\n'
        b'12/04/2026,"+1 650 555 0123",2.00\n'
    )
    context = AuditContext(
        end_date=date(2026, 11, 30), fixed_term=False, equipment_returned_on=None, return_window_days=30
    )
    rows = list(csv.DictReader(io.StringIO(findings_csv(audit(read_bill(bill), context)).decode())))
    assert [row["description"] for row in rows] == [
        "'=cmd|' /C calc'!A0",
        "'@SUM(A1)",
        "'-2+3",
        "'+1 650 555 0123",
    ]
    assert [row["amount"] for row in rows] == ["9.99", "-5.00", "1.00", "2.00"]  # numbers, never "'-5.00"
    assert all(float(row["amount"]) == float(row["amount"]) for row in rows)


def test_the_sqlite_file_is_created_readable_by_its_owner_only(tmp_path):
    previous = os.umask(0)  # even with a permissive umask
    try:
        path = tmp_path / "data" / "cases.db"
        migrate(make_engine(f"sqlite:///{path}"))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_visitors_never_see_tracebacks():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 10  # megabytes, enforced by the server


def test_secrets_are_never_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text())
    assert example["connections"]["ooma_cancel"]["url"].startswith("postgresql+psycopg://")
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= set(
        example["auth"]
    )
