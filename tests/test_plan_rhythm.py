"""Issue 10 (12-15): a plan that keeps a rhythm and a calendar, and invites for the rep."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, fails, ok

W49 = ("--week", "2026-W49", "--today", "2026-11-30")
BUSY = str(EXAMPLES / "busy.ics")


def test_the_invite_says_only_the_topic_never_the_reasoning_or_a_command(
    team: Path, tmp_path: Path
) -> None:
    import icalendar

    out = tmp_path / "coaching.ics"
    table = ok("plan", "week", *W49, "--ics", str(out)).stdout
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 7
    for event in events:
        text = str(event["DESCRIPTION"])
        assert "coach " not in text and "session start" not in text
        assert "last 3 sessions" not in text and "overdue" not in text and "(" not in text
        assert text.startswith("Weekly one-to-one with ")
    dana = next(e for e in events if "dana" in str(e["UID"]))
    assert "Topic: Early-stage pipeline strategy" in str(dana["DESCRIPTION"])
    assert "focus" in table.lower()  # the reasoning stays in the table


def test_plan_move_onto_a_busy_event_of_the_remembered_calendar_is_refused(
    team: Path, tmp_path: Path
) -> None:
    import shutil

    calendar = tmp_path / "work.ics"
    shutil.copy(BUSY, calendar)
    ok("plan", "week", *W49, "--busy", str(calendar))
    # Wednesday 2 December is the regional kickoff, all day
    result = fails(1, "plan", "move", "dana", "wed 14:30", "--today", "2026-11-30")
    assert "overlaps a busy event" in result.stderr and str(calendar) in result.stderr
    assert "--force" in result.stderr
    forced = ok("plan", "move", "dana", "wed 14:30", "--today", "2026-11-30", "--force")
    assert "booked anyway" in forced.stderr
    # re-read at each use: the kickoff is removed from the calendar, the move is fine
    text = calendar.read_text(encoding="utf-8")
    spot = text.index("DTSTART;VALUE=DATE:20261202")
    first, last = text.rfind("BEGIN:VEVENT", 0, spot), text.index("END:VEVENT", spot)
    calendar.write_text(text[:first] + text[last + len("END:VEVENT") :].lstrip("\r\n"))
    ok("plan", "move", "marco", "wed 16:00", "--today", "2026-11-30")


def test_plan_move_busy_checks_against_the_calendar_given(team: Path, tmp_path: Path) -> None:
    ok("plan", "week", *W49)
    ok("plan", "move", "dana", "wed 14:30", "--today", "2026-11-30")  # nothing remembered
    result = fails(1, "plan", "move", "dana", "wed 15:30", "--today", "2026-11-30", "--busy", BUSY)
    assert "overlaps a busy event" in result.stderr
