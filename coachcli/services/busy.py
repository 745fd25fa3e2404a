"""The manager's busy time for one planned week, from the calendar file they give."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from coachcli.core import weeks

SHOWN = 10  # warnings printed about one calendar; the rest are counted


def week_busy(
    path: Path, week: str, zone: tzinfo | None
) -> tuple[list[tuple[datetime, datetime]], list[str]]:
    """Busy intervals of `week` in the calendar at `path`, and the warnings to print.

    coach's own events of that week (imported from `plan week --ics`) are not busy time.
    """
    from coachcli.inputs.calendar import read_busy

    monday = weeks.monday(week)
    said: list[str] = []
    intervals = read_busy(
        path, monday, monday + timedelta(days=6), zone, own_week=week, warnings=said
    )
    shown = said[:SHOWN]
    if len(said) > SHOWN:
        shown.append(f"… and {len(said) - SHOWN:,} more warnings about {path}")
    return intervals, shown
