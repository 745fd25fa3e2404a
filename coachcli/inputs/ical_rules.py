"""Repeat rules (RRULE) checked and bounded before a calendar library expands them.

A rule is expanded from its DTSTART, so a daily meeting since 1970 costs 20,000 steps before
it reaches this week, and `INTERVAL=0` or `FREQ=SECONDLY` never ends. Here a rule is read as
text, refused with a reason when it is broken, its cost estimated, and, when it has no COUNT,
its start moved forward by whole periods to just before the planned week: the occurrences from
there on are the same, so only the week (and the longest event's length) is expanded.
"""

from __future__ import annotations

import calendar as _cal
import re
from datetime import date, datetime, timedelta

FREQS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 31 * 86400,
    "YEARLY": 366 * 86400,
}
_VALUE = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")


class RuleError(ValueError):
    """A rule that cannot be read; the message says why, in the user's words."""


def clean(value: str) -> str:
    """The rule without the spaces some producers (Exchange: `BYDAY=MO, TU`) put in it."""
    return "".join(value.split()).rstrip(";")


def parse(value: str) -> dict[str, str]:
    """A rule's parts, or RuleError naming what is wrong."""
    parts: dict[str, str] = {}
    for item in clean(value).split(";"):
        if not item:
            continue  # `FREQ=DAILY;;COUNT=3`: an empty part says nothing
        key, sep, val = item.partition("=")
        if not sep or not key:
            raise RuleError(f"repeat rule part {item[:40]!r} is not NAME=VALUE")
        parts[key.upper()] = val.upper() if key.upper() != "UNTIL" else val
    freq = parts.get("FREQ", "")
    if freq not in FREQS:
        raise RuleError(f"repeat rule has an unknown FREQ {freq[:20]!r}")
    for key in ("INTERVAL", "COUNT"):
        if key in parts and (not parts[key].isdigit() or int(parts[key]) < 1):
            raise RuleError(f"repeat rule has {key}={parts[key][:20]}: use a number of 1 or more")
    if "COUNT" in parts and "UNTIL" in parts:
        del parts["COUNT"]  # RFC 5545 forbids both; calendar apps keep UNTIL
    return parts


def per_period(parts: dict[str, str]) -> int:
    """A generous estimate of how many occurrences one period of the rule can hold."""
    count = 1
    for key in ("BYSECOND", "BYMINUTE", "BYHOUR", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"):
        if key in parts:
            count *= max(1, parts[key].count(",") + 1)
    if "BYDAY" in parts:
        days = parts["BYDAY"].count(",") + 1
        count *= days * {"MONTHLY": 5, "YEARLY": 53}.get(parts["FREQ"], 1)
    if parts["FREQ"] == "YEARLY" and "BYMONTH" in parts:
        count *= parts["BYMONTH"].count(",") + 1
    return count


def period_seconds(parts: dict[str, str]) -> int:
    return FREQS[parts["FREQ"]] * int(parts.get("INTERVAL", "1"))


def estimate(parts: dict[str, str], span: timedelta) -> int:
    """Occurrences the rule may have in `span` (an over-estimate, never an under-estimate)."""
    periods = int(span.total_seconds() // period_seconds(parts)) + 2
    return periods * per_period(parts)


def wall(value: str) -> datetime | None:
    """`20261130T100000[Z]` or `20261130` as a naive date-time; None when malformed."""
    text = value.strip()
    if not _VALUE.match(text):
        return None
    try:
        day = datetime(int(text[:4]), int(text[4:6]), int(text[6:8]))
        if len(text) >= 15:
            return day.replace(
                hour=int(text[9:11]), minute=int(text[11:13]), second=int(text[13:15])
            )
    except ValueError:
        return None
    return day


def fmt(moment: datetime, like: str) -> str:
    """`moment` written in the same form as `like` (date, date-time, UTC date-time)."""
    if len(like.strip()) == 8:
        return moment.strftime("%Y%m%d")
    return moment.strftime("%Y%m%dT%H%M%S") + ("Z" if like.strip().endswith("Z") else "")


def forward(start: datetime, parts: dict[str, str], target: datetime) -> datetime:
    """The latest start reachable from `start` by whole periods that is not after `target`.

    Only for rules without COUNT: their occurrences from the new start on are the original's.
    """
    if target <= start:
        return start
    freq, step = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    if freq in ("MONTHLY", "YEARLY"):
        months = step * (12 if freq == "YEARLY" else 1)
        k = ((target.year - start.year) * 12 + target.month - start.month - 1) // months
        while k > 0:
            moved = _add_months(start, k * months)
            if moved is not None and moved <= target:
                return moved
            k -= 1
        return start
    seconds = period_seconds(parts)
    k = int((target - start).total_seconds() // seconds)
    return start + timedelta(seconds=k * seconds) if k > 0 else start


def _add_months(moment: datetime, months: int) -> datetime | None:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    if year > 9998 or moment.day > _cal.monthrange(year, month + 1)[1]:
        return None
    return moment.replace(year=year, month=month + 1)


def until(parts: dict[str, str]) -> date | None:
    """The rule's UNTIL as a date, when it has a readable one."""
    value = parts.get("UNTIL")
    moment = wall(value) if value else None
    return moment.date() if moment else None
