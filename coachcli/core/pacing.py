"""Weekly goals and pacing: how a rep stands against a goal, last week and this week so far.

Plain functions over `Goal` and `Metric` records (split from core.metrics, which keeps the
conversion ratios); no terminal, no Typer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import Goal, Rep
from coachcli.core.weeks import WEEKDAYS
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.ports import FunnelSettings, Records

ON_PACE_BAND = 0.10  # within ±10% of the pro-rated goal is "on pace"


@dataclass
class Pace:
    """How a rep stands against one weekly goal: last week's result, and this week so far.

    Weekly totals usually arrive after the week, so on a Monday this week has no counts: the
    pace within the week is judged only when this week's counts are already in the store
    (`has_data`); otherwise `status` is "no data" and last week's result is what counts.
    """

    metric: str
    goal: float  # per week
    actual: int | None  # so far this week; None when this week has no counts yet
    expected: float  # the goal pro-rated to the working days elapsed
    days_elapsed: int
    days_total: int
    status: str  # ahead / on pace / behind / no data
    last_week: str = ""
    last_actual: int | None = None  # last week's total; None when there is none

    @property
    def last_result(self) -> str | None:
        if self.last_actual is None:
            return None
        return "met" if self.last_actual >= self.goal else "missed"

    def describe(self) -> str:
        """`last week 11/12, missed; this week 5 of 6 expected, on pace` or `no data`."""
        parts = []
        if self.last_actual is not None:
            parts.append(f"last week {self.last_actual}/{self.goal:g}, {self.last_result}")
        if self.actual is not None:
            expected = f"{round(self.expected, 1):g}"
            parts.append(f"this week {self.actual} of {expected} expected, {self.status}")
        return "; ".join(parts) or "no data"

    def to_json(self) -> dict[str, Any]:
        last = None
        if self.last_actual is not None:
            last = {"week": self.last_week, "actual": self.last_actual, "result": self.last_result}
        return {
            "metric": self.metric,
            "goal": self.goal,
            "actual": self.actual,
            "expected": self.expected,
            "days_elapsed": self.days_elapsed,
            "days_total": self.days_total,
            "status": self.status,
            "last_week": last,
            "summary": self.describe(),
        }


def working_days_elapsed(today: date, working_days: Sequence[str]) -> tuple[int, int]:
    """(working days of today's ISO week up to and including today, working days in the week)."""
    start = today - timedelta(days=today.weekday())
    days = [start + timedelta(days=i) for i in range(7)]
    work = [d for d in days if WEEKDAYS[d.weekday()] in working_days]
    return sum(1 for d in work if d <= today), len(work)


def pacing(
    metric: str, goal: float, actual: int | None, today: date, working_days: Sequence[str]
) -> Pace:
    """Actual so far against the weekly goal pro-rated to the working days elapsed.

    Within ±10% of that share is on pace; above it ahead, below it behind. Before the first
    working day of the week nothing is expected yet, so any activity is ahead. With no counts
    for this week (`actual` None) the status is "no data", never "behind".
    """
    elapsed, total = working_days_elapsed(today, working_days)
    expected = goal * elapsed / total if total else goal
    if actual is None:
        status = "no data"
    elif expected <= 0:
        status = "ahead" if actual > 0 else "on pace"
    elif actual > expected * (1 + ON_PACE_BAND):
        status = "ahead"
    elif actual < expected * (1 - ON_PACE_BAND):
        status = "behind"
    else:
        status = "on pace"
    return Pace(metric, goal, actual, expected, elapsed, total, status)


def pacing_for(repo: Records, config: FunnelSettings, rep_slug: str, today: date) -> list[Pace]:
    """Pacing of every weekly goal of one rep, in funnel order (for `metrics show` and the
    session header): last week's total against the goal, and this week's pace when this
    week's counts are in."""
    goals = repo.goals.where(lambda d: d.get("rep") == rep_slug, {"rep": {rep_slug}})
    if not goals:
        return []
    week = isoweeks.week_of(today)
    last_week = isoweeks.shift(week, -1)
    record = repo.metrics.get(f"{rep_slug}:{week}")
    before = repo.metrics.get(f"{rep_slug}:{last_week}")
    order = {step: i for i, step in enumerate(config.funnel)}
    goals.sort(key=lambda g: (order.get(g.metric, len(order)), g.metric))
    out = []
    for g in goals:
        now = record.counts.get(g.metric) if record else None
        pace = pacing(
            g.metric, g.per_week, None if now is None else int(now), today, config.working_days
        )
        last = before.counts.get(g.metric) if before else None
        pace.last_week = last_week
        pace.last_actual = None if last is None else int(last)
        out.append(pace)
    return out


def new_goal(rep: Rep, metric: str, value: str, funnel: Sequence[str]) -> Goal:
    """A weekly goal from what the manager typed; unknown step or bad number is an error."""
    step = metric.strip().lower()
    if step not in funnel:
        raise CoachError(f"unknown metric {metric!r}: use one of {', '.join(funnel)}")
    try:
        number = float(value.strip())
    except ValueError:
        raise CoachError(f"invalid goal {value!r}: use a number per week, like 40") from None
    if not number >= 0 or number == float("inf"):
        raise CoachError(f"invalid goal {value!r}: use a number of 0 or more")
    return Goal(rep=rep.slug, metric=step, per_week=int(number) if number.is_integer() else number)
