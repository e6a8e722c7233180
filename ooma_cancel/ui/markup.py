"""Text on its way to an element that renders Markdown (metrics, captions, alerts, toasts, labels, help, options).

A person's or an imported value goes through :func:`escape_markdown` (from ``ooma_cancel.text``, which the
Markdown dossier uses too: one escaping path). Our own sentences may carry Markdown on purpose; :func:`ours`
only keeps their dollar amounts from starting LaTeX.
"""

from __future__ import annotations

from ooma_cancel.text import escape_markdown

__all__ = ["escape_markdown", "ours"]


def ours(text: str) -> str:
    """Our own Markdown sentence with ``$`` kept literal (two amounts would otherwise typeset as math)."""
    return text.replace("$", "\\$")
