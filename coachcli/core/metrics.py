"""Weekly activity metrics: conversion ratios against the team, goals and pacing.

Coaching on conversion ratios (conversations per call, meetings per conversation, ...) shows
where a rep struggles better than raw activity does, so everything here works on ratios over a
window of ISO weeks: the sum of the later step divided by the sum of the earlier one. Plain
functions over `Metric` and `Goal` records; no terminal, no Typer.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import Goal, Metric, Rep
from coachcli.core.weeks import WEEKDAYS
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.ports import FunnelSettings, Records

ON_PACE_BAND = 0.10  # within ±10% of the pro-rated goal is "on pace"
SPARKS = "▁▂▃▄▅▆▇█"


# funnel and windows ---------------------------------------------------------------------------
def transitions(funnel: Sequence[str]) -> list[tuple[str, str]]:
    """Consecutive step pairs: calls->conversations, conversations->meetings, ..."""
    return list(itertools.pairwise(funnel))


def transition_name(a: str, b: str) -> str:
    return f"{a}->{b}"


def window(today: date, weeks: int) -> list[str]:
    """The last `weeks` ISO weeks, oldest first, ending with the week that holds `today`."""
    if weeks < 1:
        raise CoachError(f"invalid number of weeks {weeks}: use 1 or more")
    current = isoweeks.week_of(today)
    return [isoweeks.shift(current, -i) for i in range(weeks - 1, -1, -1)]


# ratios ---------------------------------------------------------------------------------------
def ratio(records: Iterable[Metric], a: str, b: str) -> float | None:
    """sum(b) / sum(a) over `records`; None when there is nothing to divide by."""
    num = den = 0
    for m in records:
        if a in m.counts and b in m.counts:
            den += m.counts[a]
            num += m.counts[b]
    return num / den if den else None


def by_rep(records: Iterable[Metric], weeks: Iterable[str]) -> dict[str, list[Metric]]:
    wanted = set(weeks)
    out: dict[str, list[Metric]] = {}
    for m in records:
        if m.week in wanted:
            out.setdefault(m.rep, []).append(m)
    return out


def team_of(
    grouped: dict[str, list[Metric]], reps: Iterable[Rep], also: str | None = None
) -> dict[str, list[Metric]]:
    """The current team's records: active reps (and `also`, the rep being looked at)."""
    keep = {r.slug for r in reps if r.active} | ({also} if also else set())
    return {slug: records for slug, records in grouped.items() if slug in keep}


def team_ratios(
    grouped: dict[str, list[Metric]], funnel: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    """rep -> transition -> ratio over that rep's records."""
    return {
        rep: {transition_name(a, b): ratio(records, a, b) for a, b in transitions(funnel)}
        for rep, records in grouped.items()
    }


def team_medians(
    ratios: dict[str, dict[str, float | None]], funnel: Sequence[str]
) -> dict[str, float | None]:
    """The median rep's ratio per transition (reps with no data for it are left out)."""
    out: dict[str, float | None] = {}
    for a, b in transitions(funnel):
        name = transition_name(a, b)
        values = [r[name] for r in ratios.values() if r.get(name) is not None]
        out[name] = statistics.median(values) if values else None  # type: ignore[type-var]
    return out


def relative_gaps(
    mine: dict[str, float | None], medians: dict[str, float | None]
) -> dict[str, float]:
    """(rep - median) / median per transition where both exist and the median is above 0."""
    gaps: dict[str, float] = {}
    for name, median in medians.items():
        value = mine.get(name)
        if value is not None and median:
            gaps[name] = (value - median) / median
    return gaps


def weakest_of(gaps: dict[str, float]) -> str | None:
    """The transition furthest below the team, relatively; None if at or above it everywhere."""
    if not gaps:
        return None
    name = min(gaps, key=lambda k: (gaps[k], k))
    return name if gaps[name] < 0 else None


def weakest_transitions(
    repo: Records, slugs: Iterable[str], today: date, weeks: int = 8, *, funnel: Sequence[str]
) -> dict[str, str]:
    """Each rep's funnel transition furthest below the team median (relatively) over the last
    `weeks` weeks, like "conversations->meetings". Reps without metrics, or at or above the
    team on every transition, are left out. The planner and the session header use it to
    suggest a focus; metrics are read once for all the reps asked about. `funnel` is the
    config's.
    """
    span = window(today, weeks)
    recent = repo.metrics.where(lambda d: d.get("week", "") >= span[0], {"week": (">=", span[0])})
    grouped = by_rep(recent, span)
    reps = repo.reps.all()
    out: dict[str, str] = {}
    for slug in slugs:
        team = team_of(grouped, reps, slug)
        if slug not in team:
            continue
        ratios = team_ratios(team, funnel)
        found = weakest_of(relative_gaps(ratios[slug], team_medians(ratios, funnel)))
        if found:
            out[slug] = found
    return out


def sparkline(values: Sequence[float | None]) -> str:
    """▁▂▃▅▇ scaled between the smallest and largest value; a gap (·) where there is none."""
    present = [v for v in values if v is not None]
    if not present:
        return "·" * len(values)
    low, high = min(present), max(present)
    out = []
    for v in values:
        if v is None:
            out.append("·")
        elif high == low:
            out.append(SPARKS[len(SPARKS) // 2])
        else:
            out.append(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))])
    return "".join(out)


def weekly_ratios(
    records: Iterable[Metric], weeks: Sequence[str], a: str, b: str
) -> list[float | None]:
    per_week = {m.week: m for m in records}
    return [ratio([per_week[w]], a, b) if w in per_week else None for w in weeks]


# goals and pacing ------------------------------------------------------------------------------
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


def merge(existing: Metric | None, new: Metric) -> Metric:
    """Re-importing a rep+week updates it: the new counts win, steps not in the file are kept."""
    if existing is None:
        return new
    return Metric(rep=new.rep, week=new.week, counts={**existing.counts, **new.counts})


# the `metrics show` report ---------------------------------------------------------------------


def _per_transition(
    mine: list[Metric],
    span: list[str],
    funnel: Sequence[str],
    my_ratios: dict[str, float | None],
    medians: dict[str, float | None],
    gaps: dict[str, float],
) -> dict[str, dict[str, Any]]:
    out = {}
    for a, b in transitions(funnel):
        name = transition_name(a, b)
        trend = weekly_ratios(mine, span, a, b)
        out[name] = {
            "ratio": my_ratios.get(name),
            "team_median": medians[name],
            "vs_team": gaps.get(name),
            "trend": list(trend),
            "sparkline": sparkline(trend),
        }
    return out


def show_report(
    *,
    reps: Sequence[Rep],
    records: Iterable[Metric],
    goals_for: Any,
    funnel: Sequence[str],
    today: date,
    weeks: int,
    only: str | None = None,
    banks_for: Any = None,
) -> dict[str, Any]:
    """Ratios per rep over the window against the team median, trend, weakest transition with
    the banks that address it, and pacing. `goals_for(slug)` gives a rep's pacing list;
    `banks_for(transition)` the bank ids for a transition. Ratios are exact fractions (0.25):
    round them once, where they are shown (core.numbers)."""
    span = window(today, weeks)
    grouped = team_of(by_rep(records, span), reps, only)
    ratios = team_ratios(grouped, funnel)
    medians = team_medians(ratios, funnel)
    names = {r.slug: r for r in reps}
    shown = [only] if only else sorted(s for s in grouped if s in names)
    out_reps = []
    for slug in shown:
        mine = grouped.get(slug, [])
        my_ratios = ratios.get(slug, {})
        gaps = relative_gaps(my_ratios, medians)
        weakest = weakest_of(gaps)
        per_transition = _per_transition(mine, span, funnel, my_ratios, medians, gaps)
        totals = {step: sum(m.counts.get(step, 0) for m in mine) for step in funnel}
        rep = names.get(slug)
        out_reps.append(
            {
                "rep": slug,
                "name": rep.name if rep else slug,
                "weeks_with_data": len(mine),
                "totals": totals,
                "ratios": per_transition,
                "weakest": weakest,
                "suggested_banks": (banks_for(weakest) if banks_for and weakest else []),
                "pacing": [p.to_json() for p in goals_for(slug)],
            }
        )
    return {
        "from_week": span[0],
        "to_week": span[-1],
        "weeks": weeks,
        "week_list": span,
        "funnel": list(funnel),
        "team_median": dict(medians),
        "reps": out_reps,
    }
