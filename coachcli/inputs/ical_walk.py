"""The repeat-rule walk of recurring-ical-events (dateutil's rrule) with its bound inside.

dateutil finds a rule's next occurrence by stepping period after period until one matches, and
only stops at the year 9999: a rule that never matches (`FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30`)
walks 8,000 years inside one `next()`, 30 s a rule, with no way to stop it from outside.

So the rules recurring-ical-events builds are given a step counter that dateutil itself calls:
its walk rebuilds its month tables at every new month (or period) it enters, and reads the
rule's `_byeaster` there. Each read is one step. Past the planned window (a step is at least a
month, so the number of steps bounds how far the walk has gone) the walk ends as if the rule
had no more occurrences, which is true for the window; past the deadline or `MAX_STEPS` it
stops with `WalkTooLong`, naming the event's UID. The rule is otherwise dateutil's own.

Example: `occurrences_of(calendar, (lo, hi), deadline)` is `recurring_ical_events.of(calendar)
.between(lo, hi)` for VEVENTs, bounded.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from dateutil.rrule import rrule

MAX_STEPS = 40_000  # months (or periods) one rule may walk: about 3,300 years
MARGIN = 14  # months walked past the window's last month before the walk ends


class WalkTooLong(Exception):
    """A rule's walk passed the deadline or MAX_STEPS; `uid` names its event."""

    def __init__(self, uid: str, why: str) -> None:
        super().__init__(why)
        self.uid = uid
        self.why = why


class _PastWindow(Exception):
    """The walk has gone past the window: no occurrence it could still find is wanted."""


class _Budget:
    """What every rule of one calendar read may spend: a deadline and the window's end."""

    def __init__(self, last: date, deadline: float) -> None:
        self.last_month = last.year * 12 + last.month
        self.deadline = deadline


class _BoundedRule(rrule):  # type: ignore[misc]
    """A dateutil rule that counts the steps of its walk (see the module's docstring)."""

    _walk_budget: _Budget
    _walk_uid: str
    _walk_steps: int
    _walk_limit: int

    @property
    def _byeaster(self) -> Any:
        self._walk_steps += 1
        if self._walk_steps > self._walk_limit:
            raise _PastWindow
        if self._walk_steps > MAX_STEPS:
            raise WalkTooLong(self._walk_uid, "its repeat rule takes too many steps to read")
        if time.monotonic() > self._walk_budget.deadline:
            raise WalkTooLong(self._walk_uid, "the calendar takes too long to read")
        return self.__dict__["_byeaster"]

    def _iter(self) -> Iterator[datetime]:
        self._walk_steps = 0
        found = 0
        try:
            for moment in super()._iter():
                found += 1
                yield moment
        except _PastWindow:
            self._len = found  # as dateutil records it when a rule ends


def _bounded(rule: rrule, uid: str, budget: _Budget) -> rrule:
    """`rule` made to count its steps, with the window's end as its limit."""
    start: datetime = rule._dtstart  # dateutil keeps the start here
    rule.__class__ = _BoundedRule
    rule._walk_budget = budget
    rule._walk_uid = uid
    rule._walk_steps = 0
    months = budget.last_month - (start.year * 12 + start.month)
    rule._walk_limit = max(0, months) + MARGIN
    rule._invalidate_cache()  # its cached walk was begun unbounded
    return rule


def occurrences_of(calendar: Any, window: tuple[date, date], deadline: float) -> list[Any]:
    """The VEVENT occurrences of `calendar` in `window`, every rule walk bounded."""
    import recurring_ical_events
    from recurring_ical_events.selection.name import ComponentsWithName
    from recurring_ical_events.series import Series

    budget = _Budget(window[1], deadline)

    class Rules(Series.RecurrenceRules):  # type: ignore[misc]
        def rrulestr(self, rule_string: str) -> rrule:
            return _bounded(super().rrulestr(rule_string), str(self.core.uid), budget)

    class Bounded(Series):  # type: ignore[misc]
        RecurrenceRules = Rules

    select = ComponentsWithName("VEVENT", series=Bounded)
    return list(recurring_ical_events.of(calendar, components=[select]).between(*window))
