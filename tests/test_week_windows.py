"""`--weeks N`: a window of N weeks ending with `--today`'s week must start in 1900 or later.

A count that reaches before 1900 (or overflows the date type) is a user error naming the
option, exit 1, never an internal error.
"""

from __future__ import annotations

from datetime import date

import pytest

from coachcli.core.weeks import weeks_back_limit
from tests.conftest import fails, ok

HUGE = [
    ("2026-01-01", "999999999999"),
    ("1900-01-01", "100000"),
    ("2026-01-01", "9" * 40),
    ("2999-12-31", "100000"),
]


@pytest.mark.parametrize(("day", "weeks"), HUGE)
@pytest.mark.parametrize(
    "command",
    [("stats",), ("metrics", "show"), ("report", "-o", "r.html"), ("org", "stats", ".")],
)
def test_a_week_count_reaching_before_1900_is_refused_naming_the_option(
    command: tuple[str, ...], day: str, weeks: str
) -> None:
    result = fails(1, *command, "--today", day, "--weeks", weeks)
    assert "--weeks" in result.stderr
    assert "internal error" not in result.stderr
    assert "1900" in result.stderr


def test_the_refusal_names_the_largest_count_that_fits() -> None:
    result = fails(1, "stats", "--today", "1900-01-14", "--weeks", "3")
    assert "use at most 2" in result.stderr


def test_the_longest_window_that_fits_still_runs() -> None:
    ok("stats", "--today", "1900-01-14", "--weeks", "2", "--json")
    ok("stats", "--today", "1900-01-01", "--weeks", "1", "--json")


@pytest.mark.parametrize(
    ("day", "limit"),
    [(date(1900, 1, 1), 1), (date(1900, 1, 7), 1), (date(1900, 1, 8), 2), (date(2026, 1, 1), 6575)],
)
def test_the_limit_counts_weeks_back_to_the_first_monday_of_1900(day: date, limit: int) -> None:
    assert weeks_back_limit(day) == limit


def test_the_default_window_is_shortened_to_what_fits_at_the_start_of_1900() -> None:
    report = ok("stats", "--today", "1900-01-10", "--json").json()
    assert report["weeks"] == 2
    assert report["from"] == "1900-01-01"
