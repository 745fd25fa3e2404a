"""What every command group shares: common options, the home, dates. Commands never open
the store: the services do (docs/architecture.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.env import current
from coachcli.errors import CoachError

JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts (no table, no colour).")
]
TodayOpt = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="Act as if today were this date."),
]


def home() -> Path:
    return current().home()


def parse_date(value: str, field: str = "date") -> date:
    """An ISO date given to option `field`; malformed or outside 1900-2999 is exit 1."""
    from coachcli.core.weeks import in_range

    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise CoachError(f"invalid {field} {value!r}: use YYYY-MM-DD, like 2026-11-30") from None
    return in_range(day, field)


def today(value: str | None) -> date:
    """`--today` when given, else the real date: the clock port of every dated command."""
    return parse_date(value, "--today") if value else date.today()


def parse_count(value: str, option: str, low: int, high: int | None = None) -> int:
    """A whole-number option (`--weeks`, `--days`), parsed here so a bad one is exit 1."""
    try:
        number = int(value.strip())
    except ValueError:
        number = low - 1
    if number < low or (high is not None and number > high):
        span = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise CoachError(f"invalid {option} {value!r}: use a whole number {span}")
    return number


def weeks_option(default: int) -> Any:
    """`--weeks N`, left None when not given so that `parse_weeks` can fit the default."""
    return typer.Option(
        "--weeks",
        metavar="N",
        show_default=False,
        help=f"How many weeks back, this one included (default {default}).",
    )


def parse_weeks(value: str | None, day: date, default: int, option: str = "--weeks") -> int:
    """A count of weeks back from `day`'s week, this one included (`--weeks`).

    Not a whole number of 1 or more, or so many weeks that the window would start before
    1900 (coach's first accepted year), is a user error naming `option` (exit 1). Left out,
    it is `default`, shortened to what fits (`--today 1900-01-01` counts one week).
    """
    from coachcli.core.weeks import FIRST_YEAR, weeks_back_limit

    limit = weeks_back_limit(day)
    if value is None:
        return min(default, limit)
    number = parse_count(value, option, 1)
    if number > limit:
        raise CoachError(
            f"invalid {option} {value.strip()!r}: {number} weeks back from {day.isoformat()} "
            f"start before {FIRST_YEAR}; use at most {limit}"
        )
    return number
