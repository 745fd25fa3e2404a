"""The planner's domain: the busy calendar reader, slot placement and focus suggestions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coachcli.core.models import Rep
from coachcli.core.scheduler import (
    COMMITMENT_REVIEW,
    DEFAULT_FOCUS,
    EARLY_PIPELINE,
    RepHistory,
    WeakBank,
    WorkWeek,
    place,
    suggest_focus,
)
from coachcli.errors import CoachError
from coachcli.inputs.calendar import busy_intervals, read_busy

BERLIN = ZoneInfo("Europe/Berlin")
MON, SUN = date(2026, 11, 30), date(2026, 12, 6)


def cal(*events: str) -> str:
    """A small calendar; each event is its properties, one per line."""
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n")  # iCalendar's CRLF line endings


def at(day: int, hhmm: str) -> datetime:
    """`day` days after Monday 2026-11-30, at HH:MM."""
    h, m = hhmm.split(":")
    return datetime(2026, 11, 30, int(h), int(m)) + timedelta(days=day)


def test_weekly_meeting_with_exdate_and_moved_occurrence_blocks_only_the_real_times() -> None:
    text = cal(
        "UID:team\nDTSTART;TZID=Europe/Berlin:20261102T100000\nDURATION:PT1H\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE\nEXDATE;TZID=Europe/Berlin:20261202T100000",
        "UID:team\nRECURRENCE-ID;TZID=Europe/Berlin:20261130T100000\n"
        "DTSTART;TZID=Europe/Berlin:20261130T150000\nDTEND;TZID=Europe/Berlin:20261130T153000",
    )
    busy = busy_intervals(text, MON, SUN, BERLIN)
    # Monday moved to 15:00, Wednesday excluded: nothing else this week.
    assert busy == [(at(0, "15:00"), at(0, "15:30"))]


def test_zoned_and_utc_times_are_converted_to_the_managers_zone_and_floating_kept() -> None:
    text = cal(
        "UID:ny\nDTSTART;TZID=America/New_York:20261201T090000\n"
        "DTEND;TZID=America/New_York:20261201T100000",
        "UID:utc\nDTSTART:20261203T130000Z\nDTEND:20261203T140000Z",
        "UID:floating\nDTSTART:20261203T090000\nDTEND:20261203T093000",
    )
    busy = busy_intervals(text, MON, SUN, BERLIN)
    assert busy == [
        (at(1, "15:00"), at(1, "16:00")),  # 09:00 New York = 15:00 Berlin
        (at(3, "09:00"), at(3, "09:30")),  # floating: as written
        (at(3, "14:00"), at(3, "15:00")),  # 13:00 UTC = 14:00 Berlin
    ]
    in_ny = busy_intervals(text, MON, SUN, ZoneInfo("America/New_York"))
    assert (at(1, "09:00"), at(1, "10:00")) in in_ny
    assert (at(3, "08:00"), at(3, "09:00")) in in_ny


def test_all_day_events_block_the_day_and_free_or_cancelled_ones_do_not() -> None:
    text = cal(
        "UID:offsite\nDTSTART;VALUE=DATE:20261202",
        "UID:free\nDTSTART:20261203T090000\nDTEND:20261203T100000\nTRANSP:TRANSPARENT",
        "UID:gone\nDTSTART:20261204T090000\nDTEND:20261204T100000\nSTATUS:CANCELLED",
    )
    assert busy_intervals(text, MON, SUN, BERLIN) == [(at(2, "00:00"), at(3, "00:00"))]


def test_events_outside_the_week_are_left_out() -> None:
    text = cal("UID:x\nDTSTART:20261208T090000\nDTEND:20261208T100000")
    assert busy_intervals(text, MON, SUN, BERLIN) == []


@pytest.mark.parametrize(
    "content",
    [b"not a calendar", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", b"\xff\xfe"],
)
def test_a_bad_calendar_file_is_a_user_error_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(content)
    with pytest.raises(CoachError) as err:
        read_busy(path, MON, SUN, BERLIN)
    assert str(path) in err.value.message


def rep(slug: str, slot: str | None = None, focus: str | None = None) -> Rep:
    return Rep(name=slug.title(), slug=slug, slot=slot, focus=focus)


def test_preferred_slot_is_taken_when_free_and_others_spread_over_the_week() -> None:
    reps = [rep("a", "tue 10:00"), rep("b"), rep("c"), rep("d"), rep("e"), rep("f")]
    placed, unplaced = place(reps, "2026-W49", WorkWeek())
    assert not unplaced
    assert placed["a"][0] == at(1, "10:00")
    days = sorted(start.date() for start, _ in placed.values())
    assert len(set(days)) == 5  # six sessions over five days, not piled on Monday
    assert placed["b"][0] == at(0, "09:00")  # first in priority gets the earliest slot


def test_placement_respects_lunch_busy_time_the_daily_cap_and_days_before_today() -> None:
    ww = WorkWeek(days=(0, 1, 2), start=11 * 60, end=13 * 60 + 30, max_per_day=2)
    busy = [(at(2, "11:00"), at(2, "11:30"))]
    reps = [rep(x) for x in "abcdefg"]
    placed, unplaced = place(reps, "2026-W49", ww, busy=busy, not_before=at(1, "00:00"))
    starts = sorted(s for s, _ in placed.values())
    # Tuesday and Wednesday only, two each; 12:00-13:00 is lunch, Wed 11:00 is busy.
    assert starts == [at(1, "11:00"), at(1, "11:30"), at(2, "11:30"), at(2, "13:00")]
    assert [r.slug for r in unplaced] == ["e", "f", "g"]


def test_a_rep_whose_preferred_slot_is_busy_still_gets_a_slot() -> None:
    busy = [(at(1, "10:00"), at(1, "11:00"))]
    placed, unplaced = place([rep("a", "tue 10:00")], "2026-W49", WorkWeek(), busy=busy)
    assert not unplaced and placed["a"][0] == at(0, "09:00")


def test_a_fifteen_minute_grid_is_used_when_half_hours_are_taken() -> None:
    ww = WorkWeek(days=(0,), start=9 * 60, end=10 * 60, lunch=None)
    busy = [(at(0, "09:00"), at(0, "09:15")), (at(0, "09:45"), at(0, "10:00"))]
    placed, _ = place([rep("a")], "2026-W49", ww, busy=busy)
    assert placed["a"] == (at(0, "09:15"), at(0, "09:45"))


@pytest.mark.parametrize(
    ("history", "expected", "why"),
    [
        (
            RepHistory(overdue=2, overdue_since="2026-12-01"),
            COMMITMENT_REVIEW,
            "2 commitments overdue since Tue 1 Dec, not reviewed since",
        ),
        (RepHistory(), DEFAULT_FOCUS, "first session: a regular check-in"),  # no share yet
        (
            RepHistory(recent_focus=[["weekly-checkin"]]),
            EARLY_PIPELINE,
            "early pipeline in 0 of the last session: keep it at half",
        ),
        (
            RepHistory(recent_focus=[["grow"]] * 3, weakest=WeakBank("stage-conversion", "a->b")),
            "stage-conversion",  # a weak transition outranks the half share
            "weakest conversion: a->b",
        ),
        (
            RepHistory(recent_focus=[["early-pipeline"], ["weekly-checkin"], ["deal-strategy"]]),
            EARLY_PIPELINE,
            "early pipeline in 1 of the last 3 sessions: keep it at half",
        ),
        (
            RepHistory(recent_focus=[["early-pipeline"], ["grow", "early-pipeline"], ["x"]]),
            DEFAULT_FOCUS,
            "early pipeline covered; regular check-in",
        ),
        (
            RepHistory(
                recent_focus=[["early-pipeline"]] * 3, weakest=WeakBank("stage-conversion", "a->b")
            ),
            "stage-conversion",
            "weakest conversion: a->b",
        ),
    ],
)
def test_focus_suggestion_rules(history: RepHistory, expected: str, why: str) -> None:
    choice = suggest_focus(rep("a"), history)
    assert (choice.bank, choice.reason) == (expected, why)


def test_the_reps_own_focus_comes_first() -> None:
    assert suggest_focus(rep("a", focus="grow"), RepHistory(overdue=3)).bank == "grow"


def test_rotation_keeps_early_pipeline_in_half_of_any_four_sessions() -> None:
    history = RepHistory()
    chosen = []
    for _ in range(12):
        focus = suggest_focus(rep("a"), history).bank
        chosen.append(focus)
        history.recent_focus = [*history.recent_focus, [focus]][-3:]
    assert set(chosen) == {EARLY_PIPELINE, DEFAULT_FOCUS}
    for i in range(len(chosen) - 3):
        assert chosen[i : i + 4].count(EARLY_PIPELINE) >= 2
