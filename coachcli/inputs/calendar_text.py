"""An iCalendar file read as text: content lines, events and their first properties, zone
blocks, with the line each starts on. Cheap enough for a 20 MB file; nothing is parsed yet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from coachcli.errors import CoachError
from coachcli.inputs import ical_rules

HINT = "export the calendar again as an .ics (iCalendar) file"
_DURATION = re.compile(
    r"^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE
)


@dataclass
class Event:
    line: int
    lines: list[str] = field(default_factory=list)
    props: dict[str, tuple[str, str]] = field(default_factory=dict)  # first NAME -> params, value

    @property
    def uid(self) -> str:
        return self.props.get("UID", ("", ""))[1].strip()

    def value(self, name: str) -> str:
        return self.props.get(name, ("", ""))[1].strip()

    def label(self) -> str:
        return f"{self.uid[:60]!r}" if self.uid else "with no UID"


@dataclass
class Scan:
    events: list[Event]
    zones: dict[str, list[str]]  # VTIMEZONE blocks by TZID
    header: list[str]  # calendar-level lines worth keeping (X-WR-TIMEZONE)


def decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def split(line: str) -> tuple[str, str, str]:
    """NAME, ;params and value of a content line; a quoted `:` stays in the params."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            name, _, params = head.partition(";")
            return name.strip().upper(), params, value
    return line.strip().upper(), "", ""


def _unfolded(text: str) -> list[tuple[int, str]]:
    """Content lines with the number of the physical line each starts on."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), 1):
        if line[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif line.strip():
            out.append((number, line))
    return out


def scan_text(text: str, source: str) -> Scan:
    lines = _unfolded(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CoachError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR)", hint=HINT)
    if not any(line.strip().upper() == "END:VCALENDAR" for _, line in lines[-3:]):
        raise CoachError(f"{source}: ends before END:VCALENDAR (cut short?)", hint=HINT)
    scan = Scan(events=[], zones={}, header=[])
    current: Event | None = None
    zone_lines: list[str] | None = None
    depth = 0
    for number, line in lines:
        name, params, value = split(line)
        if name == "BEGIN":
            depth += 1
            if depth == 2 and value.strip().upper() == "VEVENT":
                current = Event(number)
            elif depth == 2 and value.strip().upper() == "VTIMEZONE":
                zone_lines = []
        elif name == "END":
            depth -= 1
        elif depth == 1 and name == "X-WR-TIMEZONE":
            scan.header.append(line)
        if current is not None:
            current.lines.append(line)
            if depth == 2 and name not in current.props:
                current.props[name] = (params, value)
            if depth == 1:
                scan.events.append(current)
                current = None
        elif zone_lines is not None:
            zone_lines.append(line)
            if depth == 1:
                tzid = next((v for n, _, v in map(split, zone_lines) if n == "TZID"), "")
                scan.zones.setdefault(tzid.strip(), zone_lines)
                zone_lines = None
    return scan


def near(event: Event, lo: date, hi: date) -> bool:
    """Whether a single event may touch lo..hi (True when its dates are not plain)."""
    start = ical_rules.wall(event.value("DTSTART")[:15])
    if start is None:
        return True  # let the parser judge it, and warn
    end = ical_rules.wall(event.value("DTEND")[:15]) if "DTEND" in event.props else None
    if end is None:
        length = _duration(event.value("DURATION")) if "DURATION" in event.props else None
        end = start + (length if length is not None else timedelta(days=1))
    return start.date() <= hi and end.date() >= lo


def _duration(value: str) -> timedelta | None:
    match = _DURATION.match(value.strip())
    if not match:
        return None
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
    length = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -length if match.group(1) == "-" else length


def refuse(source: str, event: Event, why: str) -> None:
    raise CoachError(
        f"{source}:{event.line}: event {event.label()}: {why}",
        hint="remove or shorten that event in your calendar app, and export it again",
    )
