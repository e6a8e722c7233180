"""Whole cases to one versioned JSON document and back.

The document (``format_version`` 1) holds every table of a case: ids as they are in the database (references
between rows use them), ISO dates, timezone-aware timestamps, and money as strings of dollars (``"-12.34"``).
An import validates the whole document first (types, lengths, list sizes, vocabularies, references) and only
then writes, in one transaction, with new ids for every row, for the person importing it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    model_validator,
)
from sqlmodel import Session, SQLModel

from ooma_cancel.errors import UserError
from ooma_cancel.escalation import Outcome
from ooma_cancel.escalation_facts import PaymentMethod, Place
from ooma_cancel.models import (
    Account,
    BillLine,
    BillUpload,
    CancellationRequest,
    Case,
    Channel,
    ChargeStatement,
    Complaint,
    Confirmation,
    ConfirmationKind,
    DeviceKind,
    EndDate,
    EquipmentItem,
    Escalation,
    Event,
    Finding,
    Interaction,
    LedgerEntry,
    LedgerKind,
    Plan,
    PortRecord,
    ProfileOverride,
    RequestStatus,
    Stage,
    item_limit,
    limit,
    lowest,
)
from ooma_cancel.money import MAX_TOTAL_CENTS, check_amount
from ooma_cancel.store.case_data import CaseRows, NewCase, find_existing, read_case, write_case
from ooma_cancel.store.cases import list_cases
from ooma_cancel.store.overrides import override_problem

FORMAT_VERSION = 1
PAYMENT_METHODS = tuple(method.value for method in PaymentMethod)
OUTCOMES = tuple(outcome.value for outcome in Outcome if outcome.value)
PLACES = tuple(place.value for place in Place)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # the app's upload limit; ten years of history is well under it
MAX_CASES = 50
MAX_ROWS = 100_000  # per list: twenty years of daily ledger entries fit many times over
MAX_JSON_CHARS = 200_000  # a bill's column mapping or audit report
MONEY_RE = re.compile(r"^(-?)(\d{1,16})\.(\d{2})$")  # the limits below say how much is too much
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class ImportRefused(UserError):
    """The document cannot be imported; the message says why in one or a few lines."""


class OnConflict(StrEnum):
    ASK = "ask"
    REPLACE = "replace"
    KEEP_BOTH = "keep both"


class CaseConflict(ImportRefused):
    """A case in the document already exists for this owner: ask whether to replace it or keep both."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        # No titles in the message: they come from the file, and messages may be shown as Markdown.
        super().__init__("You already have a case from this file: choose to replace it or keep both.")


# --- Values -------------------------------------------------------------------------------------------------


def cents_to_text(cents: int) -> str:
    """Money in the document: ``-1234`` cents is ``"-12.34"`` (exact; no float anywhere)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def text_to_cents(value: object) -> int:
    """Integer cents from a money string of the document; ValueError unless it looks like ``"-12.34"``."""
    match = MONEY_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError('money is written as a string of dollars and cents, e.g. "12.34"')
    sign, whole, part = match.groups()
    cents = int(whole) * 100 + int(part)
    return -cents if sign else cents


def _one_amount(value: object) -> int:
    return check_amount(text_to_cents(value))


def _total(value: object) -> int:
    return check_amount(text_to_cents(value), limit=MAX_TOTAL_CENTS)


# One amount (a charge, a fee, a bill line) and a total of many: the limits the app's forms apply.
Money = Annotated[int, BeforeValidator(_one_amount)]
Total = Annotated[int, BeforeValidator(_total)]
Id = Annotated[int, Field(ge=1, le=2**62)]


def _text(table: type[SQLModel], name: str, *, min_length: int = 0) -> Any:
    """A text column's limit, read from the table's model."""
    return Field(min_length=min_length, max_length=limit(table, name))


# List items and whole-number ranges, as the tables' models limit them.
PhoneNumber = Annotated[str, Field(max_length=item_limit(Account, "phone_numbers"))]
ServiceName = Annotated[str, Field(max_length=item_limit(Account, "bundled_services"))]
WindowDays = Annotated[
    int, Field(ge=lowest(EquipmentItem, "return_window_days"), le=limit(EquipmentItem, "return_window_days"))
]
BillingDay = Annotated[int, Field(ge=lowest(EndDate, "billing_day"), le=limit(EndDate, "billing_day"))]


def _rows(limit: int = MAX_ROWS) -> Any:
    return Field(max_length=limit)


# --- The document's records: one per table, same field names (money without ``_cents``) -------------------


class Record(BaseModel):
    # Strict: "5" is not 5 and true is not "yes"; unknown fields are refused rather than silently dropped.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_enum_values=True)


class AccountDoc(Record):
    id: Id
    holder_name: str = _text(Account, "holder_name")
    account_number: str = _text(Account, "account_number")
    phone_numbers: list[PhoneNumber] = _rows(limit(Account, "phone_numbers"))
    street: str = _text(Account, "street")
    city: str = _text(Account, "city")
    region: str = _text(Account, "region")
    postal_code: str = _text(Account, "postal_code")
    country: str = _text(Account, "country")
    email: str = _text(Account, "email")
    plan: Plan
    bundled_services: list[ServiceName] = _rows(limit(Account, "bundled_services"))
    fixed_term: bool
    term_ends_on: date | None
    updated_at: AwareDatetime


class PortDoc(Record):
    id: Id
    keep_number: bool | None
    new_carrier: str = _text(PortRecord, "new_carrier")
    numbers: list[PhoneNumber] = _rows(limit(PortRecord, "numbers"))
    account_number_ready: bool
    pin_obtained: bool
    name_address_match: bool
    requested_on: date | None
    foc_on: date | None
    completed_on: date | None


class InteractionDoc(Record):
    id: Id
    occurred_at: AwareDatetime
    channel: Channel
    representative: str = _text(Interaction, "representative")
    reference: str = _text(Interaction, "reference")
    summary: str = _text(Interaction, "summary")
    outcome: str = _text(Interaction, "outcome")
    follow_up_on: date | None


class RequestDoc(Record):
    id: Id
    channel: Channel
    requested_end_on: date | None
    status: RequestStatus
    submitted_on: date | None
    tracking_number: str = _text(CancellationRequest, "tracking_number")
    acknowledged_on: date | None
    completed_on: date | None
    rejected_reason: str = _text(CancellationRequest, "rejected_reason")
    letter_text: str = _text(CancellationRequest, "letter_text")
    states_intent: bool
    asks_written_confirmation: bool
    asks_final_bill_and_equipment: bool


class EquipmentDoc(Record):
    id: Id
    kind: DeviceKind
    serial: str = _text(EquipmentItem, "serial")
    leased: bool
    return_required: bool
    non_return_fee: Money
    return_window_days: WindowDays | None
    label_received: bool
    shipped_on: date | None
    carrier: str = _text(EquipmentItem, "carrier")
    tracking_number: str = _text(EquipmentItem, "tracking_number")
    delivered_on: date | None
    proof_note: str = _text(EquipmentItem, "proof_note")


class LedgerDoc(Record):
    id: Id
    entry_on: date
    kind: LedgerKind
    description: str = _text(LedgerEntry, "description")
    amount: Money


class ConfirmationDoc(Record):
    id: Id
    number: str = _text(Confirmation, "number", min_length=1)
    received_at: AwareDatetime
    channel: Channel
    representative: str = _text(Confirmation, "representative")
    confirms: ConfirmationKind
    note: str = _text(Confirmation, "note")
    interaction_id: Id | None


class EndDateDoc(Record):
    id: Id
    confirmed_on: date | None
    source: str = _text(EndDate, "source")
    gap_plan: str = _text(EndDate, "gap_plan")
    billing_day: BillingDay | None


class FindingDoc(Record):
    id: Id
    flags: str = _text(Finding, "flags", min_length=1)
    disputed: Money
    reason: str = _text(Finding, "reason")


class BillLineDoc(Record):
    id: Id
    line: Annotated[int, Field(ge=0, le=10**9)]
    line_on: date | None
    period_start: date | None
    period_end: date | None
    description: str = _text(BillLine, "description")
    amount: Money
    category: str = _text(BillLine, "category")
    findings: list[FindingDoc] = _rows(20)


class BillUploadDoc(Record):
    id: Id
    filename: str = _text(BillUpload, "filename", min_length=1)
    sha256: str = _text(BillUpload, "sha256", min_length=1)
    uploaded_at: AwareDatetime
    mapping: dict[str, JsonValue] = Field(max_length=1000)
    disputed_total: Total
    report: dict[str, JsonValue]
    dispute_follow_up_on: date | None
    lines: list[BillLineDoc] = _rows()

    @model_validator(mode="after")
    def _json_sizes(self) -> BillUploadDoc:
        for name in ("mapping", "report"):
            if len(json.dumps(getattr(self, name))) > MAX_JSON_CHARS:
                raise ValueError(f"{name} is longer than {MAX_JSON_CHARS} characters")
        context = self.report.get("context")
        end = context.get("end_date") if isinstance(context, dict) else None
        if end is not None and not (isinstance(end, str) and _is_iso_date(end)):
            raise ValueError("report.context.end_date is not a date (YYYY-MM-DD)")
        return self


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class OverrideDoc(Record):
    id: Id
    key: str = _text(ProfileOverride, "key", min_length=1)
    value: str = _text(ProfileOverride, "value", min_length=1)

    @model_validator(mode="after")
    def _a_setting_the_app_knows(self) -> OverrideDoc:
        # The same check as a value typed on a page: a file cannot store what the form would refuse.
        problem = override_problem(self.key, self.value)
        if problem:
            raise ValueError(problem)
        return self


class EventDoc(Record):
    id: Id
    at: AwareDatetime
    stage: Stage
    summary: str = _text(Event, "summary")


# --- Escalation (stage 8b) ---------------------------------------------------------------------------------


class EscalationDoc(Record):
    id: Id
    # One of the choices; the column's length is stated too, so the two cannot drift apart.
    payment_method: Literal["", *PAYMENT_METHODS] = _text(Escalation, "payment_method")  # type: ignore[valid-type]
    issuer_name: str = _text(Escalation, "issuer_name")
    card_last4: str = Field(pattern=r"^(\d{4})?$", max_length=limit(Escalation, "card_last4"))
    ooma_disputed_on: date | None
    waiting_days: Annotated[
        int, Field(ge=lowest(Escalation, "waiting_days"), le=limit(Escalation, "waiting_days"))
    ]
    asked_now: bool
    sent_on: date | None
    acknowledged_on: date | None
    outcome: Literal["", *OUTCOMES] = _text(Escalation, "outcome")  # type: ignore[valid-type]
    outcome_on: date | None
    credited: Money


class ChargeStatementDoc(Record):
    id: Id
    line_id: Id  # a line of one of the case's bill uploads
    statement_on: date


class ComplaintDoc(Record):
    id: Id
    place: Literal[*PLACES] = _text(Complaint, "place")  # type: ignore[valid-type]
    filed_on: date
    reference: str = _text(Complaint, "reference")
    note: str = _text(Complaint, "note")


class CaseDoc(Record):
    id: Id
    title: str = _text(Case, "title", min_length=1)
    created_at: AwareDatetime
    updated_at: AwareDatetime
    confirmed_account_id: Id | None
    accounts: list[AccountDoc] = _rows(10)
    port: PortDoc | None
    interactions: list[InteractionDoc] = _rows()
    request: RequestDoc | None
    equipment: list[EquipmentDoc] = _rows(200)
    ledger: list[LedgerDoc] = _rows()
    confirmations: list[ConfirmationDoc] = _rows(1000)
    end_date: EndDateDoc | None
    bill_uploads: list[BillUploadDoc] = _rows(100)
    escalation: EscalationDoc | None = None
    charge_statements: list[ChargeStatementDoc] = _rows(10_000)
    complaints: list[ComplaintDoc] = _rows(1000)
    profile_overrides: list[OverrideDoc] = _rows(100)
    events: list[EventDoc] = _rows(2 * MAX_ROWS)

    @model_validator(mode="after")
    def _references(self) -> CaseDoc:
        """Ids are unique per table and every reference points at a row of this same case."""
        lines = [line for upload in self.bill_uploads for line in upload.lines]
        for name, rows in (
            ("accounts", self.accounts),
            ("interactions", self.interactions),
            ("equipment", self.equipment),
            ("ledger", self.ledger),
            ("confirmations", self.confirmations),
            ("bill_uploads", self.bill_uploads),
            ("bill lines", lines),
            ("findings", [finding for line in lines for finding in line.findings]),
            ("profile_overrides", self.profile_overrides),
            ("events", self.events),
            ("charge_statements", self.charge_statements),
            ("complaints", self.complaints),
        ):
            if len({row.id for row in rows}) != len(rows):
                raise ValueError(f"two {name} have the same id")
        if self.confirmed_account_id is not None and self.confirmed_account_id not in {
            a.id for a in self.accounts
        }:
            raise ValueError("confirmed_account_id is not one of the case's accounts")
        contacts = {i.id for i in self.interactions}
        if any(c.interaction_id is not None and c.interaction_id not in contacts for c in self.confirmations):
            raise ValueError("a confirmation refers to a contact that is not in the case")
        line_ids = {line.id for line in lines}
        if any(row.line_id not in line_ids for row in self.charge_statements):
            raise ValueError("a statement date refers to a bill line that is not in the case")
        if len({row.line_id for row in self.charge_statements}) != len(self.charge_statements):
            raise ValueError("a bill line has two statement dates")
        if len({u.sha256 for u in self.bill_uploads}) != len(self.bill_uploads):
            raise ValueError("the same bill file is in the case twice")
        if len({o.key for o in self.profile_overrides}) != len(self.profile_overrides):
            raise ValueError("a provider setting is overridden twice")
        return self


class CaseDocument(Record):
    format_version: Literal[1]
    cases: list[CaseDoc] = Field(min_length=1, max_length=MAX_CASES)

    @model_validator(mode="after")
    def _unique_cases(self) -> CaseDocument:
        if len({case.id for case in self.cases}) != len(self.cases):
            raise ValueError("two cases have the same id")
        return self


# Which record of the document holds which table; a test checks every table and column is covered.
TABLE_RECORDS: dict[type[SQLModel], type[Record]] = {
    Case: CaseDoc,
    Account: AccountDoc,
    PortRecord: PortDoc,
    Interaction: InteractionDoc,
    CancellationRequest: RequestDoc,
    EquipmentItem: EquipmentDoc,
    LedgerEntry: LedgerDoc,
    Confirmation: ConfirmationDoc,
    EndDate: EndDateDoc,
    BillUpload: BillUploadDoc,
    BillLine: BillLineDoc,
    Finding: FindingDoc,
    ProfileOverride: OverrideDoc,
    Event: EventDoc,
    Escalation: EscalationDoc,
    ChargeStatement: ChargeStatementDoc,
    Complaint: ComplaintDoc,
}
# Tables of the app itself, not of any case (who signed out when, the workspace-link key, which case a person
# chose last): never exported.
APP_TABLES: frozenset[str] = frozenset({"identitysignout", "appsecret", "casechoice"})
# Columns the document's nesting stands for, and the owner, which is always whoever imports.
STRUCTURAL_COLUMNS = {"case_id", "upload_id", "line_id", "owner"}
SINGLE_KEYS: dict[type[SQLModel], str] = {
    PortRecord: "port",
    CancellationRequest: "request",
    EndDate: "end_date",
    Escalation: "escalation",
}
LIST_KEYS: dict[type[SQLModel], str] = {
    Interaction: "interactions",
    EquipmentItem: "equipment",
    LedgerEntry: "ledger",
    Confirmation: "confirmations",
    ProfileOverride: "profile_overrides",
    Event: "events",
    Complaint: "complaints",
}


def _money_fields(record: type[Record]) -> set[str]:
    return {
        name for name, info in record.model_fields.items() if {_one_amount, _total} & set(_validators(info))
    }


def _validators(info: Any) -> list[Any]:
    return [getattr(m, "func", None) for m in info.metadata]


def _own_fields(record: type[Record]) -> list[str]:
    """The record's fields that are columns (not nested rows)."""
    nested = {
        "findings",
        "lines",
        *SINGLE_KEYS.values(),
        *LIST_KEYS.values(),
        "accounts",
        "bill_uploads",
        "charge_statements",
    }
    return [name for name in record.model_fields if name not in nested]


# --- Export -------------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _to_doc(row: SQLModel, record: type[Record]) -> dict[str, Any]:
    money = _money_fields(record)
    out: dict[str, Any] = {}
    for name in _own_fields(record):
        if name in money:
            out[name] = cents_to_text(getattr(row, f"{name}_cents"))
        else:
            out[name] = _plain(getattr(row, name))
    return out


def case_to_doc(rows: CaseRows) -> dict[str, Any]:
    """One case as the document's plain JSON values."""
    findings: dict[int, list[dict[str, Any]]] = {}
    for finding in rows.findings:
        findings.setdefault(finding.line_id, []).append(_to_doc(finding, FindingDoc))
    lines: dict[int, list[dict[str, Any]]] = {}
    for line in rows.lines:
        lines.setdefault(line.upload_id, []).append(
            {**_to_doc(line, BillLineDoc), "findings": findings.get(line.id or 0, [])}
        )
    doc = _to_doc(rows.case, CaseDoc)
    doc["accounts"] = [_to_doc(a, AccountDoc) for a in rows.accounts]
    for table, key in SINGLE_KEYS.items():
        row = rows.single[table]
        doc[key] = None if row is None else _to_doc(row, TABLE_RECORDS[table])
    for table, key in LIST_KEYS.items():
        doc[key] = [_to_doc(row, TABLE_RECORDS[table]) for row in rows.lists[table]]
    doc["bill_uploads"] = [
        {**_to_doc(u, BillUploadDoc), "lines": lines.get(u.id or 0, [])} for u in rows.uploads
    ]
    doc["charge_statements"] = [_to_doc(row, ChargeStatementDoc) for row in rows.statements]
    # Keep the record's field order so the file reads top-down like the journey.
    return {name: doc[name] for name in CaseDoc.model_fields}


def export_cases(*, session: Session, owner: str, case_ids: Iterable[int]) -> dict[str, Any]:
    """The document for the owner's cases (each checked to be theirs)."""
    cases = [case_to_doc(read_case(session=session, owner=owner, case_id=case_id)) for case_id in case_ids]
    return {"format_version": FORMAT_VERSION, "cases": cases}


def export_file(*, engine: sa.Engine, owner: str, case_ids: list[int] | None = None) -> bytes:
    """The document as a downloadable file: the given cases, or all of the owner's cases."""
    with Session(engine) as session:
        if case_ids is None:
            case_ids = sorted(case.id or 0 for case in list_cases(session=session, owner=owner))
        return dumps(export_cases(session=session, owner=owner, case_ids=case_ids)).encode("utf-8")


def dumps(document: Mapping[str, Any]) -> str:
    """The document as text: indented, UTF-8 friendly, the same bytes for the same case."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- Import -------------------------------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def parse_document(data: bytes | str) -> CaseDocument:
    """Validate a whole document; ImportRefused with a clear reason when anything is wrong."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        raw = json.loads(text, parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ImportRefused("The file is not text (UTF-8): it is not a case export.") from None
    except json.JSONDecodeError as error:
        # A truncated file fails at its very end, or inside a string that never closes.
        cut_off = error.pos >= len(text.rstrip()) - 1 or error.msg.startswith("Unterminated string")
        reason = (
            "it ends too early, so it is probably incomplete"
            if cut_off
            else f"{error.msg} at line {error.lineno}, column {error.colno}"
        )
        raise ImportRefused(f"The file is not valid JSON: {reason}.") from None
    except (ValueError, RecursionError):
        raise ImportRefused("The file is not valid JSON (nested too deeply or holds NaN).") from None
    if not isinstance(raw, dict) or "format_version" not in raw:
        raise ImportRefused("This is not a case export: it has no format_version.")
    version = raw["format_version"]
    if type(version) is not int:  # not 1.0, "1" or true, which a lenient reader would take for 1
        raise ImportRefused(
            f"This is not a case export this app can read: format_version must be the whole number "
            f"{FORMAT_VERSION}, without quotes or a decimal point (the file has {json.dumps(version)[:20]})."
        )
    if version != FORMAT_VERSION:
        raise ImportRefused(
            f"This export is format version {_shown(str(version), 20)}; this app reads version {FORMAT_VERSION}."
        )
    try:
        return CaseDocument.model_validate_json(text, strict=True)
    except ValidationError as error:
        raise ImportRefused(_explain(error)) from None


def _explain(error: ValidationError, shown: int = 3) -> str:
    """The first few problems, each as ``where: what`` (never echoing the values themselves)."""
    problems = []
    for item in error.errors(include_url=False, include_input=False)[:shown]:
        where = ".".join(str(part) for part in item["loc"]) or "document"
        problems.append(f"{_shown(where, 200)}: {_shown(item['msg'], 200)}")
    more = error.error_count() - len(problems)
    tail = f" (and {more} more)" if more > 0 else ""
    return "The file is not a valid case export: " + "; ".join(problems) + tail + "."


def _shown(text: str, limit: int) -> str:
    """Text from the file (a key, a value) fit for a one-line message: controls as "?", at most ``limit``."""
    return _CONTROLS.sub("?", text)[:limit]


def conflicts(*, session: Session, owner: str, document: CaseDocument) -> dict[int, int]:
    """{exported case id: the owner's existing case id} for each case the owner already has."""
    found = {}
    for case in document.cases:
        existing = find_existing(
            session=session, owner=owner, title=case.title, exported_id=case.id, created_at=case.created_at
        )
        if existing is not None:
            found[case.id] = existing.case_id
    return found


def _row_values(record: Record) -> dict[str, Any]:
    money = _money_fields(type(record))
    values = {}
    for name in _own_fields(type(record)):
        value = getattr(record, name)
        values[f"{name}_cents" if name in money else name] = value
    return values


def _new_case(case: CaseDoc) -> NewCase:
    single = {}
    for table, key in SINGLE_KEYS.items():
        record = getattr(case, key)
        single[table] = None if record is None else _row_values(record)
    lines = [
        {**_row_values(line), "upload_id": upload.id} for upload in case.bill_uploads for line in upload.lines
    ]
    findings = [
        {**_row_values(finding), "line_id": line.id}
        for upload in case.bill_uploads
        for line in upload.lines
        for finding in line.findings
    ]
    return NewCase(
        title=case.title,
        created_at=case.created_at,
        updated_at=case.updated_at,
        confirmed_account_id=case.confirmed_account_id,
        accounts=[_row_values(a) for a in case.accounts],
        single=single,
        lists={table: [_row_values(r) for r in getattr(case, key)] for table, key in LIST_KEYS.items()},
        uploads=[_row_values(u) for u in case.bill_uploads],
        lines=lines,
        findings=findings,
        statements=[_row_values(row) for row in case.charge_statements],
    )


def import_document(
    *, session: Session, owner: str, document: CaseDocument, on_conflict: OnConflict = OnConflict.ASK
) -> list[int]:
    """Write every case of a validated document for ``owner``; return the new case ids.

    With ``on_conflict`` ASK, a case the owner already has raises CaseConflict before anything is written.
    """
    existing = conflicts(session=session, owner=owner, document=document)
    if existing and on_conflict is OnConflict.ASK:
        titles = [case.title for case in document.cases if case.id in existing]
        raise CaseConflict(titles)
    new_ids = []
    for case in document.cases:
        replace = existing.get(case.id) if on_conflict is OnConflict.REPLACE else None
        new_ids.append(write_case(session=session, owner=owner, new=_new_case(case), replace_case_id=replace))
    return new_ids


# --- Where the data lives -----------------------------------------------------------------------------------


def storage_is_ephemeral(url: str, env: Mapping[str, str], *, mount_src_exists: bool) -> bool:
    """True on Streamlit Community Cloud with a SQLite file: the disk is wiped when the app restarts."""
    on_community_cloud = env.get("HOSTNAME") == "streamlit" or mount_src_exists
    return url.startswith("sqlite") and on_community_cloud
