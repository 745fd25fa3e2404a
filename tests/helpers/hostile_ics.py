"""Hostile and real-world-shaped calendars, generated (issue 11: findings 1, 3, 4, 8)."""

from __future__ import annotations

from collections.abc import Iterable


def calendar(events: Iterable[str], header: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{header}{body}END:VCALENDAR\r\n"
    )


def event(uid: str, start: str, end: str, *extra: str) -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"DTSTART{start}", f"DTEND{end}", *extra]
    return "\r\n".join(lines)


def hostile(kind: str) -> str:
    """The calendars that hung coach or took gigabytes (issue 11, finding 1)."""
    if kind == "interval-0":
        return calendar(
            [
                event(
                    "zero@x",
                    ":20200101T100000Z",
                    ":20200101T103000Z",
                    "RRULE:FREQ=DAILY;INTERVAL=0",
                )
            ]
        )
    if kind == "secondly":
        return calendar(
            [event("sec@x", ":20200101T100000Z", ":20200101T100001Z", "RRULE:FREQ=SECONDLY")]
        )
    if kind == "count-huge":
        return calendar(
            [
                event(
                    "cnt@x",
                    ":19700101T100000Z",
                    ":19700101T101000Z",
                    "RRULE:FREQ=MINUTELY;COUNT=999999999",
                )
            ]
        )
    if kind == "series-1970":
        return calendar(
            event(
                f"s{n}@x",
                f":19700101T{n % 24:02d}0000Z",
                f":19700101T{n % 24:02d}1500Z",
                "RRULE:FREQ=DAILY",
            )
            for n in range(5000)
        )
    if kind == "events-50k":
        return calendar(
            event(
                f"e{n}@x",
                f":{2000 + n % 30}0{1 + n % 9}1{n % 10}T090000Z",
                f":{2000 + n % 30}0{1 + n % 9}1{n % 10}T093000Z",
            )
            for n in range(50_000)
        )
    if kind == "events-in-week":
        return calendar(
            event(
                f"w{n}@x",
                f":2026120{1 + n % 5}T{n % 24:02d}0000Z",
                f":2026120{1 + n % 5}T{n % 24:02d}3000Z",
            )
            for n in range(30_000)
        )
    if kind == "big-file":  # about 19 MB of small events, under the 20 MB cap
        pad = "DESCRIPTION:" + "x" * 60
        return calendar(
            event(
                f"b{n}@x",
                f":{1990 + n % 40}0{1 + n % 9}1{n % 10}T090000Z",
                f":{1990 + n % 40}0{1 + n % 9}1{n % 10}T093000Z",
                pad,
            )
            for n in range(100_000)
        )
    if kind in ("never-hourly", "never-daily"):  # issue 19: a rule no day can match
        freq, many = ("HOURLY", 5) if kind == "never-hourly" else ("DAILY", 10)
        return calendar(
            event(
                f"never{n}@x",
                f":202611{10 + n}T100000Z",
                f":202611{10 + n}T110000Z",
                f"RRULE:FREQ={freq};BYMONTH=2;BYMONTHDAY=30",
            )
            for n in range(many)
        )
    raise ValueError(kind)


HOSTILE = [
    "interval-0",
    "secondly",
    "count-huge",
    "series-1970",
    "events-50k",
    "events-in-week",
    "big-file",
    "never-hourly",
    "never-daily",
]
