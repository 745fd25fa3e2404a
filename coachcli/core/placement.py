"""Where each rep's session goes in the week, and why (a reason for every placement).

Reps are placed in priority order (the ones behind first). A rep's anchor (their preferred
slot, else the weekday and time of their last session) is used when free and not another
rep's anchor; otherwise the day closest to a steady rhythm (about 7 days after the last
session), then the least-loaded day, at its earliest free time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from coachcli.core import weeks
from coachcli.core.models import Rep
from coachcli.core.plan_history import RepHistory
from coachcli.core.weeks import WEEKDAYS
from coachcli.core.workweek import Interval, WorkWeek, _hhmm, _overlaps

NEVER = 10**6  # "days since last session" of a rep never coached, for sorting
RHYTHM_DAYS = 7  # the aim: about a week between two sessions


def priority(rep: Rep, history: RepHistory, today: date) -> tuple[int, int, str]:
    """Sort key: reps who are behind first (overdue commitments, then longest uncoached)."""
    since = history.days_since(today)
    return (-history.overdue, -(NEVER if since is None else since), rep.slug)


def preferred_start(rep: Rep, week: str) -> datetime | None:
    """The rep's preferred slot (`tue 10:00`) as a date-time in `week`."""
    if not rep.slot:
        return None
    try:
        day, hhmm = rep.slot.split()
        minutes = _hhmm(hhmm)
        when = weeks.monday(week) + timedelta(days=WEEKDAYS.index(day[:3].lower()))
    except ValueError:
        return None
    return datetime.combine(when, time()) + timedelta(minutes=minutes)


def place(
    reps: Sequence[Rep],
    week: str,
    ww: WorkWeek,
    *,
    busy: Sequence[Interval] = (),
    taken: Sequence[Interval] = (),
    not_before: datetime | None = None,
) -> tuple[dict[str, Interval], list[Rep]]:
    """Slots for `reps` (in priority order) and the reps that did not fit.

    Preferred slots first, when free; then each remaining rep on the least-loaded usable day,
    at its earliest free time, so the week fills evenly and the first reps get early slots.
    """
    length = timedelta(minutes=ww.session_minutes)
    days = [d for d in weeks.days(week) if d.weekday() in ww.days]
    if not_before is not None:
        days = [d for d in days if d >= not_before.date()]
    used = list(taken)
    load = {d: sum(1 for s, _ in taken if s.date() == d) for d in days}
    placed: dict[str, Interval] = {}

    def free(start: datetime) -> bool:
        end = start + length
        return (
            start.date() in load
            and load[start.date()] < ww.max_per_day
            and (not_before is None or start >= not_before)
            and ww.inside(start, end)
            and not _overlaps(start, end, busy)
            and not _overlaps(start, end, used)
        )

    def take(slug: str, start: datetime) -> None:
        placed[slug] = (start, start + length)
        used.append(placed[slug])
        load[start.date()] += 1

    for rep in reps:
        start = preferred_start(rep, week)
        if start is not None and free(start):
            take(rep.slug, start)
    for grid in sorted({ww.grid, 15}, reverse=True):
        for rep in reps:
            if rep.slug in placed:
                continue
            for day in sorted(days, key=lambda d: (load[d], d)):
                start = _first_free(day, ww, grid, free)
                if start is not None:
                    take(rep.slug, start)
                    break
    return placed, [r for r in reps if r.slug not in placed]


def _first_free(day: date, ww: WorkWeek, grid: int, free: Any) -> datetime | None:
    midnight = datetime.combine(day, time())
    minute = -(-ww.start // grid) * grid
    while minute + ww.session_minutes <= ww.end:
        start = midnight + timedelta(minutes=minute)
        if free(start):
            return start
        minute += grid
    return None
