"""The reminder rules as domain functions, on stores built through the Repository."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from coachcli.core.commitments import change_status, new_commitment
from coachcli.core.models import PlannedSlot, Rep, Session
from coachcli.core.reminders import build
from coachcli.store.repository import Store

TODAY = date(2026, 11, 30)  # a Monday, ISO week 2026-W49


def store(home: Path, *, active: bool = True) -> Store:
    s = Store(home)
    with s.write() as repo:
        repo.reps.put(Rep(name="Ana Silva", slug="ana", active=active))
    return s


def held(s: Store, sid: str, day: str) -> None:
    with s.write() as repo:
        repo.save_session(Session(id=sid, rep="ana", date=day, started=f"{day}T10:00"))


def commitment(s: Store, cid: str, due: str, status: str = "open", on: str | None = None) -> None:
    with s.write() as repo:
        c = new_commitment(
            cid,
            "ana",
            f"task {cid}",
            created=date(2026, 10, 1),
            due=date.fromisoformat(due),
            at=datetime(2026, 10, 1, 9, 0),
        )
        if status != "open":
            change_status(c, status, at=datetime.fromisoformat(f"{on or due}T12:00"))
        repo.commitments.put(c)


def slot(
    s: Store, week: str, start: str, *, skipped: bool = False, session: str | None = None
) -> None:
    with s.write() as repo:
        end = start[:11] + "10:30"
        repo.plans.put(
            PlannedSlot(
                week=week, rep="ana", start=start, end=end, skipped=skipped, session=session
            )
        )


def test_a_skipped_week_neither_counts_nor_breaks_a_streak(coach_home: Path) -> None:
    s = store(coach_home)
    for sid, day in [
        ("s-000001", "2026-10-26"),
        ("s-000002", "2026-11-02"),
        ("s-000003", "2026-11-16"),
        ("s-000004", "2026-11-23"),
    ]:
        held(s, sid, day)
    slot(s, "2026-W46", "2026-11-09T10:00", skipped=True)
    got = build(s.read(), TODAY)
    assert [(r["kind"], r.get("weeks")) for r in got.recognition] == [("streak", 4)]


def test_a_gap_week_breaks_the_streak(coach_home: Path) -> None:
    s = store(coach_home)
    for sid, day in [
        ("s-000001", "2026-10-26"),
        ("s-000002", "2026-11-02"),
        ("s-000003", "2026-11-16"),
        ("s-000004", "2026-11-23"),
    ]:
        held(s, sid, day)
    assert build(s.read(), TODAY).recognition == []


def test_a_missed_slot_made_up_by_a_later_session_is_not_out_of_cadence(coach_home: Path) -> None:
    s = store(coach_home)
    slot(s, "2026-W48", "2026-11-24T10:00")
    assert build(s.read(), TODAY).out_of_cadence[0]["missed_planned"] == "2026-11-24T10:00"
    held(s, "s-000001", "2026-11-26")
    assert build(s.read(), TODAY).out_of_cadence == []


def test_cadence_counts_days_up_to_today_only(coach_home: Path) -> None:
    s = store(coach_home)
    held(s, "s-000001", "2026-11-22")
    held(s, "s-000002", "2026-12-05")  # after --today: has not happened yet
    [item] = build(s.read(), TODAY).out_of_cadence
    assert (item["days_since_last"], item["last_session"]) == (8, "2026-11-22")
    assert build(s.read(), date(2026, 11, 29)).out_of_cadence == []


def test_kept_commitments_ignore_dropped_and_open_ones_due_today(coach_home: Path) -> None:
    s = store(coach_home)
    held(s, "s-000001", "2026-11-27")
    commitment(s, "c-000001", "2026-11-10", "done")
    commitment(s, "c-000002", "2026-11-20", "done")
    commitment(s, "c-000003", "2026-11-25", "dropped")
    commitment(s, "c-000004", "2026-11-30")  # due today, still open: not failed yet
    commitment(s, "c-000005", "2026-10-20", "missed")  # before the 28-day window
    [item] = build(s.read(), TODAY).recognition
    assert (item["kind"], item["kept"]) == ("kept_commitments", 2)
    commitment(s, "c-000006", "2026-11-15", "partial")
    assert build(s.read(), TODAY).recognition == []


def test_one_kept_commitment_is_not_enough_for_recognition(coach_home: Path) -> None:
    s = store(coach_home)
    held(s, "s-000001", "2026-11-27")
    commitment(s, "c-000001", "2026-11-10", "done")
    assert build(s.read(), TODAY).recognition == []


def test_sessions_ahead_skip_held_skipped_and_passed_slots(coach_home: Path) -> None:
    s = store(coach_home)
    held(s, "s-000001", "2026-11-27")
    slot(s, "2026-W49", "2026-12-01T10:00")
    slot(s, "2026-W50", "2026-12-08T10:00")  # beyond --days 3
    got = build(s.read(), TODAY, days=3)
    assert [i["start"] for i in got.sessions] == ["2026-12-01T10:00"]
    late = build(s.read(), TODAY, days=3, now=datetime(2026, 12, 1, 11, 0))
    assert late.sessions == []  # its time has passed: it is missed, not upcoming
    assert [i["start"] for i in build(s.read(), TODAY, days=8).sessions] == [
        "2026-12-01T10:00",
        "2026-12-08T10:00",
    ]


def test_archived_reps_are_in_no_list(coach_home: Path) -> None:
    s = store(coach_home, active=False)
    commitment(s, "c-000001", "2026-11-10")
    commitment(s, "c-000002", "2026-11-23", "done", on="2026-11-23")
    slot(s, "2026-W49", "2026-12-01T10:00")
    assert build(s.read(), TODAY).is_empty()


def test_habit_check_follows_the_latest_done(coach_home: Path) -> None:
    s = store(coach_home)
    held(s, "s-000001", "2026-11-27")
    with s.write() as repo:
        c = new_commitment(
            "c-000001",
            "ana",
            "Open with the agenda",
            created=date(2026, 10, 1),
            due=date(2026, 11, 1),
            at=datetime(2026, 10, 1, 9, 0),
        )
        change_status(c, "done", at=datetime(2026, 11, 2, 9, 0))
        change_status(c, "partial", at=datetime(2026, 11, 10, 9, 0))
        change_status(c, "done", at=datetime(2026, 11, 23, 9, 0))
        c.reinforcement = "Agenda in every invite"
        repo.commitments.put(c)
    [item] = build(s.read(), TODAY).habit_checks
    assert (item["done_on"], item["weeks_since"], item["check_on"]) == (
        "2026-11-23",
        1,
        "2026-11-30",
    )
