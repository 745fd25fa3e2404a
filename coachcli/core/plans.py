"""The status of a planned slot, derived rather than stored so it can never go stale."""

from __future__ import annotations

from datetime import datetime

from coachcli.core.models import PlannedSlot
from coachcli.core.weeks import fmt_minute


def plan_status(slot: PlannedSlot, now: datetime) -> str:
    """held (a session used it), skipped, missed (its time passed unused) or planned."""
    if slot.session:
        return "held"
    if slot.skipped:
        return "skipped"
    if slot.end <= fmt_minute(now):
        return "missed"
    return "planned"
