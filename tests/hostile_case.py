"""A case whose every stored text field holds hostile markup, built the way an attacker would: a crafted export.

The sample case (with an audited sample bill) is exported, then every text field the import accepts free text
in is replaced with Markdown links and images, HTML, autolinks, bare URLs and ``data:``/``javascript:`` URLs,
all pointing at ``evil.example``. Fields the import refuses such text in (dates, money, enums, phone numbers,
hashes) keep their values; which fields those are is found by asking the import itself, so a field added
later is covered without touching this file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from ooma_cancel import transfer
from ooma_cancel.bill import AuditContext, audit, read_bill
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import Complaint
from ooma_cancel.store import bill as bill_store
from ooma_cancel.store.overrides import set_override

EVIL = "evil.example"
PAYLOADS = (
    # Long fields: every kind of markup at once.
    "[Verify your account](http://evil.example/link) ![i](http://evil.example/p.png) "
    '<img src="http://evil.example/h.png"> <http://evil.example/auto> [d](data:text/html,<b>x</b>) '
    "[j](javascript:alert(1)) www.evil.example/w mail@evil.example **bold** :streamlit: $x$ and $y$",
    # Shorter fields: as much as fits.
    "![i](http://evil.example/p.png)",
    "[x](http://evil.example)",
    "<http://evil.example>",
    "www.evil.example",
)
# What a rendered page must never hold: a live link or picture to the attacker, or a data: link.
SELECTORS = ('a[href*="evil"]', 'img[src*="evil"]', 'a[href^="data:"]', 'a[href^="javascript:"]')


def sample_with_audited_bill(engine: sa.Engine, owner: str, today: date) -> int:
    """The sample case plus one audited bill, so the bill's tables (lines, findings, report) exist too."""
    end = today - timedelta(days=20)
    reading = read_bill(sample_bill_csv(end))
    result = audit(
        reading,
        AuditContext(end_date=end, fixed_term=False, equipment_returned_on=None, return_window_days=30),
    )
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=owner, today=today)
        bill_store.save_bill_audit(
            session=session,
            owner=owner,
            case_id=case_id,
            filename="final-bill.csv",
            sha256="0" * 64,
            mapping=mapping_dict(reading.mapping),
            report=audit_report(reading, result),
            lines=line_rows(result),
        )
        # A complaint filed, so the escalation's free text (reference, note) is in the export too.
        session.add(Complaint(case_id=case_id, place="fcc", filed_on=today, reference="FCC-1", note="Filed."))
        # Ooma's mailing address, typed on the request page (a per-case override): it is printed on the letter.
        set_override(
            session=session, owner=owner, case_id=case_id, key="mailing_address", value="100 Example Way"
        )
    return case_id


def _leaves(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    elif isinstance(node, str):
        yield path, node


def _pattern(path: tuple) -> tuple:
    """The field a leaf belongs to: list positions wildcarded (every ledger entry's description is one field)."""
    return tuple("*" if isinstance(part, int) else part for part in path)


def _set(document: Any, path: tuple, value: str) -> None:
    for part in path[:-1]:
        document = document[part]
    document[path[-1]] = value


def _accepted(document: dict) -> bool:
    try:
        transfer.parse_document(json.dumps(document))
    except transfer.ImportRefused:
        return False
    return True


def hostile_document(clean: bytes) -> tuple[bytes, list[str]]:
    """``clean`` (an export) with every free-text field hostile; also the fields that were made hostile."""
    document = json.loads(clean)
    by_field: dict[tuple, list[tuple]] = {}
    for path, _ in _leaves(document):
        if path[0] != "format_version":
            by_field.setdefault(_pattern(path), []).append(path)
    filled = []
    for field, paths in by_field.items():
        for payload in PAYLOADS:
            trial = json.loads(json.dumps(document))
            for number, path in enumerate(paths):
                # Keys that must stay unique (a bill's hash, an override's key) are refused as a whole anyway.
                _set(trial, path, payload if len(paths) == 1 else f"{payload} {number}")
            if _accepted(trial):
                document = trial
                filled.append(".".join(str(part) for part in field))
                break
    return json.dumps(document).encode(), filled


def live_markup(markdown: str) -> list[str]:
    """Hostile constructs in a string handed to Markdown that escaping would have neutralised."""
    telltales = {
        "link or image": r"(?<!\\)\]\(",
        "HTML or autolink": r"(?<!\\)<(?:img|script|http|a\b)",
        "bare URL": r"(?i)https?://evil|www\.evil",
        "e-mail address": r"@evil",
        "data: or javascript: URL": r"(?i)(?:data|javascript):",
        "Streamlit picture": r":streamlit:",
        "math": r"(?<!\\)\$[xy](?<!\\)\$",
        "NUL": r"\x00",
    }
    return [name for name, pattern in telltales.items() if re.search(pattern, markdown)]
