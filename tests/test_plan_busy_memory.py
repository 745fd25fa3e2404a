"""`plan week` and `plan move` read the same calendar: `--busy FILE` once, and every later
`plan week` without it plans around the remembered one, saying which calendar it read."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ok

TEAM_MEETING = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:team@t\r\nDTSTART:20261104T100000\r\nDTEND:20261104T110000\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=WE\r\nSUMMARY:Weekly team meeting\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def _rep_who_prefers_the_meeting(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.yaml").write_text("timezone: Europe/London\n")
    ok("rep", "add", "Dana Lee", "--slot", "wed 10:00")


def _start(args: list[str]) -> tuple[str, str]:
    result = ok("plan", "week", *args, "--json")
    data = result.json()
    assert isinstance(data, list)
    return str(next(s for s in data if s["rep"] == "dana-lee")["start"]), result.stderr


def test_plan_week_without_busy_plans_around_the_remembered_calendar(
    coach_home: Path, tmp_path: Path
) -> None:
    _rep_who_prefers_the_meeting(coach_home)
    calendar = tmp_path / "work.ics"
    calendar.write_text(TEAM_MEETING)
    first, said = _start(["--week", "2026-W49", "--today", "2026-11-30", "--busy", str(calendar)])
    assert first != "2026-12-02T10:00" and f"busy time from {calendar}" in said
    # the next week, no --busy: the weekly team meeting is still honoured, and named
    start, said = _start(["--week", "2026-W50", "--today", "2026-12-07"])
    assert start[:10] != "2026-12-09" or not "10:00" <= start[11:] < "11:00"
    assert f"busy time from {calendar} (remembered" in said


def test_without_any_calendar_the_preferred_slot_is_used_and_none_is_named(
    coach_home: Path,
) -> None:
    _rep_who_prefers_the_meeting(coach_home)
    start, said = _start(["--week", "2026-W50", "--today", "2026-12-07"])
    assert start == "2026-12-09T10:00" and "busy time from" not in said


def test_a_remembered_calendar_that_is_gone_is_a_warning_not_an_error(
    coach_home: Path, tmp_path: Path
) -> None:
    _rep_who_prefers_the_meeting(coach_home)
    calendar = tmp_path / "work.ics"
    calendar.write_text(TEAM_MEETING)
    ok("plan", "week", "--week", "2026-W49", "--today", "2026-11-30", "--busy", str(calendar))
    calendar.unlink()
    start, said = _start(["--week", "2026-W50", "--today", "2026-12-07"])
    assert start == "2026-12-09T10:00"
    assert f"the calendar {calendar} given to plan week before is gone" in said
