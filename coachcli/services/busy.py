"""The manager's busy time: the week `plan week` plans around, and the calendar it remembers.

`plan week --busy FILE` reads the week's busy intervals (`week_busy`) and records FILE's
absolute path in `<home>/busy-calendar.json`; `plan move` re-reads that file each time (never
a copy: the calendar changes during the week) and refuses a move onto a busy event unless
forced. `plan move --busy FILE` checks against FILE instead.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from coachcli.core import weeks
from coachcli.errors import CoachError

SHOWN = 10  # warnings printed about one calendar; the rest are counted
MEMORY_NAME = "busy-calendar.json"


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


def remember(home: Path, calendar: Path) -> None:
    """Keep the path of the calendar `plan week` was given (absolute, so any cwd finds it)."""
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import ensure_dir

    ensure_dir(home)
    doc = {"path": str(calendar.expanduser().resolve())}
    atomic_write(home / MEMORY_NAME, json.dumps(doc).encode("utf-8"))


def remembered(home: Path) -> Path | None:
    """The calendar last given to `plan week`, or None."""
    try:
        doc = json.loads((home / MEMORY_NAME).read_text(encoding="utf-8"))
        return Path(str(doc["path"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clash(
    calendar: Path, start: datetime, end: datetime, zone: tzinfo | None
) -> tuple[datetime, datetime] | None:
    """The first busy interval of `calendar` that overlaps [start, end), or None."""
    from coachcli.inputs.calendar import read_busy

    day: date = start.date()
    for a, b in read_busy(calendar, day - timedelta(days=1), day + timedelta(days=1), zone):
        if a < end and start < b:
            return a, b
    return None


def check_move(
    home: Path,
    start: datetime,
    end: datetime,
    zone: tzinfo | None,
    *,
    given: Path | None,
    force: bool,
) -> list[str]:
    """Refuse a move onto a busy event (CoachError) unless `force`; returns warnings to show.

    The calendar is `given` (`--busy`), else the one remembered from `plan week`.
    """
    calendar = given or remembered(home)
    if calendar is None:
        return []
    if given is None and not calendar.exists():
        return [f"the calendar {calendar} given to plan week is gone: the move was not checked"]
    found = clash(calendar, start, end, zone)
    if found is None:
        return []
    a, b = found
    what = f"{start:%a %d %b %H:%M} overlaps a busy event in {calendar} ({a:%a %H:%M}-{b:%H:%M})"
    if not force:
        raise CoachError(what, hint="pick another time, or use --force to book it anyway")
    return [what + "; booked anyway (--force)"]
