"""Where each rep's session goes in the week, and why (a reason for every placement).

Reps are placed in priority order (the ones behind first). A rep's anchor (their preferred
slot, else the weekday and time of their last session) is used when free and not another
rep's anchor; otherwise the day closest to a steady rhythm (about 7 days after the last
session), then the least-loaded day, at its earliest free time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from coachcli.core import weeks
from coachcli.core.models import Rep
from coachcli.core.plan_history import RepHistory
from coachcli.core.rules import CADENCE_DAYS
from coachcli.core.weeks import WEEKDAYS
from coachcli.core.workweek import Interval, WorkWeek, _hhmm, _overlaps

NEVER = 10**6  # "days since last session" of a rep never coached, for sorting


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


def anchor_of(
    rep: Rep, history: RepHistory | None, week: str, ww: WorkWeek | None = None
) -> tuple[datetime, str] | None:
    """Where the rep's session belongs this week when free: their preferred slot, else the
    weekday and time of the planned slot their last session held (a stable slot), with the
    reason to show. A time outside the working week `ww` (a session recorded at 18:30) is
    never an anchor."""
    preferred = preferred_start(rep, week)
    if preferred is not None:
        return preferred, f"preferred slot ({preferred:%a %H:%M})"
    last = history.last_start if history is not None else None
    if last is None:
        return None
    day = weeks.monday(week) + timedelta(days=last.weekday())
    start = datetime.combine(day, last.time())
    if ww is not None and not ww.inside(start, start + timedelta(minutes=ww.session_minutes)):
        return None
    return start, f"same time as the last session ({start:%a %H:%M})"


def _kept(anchor: tuple[datetime, str] | None, history: RepHistory | None) -> bool:
    """Whether the rep's last session was at their anchor's weekday and time."""
    last = history.last_start if history is not None else None
    if anchor is None or last is None:
        return False
    return (last.weekday(), last.time()) == (anchor[0].weekday(), anchor[0].time())


def rhythm_target(history: RepHistory | None) -> date | None:
    """The day about CADENCE_DAYS after the rep's last session."""
    if history is None or history.last_session is None:
        return None
    return history.last_session + timedelta(days=CADENCE_DAYS)


class _Board:
    """The week being filled: what is taken, how loaded each day is, and where reps went."""

    def __init__(
        self,
        week: str,
        ww: WorkWeek,
        busy: Sequence[Interval],
        taken: Sequence[Interval],
        not_before: datetime | None,
    ) -> None:
        self.ww, self.busy, self.not_before = ww, busy, not_before
        self.length = timedelta(minutes=ww.session_minutes)
        days = [d for d in weeks.days(week) if d.weekday() in ww.days]
        self.days = [d for d in days if not_before is None or d >= not_before.date()]
        self.used = list(taken)
        self.load = {d: sum(1 for s, _ in taken if s.date() == d) for d in self.days}
        self.placed: dict[str, Interval] = {}

    def free(self, start: datetime, avoid: Sequence[Interval] = ()) -> bool:
        end = start + self.length
        return (
            start.date() in self.load
            and self.load[start.date()] < self.ww.max_per_day
            and (self.not_before is None or start >= self.not_before)
            and self.ww.inside(start, end)
            and not _overlaps(start, end, self.busy)
            and not _overlaps(start, end, self.used)
            and not _overlaps(start, end, avoid)
        )

    def take(self, slug: str, start: datetime) -> None:
        self.placed[slug] = (start, start + self.length)
        self.used.append(self.placed[slug])
        self.load[start.date()] += 1

    def days_for(self, target: date | None) -> list[date]:
        """Closest to the rhythm's target day first (when there is one), then least loaded."""
        return sorted(
            self.days,
            key=lambda d: (abs((d - target).days) if target else 0, self.load[d], d),
        )


def place(
    reps: Sequence[Rep],
    week: str,
    ww: WorkWeek,
    *,
    busy: Sequence[Interval] = (),
    taken: Sequence[Interval] = (),
    not_before: datetime | None = None,
    histories: Mapping[str, RepHistory] | None = None,
    reserved: Mapping[str, datetime] | None = None,
    why: dict[str, str] | None = None,
) -> tuple[dict[str, Interval], list[Rep]]:
    """Slots for `reps` (in priority order) and the reps that did not fit.

    Each rep's anchor (preferred slot, else the time of their last session) when free; then
    the day closest to about 7 days after the rep's last session (the least-loaded day for a
    rep never coached), at its earliest free time, keeping off other reps' anchors
    (`reserved`: slug -> start) while any other time is free. `why` gets a reason per rep.
    """
    board = _Board(week, ww, busy, taken, not_before)
    histories = histories or {}
    reasons: dict[str, str] = {}
    anchors = {r.slug: anchor_of(r, histories.get(r.slug), week, ww) for r in reps}
    # Two reps wanting the same time: the one who had it last time keeps it (a stable slot).
    for rep in sorted(reps, key=lambda r: not _kept(anchors[r.slug], histories.get(r.slug))):
        found = anchors[rep.slug]
        if found is not None and board.free(found[0]):
            board.take(rep.slug, found[0])
            reasons[rep.slug] = found[1]
    anchored = set(reasons)
    kept = dict(reserved or {}) | {s: a[0] for s, a in anchors.items() if a is not None}
    for strict in (True, False):
        for grid in sorted({ww.grid, 15}, reverse=True):
            for rep in reps:
                if rep.slug not in board.placed:
                    _fill(board, rep, grid, kept if strict else {}, histories, reasons)
    for slug, found in anchors.items():
        if found is not None and slug in reasons and slug not in anchored:
            reasons[slug] = f"{found[1].split(' (')[0]} taken or busy; {reasons[slug]}"
    if why is not None:
        why.update(reasons)
    return board.placed, [r for r in reps if r.slug not in board.placed]


def _fill(
    board: _Board,
    rep: Rep,
    grid: int,
    kept: Mapping[str, datetime],
    histories: Mapping[str, RepHistory],
    reasons: dict[str, str],
) -> None:
    """The rep's first free time on the best day, off other reps' anchors in `kept`."""
    avoid = [(s, s + board.length) for slug, s in kept.items() if slug != rep.slug]
    history = histories.get(rep.slug)
    target = rhythm_target(history)
    for day in board.days_for(target):
        start = _first_free(day, board.ww, grid, lambda s: board.free(s, avoid))
        if start is None:
            continue
        board.take(rep.slug, start)
        if target is not None and history is not None and history.last_session is not None:
            gap = (day - history.last_session).days
            last = history.last_session
            reasons[rep.slug] = f"{gap} days after the last session ({last:%a %d %b})"
        else:
            reasons[rep.slug] = "first session: the least-booked day, earliest free time"
        return


def _first_free(day: date, ww: WorkWeek, grid: int, free: Any) -> datetime | None:
    midnight = datetime.combine(day, time())
    minute = -(-ww.start // grid) * grid
    while minute + ww.session_minutes <= ww.end:
        start = midnight + timedelta(minutes=minute)
        if free(start):
            return start
        minute += grid
    return None
