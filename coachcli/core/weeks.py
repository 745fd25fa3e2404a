"""ISO weeks (`2026-W49`) and local date-times as coach stores them (`2026-12-02T14:30`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from coachcli.errors import CoachError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MINUTE_FORMAT = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the accepted dates (docs/limits.md: years 1900 to 2999)
AHEAD = timedelta(days=7)  # how far after today an imported count may be dated


def latest_import(today: date) -> date:
    """The last date an imported count may carry: a week after `today`. Later is a typo, not
    a forecast (`metrics import` weeks, `crm import` rows)."""
    return today + AHEAD


def in_range(day: date, option: str = "date") -> date:
    """`day` itself when its year is accepted; else a user error naming `option`."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CoachError(
            f"{option} {day.year:04d}-{day.month:02d}-{day.day:02d} is out of range: "
            f"coach accepts dates in the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return day


def weeks_back_limit(today: date) -> int:
    """How many weeks a window ending with `today`'s week may span before it starts in 1899.

    The first accepted week is 1900-W01, whose Monday is 1900-01-01.
    """
    this_monday = today - timedelta(days=today.weekday())
    return (this_monday - date(FIRST_YEAR, 1, 1)).days // 7 + 1


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_week(value: str, option: str = "week") -> str:
    """Normalise `2026-W49` / `2026w49`; a week that does not exist is a user error.

    Weeks outside the accepted years are refused too, naming `option` (`--week`).
    """
    match = _WEEK.match(value.strip())
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            pass
        else:
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise CoachError(
                    f"{option} {year:04d}-W{week:02d} is out of range: "
                    f"coach accepts weeks in the years {FIRST_YEAR} to {LAST_YEAR}"
                )
            return f"{year:04d}-W{week:02d}"
    where = "" if option == "week" else f"{option}: "
    raise CoachError(f"{where}invalid week {value!r}: use an ISO week like 2026-W49")


def monday(week: str) -> date:
    year, number = int(week[:4]), int(week[6:])
    return date.fromisocalendar(year, number, 1)


def days(week: str) -> list[date]:
    start = monday(week)
    return [start + timedelta(days=i) for i in range(7)]


def shift(week: str, weeks: int) -> str:
    return week_of(monday(week) + timedelta(weeks=weeks))


def default_week(today: date) -> str:
    """The week `plan week` means: this one, or the coming one on a Saturday or Sunday."""
    return week_of(today + timedelta(days=2)) if today.weekday() >= 5 else week_of(today)


def fmt_minute(moment: datetime) -> str:
    return moment.strftime(MINUTE_FORMAT)


def parse_minute(value: str) -> datetime:
    return datetime.strptime(value, MINUTE_FORMAT)


def real(moment: datetime, zone: tzinfo | None) -> bool:
    """Whether the local time `moment` names exactly one instant in `zone`.

    False in a spring-forward gap (02:30 that never happens) and in a fall-back fold (02:30
    that happens twice): coach never plans at either, so every planned time is one instant.
    """
    if zone is None:
        return True
    first, second = moment.replace(tzinfo=zone), moment.replace(tzinfo=zone, fold=1)
    return first.utcoffset() == second.utcoffset()


def exact(start: datetime, end: datetime, zone: tzinfo | None) -> bool:
    """Whether local [start, end) is real at both ends and lasts as long as the clock says."""
    if zone is None:
        return True
    if not (real(start, zone) and real(end, zone)):
        return False
    instants = [m.replace(tzinfo=zone).astimezone(UTC) for m in (start, end)]
    return instants[1] - instants[0] == end - start
