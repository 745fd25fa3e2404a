"""Issue 10 (12-15): a plan that keeps a rhythm and a calendar, and invites for the rep."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, ok

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
