"""Accessibility glue: a focus ring a keyboard user can always see, and form messages that name their field.

The focus ring (WCAG 2.2, 2.4.7 and 2.4.13):

Streamlit marks a focused button with a faint glow, and a focused sidebar link or text field only by a tint or
a border colour; a person using Tab loses their place. Every element focused from the keyboard gets the same
3 px ring in the theme's primary blue (5.2:1 on white) instead. Only our own style sheet, no script.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ooma_cancel.ui.markup import ours

FOCUS_RING_COLOUR = "#2563eb"  # the theme's primaryColor (.streamlit/config.toml)

FOCUS_STYLE = f"""<style>
:focus-visible {{
  outline: 3px solid {FOCUS_RING_COLOUR} !important;
  outline-offset: 2px !important;
}}
/* Text fields sit in a frame that clips what is drawn outside them: the ring goes just inside. */
input:focus-visible, textarea:focus-visible {{
  outline-offset: -3px !important;
}}
</style>"""


def focus_ring() -> None:
    """Add the focus ring to the page (call once per run, from app.py)."""
    st.html(FOCUS_STYLE)


def field_errors(errors: Mapping[str, str], labels: Mapping[str, str]) -> None:
    """Each field's message, naming the field in words, as an alert (announced by screen readers when shown).

    For forms whose messages can only be drawn after the form (``st.form`` returns its values at the end),
    so the message cannot sit under its field and Streamlit cannot tie it to the field (no
    ``aria-describedby``): the field's label in bold starts the message instead. ``st.error`` is drawn with
    ``role="alert"``.
    """
    for field, message in errors.items():
        label = labels.get(field)
        st.error(ours(f"**{label}:** {message}" if label else message), icon=":material/error:")
