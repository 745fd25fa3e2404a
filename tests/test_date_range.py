"""The clock's edges. Years 1900-2999 are accepted; anything else given to
--today, --week, --due or `plan move` is exit 1 naming the option, never a crash (exit 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.core import weeks
from tests.conftest import fails, ok

EDGES = ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"]


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize(
    "command",
    [
        ["plan", "week"],
        ["remind"],
        ["stats"],
        ["metrics", "show"],
        ["goal", "list"],
        ["commit", "add", "dana", "Book calls"],
        ["session", "start", "dana", "--answers", "ANSWERS"],
    ],
)
def test_today_out_of_range_is_a_user_error(
    team: Path, tmp_path: Path, day: str, command: list[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {}\n", encoding="utf-8")
    args = [str(answers) if a == "ANSWERS" else a for a in command]
    result = fails(1, *args, "--today", day)
    assert "--today" in result.stderr and "1900" in result.stderr and "2999" in result.stderr


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "1899-W52", "3000-W01"])
def test_week_out_of_range_names_the_option_zero_padded(team: Path, week: str) -> None:
    result = fails(1, "plan", "week", "--week", week, "--today", "2026-11-30")
    assert f"--week {week}" in result.stderr  # zero-padded, as given
    fails(1, "plan", "skip", "dana", "--week", week)


def test_due_out_of_range(team: Path) -> None:
    result = fails(1, "commit", "add", "dana", "Book calls", "--due", "9999-12-31")
    assert "--due" in result.stderr


@pytest.mark.parametrize("when", ["0001-01-01T10:00", "9999-12-31T10:00", "3000-01-01T10:00"])
def test_plan_move_out_of_range(team: Path, when: str) -> None:
    result = fails(1, "plan", "move", "dana", when, "--today", "2026-11-30")
    assert "WHEN" in result.stderr and "out of range" in result.stderr


def test_the_range_ends_work(team: Path) -> None:
    ok("plan", "week", "--today", "1900-01-01", "--json")
    ok("plan", "week", "--today", "2999-12-31", "--json")
    ok("remind", "--today", "2999-12-31", "--json")
    ok("stats", "--today", "1900-01-01", "--json")


def test_weeks_are_zero_padded() -> None:
    from datetime import date

    assert weeks.week_of(date(1, 1, 1)) == "0001-W01"
    assert weeks.parse_week("1900w1") == "1900-W01"


def test_a_past_week_says_it_is_in_the_past(team: Path) -> None:
    result = ok("plan", "week", "--week", "2020-W53", "--today", "2026-11-30")
    assert "2020-W53 is in the past (it ended Sun 03 Jan 2021)" in result.stderr
    assert "max_sessions_per_day" not in result.stderr
