"""The manager's busy time, read from an iCalendar file, as local intervals for the planner.

Read with icalendar + recurring-ical-events so that recurring meetings, their exceptions
(EXDATE, RECURRENCE-ID overrides) and time zones are handled as calendar apps handle them.
Times with a zone (TZID or UTC) are converted to the manager's local time; floating times are
local already; all-day events block whole days; cancelled and transparent (free) events do not
block anything. Both libraries are imported only here, when a busy file is given.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from coachcli.errors import CoachError

Interval = tuple[datetime, datetime]  # naive local [start, end)
MAX_BYTES = 20_000_000


def read_busy(path: Path, first: date, last: date, zone: tzinfo | None = None) -> list[Interval]:
    """Busy intervals of the calendar at `path` that touch the days `first`..`last`.

    `zone` is the manager's time zone; None means this machine's local zone.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CoachError(f"{path}: {size:,} bytes is too big for a calendar file")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CoachError(
            f"{path}: no such file", hint="give the .ics file of your calendar"
        ) from None
    except IsADirectoryError:
        raise CoachError(f"{path}: is a directory, not an .ics file") from None
    except PermissionError:
        raise CoachError(f"{path}: permission denied") from None
    return busy_intervals(raw, first, last, zone, source=str(path))


def busy_intervals(
    data: bytes | str,
    first: date,
    last: date,
    zone: tzinfo | None = None,
    *,
    source: str = "calendar",
) -> list[Interval]:
    """Busy intervals in `data` (iCalendar text) touching the local days `first`..`last`."""
    import icalendar
    import recurring_ical_events

    hint = "export the calendar again as an .ics (iCalendar) file"
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError... on bad input
        raise CoachError(
            f"{source}: not a valid iCalendar file ({_short(exc)})", hint=hint
        ) from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise CoachError(f"{source}: not an iCalendar file (no VCALENDAR)", hint=hint)
    # A day of margin on each side: an event's zone can move it across midnight.
    window = (first - timedelta(days=1), last + timedelta(days=2))
    try:
        occurrences = recurring_ical_events.of(calendar, components=["VEVENT"]).between(*window)
        intervals = [_interval(event, zone) for event in occurrences if _blocks(event)]
    except CoachError:
        raise
    except Exception as exc:  # bad RRULEs, DTEND before DTSTART, unknown time zones
        raise CoachError(f"{source}: cannot read its events ({_short(exc)})", hint=hint) from None
    lo = datetime.combine(first, time())
    hi = datetime.combine(last + timedelta(days=1), time())
    return sorted((s, e) for s, e in intervals if e > lo and s < hi and e > s)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:120]
    return text or type(exc).__name__


def _blocks(event: object) -> bool:
    status = str(event.get("STATUS", "")).upper()  # type: ignore[attr-defined]
    transp = str(event.get("TRANSP", "OPAQUE")).upper()  # type: ignore[attr-defined]
    return status != "CANCELLED" and transp != "TRANSPARENT"


def _interval(event: object, zone: tzinfo | None) -> Interval:
    start = event["DTSTART"].dt  # type: ignore[index]
    if "DTEND" in event:  # type: ignore[operator]
        end = event["DTEND"].dt  # type: ignore[index]
    elif "DURATION" in event:  # type: ignore[operator]
        end = start + event["DURATION"].dt  # type: ignore[index]
    else:  # RFC 5545: a date lasts one day, a date-time no time at all
        end = start + timedelta(days=1) if not isinstance(start, datetime) else start
    return _local(start, zone), _local(end, zone)


def _local(value: date | datetime, zone: tzinfo | None) -> datetime:
    """A naive local date-time: all-day dates at midnight, zoned times converted, floating kept."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None:
        return value
    return (value.astimezone(zone) if zone else value.astimezone()).replace(tzinfo=None)
