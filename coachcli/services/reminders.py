"""`coach remind`: the follow-ups due on a day, from one snapshot of the store (no lock)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachcli.core.reminders import Reminders


def reminders(home: Path, today: date, days: int, now: datetime) -> Reminders:
    """Everything that needs a follow-up on `today` (core.reminders.build); reads only."""
    from coachcli.core.reminders import build
    from coachcli.store.repository import Store

    return build(Store(home).read(), today, days, now)
