"""Database tables for a cancellation case, one per stage of the journey.

Data-only bases (``XBase``) hold the fields a person edits; ``table=True`` models add ids and ownership.
Money is stored as integer cents, dates as dates, timestamps as timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


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
    PORT = "port"
    EQUIPMENT_RETURN = "equipment return"
    REFUND = "refund"
    OTHER = "other"


# --- Case and account ---------------------------------------------------------------------------------------


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
    phone_numbers: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    street: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    region: str = Field(default="", max_length=100)
    postal_code: str = Field(default="", max_length=20)
    country: str = Field(default="US", max_length=2)
    email: str = Field(default="", max_length=254)
    plan: str = Field(default=Plan.BASIC.value, max_length=20)
    bundled_services: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    fixed_term: bool = False
    term_ends_on: date | None = None


class Account(AccountBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    updated_at: datetime = timestamp_field()


# --- Stages -------------------------------------------------------------------------------------------------


class PortRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )
    keep_number: bool | None = None  # None = not decided yet
    new_carrier: str = Field(default="", max_length=200)
    numbers: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    account_number_ready: bool = False
    pin_obtained: bool = False  # never the PIN itself
    name_address_match: bool = False
    requested_on: date | None = None
    foc_on: date | None = None
    completed_on: date | None = None


class Interaction(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    occurred_at: datetime = timestamp_field()
    channel: str = Field(default=Channel.PHONE.value, max_length=20)
    representative: str = Field(default="", max_length=200)
    reference: str = Field(default="", max_length=100)
    summary: str = Field(default="", max_length=5000)
    outcome: str = Field(default="", max_length=200)
    follow_up_on: date | None = None


class CancellationRequest(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )
    channel: str = Field(default=Channel.PHONE.value, max_length=20)
    requested_end_on: date | None = None
    status: str = Field(default=RequestStatus.DRAFT.value, max_length=20)
    submitted_on: date | None = None
    tracking_number: str = Field(default="", max_length=60)
    acknowledged_on: date | None = None
    completed_on: date | None = None
    rejected_reason: str = Field(default="", max_length=1000)
    letter_text: str = Field(default="", max_length=20000)
    # What the request says (a letter) or what the person said (phone, chat): the completeness check reads these.
    states_intent: bool = False
    asks_written_confirmation: bool = False
    asks_final_bill_and_equipment: bool = False


class EquipmentItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    kind: str = Field(default="Telo", max_length=40)
    serial: str = Field(default="", max_length=60)
    leased: bool = False
    return_required: bool = False
    non_return_fee_cents: int = cents_field(default=0)
    return_window_days: int | None = None  # None = the provider profile's window
    label_received: bool = False
    shipped_on: date | None = None
    carrier: str = Field(default="", max_length=20)
    tracking_number: str = Field(default="", max_length=60)
    delivered_on: date | None = None
    proof_note: str = Field(default="", max_length=1000)


class LedgerEntry(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_ledgerentry_case_day", "case_id", "entry_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    entry_on: date = Field(index=True)
    kind: str = Field(max_length=30)
    description: str = Field(default="", max_length=500)
    amount_cents: int = (
        cents_field()
    )  # charges, fees and refunds received positive; payments and credits negative


class Confirmation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = case_fk()
    number: str = Field(max_length=100)
    received_at: datetime = timestamp_field()
    channel: str = Field(default=Channel.PHONE.value, max_length=20)
    representative: str = Field(default="", max_length=200)
    confirms: str = Field(default=ConfirmationKind.CANCELLATION.value, max_length=30)
    note: str = Field(default="", max_length=2000)
    interaction_id: int | None = Field(
        default=None, sa_column_args=[sa.ForeignKey("interaction.id", ondelete="SET NULL")]
    )


class EndDate(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column_args=[sa.ForeignKey("case.id", ondelete="CASCADE")], unique=True, nullable=False
    )
    confirmed_on: date | None = None
    source: str = Field(default="", max_length=500)
    gap_plan: str = Field(default="", max_length=2000)
    billing_day: int | None = None  # day of the month the bill is cut, for the last billing cycle


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
    stage: str = Field(max_length=20)
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


class AppSecret(SQLModel, table=True):
    """A secret the app made for itself once per database (e.g. the key that signs workspace links)."""

    name: str = Field(primary_key=True, max_length=60)
    value: str = Field(max_length=200)  # hex
    created_at: datetime = timestamp_field()
