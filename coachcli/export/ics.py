"""A week's planned sessions as an iCalendar file the manager imports into their calendar.

Each event's UID is `<week>-<slug>@coach`, so importing a newer export of the same week
updates the events instead of adding copies. Times are written in UTC (converted from the
manager's local time), so the calendar shows them right wherever it is. The output depends only
on its inputs (DTSTAMP comes from the caller), so it can be checked against a golden file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from coachcli.core.models import PlannedSlot, Rep
from coachcli.core.weeks import parse_minute

PRODID = "-//coach//coach plan week//EN"
MARKER = "PRODID:-//coach//"  # how a file is recognised as a calendar exported by coach


def uid(slot: PlannedSlot) -> str:
    return f"{slot.week}-{slot.rep}@coach"


def _utc(local: str, zone: tzinfo | None) -> datetime:
    moment = parse_minute(local)
    aware = moment.replace(tzinfo=zone) if zone else moment.astimezone()
    return aware.astimezone(UTC)


def invite_lines(
    slot: PlannedSlot, rep: Rep, topics: Mapping[str, str], prep: Mapping[str, str]
) -> list[str]:
    """What the rep reads in the invite: no reasons, no commitments, no commands."""
    lines = [f"Weekly one-to-one with {rep.name}."]
    if slot.focus:
        lines.append(f"Topic: {topics.get(slot.focus, slot.focus.replace('-', ' '))}")
    if prep.get(rep.slug):
        lines.append(prep[rep.slug])
    return lines


def plan_calendar(
    week: str,
    sessions: Sequence[tuple[PlannedSlot, Rep]],
    *,
    stamp: datetime,
    zone: tzinfo | None = None,
    manager: str = "",
    topics: Mapping[str, str] | None = None,
    prep: Mapping[str, str] | None = None,
    todos: Sequence[Any] = (),
) -> str:
    """VCALENDAR text with one event per session that is not skipped.

    `zone` is the manager's time zone (None: this machine's); `stamp` (UTC) becomes DTSTAMP.
    The invite goes to the rep, so its description says only what the rep should see: the
    focus as a topic (`topics`: bank id -> title) and, from `prep` (rep slug -> a line), the
    prep form to fill in. The manager's reasoning stays in `plan week`'s table. `todos`
    (icalendar VTODOs, `export.tasks.vtodos`) are added after the events.
    """
    from icalendar import Calendar, Event, vCalAddress, vText

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Coaching {week}" + (f" ({manager})" if manager else ""))
    stamp = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    for slot, rep in sorted(sessions, key=lambda item: (item[0].start, item[0].rep)):
        if slot.skipped:
            continue
        event = Event()
        event.add("uid", uid(slot))
        event.add("dtstamp", stamp)
        start = _utc(slot.start, zone)
        event.add("dtstart", start)
        # The end is the start plus the planned length, in real time: an event stays exactly
        # as long as planned even where the local clock jumps (daylight saving).
        event.add("dtend", start + (parse_minute(slot.end) - parse_minute(slot.start)))
        event.add("summary", f"1:1 coaching: {rep.name}")
        event.add("description", "\n".join(invite_lines(slot, rep, topics or {}, prep or {})))
        event.add("categories", ["coaching"])
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        if rep.email:
            attendee = vCalAddress(f"mailto:{rep.email}")
            attendee.params["CN"] = vText(rep.name)
            attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
        cal.add_component(event)
    for todo in todos:
        cal.add_component(todo)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
