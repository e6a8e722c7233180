"""Contacting support (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.SUPPORT,
    "What to have ready and what to ask Ooma, Ooma's support contacts from the provider profile, and a log of every contact: when, channel, representative, reference, summary, outcome and follow-up date.",
)
