"""An iCalendar file read as text: content lines, events and their first properties, zone
blocks, with the line each starts on. Cheap enough for a 20 MB file; nothing is parsed yet."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

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
    """The text of a calendar: UTF-8 (or UTF-16 with its mark), any line ends made CRLF-free."""
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data.decode("utf-16", errors="replace")
        else:
            data = data.decode("utf-8", errors="replace")
    text = data.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF, and old Mac CR-only
    del source
    return text


def split(line: str) -> tuple[str, str, str]:
    """NAME, ;params and value of a content line; a quoted `:` stays in the params."""
    if '"' not in line:
        head, sep, value = line.partition(":")
        if sep:
            name, _, params = head.partition(";")
            return name.strip().upper(), params, value
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            name, _, params = head.partition(";")
            return name.strip().upper(), params, value
    return line.strip().upper(), "", ""


_BEGIN = re.compile(r"^BEGIN:(VEVENT|VTIMEZONE)[ \t]*$", re.MULTILINE)
_PROPS = re.compile(
    r"^(UID|DTSTART|DTEND|DURATION|RRULE|EXRULE|RDATE|RECURRENCE-ID|STATUS|TRANSP)([;:][^\r\n]*)",
    re.MULTILINE | re.IGNORECASE,
)
_OUTLOOK = re.compile(r';TZID=(\((?:UTC|GMT)[^)"]*\)[^;:"\n]*):')
_END = re.compile(r"^END:VCALENDAR[ \t]*$", re.MULTILINE | re.IGNORECASE)
_FOLD = re.compile(r"\n[ \t]")
_WR_ZONE = re.compile(r"^X-WR-TIMEZONE[;:][^\r\n]*", re.MULTILINE | re.IGNORECASE)


def _lines(block: str) -> list[str]:
    return [line for line in _FOLD.sub("", block).splitlines() if line.strip()]


def scan_text(text: str, source: str, keep: Callable[[Event], bool]) -> Scan:
    """The calendar's events that `keep` wants, its zone blocks, its X-WR-TIMEZONE."""
    head = text.lstrip()[:15].upper()
    if not head.startswith("BEGIN:VCALENDAR"):
        raise CoachError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR)", hint=HINT)
    if not _END.search(text):  # anything after it (a producer's comment) is ignored
        raise CoachError(f"{source}: ends before END:VCALENDAR (cut short?)", hint=HINT)
    scan = Scan(events=[], zones={}, header=[])
    number, seen = 1, 0
    pos = 0
    while (match := _BEGIN.search(text, pos)) is not None:
        kind = match.group(1)
        stop = text.find(f"\nEND:{kind}", match.end())
        if stop < 0:
            break
        number += text.count("\n", seen, match.start())
        seen = match.start()
        pos = stop + 1
        block = text[match.end() : stop]
        if kind == "VTIMEZONE":
            lines = [f"BEGIN:{kind}", *_lines(block), f"END:{kind}"]
            tzid = next((v for n, _, v in map(split, lines) if n == "TZID"), "")
            scan.zones.setdefault(tzid.strip(), lines)
            continue
        body = _FOLD.sub("", block) if "\n " in block or "\n\t" in block else block
        if "TZID=(" in body:  # Outlook's `TZID=(UTC-05:00) Eastern ...:` needs its quotes
            body = _OUTLOOK.sub(r';TZID="\1":', body)
        event = Event(number)
        for found in _PROPS.finditer(body):
            name, rest = found.group(1).upper(), found.group(2)
            if name not in event.props:
                event.props[name] = split(name + rest)[1:]
        if keep(event):
            event.lines = [f"BEGIN:{kind}", *_lines(body), f"END:{kind}"]
            scan.events.append(event)
    first = text.find("BEGIN:V", 1)
    scan.header = _WR_ZONE.findall(text, 0, first if first > 0 else len(text))
    return scan


def near(event: Event, lo: date, hi: date) -> bool:
    """Whether a single event may touch lo..hi (True when its dates are not plain)."""
    start = event.value("DTSTART")[:8]
    if len(start) != 8 or not start.isdigit():
        return True  # let the parser judge it, and warn
    if start > _ymd(hi):
        return False
    end = event.value("DTEND")[:8]
    if "DTEND" not in event.props and "DURATION" in event.props:
        moment, length = ical_rules.wall(start), _duration(event.value("DURATION"))
        if moment is None or length is None:
            return True
        try:
            end = f"{moment + length:%Y%m%d}"
        except OverflowError:
            return True
    elif "DTEND" not in event.props:
        return start >= _ymd(lo - timedelta(days=1))
    return end >= _ymd(lo) or not end.isdigit()


@lru_cache(maxsize=16)
def _ymd(day: date) -> str:
    """`20261130`: formatted once per day asked, not once per event (100,000 in a big file)."""
    return f"{day:%Y%m%d}"


def _duration(value: str) -> timedelta | None:
    match = _DURATION.match(value.strip())
    if not match:
        return None
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
    try:
        length = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        return None  # P999999999999999999W: the parser judges the event, and warns
    return -length if match.group(1) == "-" else length


def refuse(source: str, event: Event, why: str) -> None:
    raise CoachError(
        f"{source}:{event.line}: event {event.label()}: {why}",
        hint="remove or shorten that event in your calendar app, and export it again",
    )
