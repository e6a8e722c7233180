"""Review final bill (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.BILL,
    "Upload the final bill or a bank statement as CSV, audit every line against the case (charges after the end date, early termination and equipment fees, late fees, duplicates), and draft the dispute.",
)
