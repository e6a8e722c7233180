"""Database tables for a cancellation case, one per stage of the journey.

Data-only bases (``XBase``) hold the fields a person edits; ``table=True`` models add ids and ownership.
Money is stored as integer cents, dates as dates, timestamps as timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, get_args

import annotated_types
import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from ooma_cancel.money import MAX_CENTS


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EnumText(TypeDecorator[Any]):
    """A column holding one member of a ``StrEnum``, stored as its *value* in a VARCHAR (as rows always were).

    Writing anything that is not a member raises; reading gives the member back. No schema change: the
    database keeps the plain text it always held, on SQLite and PostgreSQL alike.
    """

    impl = sa.String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length=length)
        self.enum = enum
        self._members: dict[str, StrEnum] = {member.value: member for member in enum}

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> StrEnum | None:
        # A dictionary look-up: a page can read thousands of rows (ten years of ledger entries and events).
        if value is None:
            return None
        member = self._members.get(value)
        return member if member is not None else self.enum(value)  # raises, naming the stranger


def enum_field(enum: type[StrEnum], length: int, default: StrEnum | None = None) -> Any:
    if default is None:
        return Field(sa_type=EnumText(enum, length))
    return Field(default=default, sa_type=EnumText(enum, length))


def limit(model: type[BaseModel], field: str) -> int:
    """The largest length (text, list) or value (number) the model accepts for ``field``.

    Forms (``max_chars``, ``max_value``), validators, the export document and the database columns read their
    limits here, so they cannot drift apart.
    """
    return _bound(model, field, ((annotated_types.MaxLen, "max_length"), (annotated_types.Le, "le")), "upper")


def lowest(model: type[BaseModel], field: str) -> int:
    """The smallest value (number) or length (text) the model accepts for ``field``."""
    return _bound(model, field, ((annotated_types.MinLen, "min_length"), (annotated_types.Ge, "ge")), "lower")


def item_limit(model: type[BaseModel], field: str) -> int:
    """The longest item a list field accepts (e.g. one bundled service's name)."""
    for item in get_args(model.model_fields[field].annotation):
        for info in getattr(item, "__metadata__", ()):
            for rule in getattr(info, "metadata", ()):
                if isinstance(rule, annotated_types.MaxLen):
                    return rule.max_length
    raise LookupError(f"{model.__name__}.{field} has no limit on its items")


def _bound(model: type[BaseModel], field: str, kinds: tuple[tuple[type, str], ...], which: str) -> int:
    for rule in model.model_fields[field].metadata:
        for kind, attribute in kinds:
            if isinstance(rule, kind):
                return int(getattr(rule, attribute))
    raise LookupError(f"{model.__name__}.{field} has no {which} limit")


def timestamp_field(*, nullable: bool = False, default_now: bool = True) -> datetime:
    kwargs = {"default_factory": utcnow} if default_now else {"default": None}
    return Field(sa_type=UTCDateTime, nullable=nullable, **kwargs)


def cents_field(*, default: int | None = None) -> int:
    """Money in integer cents, 64-bit on every database (a bill's disputed total can pass $21,474,836.47).

    The amounts the app accepts are limited in ``ooma_cancel.money`` (``MAX_CENTS``, ``MAX_TOTAL_CENTS``).
    """
    if default is None:
        return Field(sa_type=sa.BigInteger)
    return Field(default=default, sa_type=sa.BigInteger)


def amount_field(*, default: int | None = None) -> int:
    """One amount of money the app keeps: at most ``MAX_CENTS`` either way (forms may allow less)."""
    if default is None:
        return Field(ge=-MAX_CENTS, le=MAX_CENTS, sa_type=sa.BigInteger)
    return Field(default=default, ge=-MAX_CENTS, le=MAX_CENTS, sa_type=sa.BigInteger)


def case_fk() -> int:
    return Field(sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], index=True, nullable=False)


# --- Vocabulary ---------------------------------------------------------------------------------------------


class Plan(StrEnum):
    BASIC = "Basic"
    PREMIER = "Premier"
    OFFICE = "Office"
    OTHER = "Other"


class Stage(StrEnum):
    """The journey's stages; used for progress and to tag audit-trail events."""

    ACCOUNT = "account"
    PORT = "port"
    SUPPORT = "support"
    REQUEST = "request"
    EQUIPMENT = "equipment"
    BALANCE = "balance"
    CONFIRMATION = "confirmation"
    END_DATE = "end_date"
    BILL = "bill"
    ESCALATION = "escalation"
    CASE = "case"


class Channel(StrEnum):
    PHONE = "phone"
    CHAT = "chat"
    EMAIL = "e-mail"
    MAIL = "mail"
    WEB_PORTAL = "web portal"


class RequestStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"
    REJECTED = "rejected"


class LedgerKind(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"
    CREDIT = "credit"
    REFUND = "refund"
    LATE_FEE = "late fee"
    EARLY_TERMINATION_FEE = "early termination fee"
    EQUIPMENT_FEE = "equipment fee"


class ConfirmationKind(StrEnum):
    CANCELLATION = "cancellation"
    END_DATE = "end date"  # Ooma acknowledged the requested service end date (case_rules.confirmed_end_date)
    PORT = "port"
    EQUIPMENT_RETURN = "equipment return"
    REFUND = "refund"
    OTHER = "other"


class DeviceKind(StrEnum):
    """The Ooma devices a person can list for return (stored as the value; the catalogue with each device's
    name and source is ``ooma_cancel/data/providers/devices.toml``, read by ``ooma_cancel.devices``).

    Members are only ever added: rows keep the value they were saved with.
    """

    TELO = "Telo"
    TELO_AIR = "Telo Air"
    TELO_4G = "Telo 4G"
    LINX = "Linx"
    HD3_HANDSET = "HD3 handset"
    BASE_STATION = "Base Station"
    DESK_PHONE = "Desk phone"
    OTHER = "Other"


# --- Case and account ---------------------------------------------------------------------------------------
# Each table people write has a data-only base carrying every limit (lengths, ranges); the table extends it,
# and the stage modules validate what people type by building the base's ``…Create``/``…Update`` model.

MAX_PHONE_NUMBERS = 20
MAX_SERVICES = 20


class Case(SQLModel, table=True):
    """One cancellation, owned by one person (``owner``)."""

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(index=True, max_length=200)
    title: str = Field(max_length=200)
    # The account chosen for cancellation after the person retyped its last four digits.
    confirmed_account_id: int | None = Field(default=None)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class AccountBase(SQLModel):
    holder_name: str = Field(default="", max_length=200)
    account_number: str = Field(default="", max_length=40)
    # E.164 numbers, e.g. ["+16505551234"].
    phone_numbers: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, sa_type=sa.JSON, max_length=MAX_PHONE_NUMBERS
    )
    street: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    region: str = Field(default="", max_length=100)
    postal_code: str = Field(default="", max_length=20)
    country: str = Field(default="US", max_length=2)
    email: str = Field(default="", max_length=254)
    plan: Plan = enum_field(Plan, 20, Plan.BASIC)
    bundled_services: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, sa_type=sa.JSON, max_length=MAX_SERVICES
    )
    fixed_term: bool = False
    term_ends_on: date | None = None


class Account(AccountBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    updated_at: datetime = timestamp_field()


# --- Stages -------------------------------------------------------------------------------------------------


class PortDetails(SQLModel):
    """The port's details people type and tick (the decision to keep the number is saved on its own)."""

    new_carrier: str = Field(default="", max_length=200)
    numbers: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, sa_type=sa.JSON, max_length=MAX_PHONE_NUMBERS
    )
    account_number_ready: bool = False
    pin_obtained: bool = False  # never the PIN itself
    name_address_match: bool = False
    requested_on: date | None = None
    foc_on: date | None = None
    completed_on: date | None = None


class PortRecord(PortDetails, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )
    keep_number: bool | None = None  # None = not decided yet


class InteractionBase(SQLModel):
    occurred_at: datetime = timestamp_field()
    channel: Channel = enum_field(Channel, 20, Channel.PHONE)
    representative: str = Field(default="", max_length=200)
    reference: str = Field(default="", max_length=100)
    summary: str = Field(default="", max_length=5000)
    outcome: str = Field(default="", max_length=200)
    follow_up_on: date | None = None


class InteractionCreate(InteractionBase):
    """A contact as people log it: the summary is required."""

    summary: str = Field(min_length=1, max_length=5000)


class Interaction(InteractionBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()


class CancellationRequestBase(SQLModel):
    """What the request says and how it is sent (``ooma_cancel.request.RequestDraft`` is what people chose)."""

    channel: Channel = enum_field(Channel, 20, Channel.PHONE)
    requested_end_on: date | None = None
    # What the request says (a letter) or what the person said (phone, chat): the completeness check reads these.
    states_intent: bool = False
    asks_written_confirmation: bool = False
    asks_final_bill_and_equipment: bool = False


class CancellationRequest(CancellationRequestBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )
    status: RequestStatus = enum_field(RequestStatus, 20, RequestStatus.DRAFT)
    submitted_on: date | None = None
    # A letter's postal tracking number (6 to 60 letters, digits, spaces or dashes).
    tracking_number: str = Field(default="", max_length=60)
    acknowledged_on: date | None = None
    completed_on: date | None = None
    rejected_reason: str = Field(default="", max_length=1000)
    letter_text: str = Field(default="", max_length=20000)


class EquipmentItemBase(SQLModel):
    kind: DeviceKind = enum_field(DeviceKind, 40, DeviceKind.TELO)
    serial: str = Field(default="", max_length=60)
    leased: bool = False
    return_required: bool = False
    non_return_fee_cents: int = amount_field(default=0)
    return_window_days: int | None = Field(default=None, ge=1, le=365)  # None = the provider profile's window
    label_received: bool = False
    shipped_on: date | None = None
    carrier: str = Field(default="", max_length=20)
    # As carriers print it, without grouping spaces: 8 to 60 letters and digits.
    tracking_number: str = Field(default="", max_length=60)
    delivered_on: date | None = None
    proof_note: str = Field(default="", max_length=1000)


class EquipmentItemCreate(EquipmentItemBase):
    """One device as people enter it, validated (also used to update an item: every field is written)."""

    # $2,000: no Ooma device costs more; a larger fee is a typo.
    non_return_fee_cents: int = Field(default=0, ge=0, le=200_000)


class EquipmentItem(EquipmentItemBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()


class LedgerEntryBase(SQLModel):
    entry_on: date = Field(index=True)
    kind: LedgerKind = enum_field(LedgerKind, 30)
    description: str = Field(default="", max_length=500)
    # Charges, fees and refunds received positive; payments and credits negative.
    amount_cents: int = amount_field()


class LedgerEntryCreate(LedgerEntryBase):
    """One ledger entry as people enter it, with its sign, validated (also used to correct an entry)."""

    # $10,000 either way: more on one line of a phone bill is a typo.
    amount_cents: int = Field(ge=-1_000_000, le=1_000_000)


class LedgerEntry(LedgerEntryBase, table=True):
    __table_args__ = (sa.Index("ix_ledgerentry_case_day", "case_id", "entry_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()


class ConfirmationBase(SQLModel):
    number: str = Field(min_length=1, max_length=100)
    received_at: datetime = timestamp_field()
    channel: Channel = enum_field(Channel, 20, Channel.PHONE)
    representative: str = Field(default="", max_length=200)
    confirms: ConfirmationKind = enum_field(ConfirmationKind, 30, ConfirmationKind.CANCELLATION)
    note: str = Field(default="", max_length=2000)


class ConfirmationCreate(ConfirmationBase):
    """A confirmation number as people record or correct it, validated."""


class Confirmation(ConfirmationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    interaction_id: int | None = Field(
        default=None, sa_column_args=[sa.ForeignKey("interaction.id", ondelete="SET NULL")]
    )


class EndDateUpdate(SQLModel):
    """The confirmed end date and its details, as people enter them."""

    confirmed_on: date | None = None
    source: str = Field(default="", max_length=500)
    gap_plan: str = Field(default="", max_length=2000)
    billing_day: int | None = Field(default=None, ge=1, le=31)  # the day of the month the bill is cut


class EndDate(EndDateUpdate, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )


class BillUpload(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("case_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    filename: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    uploaded_at: datetime = timestamp_field()
    mapping: dict[str, object] = Field(default_factory=dict, sa_type=sa.JSON)
    disputed_total_cents: int = cents_field(default=0)
    # Unreadable rows, notes on how the file was read, and the audit's summary, as shown to the person.
    report: dict[str, object] = Field(default_factory=dict, sa_type=sa.JSON)
    dispute_follow_up_on: date | None = None


class BillLine(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    upload_id: int = Field(
        sa_column_args=[sa.ForeignKey("billupload.id", ondelete="CASCADE")], index=True, nullable=False
    )
    line: int
    line_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    description: str = Field(default="", max_length=500)
    amount_cents: int = cents_field()
    category: str = Field(default="", max_length=100)


class Finding(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    line_id: int = Field(
        sa_column_args=[sa.ForeignKey("billline.id", ondelete="CASCADE")], index=True, nullable=False
    )
    # The line's audit flags, comma-separated, e.g. "after_end_date,duplicate".
    flags: str = Field(max_length=200)
    disputed_cents: int = cents_field(default=0)
    reason: str = Field(default="", max_length=1000)


class ProfileOverride(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("case_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    key: str = Field(max_length=60)
    value: str = Field(max_length=500)


class Event(SQLModel, table=True):
    """The audit trail: one row per change, written in the same transaction as the change."""

    __table_args__ = (sa.Index("ix_event_case_at", "case_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    at: datetime = timestamp_field()
    stage: Stage = enum_field(Stage, 20)
    summary: str = Field(max_length=500)


# --- Escalation (stage 8b): card or bank dispute, complaints ---------------------------------------------------


class EscalationBase(SQLModel):
    """How the person paid and their dispute with the card issuer or bank (the fields the page edits)."""

    payment_method: str = Field(default="", max_length=30)  # escalation_facts.PaymentMethod, "" = not said
    issuer_name: str = Field(default="", max_length=200)
    card_last4: str = Field(default="", max_length=4)  # never more of the card or account number
    ooma_disputed_on: date | None = None  # when the dispute letter went to Ooma
    waiting_days: int = Field(default=30, ge=0, le=365)  # Ooma's time to answer before escalation is offered
    asked_now: bool = False  # escalate at once, without waiting
    sent_on: date | None = None  # the notice reached the issuer
    acknowledged_on: date | None = None
    outcome: str = Field(default="", max_length=20)  # escalation.Outcome
    outcome_on: date | None = None
    credited_cents: int = cents_field(default=0)


class Escalation(EscalationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )


class ChargeStatement(SQLModel, table=True):
    """The statement date that first showed a disputed charge (a line of an audited file)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    line_id: int = Field(
        sa_column_args=[sa.ForeignKey("billline.id", ondelete="CASCADE")], unique=True, nullable=False
    )
    statement_on: date


class ComplaintBase(SQLModel):
    place: str = Field(max_length=20)  # escalation_facts.Place
    filed_on: date
    reference: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=1000)


class Complaint(ComplaintBase, table=True):
    """A complaint the person filed (FCC, CFPB, state attorney general, BBB)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()


# --- Who may see what ---------------------------------------------------------------------------------------


class IdentitySignOut(SQLModel, table=True):
    """When a signed-in identity last signed out (or deleted everything): its older sign-in cookies are refused."""

    owner: str = Field(primary_key=True, max_length=200)
    # Identity cookies whose ID token was issued before this moment no longer open anything.
    cookies_before: datetime = timestamp_field()


class CaseChoice(SQLModel, table=True):
    """The case a person last chose: a new tab, opened from a link without ``?case=``, shows it (not the newest)."""

    owner: str = Field(primary_key=True, max_length=200)
    case_id: int = case_fk()  # the case's deletion deletes the choice
    chosen_at: datetime = timestamp_field()


class AppSecret(SQLModel, table=True):
    """A secret the app made for itself once per database (e.g. the key that signs workspace links)."""

    name: str = Field(primary_key=True, max_length=60)
    value: str = Field(max_length=200)  # hex
    created_at: datetime = timestamp_field()
