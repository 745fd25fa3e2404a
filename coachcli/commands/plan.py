"""`coach plan ...`: the week's one-to-ones, planned, saved, moved and skipped."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, today
from coachcli.commands._complete import rep_refs
from coachcli.errors import CoachError

app = typer.Typer(help="Plan the week's one-to-ones.", no_args_is_help=True, add_completion=False)

WeekOpt = Annotated[
    str | None, typer.Option("--week", metavar="YYYY-Www", help="The ISO week, like 2026-W49.")
]
RepArg = Annotated[
    str, typer.Argument(autocompletion=rep_refs, help="Name, slug or unique slug prefix.")
]


@app.command("week")
def week_(
    week: WeekOpt = None,
    next_: Annotated[bool, typer.Option("--next", help="Plan the coming week.")] = False,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE", help="Also write the sessions as calendar events."),
    ] = None,
    busy: Annotated[
        Path | None,
        typer.Option(
            "--busy",
            metavar="FILE.ics",
            help="Your calendar: never plan over it (remembered; default: the last one given).",
        ),
    ] = None,
    replan: Annotated[
        bool, typer.Option("--replan", help="Place again every session not yet held or skipped.")
    ] = False,
    with_commitments: Annotated[
        bool,
        typer.Option(
            "--with-commitments",
            help="With --ics: the planned reps' open commitments go in too, as to-dos.",
        ),
    ] = False,
) -> None:
    """Plan one session per active rep this week (saved; re-running keeps the plan).

    Never over a busy event of your calendar: --busy FILE, else the calendar last given (as
    `plan move` reads it); the output names the calendar read.

    Example: coach plan week --busy ~/calendar.ics --ics coaching.ics
    """
    if with_commitments and ics is None:
        raise CoachError("--with-commitments goes with --ics FILE", hint="add --ics week.ics")
    run_week(week, next_, today_, json_, ics, busy, replan, with_commitments)


@app.command("move")
def move(
    rep: RepArg,
    when: Annotated[str, typer.Argument(help='New start: "wed 14:30" or 2026-12-02T14:30.')],
    week: WeekOpt = None,
    today_: TodayOpt = None,
    busy: Annotated[
        Path | None,
        typer.Option(
            "--busy",
            metavar="FILE.ics",
            help="Check against this calendar (default: the last one given to plan week).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Move even onto a busy event of your calendar.")
    ] = False,
) -> None:
    """Move a rep's session in the saved plan (a skipped one is planned again).

    A move onto a busy event of your calendar (--busy, else the last one given to plan week,
    re-read now) is refused unless --force.

    Example: coach plan move dana "wed 14:30" --busy ~/calendar.ics
    """
    from coachcli.core import scheduler, weeks
    from coachcli.services.planning import move_session
    from coachcli.ui.render import message, warn

    day = today(today_)
    now = now_of(today_, day)
    wk = weeks.parse_week(week, "--week") if week else None
    start = scheduler.parse_when(when, wk or weeks.default_week(day))
    weeks.in_range(start.date(), "WHEN")
    if wk and weeks.week_of(start.date()) != wk:
        raise CoachError(f"{when} is not in {wk}", hint="give a time in that week, or drop --week")
    moved = move_session(
        home(), rep, start, weeks.week_of(start.date()), now=now, day=day, busy=busy, force=force
    )
    for note in moved.warnings:
        warn(note)
    message(f"moved {moved.name} to {moved.start:%a %d %b %H:%M}-{moved.end:%H:%M} ({moved.week})")


@app.command("skip")
def skip(
    rep: RepArg,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why, for the record.")
    ] = None,
    week: WeekOpt = None,
    today_: TodayOpt = None,
) -> None:
    """Skip a rep's session this week (kept in the plan as skipped; `plan move` undoes it).

    Example: coach plan skip dana --reason "on holiday"
    """
    from coachcli.core import weeks
    from coachcli.core.text import clean_line
    from coachcli.services.planning import skip_session
    from coachcli.ui.render import message

    day = today(today_)
    wk = weeks.parse_week(week, "--week") if week else weeks.default_week(day)
    why = clean_line(reason, field="--reason") if reason else None
    name = skip_session(home(), rep, wk, why)
    message(f"skipped {name} in {wk}" + (f": {why}" if why else ""))


# plan week ----------------------------------------------------------------------------


def run_week(
    week: str | None,
    next_: bool,
    today_: str | None,
    json_: bool,
    ics: Path | None,
    busy: Path | None,
    replan: bool,
    with_commitments: bool = False,
) -> None:
    """Plan, save (only when something changed), export and show the week."""
    from coachcli.services.planning import plan_the_week
    from coachcli.ui.render import message, warn

    day = today(today_)
    now = now_of(today_, day)
    wk = _week(week, next_, day)
    done = plan_the_week(
        home(),
        wk,
        day=day,
        now=now,
        busy=busy,
        ics=ics,
        replan=replan,
        warn=warn,
        with_commitments=with_commitments,
    )
    if done.calendar is not None:
        how = " (remembered; --busy FILE reads another)" if done.remembered else ""
        message(f"busy time from {done.calendar}{how}")
    if done.events is not None:
        message(f"wrote {done.events} event{'s' if done.events != 1 else ''} to {ics}")
    _show(done.plan, done.reps, done.histories, day=day, now=now, json_=json_)


def _week(week: str | None, next_: bool, day: date) -> str:
    from coachcli.core import weeks

    if week and next_:
        raise CoachError("give either --week or --next, not both")
    if week:
        return weeks.parse_week(week, "--week")
    if next_:
        return weeks.shift(weeks.week_of(day), 1)
    return weeks.default_week(day)


def now_of(flag: str | None, day: date) -> datetime:
    """The moment statuses are judged at: the start of --today, else the real clock."""
    if flag:
        return datetime.combine(day, time())
    return datetime.now().replace(second=0, microsecond=0)


def _show(
    plan: Any,
    reps: dict[str, Any],
    histories: dict[str, Any],
    *,
    day: date,
    now: datetime,
    json_: bool,
) -> None:
    from coachcli.core import scheduler
    from coachcli.ui.render import message, print_json

    shown = [s for s in plan.slots if reps[s.rep].active]
    if json_:
        print_json(
            [
                scheduler.slot_json(s, reps[s.rep], histories[s.rep], today=day, now=now)
                for s in shown
            ]
        )
    elif not shown and not plan.unplaced:
        message(
            "no active reps to plan: add them with `coach rep add NAME` or `coach rep import FILE`"
        )
    else:
        _table(plan, shown, reps, histories, day=day, now=now)
    _warnings(plan, shown, reps, histories, day)


def _table(
    plan: Any,
    shown: list[Any],
    reps: dict[str, Any],
    histories: dict[str, Any],
    *,
    day: date,
    now: datetime,
) -> None:
    """The week as a table for people, then its total coaching time."""
    from coachcli.core import scheduler, weeks
    from coachcli.core.plans import plan_status
    from coachcli.ui.render import print_lines, print_table

    rows = []
    for slot in shown:
        start, end = weeks.parse_minute(slot.start), weeks.parse_minute(slot.end)
        hist = histories[slot.rep]
        since = hist.days_since(day)
        open_text = str(hist.open_commitments) + (
            f" ({hist.overdue} overdue)" if hist.overdue else ""
        )
        rows.append(
            [
                start.strftime("%a %d %b"),
                f"{start:%H:%M}-{end:%H:%M}",
                reps[slot.rep].name,
                slot.focus or "",
                open_text,
                "never" if since is None else str(since),
                plan_status(slot, now),
                slot.placed or "kept from the saved plan",
            ]
        )
    monday = weeks.monday(plan.week)
    sunday = monday + timedelta(days=6)
    title = f"Coaching plan {plan.week} ({monday:%a %d %b} - {sunday:%a %d %b %Y})"
    print_table(
        ["Day", "Time", "Rep", "Focus", "Open", "Days since", "Status", "Why this time"],
        rows,
        title=title,
    )
    count, minutes = scheduler.coaching_time(shown)
    when = "this week" if plan.week == weeks.week_of(day) else f"in {plan.week}"
    print_lines(
        [f"{count} session{'s' if count != 1 else ''}, {_duration(minutes)} of coaching {when}"]
    )
    # A change of method after flat weeks is news: say why beside the table, not only in JSON.
    changes = [f"{reps[s.rep].name}: {s.reason}" for s in shown if s.method and s.reason]
    print_lines([f"Change of method for {line}" for line in changes])


def _warnings(
    plan: Any, shown: list[Any], reps: dict[str, Any], histories: dict[str, Any], day: date
) -> None:
    """What the manager should act on: unplaced reps, overlaps, reps out of cadence."""
    from coachcli.core import scheduler, weeks
    from coachcli.ui.render import warn

    ended = weeks.monday(plan.week) + timedelta(days=6)
    if plan.unplaced and ended < day:
        names = ", ".join(r.name for r in plan.unplaced)
        warn(
            f"{plan.week} is in the past (it ended {ended:%a %d %b %Y}): nothing new is "
            f"planned in it for {names}; plan this week or a coming one (--next)"
        )
    elif plan.unplaced:
        names = ", ".join(r.name for r in plan.unplaced)
        warn(
            f"no free slot in {plan.week} for {names}: free some time, raise "
            "max_sessions_per_day in config.yaml, or use `coach plan move REP WHEN`"
        )
    for slot in plan.conflicts:
        start = weeks.parse_minute(slot.start)
        warn(
            f"{reps[slot.rep].name}'s session {start:%a %H:%M} overlaps a busy event: "
            f"use `coach plan move {slot.rep} WHEN` or --replan"
        )
    late = scheduler.out_of_cadence([reps[s.rep] for s in shown] + plan.unplaced, histories, day)
    if late:
        warn(
            "out of cadence (no session in more than 7 days): "
            + ", ".join(f"{rep.name} ({days} days)" for rep, days in late)
        )


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"
