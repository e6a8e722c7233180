"""Owner B can neither read nor change anything of owner A, through any data-access function.

The functions are found by walking the ``ooma_cancel`` package: every public function that takes ``owner`` is
called as B, so a function added later is covered the day it lands. Arguments are built from the type hints
(ids are A's real ids); the few the builder cannot make come from ``EXTRA_ARGUMENTS``, and a test fails when a
new function needs an entry there.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

import ooma_cancel
from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import BillLine, BillUpload, Case
from ooma_cancel.store.bill import save_bill_audit
from ooma_cancel.store.cases import CaseNotFound
from ooma_cancel.store.owners import remember_case_choice
from tests.factories import marked_sample_case

A, B = "oidc:https://id.example|alice", "ws:" + "b" * 64
A_TITLE, A_NUMBER, A_CONFIRMATION = "Alpha private case", "ALPHAQZXW", "ALPHA-CONF-4242"
A_MARKERS = (A_TITLE, A_NUMBER, "QZXW", A_CONFIRMATION)
# Functions that take a session but no owner: record_event gets an already owner-checked object, never an id;
# workspace_key reads the one app-wide secret that checks workspace links, nobody's data.
NO_OWNER_NEEDED = {"ooma_cancel.store.cases.record_event", "ooma_cancel.store.owners.workspace_key"}


class Unbuildable(Exception):
    """The builder cannot make an argument of this type: the function needs an entry in EXTRA_ARGUMENTS."""


@dataclasses.dataclass
class World:
    engine: sa.Engine
    a_case: int
    b_case: int
    a_ids: dict[str, int]  # table name -> one of A's row ids
    a_document: Any


def _a_document(world: World) -> Any:
    return world.a_document


def _a_new_case(world: World) -> Any:
    from ooma_cancel.transfer import _new_case

    return _new_case(world.a_document.cases[0])


def _a_case_row(world: World) -> Case:
    with Session(world.engine) as session:
        return session.get(Case, world.a_case)


def _a_bill_line(world: World) -> int:
    """One of A's bill lines (lines belong to a case through their upload, so they have no case_id)."""
    with Session(world.engine) as session:
        statement = select(BillLine.id).join(BillUpload).where(BillUpload.case_id == world.a_case)
        return session.exec(statement).first()


# Arguments the type-hint builder cannot make, per function (module.name -> argument -> factory).
EXTRA_ARGUMENTS: dict[str, dict[str, Callable[[World], Any]]] = {
    "ooma_cancel.store.escalation.set_statement_date": {"line_id": _a_bill_line},
    "ooma_cancel.transfer.conflicts": {"document": _a_document},
    "ooma_cancel.transfer.import_document": {"document": _a_document},
    "ooma_cancel.store.case_data.write_case": {"new": _a_new_case},
    "ooma_cancel.store.case_data.find_existing": {
        "title": lambda w: A_TITLE,
        "exported_id": lambda w: w.a_case,
        "created_at": lambda w: _a_case_row(w).created_at,
    },
}


def data_access_functions() -> dict[str, Callable[..., Any]]:
    """Every public function in ooma_cancel that takes ``owner``, by dotted name."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(ooma_cancel.__path__, "ooma_cancel."):
        if info.name.endswith("__main__") or info.name.startswith("ooma_cancel.ui"):
            continue
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            public = function.__module__ == module.__name__ and not name.startswith("_")
            if public and "owner" in inspect.signature(function).parameters:
                found[f"{module.__name__}.{name}"] = function
    return found


def store_functions_with_a_session() -> dict[str, inspect.Signature]:
    found = {}
    for info in pkgutil.walk_packages(ooma_cancel.store.__path__, "ooma_cancel.store."):
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                signature = inspect.signature(function)
                if "session" in signature.parameters:
                    found[f"{module.__name__}.{name}"] = signature
    return found


# --- Building arguments ---------------------------------------------------------------------------------


def _table_for(name: str, world: World) -> int:
    if name.endswith("case_id"):
        return world.a_case
    stem = name.removesuffix("_id").replace("_", "")
    matches = [table for table in world.a_ids if table == stem or table.endswith(stem)]
    if len(matches) != 1:
        raise Unbuildable(f"{name}: which table's id is this?")
    return world.a_ids[matches[0]]


def build(annotation: Any, name: str, world: World) -> Any:
    """A plausible value of ``annotation``; ids point at A's rows."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(annotation) if arm is not type(None)]
        return build(arms[0], name, world)
    if origin is typing.Annotated:
        return build(typing.get_args(annotation)[0], name, world)
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if name.endswith("_ids") and origin in (list, tuple, set, Iterable, typing.Iterable):
        return [world.a_case]
    if origin in (list, tuple, set) or annotation in (list, tuple):
        return []
    if origin is dict or annotation is dict:
        return {}
    if annotation is sa.Engine:
        return world.engine
    if annotation is bool:
        return True
    if annotation is int:
        return _table_for(name, world) if name.endswith("_id") else 100
    if annotation is str:
        return "x"
    if annotation is datetime:
        return datetime.now(UTC)
    if annotation is date:
        return date.today()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    if isinstance(annotation, type):
        return _build_object(annotation, world)
    raise Unbuildable(f"{name}: {annotation!r}")


def _build_object(cls: type, world: World) -> Any:
    try:
        return cls()
    except (TypeError, pydantic.ValidationError):
        pass
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        required = {
            f.name: build(hints[f.name], f.name, world)
            for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        return cls(**required)
    if issubclass(cls, pydantic.BaseModel):
        required = {
            key: build(field.annotation, key, world)
            for key, field in cls.model_fields.items()
            if field.is_required()
        }
        return cls.model_validate(required)
    raise Unbuildable(repr(cls))


def arguments(
    qualname: str, function: Callable[..., Any], world: World, *, with_extra: bool = True
) -> dict[str, Any]:
    """Keyword arguments for calling ``function`` as B (``session`` is added by the caller)."""
    extra = EXTRA_ARGUMENTS.get(qualname, {})
    # Modules import some annotation-only names under TYPE_CHECKING: supply the usual ones.
    hints = typing.get_type_hints(function, localns={"Session": Session, "sa": sa, "SQLModel": SQLModel})
    kwargs: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in ("session", "owner"):
            continue
        if name in extra:
            kwargs[name] = extra[name](world) if with_extra else None
        elif parameter.default is inspect.Parameter.empty or name.endswith(("_id", "_ids")):
            kwargs[name] = build(hints.get(name, Any), name, world)
    return kwargs


# --- Calling as B ---------------------------------------------------------------------------------------


def snapshot(engine: sa.Engine, case_id: int) -> dict[str, list[tuple]]:
    """Every row of the case, in every table (bill lines and findings through their upload)."""
    tables = SQLModel.metadata.tables
    with engine.connect() as connection:
        shot = {
            "case": connection.execute(sa.select(tables["case"]).where(tables["case"].c.id == case_id)).all()
        }
        for name, table in tables.items():
            if "case_id" in table.c:
                shot[name] = connection.execute(
                    sa.select(table).where(table.c.case_id == case_id).order_by(*table.primary_key.columns)
                ).all()
        uploads = [row.id for row in shot.get("billupload", [])]
        lines = tables["billline"]
        shot["billline"] = connection.execute(
            sa.select(lines).where(lines.c.upload_id.in_(uploads)).order_by(lines.c.id)
        ).all()
        findings = tables["finding"]
        shot["finding"] = connection.execute(
            sa.select(findings).where(findings.c.line_id.in_([row.id for row in shot["billline"]]))
        ).all()
    return {name: [tuple(row) for row in rows] for name, rows in shot.items()}


def leaks(value: Any, world: World, depth: int = 0) -> list[str]:
    """What in a returned value belongs to A: A's case id on a row, or A's text."""
    if depth > 6:
        return []
    found = []
    if isinstance(value, SQLModel) and getattr(value, "case_id", None) == world.a_case:
        found.append(f"a {type(value).__name__} of A's case")
    if isinstance(value, Case) and value.owner == A:
        found.append("A's case")
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    text = (
        value if isinstance(value, str) else repr(value) if not isinstance(value, (list, tuple, dict)) else ""
    )
    found += [f"A's text {marker!r}" for marker in A_MARKERS if marker in text]
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set)):
        for item in value:
            found += leaks(item, world, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        found += leaks([getattr(value, f.name) for f in dataclasses.fields(value)], world, depth + 1)
    return found


def call_as_b(
    function: Callable[..., Any], kwargs: dict[str, Any], world: World
) -> tuple[Any, Exception | None]:
    parameters = inspect.signature(function).parameters
    try:
        if "session" in parameters:
            with unit_of_work(world.engine) as session:
                return function(session=session, owner=B, **kwargs), None
        return function(owner=B, **kwargs), None
    except (LookupError, ValueError) as refused:
        return None, refused


@pytest.fixture
def world(any_engine) -> World:
    today = date.today()
    with unit_of_work(any_engine) as session:
        a_case = marked_sample_case(
            session, A, title=A_TITLE, account_number=A_NUMBER, confirmation_number=A_CONFIRMATION
        )
        save_bill_audit(
            session=session,
            owner=A,
            case_id=a_case,
            filename=f"{A_TITLE}.csv",
            sha256="a" * 64,
            mapping={},
            report={},
            lines=[
                {
                    "line": 2,
                    "line_on": today,
                    "period_start": None,
                    "period_end": None,
                    "description": A_TITLE,
                    "amount_cents": 999,
                    "category": "",
                    "flags": "after_end_date",
                    "disputed_cents": 999,
                    "reason": A_TITLE,
                }
            ],
        )
        b_case = seed_demo(session=session, owner=B, today=today)
        remember_case_choice(
            session=session, owner=A, case_id=a_case
        )  # A's choice: B must neither read nor move it
    a_ids = {}
    for name, table in SQLModel.metadata.tables.items():
        if "case_id" in table.c and "id" in table.c:  # rows a function may name by id (not casechoice's)
            with any_engine.connect() as connection:
                first = connection.execute(
                    sa.select(table.c.id).where(table.c.case_id == a_case).limit(1)
                ).first()
            a_ids[name] = first.id if first is not None else 10**9  # no such row: must be refused too
    from ooma_cancel.transfer import export_cases, parse_document

    with unit_of_work(any_engine) as session:
        document = parse_document(
            __import__("json").dumps(export_cases(session=session, owner=A, case_ids=[a_case]), default=str)
        )
    return World(any_engine, a_case, b_case, a_ids, document)


def test_every_data_access_function_takes_an_owner():
    """A store function that takes a session but no owner could read anyone's rows."""
    missing = sorted(
        name
        for name, signature in store_functions_with_a_session().items()
        if "owner" not in signature.parameters and name not in NO_OWNER_NEEDED
    )
    assert missing == []


def test_every_data_access_function_can_be_called_by_the_isolation_test(engine):
    """A new function whose arguments the builder cannot make needs an entry in EXTRA_ARGUMENTS."""
    tables_with_rows = [name for name, table in SQLModel.metadata.tables.items() if "case_id" in table.c]
    world = World(engine, 1, 2, dict.fromkeys(tables_with_rows, 1), None)
    unbuildable = []
    for qualname, function in data_access_functions().items():
        try:
            arguments(qualname, function, world, with_extra=False)
        except (Unbuildable, NameError) as error:
            unbuildable.append(f"{qualname} ({error})")
    assert unbuildable == [], "add these to EXTRA_ARGUMENTS in tests/unit/test_isolation.py"
    assert len(data_access_functions()) >= 20  # the walk found the store, not nothing
    assert "ooma_cancel.store.accounts.save_account" in data_access_functions()


def test_b_can_neither_read_nor_change_a_case_of_a(world):
    """Every function, called as B with A's case id and A's row ids, refuses or returns nothing of A."""
    before = snapshot(world.engine, world.a_case)
    functions = data_access_functions()
    # Functions without a case id (list, create, delete everything of mine) last: they may change B's data.
    order = sorted(functions, key=lambda q: "case_id" not in inspect.signature(functions[q]).parameters)
    problems = []
    for qualname in order:
        function = functions[qualname]
        result, refused = call_as_b(function, arguments(qualname, function, world), world)
        takes_case = "case_id" in inspect.signature(function).parameters
        if takes_case and not isinstance(refused, CaseNotFound):
            problems.append(f"{qualname}: A's case as B gave {result!r:.120} / {refused!r}, not CaseNotFound")
        problems += [f"{qualname}: returned {leak}" for leak in leaks(result, world)]
        if snapshot(world.engine, world.a_case) != before:
            problems.append(f"{qualname}: changed A's case")
            before = snapshot(world.engine, world.a_case)
    assert problems == []


def test_b_cannot_reach_a_row_of_a_through_its_own_case(world):
    """Row ids are guessable: with B's own case and A's row ids, every function refuses or touches only B's."""
    before = snapshot(world.engine, world.a_case)
    problems = []
    for qualname, function in data_access_functions().items():
        parameters = inspect.signature(function).parameters
        row_ids = [n for n in parameters if n.endswith("_id") and not n.endswith("case_id")]
        if "case_id" not in parameters or not row_ids:
            continue
        kwargs = {**arguments(qualname, function, world), "case_id": world.b_case}
        result, _refused = call_as_b(function, kwargs, world)
        problems += [f"{qualname}: returned {leak}" for leak in leaks(result, world)]
        if snapshot(world.engine, world.a_case) != before:
            problems.append(f"{qualname}: changed A's case through B's")
            before = snapshot(world.engine, world.a_case)
    assert problems == []


def test_the_checks_would_catch_a_leak(world):
    """Not vacuous: A's own calls return A's rows, which the leak check sees."""
    from ooma_cancel.store.accounts import list_accounts

    with unit_of_work(world.engine) as session:
        accounts = list_accounts(session=session, owner=A, case_id=world.a_case)
    assert leaks(accounts, world)
    with unit_of_work(world.engine) as session:
        assert session.exec(select(Case).where(Case.owner == A)).one().title == A_TITLE
