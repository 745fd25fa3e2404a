"""Events of one calendar made ready for, then expanded by, icalendar + recurring-ical-events.

`prepare` works on text: repeat rules checked and moved forward to the week, their cost
bounded, time zone names resolved. `expand` parses what is left in one go; when that fails it
halves the batch until the broken events are found, and skips each with a warning.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from coachcli.inputs import ical_rules, ical_walk, tzids
from coachcli.inputs.calendar_text import Event, Scan, refuse, split

Interval = tuple[datetime, datetime]
MAX_PER_EVENT = 2_000  # occurrences of one event in the planned week
MAX_BEFORE = 100_000  # steps a rule with COUNT may take before it reaches the week
TZID = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.IGNORECASE)


def prepare(
    group: list[Event],
    lo: date,
    hi: date,
    scan: Scan,
    zone: tzinfo | None,
    source: str,
    said: list[str],
) -> tuple[list[Event], int]:
    """The group's events rewritten for parsing, and how many occurrences they may give."""
    if len(group) == 1 and not _repeats(group[0]) and not _blocks_text(group[0]):
        return [], 0
    out: list[Event] = []
    cost = 0
    for event in group:
        copy = Event(event.line, list(event.lines), dict(event.props))
        try:
            cost += _rules(copy, lo, hi, source)
        except ical_rules.RuleError as exc:
            said.append(f"{source}:{event.line}: skipped event {event.label()}: {exc}")
            return [], 0
        _zones(copy, scan, zone, source, said)
        out.append(copy)
    return out, cost


def _repeats(event: Event) -> bool:
    return "RRULE" in event.props or "RDATE" in event.props


def _blocks_text(event: Event) -> bool:
    status = event.value("STATUS").upper()
    return status != "CANCELLED" and event.value("TRANSP").upper() != "TRANSPARENT"


def _rules(event: Event, lo: date, hi: date, source: str) -> int:
    """Clean and bound the event's repeat rules; move a COUNT-less one forward. Its cost."""
    # An empty `RRULE:` (some holiday feeds) repeats nothing: the event is a single one.
    event.lines = [line for line in event.lines if not _empty_rule(line)]
    rules = [i for i, line in enumerate(event.lines) if split(line)[0] in ("RRULE", "EXRULE")]
    rdates = sum(split(line)[2].count(",") + 1 for line in event.lines if split(line)[0] == "RDATE")
    if not rules:
        return 1 + rdates
    start = ical_rules.wall(event.value("DTSTART")[:16])
    if start is None:
        raise ical_rules.RuleError("a repeating event with no readable DTSTART")
    end = ical_rules.wall(event.value("DTEND")[:16]) if "DTEND" in event.props else None
    length = (end - start) if end is not None and end > start else timedelta(days=1)
    span = (hi - lo) + length
    cost = rdates
    for index in rules:
        name, params, value = split(event.lines[index])
        parts = ical_rules.parse(value)
        event.lines[index] = f"{name}{';' + params if params else ''}:{ical_rules.clean(value)}"
        if name == "EXRULE":
            continue
        if "COUNT" in parts:
            reach = datetime.combine(hi, time()) - start
            count = int(parts["COUNT"])
            if min(count, ical_rules.estimate(parts, reach)) > MAX_BEFORE:
                refuse(source, event, f"repeats {count:,} times, too many to plan around")
            cost += min(count, ical_rules.estimate(parts, span))
            continue
        many = ical_rules.estimate(parts, span)
        if many > MAX_PER_EVENT:
            refuse(source, event, f"repeats {parts['FREQ'].lower()}, too often to plan around")
        cost += many
        if len(rules) == 1:
            target = datetime.combine(lo, time()) - length - timedelta(days=1)
            _move(event, start, ical_rules.forward(start, parts, target))
    return cost


def _empty_rule(line: str) -> bool:
    name, _, value = split(line)
    return name in ("RRULE", "EXRULE") and not ical_rules.clean(value)


def _move(event: Event, start: datetime, new: datetime) -> None:
    """Rewrite DTSTART (and DTEND) `new - start` later, in the form each was written."""
    if new == start:
        return
    delta = new - start
    for index, line in enumerate(event.lines):
        name, params, value = split(line)
        if name in ("DTSTART", "DTEND"):
            moment = ical_rules.wall(value[:16])
            if moment is not None:
                text = ical_rules.fmt(moment + delta, value)
                event.lines[index] = f"{name}{';' + params if params else ''}:{text}"


def _zones(event: Event, scan: Scan, zone: tzinfo | None, source: str, said: list[str]) -> None:
    """Replace zone names icalendar would not know with the IANA zone they stand for."""
    told: set[str] = set()

    def fix(match: re.Match[str]) -> str:
        tzid = match.group(1).strip('"').strip()
        if tzid in scan.zones or tzids.known(tzid):
            return match.group(0)
        found = tzids.resolve(tzid)
        if found is None:
            found = tzids.fixed_offset(tzid)
            if found is not None and tzid not in told:
                told.add(tzid)
                said.append(
                    f"{source}:{event.line}: event {event.label()}: time zone {tzid!r} "
                    f"read as {found} (no daylight saving)"
                )
        if found is not None:
            return f";TZID={found}"
        if tzid not in told:
            told.add(tzid)
            said.append(
                f"{source}:{event.line}: event {event.label()}: unknown time zone {tzid!r}, "
                f"read as {_zone_name(zone)} (your time zone)"
            )
        return ""

    event.lines = [TZID.sub(fix, line) if ";" in line else line for line in event.lines]


def _zone_name(zone: tzinfo | None) -> str:
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    return str(datetime.now().astimezone().tzname() or "local time")


def expand(
    prepared: list[list[Event]],
    scan: Scan,
    window: tuple[date, date],
    zone: tzinfo | None,
    source: str,
    said: list[str],
    out: list[Interval],
    deadline: float,
) -> None:
    """Occurrences of the prepared events as intervals; an unreadable event is skipped.

    A repeat rule whose walk runs past `deadline` (or its step limit) refuses the calendar,
    naming the event (`ical_walk`)."""
    if not prepared:
        return
    try:
        out.extend(_occurrences(prepared, scan, window, zone, deadline))
        return
    except ical_walk.WalkTooLong as exc:
        event = next((g[0] for g in prepared if g[0].uid == exc.uid), prepared[0][0])
        refuse(source, event, exc.why)
    except Exception:
        if len(prepared) == 1:
            event = prepared[0][0]
            said.append(
                f"{source}:{event.line}: skipped event {event.label()}: "
                "its dates or repeat rule cannot be read"
            )
            return
    half = len(prepared) // 2
    expand(prepared[:half], scan, window, zone, source, said, out, deadline)
    expand(prepared[half:], scan, window, zone, source, said, out, deadline)


def _occurrences(
    prepared: list[list[Event]],
    scan: Scan,
    window: tuple[date, date],
    zone: tzinfo | None,
    deadline: float,
) -> list[Interval]:
    import icalendar

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coach//busy//EN", *scan.header]
    events = [line for group in prepared for event in group for line in event.lines]
    used = {m.group(1).strip('"').strip() for line in events for m in TZID.finditer(line)}
    for tzid in sorted(used & scan.zones.keys()):
        lines += scan.zones[tzid]
    text = "\r\n".join([*lines, *events, "END:VCALENDAR", ""])
    calendar = icalendar.Calendar.from_ical(text)
    found = ical_walk.occurrences_of(calendar, window, deadline)
    return [piece for event in found if _blocks(event) for piece in _interval(event, zone)]


def _blocks(event: Any) -> bool:
    status = str(event.get("STATUS", "")).upper()
    transp = str(event.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transp != "TRANSPARENT"


def _interval(event: Any, zone: tzinfo | None) -> list[Interval]:
    start = event["DTSTART"].dt
    if "DTEND" in event:
        end = event["DTEND"].dt
    elif "DURATION" in event:
        end = start + event["DURATION"].dt
    else:  # RFC 5545: a date lasts one day, a date-time no time at all
        end = start + timedelta(days=1) if not isinstance(start, datetime) else start
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        first = start if not isinstance(start, datetime) else start.date()
        last = end if not isinstance(end, datetime) else end.date()
        lo, hi = datetime.combine(first, time()), datetime.combine(last, time())
        return [(lo, hi)] if hi > lo else []
    if start.tzinfo is None and end.tzinfo is None:
        return [(start, end)] if end > start else []
    local = zone or _machine()
    a = (start if start.tzinfo else start.replace(tzinfo=local)).astimezone(UTC)
    b = (end if end.tzinfo else end.replace(tzinfo=local)).astimezone(UTC)
    return walls(a, b, local) if b > a else []


def _machine() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def walls(a: datetime, b: datetime, zone: tzinfo) -> list[Interval]:
    """The UTC span [a, b) on the local clock of `zone`: one piece per UTC offset it has."""
    offset = a.astimezone(zone).utcoffset()
    if b - a > timedelta(days=2):
        mid = a + timedelta(days=1)
        return walls(a, mid, zone) + walls(mid, b, zone)
    if (b - timedelta(seconds=1)).astimezone(zone).utcoffset() == offset:
        wall = a.astimezone(zone).replace(tzinfo=None)
        return [(wall, wall + (b - a))]
    low, high = a, b - timedelta(seconds=1)  # offset(low) == offset, offset(high) != offset
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        if mid.astimezone(zone).utcoffset() == offset:
            low = mid
        else:
            high = mid
    wall = a.astimezone(zone).replace(tzinfo=None)
    return [(wall, wall + (high - a)), *walls(high, b, zone)]
