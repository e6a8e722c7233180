"""Keep your number (stage to be completed by a later issue): what it will do, and what the case holds for it."""

from ooma_cancel.models import Stage
from ooma_cancel.ui.widgets import stage_placeholder

stage_placeholder(
    Stage.PORT,
    "Port your number to the new carrier before you cancel (cancelling first can release it): a port-out checklist, the port request, firm order confirmation (FOC) and completion dates, and a loud warning if a cancellation goes in before the port completes.",
)
