"""Daylight-saving weeks are planned in real instants and exported as
exact 30-minute events, none at a time that does not exist or overlapping a busy instant.

The busy calendars are generated here; the exported .ics is re-read with icalendar."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from coachcli.core import weeks
from coachcli.core.models import Rep
from coachcli.core.scheduler import WorkWeek, place
from tests.conftest import ok

CASES = [  # zone, week, the Sunday the clocks change
    ("Europe/Berlin", "2026-W13", date(2026, 3, 29)),
    ("Europe/Berlin", "2026-W43", date(2026, 10, 25)),
    ("America/New_York", "2026-W10", date(2026, 3, 8)),
    ("America/New_York", "2026-W44", date(2026, 11, 1)),
]


def busy_calendar(zone: ZoneInfo, day: date) -> str:
    """Meetings in UTC around the change: the first 02:00-03:00 of a fall-back night (which
    ends, on the local clock, where it started) and 00:00-00:30 local, plus a zoned one."""
    first_two = datetime(day.year, day.month, day.day, 2, 0, tzinfo=zone).astimezone(UTC)
    midnight = datetime(day.year, day.month, day.day, 0, 0, tzinfo=zone).astimezone(UTC)
    events = [
        ("fold", first_two, first_two + timedelta(hours=1)),
        ("midnight", midnight, midnight + timedelta(minutes=30)),
    ]
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{a:%Y%m%dT%H%M%SZ}\r\nDTEND:{b:%Y%m%dT%H%M%SZ}\r\nEND:VEVENT\r\n"
        for uid, a, b in events
    )
    zoned = (
        f"BEGIN:VEVENT\r\nUID:zoned@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID={zone.key}:{day:%Y%m%d}T040000\r\n"
        f"DTEND;TZID={zone.key}:{day:%Y%m%d}T043000\r\nEND:VEVENT\r\n"
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}{zoned}END:VCALENDAR\r\n"


def instants(path: Path) -> list[tuple[datetime, datetime, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    out = []
    for event in cal.walk("VEVENT"):
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        out.append((start.astimezone(UTC), end.astimezone(UTC), str(event["UID"])))
    return sorted(out)


@pytest.mark.parametrize(("zone_name", "week", "day"), CASES)
def test_dst_week_planned_and_exported_in_real_instants(
    coach_home: Path, tmp_path: Path, zone_name: str, week: str, day: date
) -> None:
    zone = ZoneInfo(zone_name)
    ok("init")
    (coach_home / "config.yaml").write_text(
        f"timezone: {zone_name}\nworking_days: [sun]\nworking_hours: '00:00-06:00'\n"
        "lunch: null\nmax_sessions_per_day: 20\n",
        encoding="utf-8",
    )
    for n in range(12):
        ok("rep", "add", f"Rep {n:02d}")
    busy = tmp_path / "busy.ics"
    busy.write_text(busy_calendar(zone, day), encoding="utf-8", newline="")
    out = tmp_path / "week.ics"
    monday = weeks.monday(week) - timedelta(days=7)
    result = ok(
        "plan",
        "week",
        "--week",
        week,
        "--busy",
        str(busy),
        "--ics",
        str(out),
        "--today",
        monday.isoformat(),
        "--json",
    )
    planned = result.json()
    assert isinstance(planned, list) and len(planned) >= 4
    for slot in planned:  # no local time that DST skips or repeats
        start = datetime.fromisoformat(slot["start"])
        end = datetime.fromisoformat(slot["end"])
        assert weeks.exact(start, end, zone), slot
    sessions = instants(out)
    assert len(sessions) == len(planned)
    blocked = instants(busy)
    for start, end, uid in sessions:
        assert end - start == timedelta(minutes=30), uid
        assert not any(b0 < end and start < b1 for b0, b1, _ in blocked), uid
    for (_, end, _), (start, _, _) in itertools.pairwise(sessions):
        assert end <= start  # never two at the same instant


def test_placement_skips_the_gap_and_the_fold() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    ww = WorkWeek(days=(6,), start=0, end=6 * 60, lunch=None, max_per_day=20, zone=berlin)
    reps = [Rep(name=f"R{n}", slug=f"r{n}") for n in range(20)]
    for week, bad in (("2026-W13", range(2 * 60, 3 * 60)), ("2026-W43", range(90, 3 * 60))):
        placed, _ = place(reps, week, ww)
        minutes = {s.hour * 60 + s.minute for s, _ in placed.values()}
        assert minutes and not minutes & set(bad), (week, sorted(minutes))


def test_plan_move_onto_a_time_that_does_not_exist_is_refused(coach_home: Path) -> None:
    from tests.conftest import fails

    ok("init")
    (coach_home / "config.yaml").write_text("timezone: Europe/Berlin\n", encoding="utf-8")
    ok("rep", "add", "Dana Lee")
    result = fails(1, "plan", "move", "dana", "2026-03-29T02:15", "--today", "2026-03-20")
    assert "daylight-saving" in result.stderr
    result = fails(1, "plan", "move", "dana", "2026-10-25T02:30", "--today", "2026-10-20")
    assert "daylight-saving" in result.stderr
    ok("plan", "move", "dana", "2026-10-25T03:00", "--today", "2026-10-20")
