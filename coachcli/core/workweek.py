"""The manager's working week as the planner needs it: days, hours, lunch, the daily cap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from coachcli.core import weeks
from coachcli.core.weeks import WEEKDAYS

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class WorkWeek:
    """The manager's week as the planner needs it; minutes are minutes after midnight."""

    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # weekday numbers, Monday = 0
    start: int = 9 * 60
    end: int = 17 * 60
    lunch: tuple[int, int] | None = (12 * 60, 13 * 60)
    session_minutes: int = 30
    max_per_day: int = 3
    zone: tzinfo | None = None  # the manager's zone: no session at a time DST skips or repeats

    @property
    def grid(self) -> int:
        return 30 if self.session_minutes % 30 == 0 else 15

    def inside(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) is on a working day, inside working hours and off lunch."""
        first, last = _minutes(start), _minutes(end) or 24 * 60
        if start.date() != (end - timedelta(minutes=1)).date() or start.weekday() not in self.days:
            return False
        if first < self.start or last > self.end:
            return False
        if self.lunch and first < self.lunch[1] and self.lunch[0] < last:
            return False
        return weeks.exact(start, end, self.zone)


def work_week(
    *,
    working_days: Sequence[str] = WEEKDAYS[:5],
    working_hours: tuple[str, str] = ("09:00", "17:00"),
    lunch: tuple[str, str] | None = ("12:00", "13:00"),
    session_minutes: int = 30,
    max_sessions_per_day: int = 3,
) -> WorkWeek:
    """A `WorkWeek` from the config's values (already validated)."""
    return WorkWeek(
        days=tuple(sorted(WEEKDAYS.index(d[:3].lower()) for d in working_days)),
        start=_hhmm(working_hours[0]),
        end=_hhmm(working_hours[1]),
        lunch=(_hhmm(lunch[0]), _hhmm(lunch[1])) if lunch else None,
        session_minutes=session_minutes,
        max_per_day=max_sessions_per_day,
    )


def _hhmm(value: str) -> int:
    hours, minutes = value.strip().split(":")
    return int(hours) * 60 + int(minutes)


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _overlaps(start: datetime, end: datetime, intervals: Iterable[Interval]) -> bool:
    return any(s < end and start < e for s, e in intervals)
