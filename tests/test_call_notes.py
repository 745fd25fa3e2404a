"""What a session says about measured calls: the last 1:1's talk share only when that 1:1 was
measured (naming the call and its date), the role on the joint call being debriefed, and the
numbers of the call under review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli.core.session.flow import Flow
from coachcli.core.session.state import Clock, State, header
from coachcli.services.session_context import load_context
from coachcli.store.repository import Store
from tests.conftest import ok
from tests.helpers.transcripts import MANAGER, add, make_team, write, zoom_vtt

ONE_TO_ONE = [(0, 47, MANAGER, "Here is what I saw."), (47, 100, "Dana Lee", "Fair.")]
OLDER = [(0, 30, MANAGER, "What went well?"), (30, 100, "Dana Lee", "Two calls.")]
JOINT = [
    (0, 60, MANAGER, "Let me show you the workflow."),
    (60, 100, "Dana Lee", "Would a pilot work?"),
    (100, 130, "Jo Buyer", "Maybe in January."),
]
CUSTOMER = [(0, 90, "Dana Lee", "Here is our offer."), (90, 120, "Jo Buyer", "Why now?")]


@pytest.fixture
def team(coach_home: Path) -> Path:
    return make_team(coach_home)


def _session(tmp_path: Path, day: str) -> str:
    answers = write(tmp_path, f"answers-{day}.yaml", "bank: early-pipeline\nminutes: 25\n")
    ok("session", "start", "dana", "--answers", str(answers), "--today", day)
    return next(s["id"] for s in ok("session", "list", "--json").json() if s["date"] == day)


def _context(home: Path, day: date) -> Any:
    return load_context(Store(home).read(), "dana", day)


def _talked(home: Path, day: date) -> list[str]:
    return [line for line in header(_context(home, day)) if "you talked" in line]


def test_an_older_measured_1_1_is_never_shown_as_the_last_one(team: Path, tmp_path: Path) -> None:
    add(write(tmp_path, "old.vtt", zoom_vtt(OLDER)), day="2026-11-06")
    _session(tmp_path, "2026-11-06")
    _session(tmp_path, "2026-11-27")  # the last 1:1, not measured
    assert _talked(team, date(2026, 11, 30)) == []


def test_the_last_1_1_names_its_call_and_date_when_it_was_measured(
    team: Path, tmp_path: Path
) -> None:
    add(write(tmp_path, "old.vtt", zoom_vtt(OLDER)), day="2026-11-06")
    _session(tmp_path, "2026-11-06")
    last = _session(tmp_path, "2026-11-27")
    call = add(
        write(tmp_path, "last.vtt", zoom_vtt(ONE_TO_ONE)), "--session", last, day="2026-11-26"
    )
    assert _talked(team, date(2026, 11, 30)) == [
        f"Last 1:1 (2026-11-26, call {call['id']}): you talked 47% of the time"
    ]
    # On the day of the older session, that one is the last 1:1 and it was measured.
    assert "30%" in _talked(team, date(2026, 11, 6))[0]


def test_a_coaching_call_on_the_day_of_the_last_session_counts_as_its_measure(
    team: Path, tmp_path: Path
) -> None:
    _session(tmp_path, "2026-11-27")
    add(write(tmp_path, "last.vtt", zoom_vtt(ONE_TO_ONE)), day="2026-11-27")
    assert "47%" in _talked(team, date(2026, 11, 30))[0]


class _Stop(Exception):
    pass


class _Notes:
    """Takes the bank given, records every note, and stops at the first question."""

    def __init__(self, bank: str) -> None:
        self.bank, self.notes = bank, []  # type: ignore[var-annotated]

    def note(self, text: str, *, style: str = "") -> None:
        self.notes.append(text)

    def select(self, message: str, options: Any, **_: Any) -> str:
        if "bank" in message:
            return self.bank
        raise _Stop

    def text(self, message: str, **_: Any) -> str:
        raise _Stop

    def confirm(self, message: str, **_: Any) -> bool:
        raise _Stop


def _notes_in_session(home: Path, bank: str) -> list[str]:
    ctx = _context(home, date(2026, 11, 28))
    state = State(rep="dana", today="2026-11-28", started="2026-11-28T10:00")
    prompter = _Notes(bank)
    with pytest.raises(_Stop):
        Flow(ctx, state, prompter, Clock(), lambda s: None).run()  # type: ignore[arg-type]
    return prompter.notes


def test_the_joint_call_debrief_shows_the_measured_role_of_that_joint_call(
    team: Path, tmp_path: Path
) -> None:
    call = add(write(tmp_path, "j.vtt", zoom_vtt(JOINT)), day="2026-11-27")
    notes = _notes_in_session(team, "joint-call-debrief")
    assert (
        f"Measured joint call of 2026-11-27 ({call['id']}): you were lead, you talked 46%, "
        "the rep 31%"
    ) in notes
    assert not any("Measured" in n for n in _notes_in_session(team, "early-pipeline"))


def test_the_call_review_shows_the_numbers_of_the_call(team: Path, tmp_path: Path) -> None:
    call = add(write(tmp_path, "c.vtt", zoom_vtt(CUSTOMER)), day="2026-11-26")
    notes = _notes_in_session(team, "call-review")
    assert (
        f"Measured customer call of 2026-11-26 ({call['id']}, 2 min): the rep talked 75%, "
        "longest monologue 1:30, 0 question(s); buyers and others 25%"
    ) in notes
