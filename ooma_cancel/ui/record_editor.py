"""The shared record editor: a case's records as a table, choose one to correct or remove, and a form that is
fresh (empty) again after every save.

A page hands over what it shows and how it saves; the editor owns the widget keys, the choice, the remove
confirmation and the fresh form after a save. Saving and removing run in the buttons' callbacks, before the page
is drawn (:func:`ooma_cancel.ui.session.change_in_callback`), so a save costs one page run, not a run up to the
button, the save and a rerun; a refused change is told the one way the app tells it, where the button is, and
nothing is half saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

import streamlit as st
from sqlmodel import Session
from streamlit.delta_generator import DeltaGenerator

from ooma_cancel.ui.a11y import field_errors
from ooma_cancel.ui.session import change_in_callback, save_button, tell

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


@dataclass(frozen=True)
class FormKeys:
    """The widget keys of one form, namespaced by page: ``balance.new0.amount``, ``balance.edit12.amount``,
    or ``port.numbers`` for a page's single form (``form`` empty)."""

    page: str
    form: str = ""

    def __call__(self, field: str) -> str:
        return f"{self.page}.{self.form}.{field}" if self.form else f"{self.page}.{field}"

    @property
    def is_new(self) -> bool:
        """True for the empty form that adds a record."""
        return self.form.startswith("new")


def _generation_key(page: str) -> str:
    return f"{page}.new_form"  # how many records this session added on the page: the empty form's generation


def new_form_keys(page: str) -> FormKeys:
    """Keys of the empty form that adds a record; after each save a new set (see :func:`after_save`)."""
    return FormKeys(page, f"new{st.session_state.get(_generation_key(page), 0)}")


def edit_form_keys(page: str, record_id: int) -> FormKeys:
    """Keys of the form that corrects record ``record_id``."""
    return FormKeys(page, f"edit{record_id}")


def after_save(keys: FormKeys) -> None:
    """Give the empty form fresh keys once it was saved (in the save's callback, before the page is drawn),
    since the browser keeps what a reused widget showed even when its state is emptied here."""
    if keys.is_new:
        st.session_state[_generation_key(keys.page)] = st.session_state.get(_generation_key(keys.page), 0) + 1


@dataclass(frozen=True)
class Save:
    """What a submitted, valid form asks for: one change, and the words that confirm it."""

    action: Callable[[Session], object]
    success: str


@dataclass(frozen=True)
class Refused:
    """What to fix in a submitted form, by field, and the fields' labels for the messages."""

    errors: Mapping[str, str]
    labels: Mapping[str, str] | None = None


class RecordForm(Protocol[R_contra]):
    """Draws the form for ``record`` (None: a new one) under ``keys``, ending with :func:`submit_button`."""

    def __call__(self, keys: FormKeys, record: R_contra | None, /) -> None: ...


def submit_button(keys: FormKeys, label: str, check: Callable[[], Save | Refused], **button: Any) -> None:
    """The form's submit button. When it is clicked, ``check`` reads what was typed from ``st.session_state``
    (by the form's keys) and says what to save or what to fix; the save runs then, in the button's callback,
    and :func:`record_form` draws what to fix or why it was not saved, right after the form."""
    st.form_submit_button(label, key=keys("save"), on_click=_submitted, args=(keys, check), **button)


def _refused_key(keys: FormKeys) -> str:
    return keys("refused")


def _submitted(keys: FormKeys, check: Callable[[], Save | Refused]) -> None:
    outcome = check()
    if isinstance(outcome, Refused):
        st.session_state[_refused_key(keys)] = outcome
        return
    action = outcome.action

    def run(session: Session) -> bool:
        action(session)
        return True

    if change_in_callback(run, told=keys("save"), success=outcome.success) is True:
        after_save(keys)


def refused(errors: Mapping[str, str], labels: Mapping[str, str] | None = None) -> None:
    """Say what to fix in a form that was not saved (our own sentences: their dollar signs stay literal), each
    message starting with its field's label when ``labels`` names it (the form draws its messages after itself)."""
    field_errors(errors, labels or {})
    st.error("Not saved: fix the fields above.", icon=":material/error:")


def add_or_update(
    record: R | None,
    *,
    add: Callable[[Session], object],
    update: Callable[[Session, R], object],
    added: str,
    saved: str,
) -> Save:
    """The save a valid form asks for: ``add`` for a new record, else ``update`` of ``record``."""
    if record is None:
        return Save(add, added)
    kept: R = record
    return Save(lambda session: update(session, kept), saved)


def confirm_removal(
    label: str,
    *,
    key: str,
    action: Callable[[Session], object],
    removed: str,
    confirm: str = "Remove it from the case? The audit trail keeps that it was here.",
    button: str = "Yes, remove it",
    where: DeltaGenerator | None = None,
    then: Callable[[], object] | None = None,
) -> None:
    """A popover that asks before removing; ``action`` runs in the button's callback, then ``then`` once it
    removed the record."""
    with (where or st).popover(label, icon=":material/delete:"):
        st.write(confirm)
        save_button(button, key=key, action=action, success=removed, then=then)


def record_form(form: RecordForm[R], keys: FormKeys, record: R | None = None) -> None:
    """Draw ``form``, then what to fix or why the save was refused, if its submit just was."""
    form(keys, record)
    told_after_form(keys)


def told_after_form(keys: FormKeys) -> None:
    """Right after a form with :func:`submit_button`: what to fix, or why the save was refused, if its submit
    just was."""
    refusal = st.session_state.pop(_refused_key(keys), None)
    if isinstance(refusal, Refused):
        refused(refusal.errors, refusal.labels)
    tell(keys("save"))


def new_record_form(page: str, form: RecordForm[R]) -> None:
    """The empty form that adds a record, under this session's current keys."""
    record_form(form, new_form_keys(page), None)


@dataclass(frozen=True)
class EditorWords:
    """What the editor says, in the page's own words."""

    opener: str  # "Correct or remove an entry on this page"
    choice: str  # "Entry"
    remove: str  # "Remove this entry"
    removed: str  # "Entry removed."
    confirm: str = "Remove it from the case? The audit trail keeps that it was here."


@dataclass(frozen=True)
class RecordEditor(Generic[R]):
    """One page's records: how they show as rows and as a choice, and how one is corrected or removed.

    ``remove(session, record_id)`` deletes one record in the change's session.
    """

    page: str
    records: Sequence[R]
    record_id: Callable[[R], int]
    row: Callable[[R], Mapping[str, Any]]
    describe: Callable[[R], str]
    form: RecordForm[R]
    remove: Callable[[Session, int], object]
    words: EditorWords
    column_config: Mapping[str, Any] | None = None
    # "toggle" draws the choice and form only on request (a form on every rerun costs a page several ms).
    opener: Literal["expander", "toggle"] = "expander"
    # "wrap": an HTML table whose cells wrap (nothing cut off; ``ooma_cancel.ui.tables``), for records whose
    # text must be read whole; ``links`` then makes a column's cells links (instead of ``column_config``).
    table: Literal["grid", "wrap"] = "grid"
    links: Mapping[str, Callable[[str], str]] | None = None
    narrow_columns: int | None = None  # at phone width, only the first columns of a "wrap" table


def record_table(editor: RecordEditor[Any]) -> None:
    """The records as a table of plain-text cells (user text is never read as Markdown or HTML)."""
    if editor.table == "wrap":
        from ooma_cancel.ui.tables import text_table

        text_table(
            [dict(editor.row(record)) for record in editor.records],
            key=f"{editor.page}_records",
            links=editor.links,
            narrow_columns=editor.narrow_columns,
        )
        return
    st.dataframe(
        [dict(editor.row(record)) for record in editor.records],
        column_config=dict(editor.column_config) if editor.column_config else None,
        hide_index=True,
        width="stretch",
    )


def record_choice(editor: RecordEditor[Any]) -> None:
    """Choose a record, correct it in its form, or remove it after a confirmation."""
    if editor.opener == "toggle":
        if st.toggle(editor.words.opener, key=edit_open_key(editor)):
            _correct_or_remove(editor)
        return
    # Drawn only while open (opening it reruns the page): a closed panel's choice, form and remove button
    # were built and sent on every run of the page, most of a save's messages.
    panel = st.expander(
        editor.words.opener, icon=":material/edit:", on_change="rerun", key=edit_open_key(editor)
    )
    if panel.open:
        with panel:
            _correct_or_remove(editor)


def edit_open_key(editor: RecordEditor[Any]) -> str:
    """The key of the "correct or remove" panel's open state (a toggle or an expander)."""
    return f"{editor.page}.edit.open"


def _correct_or_remove(editor: RecordEditor[Any]) -> None:
    by_id = {editor.record_id(record): record for record in editor.records}
    chosen = st.selectbox(
        editor.words.choice,
        list(by_id),
        format_func=lambda record_id: editor.describe(by_id[record_id]),
        key=f"{editor.page}.edit.choice",
    )
    if chosen is None or chosen not in by_id:
        return
    record_id: int = chosen
    record_form(editor.form, edit_form_keys(editor.page, record_id), by_id[record_id])
    confirm_removal(
        editor.words.remove,
        key=f"{editor.page}.edit.remove",
        action=lambda session: editor.remove(session, record_id),
        removed=editor.words.removed,
        confirm=editor.words.confirm,
    )


def record_editor(editor: RecordEditor[Any], *, below_table: Callable[[], None] | None = None) -> None:
    """The table of records, anything the page shows right under it, then choose, correct or remove."""
    record_table(editor)
    if below_table is not None:
        below_table()
    record_choice(editor)


def choice_index(options: Sequence[Any], current: Any) -> int:
    """Where ``current`` stands among a select's ``options``: the first option for a new record (``None``) or a
    value no longer offered."""
    return options.index(current) if current in options else 0
