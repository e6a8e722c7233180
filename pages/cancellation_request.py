"""Cancellation request (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.REQUEST,
    "Choose the channel and requested end date, check the request is complete, generate the written request as PDF and text, compute the written-notice deadline for fixed-term Office agreements, and track its status from draft to completed.",
)
