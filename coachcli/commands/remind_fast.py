"""The body of `coach remind`, importable without Typer, plus the fast path that runs it.

`coach remind` goes in shell start-up files, so it must start in a blink even on a store with
years of sessions (budget: 0.35 s for the whole process on 3,000 sessions). Importing Typer and
Click and building the command tree costs ~45 ms of that (and typer 0.29 also built pydantic
adapters for every option, ~150 ms more); so `coachcli.__main__` hands plain `remind` command
lines to `fast_main`, which parses the few options itself and falls back to Typer (returns
None) for anything else (`--help`, a typo, a missing value), so usage errors and help stay
Typer's. Both paths run `run()` below, so they cannot drift apart.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coachcli.errors import CoachError, ExitCode
from coachcli.state import GLOBALS

if TYPE_CHECKING:
    from coachcli.core.reminders import Reminders

MAX_DAYS = 366
TEXT_WIDTH = 72


def run(days: str, today_: str | None, json_: bool) -> None:
    """Build the reminders and print them: JSON, or nothing at all when there is nothing."""
    from coachcli.core.reminders import build, start_of
    from coachcli.render import print_json, print_lines
    from coachcli.store.repository import Store

    ahead = parse_days(days)
    day = _parse_today(today_) if today_ else date.today()
    now = start_of(day) if today_ else datetime.now()
    found = build(Store(GLOBALS.home()).read(), day, ahead, now)
    if json_:
        print_json(found.to_json())
    elif not found.is_empty():
        print_lines(render_lines(found, day))


def parse_days(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_DAYS:
        raise CoachError(f"invalid --days {value!r}: use a whole number from 0 to {MAX_DAYS}")
    return number


def _parse_today(value: str) -> date:
    # Same rule and message as commands._common.parse_date, which imports Typer.
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CoachError(f"invalid --today {value!r}: use YYYY-MM-DD, like 2026-11-30") from None


# Rendering ---------------------------------------------------------------------------------


def _short(text: str) -> str:
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1].rstrip() + "…"


def _when(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    return day.strftime("%a %Y-%m-%d")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _section(title: str, items: list[dict[str, Any]], line: Any) -> list[str]:
    if not items:
        return []
    width = max(len(item["name"]) for item in items)
    return [f"{title} ({len(items)})"] + [
        f"  {item['name']:<{width}}  {line(item)}" for item in items
    ]


def render_lines(found: Reminders, today: date) -> list[str]:
    """One line per item, grouped in sections; only the sections with something in them."""

    def session(item: dict[str, Any]) -> str:
        start = datetime.strptime(item["start"], "%Y-%m-%dT%H:%M")
        focus = f"  focus: {item['focus']}" if item.get("focus") else ""
        return f"{_when(start.date(), today)} {start:%H:%M}{focus}"

    def overdue(item: dict[str, Any]) -> str:
        late = _plural(item["days_overdue"], "day")
        return f"{item['id']}  {_short(item['text'])}  (due {item['due']}, {late} late)"

    def due_soon(item: dict[str, Any]) -> str:
        due = _when(date.fromisoformat(item["due"]), today)
        return f"{item['id']}  {_short(item['text'])}  (due {due})"

    def habit(item: dict[str, Any]) -> str:
        ago = _plural(item["weeks_since"], "week")
        return f"{item['id']}  {_short(item['text'])}  (done {item['done_on']}, {ago} ago)"

    lines: list[str] = []
    lines += _section("Sessions", found.sessions, session)
    lines += _section("Overdue commitments", found.overdue, overdue)
    lines += _section("Due soon", found.due_soon, due_soon)
    lines += _section("Out of cadence", found.out_of_cadence, lambda item: item["reason"])
    lines += _section("Habit checks: is it still happening?", found.habit_checks, habit)
    lines += _section("Recognise", found.recognition, lambda item: item["reason"])
    return lines


# The fast path -----------------------------------------------------------------------------

_GLOBAL_VALUE = ("--home",)
_GLOBAL_FLAGS = ("--debug",)
_VALUE = ("--days", "--today")
_FLAGS = ("--json",)


def parse_argv(argv: list[str]) -> dict[str, Any] | None:
    """The options of `[--home DIR] [--debug] remind [--days N] [--today D] [--json]`, or None
    for any other command line (Typer then handles it, with its help and usage errors)."""
    found: dict[str, Any] = {
        "--home": None,
        "--debug": False,
        "--days": "3",
        "--today": None,
        "--json": False,
        "command": False,
    }
    values, flags = _GLOBAL_VALUE, _GLOBAL_FLAGS
    i = 0
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=")
        if not found["command"] and token == "remind":
            found["command"] = True
            values, flags = _VALUE, _FLAGS
        elif name in values:
            if eq:
                found[name] = inline
            elif i + 1 < len(argv):
                i += 1
                found[name] = argv[i]
            else:
                return None
        elif token in flags:
            found[token] = True
        else:
            return None
        i += 1
    return found if found["command"] else None


def fast_main(argv: list[str]) -> int | None:
    """Run `coach remind` without Typer; the exit code, or None when Typer must handle it.

    Failures are reported exactly as `coachcli.app.CoachGroup` reports them.
    """
    options = parse_argv(argv)
    if options is None:
        return None
    GLOBALS.home_flag = options["--home"]
    GLOBALS.debug = options["--debug"]
    try:
        run(options["--days"], options["--today"], options["--json"])
    except CoachError as exc:
        from coachcli.render import safe

        hint = f"; {safe(exc.hint)}" if exc.hint else ""
        sys.stderr.write(f"coach: error: {safe(exc.message)}{hint}\n")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\ncoach: interrupted\n")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if GLOBALS.debug or os.environ.get("COACH_DEBUG"):
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            f"coach: internal error ({type(exc).__name__}); nothing more was written. "
            "Run again with --debug for the traceback and report it.\n"
        )
        return int(ExitCode.INTERNAL)
    return 0
