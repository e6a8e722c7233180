"""Service end date (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.END_DATE,
    "Requested versus confirmed end date, what follows from it (billing stops, last billing cycle, equipment deadline, contract end), a countdown, and a calendar (.ics) of every deadline.",
)
