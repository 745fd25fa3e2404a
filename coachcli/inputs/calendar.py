"""The manager's busy time, read from an iCalendar file, as local intervals for the planner.

Real calendars are big, old and messy, so the file is first read as text: events far from the
planned week are dropped unparsed, coach's own events of that week are not busy time (they are
the sessions), repeat rules are checked and moved forward to the week (`ical_rules`), time zone
names are resolved (`tzids`), and the cost is bounded. What is left goes to icalendar +
recurring-ical-events, which handle exceptions (EXDATE, RECURRENCE-ID) and zones as calendar
apps do; an event they cannot read is skipped with a warning naming its UID and line.

Times with a zone are converted to the manager's zone in real instants: an event across a
daylight-saving change keeps its true length on the local clock (split at the change).
Floating times are local already; all-day events block whole days; cancelled and transparent
(free) events do not block anything.
"""

from __future__ import annotations

import re
import time as time_module
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from coachcli.inputs.bounded import CALENDAR_CAP
from coachcli.inputs.calendar_prep import expand, prepare
from coachcli.inputs.calendar_text import Event, decode, near, refuse, scan_text

Interval = tuple[datetime, datetime]  # naive local [start, end)
MAX_TOTAL = 20_000  # busy intervals in the planned week, all events together
MAX_SECONDS = 10.0  # reading one calendar, whatever it holds
_OWN_UID = re.compile(r"^(\d{4}-W\d{2})-.+@coach$")


def read_busy(
    path: Path,
    first: date,
    last: date,
    zone: tzinfo | None = None,
    *,
    own_week: str | None = None,
    warnings: list[str] | None = None,
) -> list[Interval]:
    """Busy intervals of the calendar at `path` that touch the days `first`..`last`.

    `zone` is the manager's time zone; None means this machine's local zone. Events whose UID
    is coach's own for `own_week` are left out. Skipped events and assumed zones are appended
    to `warnings`.
    """
    from coachcli.inputs.bounded import read_bounded

    raw = read_bounded(path, CALENDAR_CAP, "calendar file")
    return busy_intervals(
        raw, first, last, zone, source=str(path), own_week=own_week, warnings=warnings
    )


def busy_intervals(
    data: bytes | str,
    first: date,
    last: date,
    zone: tzinfo | None = None,
    *,
    source: str = "calendar",
    own_week: str | None = None,
    warnings: list[str] | None = None,
) -> list[Interval]:
    """Busy intervals in `data` (iCalendar text) touching the local days `first`..`last`."""
    text = decode(data, source)
    lo, hi = first - timedelta(days=2), last + timedelta(days=3)

    def keep(event: Event) -> bool:
        own = _OWN_UID.match(event.uid)
        if own and own.group(1) == own_week:
            return False  # coach's own session of this week: not busy time
        return _repeats(event) or "RECURRENCE-ID" in event.props or near(event, lo, hi)

    scan = scan_text(text, source, keep)
    said: list[str] = warnings if warnings is not None else []
    prepared: list[list[Event]] = []
    budget = 0
    deadline = time_module.monotonic() + MAX_SECONDS
    for group in _groups(scan.events, lo, hi):
        if time_module.monotonic() > deadline:  # a last guard: the bounds above hold first
            refuse(source, group[0], f"the calendar takes over {MAX_SECONDS:g} s to read")
        ready, cost = prepare(group, lo, hi, scan, zone, source, said)
        if ready:
            budget += cost
            if budget > MAX_TOTAL:
                refuse(source, group[0], "the calendar has too many events in this week")
            prepared.append(ready)
    intervals: list[Interval] = []
    expand(prepared, scan, (lo, hi), zone, source, said, intervals, deadline)
    start = datetime.combine(first, time())
    end = datetime.combine(last + timedelta(days=1), time())
    return sorted((s, e) for s, e in intervals if e > start and s < end)


def _repeats(event: Event) -> bool:
    return "RRULE" in event.props or "RDATE" in event.props


def _groups(events: list[Event], lo: date, hi: date) -> list[list[Event]]:
    """Events by UID: a series and its moved occurrences together; single events alone."""
    series: dict[str, list[Event]] = {}
    for index, event in enumerate(events):
        series.setdefault(event.uid or f"#{index}", []).append(event)
    out = []
    for group in series.values():
        if any(_repeats(e) for e in group):
            out.append(group)
        else:
            out.extend([e] for e in group if "RECURRENCE-ID" not in e.props or near(e, lo, hi))
    return out
