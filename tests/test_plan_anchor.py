"""A rep's regular slot is the planned slot their last session held, never the clock time the
session happened to be recorded (09:07, or 18:30 from an answers file)."""

from __future__ import annotations

from pathlib import Path

from coachcli.core.models import PlannedSlot, Session
from coachcli.store.repository import Store
from tests.conftest import ok

W49 = ("--week", "2026-W49", "--today", "2026-11-30")
SAM = "sam-obrien"  # no preferred slot in the example team


def _held(home: Path, started: str, *, planned: str | None = None) -> None:
    """Sam's session recorded at `started`, holding a slot planned at `planned` if given."""
    key = "2026-W48:" + SAM
    with Store(home).write() as repo:
        if planned is not None:
            end = planned[:11] + f"{int(planned[11:13]):02d}:30"
            repo.plans.put(
                PlannedSlot(week="2026-W48", rep=SAM, start=planned, end=end, session="s-000001")
            )
        session = Session(id="s-000001", rep=SAM, date=started[:10], started=started)
        session.plan = key if planned is not None else None
        repo.save_session(session)


def _sam(*args: str) -> dict[str, object]:
    data = ok("plan", "week", *args, "--json").json()
    assert isinstance(data, list)
    return dict(next(s for s in data if s["rep"] == SAM))


def test_the_anchor_is_the_planned_slot_not_the_minute_the_session_was_recorded(
    team: Path,
) -> None:
    _held(team, "2026-11-24T10:07", planned="2026-11-24T10:00")
    sam = _sam(*W49)
    assert sam["start"] == "2026-12-01T10:00"
    assert sam["placement"] == "same time as the last session (Tue 10:00)"


def test_a_session_recorded_after_hours_keeps_the_slot_it_was_planned_in(team: Path) -> None:
    _held(team, "2026-11-26T18:30", planned="2026-11-26T14:00")  # typed up that evening
    sam = _sam(*W49)
    assert sam["start"] == "2026-12-03T14:00"
    assert sam["placement"] == "same time as the last session (Thu 14:00)"


def test_a_recording_time_outside_working_hours_is_never_an_anchor(team: Path) -> None:
    _held(team, "2026-11-26T18:30")  # an answers file run at 18:30, no slot planned
    sam = _sam(*W49)
    assert not str(sam["start"]).endswith("18:30")
    assert "same time as the last session" not in str(sam["placement"])
    assert "days after the last session (Thu 26 Nov)" in str(sam["placement"])


def test_an_after_hours_session_the_plan_took_in_as_held_is_no_anchor_either(
    team: Path,
) -> None:
    _held(team, "2026-11-26T18:30")
    ok("plan", "week", "--week", "2026-W48", "--today", "2026-11-27")  # takes it in, 18:30
    sam = _sam(*W49)
    assert not str(sam["start"]).endswith("18:30")
    assert "same time as the last session" not in str(sam["placement"])
