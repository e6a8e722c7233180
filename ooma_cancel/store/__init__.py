"""Data access, always scoped to an owner: pages call these, never SQL.

Every function is keyword-only and takes the ``session`` of the current unit of work and the ``owner`` whose
data it may touch; a case that belongs to someone else is reported as not found.
"""

from ooma_cancel.store.accounts import confirm_account, delete_account, list_accounts, save_account
from ooma_cancel.store.cases import (
    CaseNotFound,
    case_titles,
    case_titles_and_versions,
    case_version,
    create_case,
    delete_case,
    get_case,
    list_cases,
    record_event,
    rename_case,
)
from ooma_cancel.store.events import list_events
from ooma_cancel.store.facts import case_facts

__all__ = [
    "CaseNotFound",
    "case_facts",
    "case_titles",
    "case_titles_and_versions",
    "case_version",
    "confirm_account",
    "create_case",
    "delete_account",
    "delete_case",
    "get_case",
    "list_accounts",
    "list_cases",
    "list_events",
    "record_event",
    "rename_case",
    "save_account",
]
