"""One adapter from a model's validation to the per-field messages people read under a form.

A stage validator cleans what was typed (spaces, case), checks what only it knows (dates against today, one
date against another), then builds the table's create/update model, whose fields carry every limit. A
``ValidationError`` from the model becomes one message per field, worded by the stage, with the model's own
limits filled in (``{max}``, ``{min}``), so a message cannot name another limit than the one enforced.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlmodel import SQLModel

from ooma_cancel.models import limit, lowest

M = TypeVar("M", bound=SQLModel)


def checked(
    model: type[M],
    values: Mapping[str, Any],
    messages: Mapping[str, str],
    *,
    errors: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> tuple[M | None, dict[str, str]]:
    """``model`` built from ``values``, or None and one message per invalid field.

    ``errors`` are the stage's own findings; they come first and the model's add to fields not yet named.
    ``messages`` maps a field (or ``field.error_type``, e.g. ``"amount_cents.greater_than_equal"``) to its
    message; ``extra`` fills other placeholders of a message.
    """
    found = dict(errors or {})
    try:
        valid = model.model_validate(dict(values))
    except ValidationError as error:
        for field, message in field_errors(model, error, messages, extra=extra).items():
            found.setdefault(field, message)
        return None, found
    if found:
        return None, found
    return valid, {}


def field_errors(
    model: type[SQLModel],
    error: ValidationError,
    messages: Mapping[str, str],
    *,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """One message per field of a model's ``ValidationError`` (the first problem of each field)."""
    out: dict[str, str] = {}
    for problem in error.errors(include_url=False, include_input=False):
        field = str(problem["loc"][0]) if problem["loc"] else ""
        template = messages.get(f"{field}.{problem['type']}") or messages.get(field)
        if template is None:
            raise LookupError(f"no message for {model.__name__}.{field} ({problem['type']})") from error
        if field not in out:
            out[field] = template.format(**_bounds(model, field), **(extra or {}))
    return out


def _bounds(model: type[SQLModel], field: str) -> dict[str, int]:
    bounds = {}
    for name, read in (("max", limit), ("min", lowest)):
        with suppress(LookupError):
            bounds[name] = read(model, field)
    return bounds
