"""Outstanding balance (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.BALANCE,
    "A ledger of charges, payments, credits, refunds and fees with a running balance, a chart of the balance over time with the projection if service were not cancelled, and whether the balance is settled.",
)
