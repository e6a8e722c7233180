"""Equipment return (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.EQUIPMENT,
    "List your devices, what must go back and by when, the carrier and tracking link of each shipment, the fees at risk, and a chart of the days left to return each item.",
)
