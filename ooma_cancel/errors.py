"""The one exception shown to people: they typed, chose or uploaded something the app refuses.

Its message is a sentence the person can act on (it may quote what they typed: it is escaped where it is
shown). Anything else raised while handling a person's action is a bug in the app: the UI logs it without
its message or values and shows a generic apology.
"""

from __future__ import annotations


class UserError(ValueError):
    """Refused input; ``str(error)`` says why, in words for the person (a ``ValueError`` for older callers)."""


class NotInCase(UserError, LookupError):
    """The record the person chose is not (or no longer) part of the case, e.g. removed in another tab."""
