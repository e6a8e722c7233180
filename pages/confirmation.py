"""Confirmation number (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.CONFIRMATION,
    "Every confirmation number Ooma gives you (cancellation, port, return, refund), with when, how and from whom, and the audit trail of every change to the case.",
)
