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


def hold(coach_home: Path, rep: str, started: str, sid: str) -> None:
    from coachcli.core.models import Session
    from coachcli.store.repository import Store

    with Store(coach_home).write() as repo:
        repo.save_session(Session(id=sid, rep=rep, date=started[:10], started=started))


def placed(args: tuple[str, ...]) -> dict[str, dict[str, object]]:
    data = ok("plan", "week", *args, "--json").json()
    assert isinstance(data, list)
    return {s["rep"]: s for s in data}


def test_a_rep_keeps_the_time_of_their_last_session_a_week_later(
    team: Path, coach_home: Path
) -> None:
    # Sam has no preferred slot; his last session was Friday 27 Nov at 14:00.
    hold(coach_home, "sam-obrien", "2026-11-27T14:00", "s-000001")
    sam = placed(W49)["sam-obrien"]
    assert sam["start"] == "2026-12-04T14:00"
    assert sam["placement"] == "same time as the last session (Fri 14:00)"


def test_when_the_usual_time_is_busy_the_day_nearest_a_week_later_is_chosen(
    team: Path, coach_home: Path, tmp_path: Path
) -> None:
    hold(coach_home, "sam-obrien", "2026-11-26T14:00", "s-000001")  # a Thursday
    busy = tmp_path / "busy.ics"
    busy.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        "DTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261204\r\nSUMMARY:Offsite\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    sam = placed((*W49, "--busy", str(busy)))["sam-obrien"]
    # Thursday 3 Dec is the offsite: Wednesday or Friday, 6 or 8 days after, not Monday
    assert sam["start"][:10] in ("2026-12-02", "2026-12-04")
    assert str(sam["placement"]).startswith("same time as the last session taken or busy; ")
    assert "days after the last session (Thu 26 Nov)" in str(sam["placement"])


def test_every_placement_says_why_and_preferred_slots_stay_with_their_reps(team: Path) -> None:
    slots = placed(W49)
    assert all(s["placement"] for s in slots.values())
    assert slots["dana-lee"]["start"] == "2026-12-01T10:00"  # her tue 10:00
    assert slots["dana-lee"]["placement"] == "preferred slot (Tue 10:00)"
    # nobody else is put on another rep's preferred time
    preferred = {"dana-lee": "2026-12-01T10:00", "marco-rossi": "2026-11-30T14:00"}
    for rep, start in preferred.items():
        assert [r for r, s in slots.items() if s["start"] == start] == [rep]
    table = ok("plan", "week", *W49).stdout
    assert "Why this time" in table and "preferred slot" in table


def test_stats_reports_the_spread_of_the_gaps_not_only_their_mean(
    team: Path, coach_home: Path
) -> None:
    for i, day in enumerate(("2026-11-06", "2026-11-09", "2026-11-20", "2026-11-23")):
        hold(coach_home, "sam-obrien", f"{day}T10:00", f"s-00000{i}")
    report = ok("stats", "--today", "2026-11-30", "--weeks", "5", "--json").json()
    assert isinstance(report, dict)
    sam = next(r for r in report["cadence"]["reps"] if r["rep"] == "sam-obrien")
    assert sam["gaps"] == [3, 11, 3]
    assert sam["gap_spread"] == {"min": 3, "max": 11, "stdev": 3.7712}
    assert "3-11" in ok("stats", "--today", "2026-11-30", "--weeks", "5").stdout


def test_two_reps_wanting_the_same_slot_the_one_who_had_it_keeps_it(
    team: Path, coach_home: Path
) -> None:
    # Dana and José both prefer tue 10:00; Dana had it last week; José, longer uncoached,
    # is placed first, yet Dana keeps her Tuesday 10:00.
    hold(coach_home, "dana-lee", "2026-11-24T10:00", "s-000001")
    hold(coach_home, "jose-alvarez", "2026-11-10T15:00", "s-000002")
    slots = placed(W49)
    assert slots["dana-lee"]["start"] == "2026-12-01T10:00"
    assert slots["jose-alvarez"]["start"] != "2026-12-01T10:00"
    assert str(slots["jose-alvarez"]["placement"]).startswith("preferred slot taken or busy; ")
