"""core.metrics as the planner and the session header use it: weakest transition and pacing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli.core import metrics, pacing
from coachcli.core.models import Goal, Metric, Rep
from coachcli.inputs.config import Config
from coachcli.store.repository import Store

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


@pytest.mark.parametrize(
    ("today", "actual", "status", "expected"),
    [
        (date(2026, 11, 25), 33, "on pace", 30.0),  # Wed: 3/5 of 50; +10% is still on pace
        (date(2026, 11, 25), 34, "ahead", 30.0),
        (date(2026, 11, 25), 27, "on pace", 30.0),  # -10% is still on pace
        (date(2026, 11, 25), 26, "behind", 30.0),
        (date(2026, 11, 23), 10, "on pace", 10.0),  # Monday counts as begun
        (date(2026, 11, 29), 44, "behind", 50.0),  # Sunday: the whole week is expected
    ],
)
def test_pacing_prorates_the_weekly_goal_to_working_days_begun(
    today: date, actual: int, status: str, expected: float
) -> None:
    pace = pacing.pacing("calls", 50, actual, today, WEEKDAYS)
    assert (pace.status, pace.expected) == (status, expected)


def test_pacing_follows_the_configured_working_days() -> None:
    pace = pacing.pacing("calls", 40, 20, date(2026, 11, 24), ["mon", "tue", "wed", "thu"])
    assert (pace.days_elapsed, pace.days_total, pace.expected, pace.status) == (
        2,
        4,
        20.0,
        "on pace",
    )
    early = pacing.pacing("calls", 40, 0, date(2026, 11, 23), ["fri"])
    assert (early.expected, early.status) == (0.0, "on pace")  # nothing expected yet
    assert pacing.pacing("calls", 40, 3, date(2026, 11, 23), ["fri"]).status == "ahead"


def _store(home: Path) -> Store:
    store = Store(home)
    with store.write() as repo:
        for slug in ("ann", "bob", "cy"):
            repo.reps.put(Rep(name=slug.title(), slug=slug))
        for slug, counts in {
            "ann": {"calls": 100, "conversations": 30, "meetings": 9},
            "bob": {"calls": 100, "conversations": 10, "meetings": 5},
            "cy": {"calls": 100, "conversations": 20, "meetings": 2},
        }.items():
            repo.metrics.put(Metric(rep=slug, week="2026-W48", counts=counts))
        repo.metrics.put(
            Metric(rep="ann", week="2026-W30", counts={"calls": 1, "conversations": 0})
        )
        repo.goals.put(Goal(rep="bob", metric="meetings", per_week=5))
        repo.goals.put(Goal(rep="bob", metric="calls", per_week=200))
    return store


def _weakest(repo: Any, slug: str, today: date, weeks: int = 8) -> str | None:
    found = metrics.weakest_transitions(repo, [slug], today, weeks, funnel=Config().funnel)
    return found.get(slug)


def test_weakest_transition_is_the_one_furthest_below_the_team_median(coach_home: Path) -> None:
    repo = _store(coach_home).read()
    today = date(2026, 11, 25)
    # calls->conversations: 0.3, 0.1, 0.2 (median 0.2); conversations->meetings: 0.3, 0.5, 0.1
    assert _weakest(repo, "bob", today) == "calls->conversations"  # -50%
    assert _weakest(repo, "cy", today) == "conversations->meetings"  # -67%
    assert _weakest(repo, "ann", today) is None  # above the team everywhere
    assert _weakest(repo, "nobody", today) is None
    assert _weakest(repo, "ann", date(2026, 8, 1), weeks=8) is None


def test_pacing_for_lists_a_reps_goals_in_funnel_order(coach_home: Path) -> None:
    repo = _store(coach_home).read()
    paces = pacing.pacing_for(repo, Config(), "bob", date(2026, 11, 27))  # Friday: all 5 days
    assert [(p.metric, p.actual, p.expected, p.status) for p in paces] == [
        ("calls", 100, 200.0, "behind"),
        ("meetings", 5, 5.0, "on pace"),
    ]
    assert pacing.pacing_for(repo, Config(), "ann", date(2026, 11, 27)) == []


def test_sparkline_scales_between_lowest_and_highest() -> None:
    assert metrics.sparkline([0.1, 0.2, None, 0.3]) == "▁▅·█"
    assert metrics.sparkline([None, None]) == "··"
