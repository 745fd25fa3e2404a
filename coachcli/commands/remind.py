"""`coach remind`: the follow-ups due between sessions, quiet enough for a shell start-up file."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, parse_count, today

if TYPE_CHECKING:
    from coachcli.core.reminders import Reminders


def remind(
    days: Annotated[
        str,
        typer.Option("--days", metavar="N", help="Look this many days ahead (default 3)."),
    ] = "3",
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Follow-ups to act on today; prints nothing when there is nothing to do.

    Lists upcoming sessions, overdue and soon-due commitments, reps out of cadence, habit
    checks 1, 2 and 4 weeks after a commitment was done, and wins to recognise.

    Example: coach remind --days 5
    """
    run(days, today_, json_)


MAX_DAYS = 366
TEXT_WIDTH = 72


def run(days: str, today_: str | None, json_: bool) -> None:
    """Build the reminders and print them: JSON, or nothing at all when there is nothing."""
    from coachcli.core.reminders import start_of
    from coachcli.services.reminders import reminders
    from coachcli.ui.render import print_json, print_lines

    ahead = parse_count(days, "--days", 0, MAX_DAYS)
    day = today(today_)
    now = start_of(day) if today_ else datetime.now()
    found = reminders(home(), day, ahead, now)
    if json_:
        print_json(found.to_json())
    elif not found.is_empty():
        print_lines(render_lines(found, day))


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
        habit = item.get("reinforcement") or item["text"]
        return f"{item['id']}  {_short(habit)}  (done {item['done_on']}, {ago} ago)"

    lines: list[str] = []
    lines += _section("Sessions", found.sessions, session)
    lines += _section("Overdue commitments", found.overdue, overdue)
    lines += _section("Due soon", found.due_soon, due_soon)
    lines += _section("Out of cadence", found.out_of_cadence, lambda item: item["reason"])
    lines += _section("Habit checks: is it still happening?", found.habit_checks, habit)
    lines += _section("Recognise", found.recognition, lambda item: item["reason"])
    return lines
